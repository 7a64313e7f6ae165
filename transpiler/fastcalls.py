"""Checked fast paths of code generation: ``put`` and ``add`` on a receiver whose type the
transpiler cannot prove (a parameter, a list's element, a map's value).

``m.put("key", v)`` becomes ``put_entry(m, TEXT_KEY, v)`` and ``l.add(v)`` becomes
``add_element(l, v)`` (``runtime/checked.py``): for a ``Map`` or an untyped ``List`` they
do what the method does after its checks, for anything else they call the method itself.
Where ``fastpaths`` proves the receiver a map or list built here, its unchecked forms win.
``m.get("key")`` stays as written (the seed example reads so, a test pins it): ``Map.get``
itself takes the literal's shared key text.

The proofs each needs:

* the key a text literal (its ``text_key`` constant, the object ``Map.put`` would store) or
  a variable proven to hold a ``Text``; the value a literal or a variable proven to hold a
  Deluge value (``put``/``add`` then need no ``to_deluge``);
* evaluating the arguments can neither fail nor have effects: literals, and variables
  surely assigned where they are read (``surely_bound``).  A method call looks the method
  up before it evaluates its arguments, so on a null receiver ``m.put("k", v)`` must fail
  as null's error even when ``v`` is not defined; the helper would read ``v`` first.
"""

from __future__ import annotations

from . import names
from . import nodes as n
from .fastpaths import TEXT, loop_literal, text_constant
from .pysource import LAMBDA, is_literal


def _on(g) -> bool:
    return g.kinds is not None and not g.fields


def surely_bound(g) -> frozenset[int]:
    """The ids of the ``Name`` nodes of ``g``'s body read where their variable is surely
    assigned: a parameter, a variable assigned earlier in the same block or one around it,
    the variable of an enclosing ``for each``, the variable of the ``catch`` around it."""
    found = getattr(g, "_surely_bound", None)
    if found is not None:
        return found
    found = set()

    def mark(expr, bound):
        for e in names.iter_exprs(expr):
            if type(e) is n.Name and e.name in bound:
                found.add(id(e))

    def walk(block, bound):  # ``bound`` grows with the assignments of this block
        for stmt in block.body:
            if isinstance(stmt, n.If):
                for branch in stmt.branches:
                    mark(branch.cond, bound)
                for sub in names.sub_blocks(stmt):
                    walk(sub, set(bound))
            elif isinstance(stmt, n.ForEach):
                mark(stmt.iterable, bound)
                walk(stmt.body, bound | {stmt.var})
            elif isinstance(stmt, n.TryCatch):
                walk(stmt.body, set(bound))
                walk(stmt.handler, bound | {stmt.var})
            else:
                for expr in names.statement_exprs(stmt):
                    mark(expr, bound)
                if isinstance(stmt, n.Assign) and type(stmt.target) is n.Name:
                    bound.add(stmt.target.name)

    walk(g.body, set(g.info.params))
    g._surely_bound = found = frozenset(found)
    return found


def _text_literal(e) -> bool:
    return isinstance(e, n.String) and not e.single_quoted


def _bound_value(g, e) -> bool:
    """A variable proven to hold a Deluge value, surely assigned where ``e`` reads it."""
    return type(e) is n.Name and g.kinds.is_value(e) and id(e) in surely_bound(g)


def _key(g, e) -> str | None:
    if _text_literal(e):
        return text_constant(g, e.value)
    if _bound_value(g, e) and g.kinds.kind(e) == TEXT:
        return g.expr(e, LAMBDA)
    return None


def _value(g, e) -> str | None:
    if _text_literal(e):
        return text_constant(g, e.value)
    if is_literal(e) and not isinstance(e, n.String):
        # an out-of-range number must fail as put/add fail on it, not be stored
        return g.literal(e, wrap=True) if loop_literal([e]) else None
    if _bound_value(g, e):
        return g.expr(e, LAMBDA)
    return None


def method(g, e: n.MethodCall, canonical: str | None) -> str | None:
    """``put_entry``/``add_element`` for ``e`` on a receiver of no proven kind, or None
    (the general path: ``receiver.method(args)``)."""
    from deluge2py.runtime.builtins import catalog

    if not _on(g) or canonical is None or catalog.python_shadowed(canonical) \
            or is_literal(e.receiver) or g.kinds.kind(e.receiver) is not None:
        return None
    if isinstance(e.receiver, n.Name) and e.receiver.name in g.caught_vars:
        return None  # the general path calls a caught error's methods through call_method
    args = e.args
    if any(isinstance(a, n.Pair) for a in args):
        return None
    name = canonical.lower()
    if name == "put" and len(args) == 2:
        parts = [_key(g, args[0]), _value(g, args[1])]
        helper = "put_entry"
    elif name == "add" and len(args) == 1:
        parts = [_value(g, args[0])]
        helper = "add_element"
    else:
        return None
    if None in parts:
        return None
    receiver = g.expr(e.receiver, LAMBDA)
    return f"{g.owner.need(helper)}({receiver}, {', '.join(parts)})"
