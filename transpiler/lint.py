"""Warnings about code that parses but is probably not what the author meant.

The rules run while the AST is built (``build.py`` calls them for each node of
their kind), so linting costs no extra walk over the tree.

* ``if(a = b)``: a single ``=`` used as a comparison.  Zoho's editor is reported
  to accept it in conditions; we read it as ``==`` and warn.
"""

from __future__ import annotations

from . import nodes as n


def lint_binop(node: n.BinOp, diag) -> None:
    """Warn about ``node`` into ``diag`` (a ``build.Diagnostics``)."""
    if node.op == "=":
        diag.warn("'=' used as a comparison: write '==' (read here as '==')", node.pos)
