"""Warnings about code that parses but is probably not what the author meant.

* ``if(a = b)``: a single ``=`` used as a comparison.  Zoho's editor is reported
  to accept it in conditions; we read it as ``==`` and warn.
"""

from __future__ import annotations

from . import nodes as n


def lint(module: n.Module, diag) -> None:
    """Append warnings for ``module`` to ``diag.warnings`` (a ``build.Diagnostics``)."""
    stack = [module]
    while stack:
        node = stack.pop()
        if isinstance(node, n.BinOp) and node.op == "=":
            diag.warn("'=' used as a comparison: write '==' (read here as '==')", node.pos)
        for name in node.__dataclass_fields__:
            value = getattr(node, name)
            if isinstance(value, tuple):
                stack.extend(v for v in value if hasattr(v, "__dataclass_fields__"))
            elif hasattr(value, "__dataclass_fields__") and not isinstance(value, n.Pos):
                stack.append(value)
    diag.warnings.sort(key=lambda w: (w.line or 0, w.column or 0))
