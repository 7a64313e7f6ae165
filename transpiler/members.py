"""Code generation of member access: ``x.name`` and ``x.name(...)`` (the closed member
model, docs/security.md).

A name written in Deluge becomes a Python attribute only when a catalog holds it:

* a Deluge built-in method the runtime's catalog lists, that no runtime value class
  answers with a Python method of its own (``x.toLong()``);
* a method of a Creator record set on a fetch (``Form[...].count()``);
* ``lineNo``/``message`` of a ``catch`` variable the function never reassigns;
* ``zoho.<system variable>``, and the chains of the runtime's namespace objects
  (``zoho.crm.<task>``, ``zoho.<app>.<task>``, ``standalone.f``, ``thisapp.f``), whose
  classes have no public attribute: every name resolves through their own catalog
  (tasks, registered functions) or is a Deluge error.

Everything else passes the name as text to the runtime (``get_field``,
``call_method``), which looks it up in the catalog for the receiver's type.  A member
name that starts with ``_`` is refused here, before any code exists.
"""

from __future__ import annotations

from . import names
from . import nodes as n
from .pysource import LAMBDA, PRIMARY, py_str
from .errors import DelugeError, ZohoRefusal



def refuse_private(g, name: str, pos: n.Pos) -> None:
    """A member name starting with ``_`` is not Deluge, and could name Python's own."""
    if name.startswith("_"):
        raise g.owner.gen.error(DelugeError, f"'{name}': a Deluge member name cannot start "
                                "with '_'", pos)


def chain_names(e) -> list[str]:
    """``zoho.crm.v8`` as ``["zoho", "crm", "v8"]``."""
    parts = []
    while isinstance(e, n.Attribute):
        parts.append(e.name)
        e = e.obj
    parts.append(e.name)
    return parts[::-1]


def catch_only_vars(body: n.Block, params) -> set[str]:
    """Variables bound only by ``catch (e)``: statically a caught error."""
    caught, other = set(), set(params)
    for stmt in names.iter_statements(body):
        if isinstance(stmt, n.TryCatch):
            caught.add(stmt.var)
        elif isinstance(stmt, n.ForEach):
            other.add(stmt.var)
        elif isinstance(stmt, n.Assign) and isinstance(stmt.target, n.Name):
            other.add(stmt.target.name)
    return caught - other


def system_keyword(g, e: n.Name) -> str | None:
    """``zoho.currentdate`` for ``today`` (``zoho.currenttime`` for ``now``) unless
    the function has a variable of that name."""
    value = names.SYSTEM_KEYWORDS.get(e.name.lower())
    if value is None or e.name in g.variables:
        return None
    return f"{g.owner.need('zoho')}.{value}"


def attribute(g, e: n.Attribute) -> str:
    """``obj.name`` read as a value (``input.x`` is handled by the caller)."""
    refuse_private(g, e.name, e.pos)
    if names.namespace_root(e, g.variables):
        if names.is_system_value(e):
            return f"{g.owner.need('zoho')}.{e.name.lower()}"
        raise g.owner.gen.error(DelugeError, f"'{'.'.join(chain_names(e))}' is not a "
                                "value: call one of its tasks or functions", e.pos)
    from deluge2py.runtime.builtins import catalog

    field = catalog.ERROR_FIELDS.get(e.name.lower())
    if field is not None and isinstance(e.obj, n.Name) and e.obj.name in g.caught_vars:
        return f"{g.var(e.obj.name)}.{field}"
    if _method_without_parentheses(g, e):
        g.owner.warn(f"'{e.name}' is a Deluge method and needs parentheses: "
                     f"did you mean .{e.name}()?", e.pos, ZohoRefusal)

    return f"{g.owner.need('get_field')}({g.expr(e.obj, LAMBDA)}, {py_str(e.name)})"


def _method_without_parentheses(g, e: n.Attribute) -> bool:
    """``"abc".length``, ``list.size``: a built-in method's name read as a field.

    Conservative (docs/semantics.md, "Code generation"): the name starts with a lower-case
    letter, and the receiver cannot be a Creator record or record set, whose fields may
    have any link name (``rec.Size``): not ``input.x``/``row.x``, a fetch, or a variable
    bound from one of them."""
    from deluge2py.runtime.builtins import catalog

    if not e.name[:1].islower() or catalog.canonical_method(e.name) is None:
        return False
    if not hasattr(g, "record_vars"):
        g.record_vars = _record_vars(g.body)
    return not _may_be_record(e.obj, g.record_vars)


def _may_be_record(expr, record_vars) -> bool:
    """True when ``expr`` reads a fetch, ``input.x``/``row.x`` or such a variable."""
    for sub in names.iter_exprs(expr):
        if isinstance(sub, n.Fetch):
            return True
        if isinstance(sub, n.Name) and (sub.name.lower() in ("input", "row")
                                        or sub.name in record_vars):
            return True
    return False


def _record_vars(body: n.Block) -> set[str]:
    """Variables an assignment or a ``for each`` binds from what may be a Creator record."""
    bindings = []
    for stmt in names.iter_statements(body):
        if isinstance(stmt, n.Assign) and isinstance(stmt.target, n.Name):
            bindings.append((stmt.target.name, stmt.value))
        elif isinstance(stmt, n.ForEach):
            bindings.append((stmt.var, stmt.iterable))
    found: set[str] = set()
    changed = True
    while changed:  # `r2 = r;` after `r = Form[...];`: a fixed point
        changed = False
        for name, value in bindings:
            if name not in found and _may_be_record(value, found):
                found.add(name)
                changed = True
    return found


def namespace_chain(g, e) -> str:
    """``zoho.crm`` as written; a CRM category is looked up through ``thisapp``
    (``automation.f`` → ``thisapp.automation.f``)."""
    if isinstance(e, n.Attribute):
        refuse_private(g, e.name, e.pos)
        return f"{namespace_chain(g, e.obj)}.{names.attr_name(e.name)}"
    root = e.name.lower()
    if root in names.CATEGORIES:
        return f"{g.owner.need('thisapp')}.{names.attr_name(e.name)}"
    return g.owner.need(root)


def namespace_call(g, e: n.MethodCall, args: str) -> str:
    """``zoho.crm.getRecordById(...)``, ``standalone.f(...)``: an unknown ``zoho.crm``
    task is refused by Zoho's editor, so it is a ``ZohoRefusal``."""
    refuse_private(g, e.method, e.pos)
    parts = chain_names(e.receiver) + [e.method]
    if isinstance(e.receiver, n.Name) and e.receiver.name.lower() == "zoho":
        raise g.owner.gen.error(DelugeError, f"'zoho.{e.method}' is not a Zoho task: "
                                "tasks are called as zoho.<app>.<task>(...)", e.pos)
    lower = [p.lower() for p in parts]
    if lower[0] == "zoho" and lower[1] == "crm":
        _check_crm_task(g, parts, e.pos)
    elif lower[0] == "zoho" and lower[1] == "encryption":
        from deluge2py.runtime.builtins import catalog

        if len(parts) != 3:
            raise g.owner.gen.error(DelugeError, f"'{'.'.join(parts)}' is not a "
                                    "zoho.encryption function", e.pos)
        if lower[2] not in catalog.encryption_functions():
            g.owner.warn(f"'{'.'.join(parts)}' is not a zoho.encryption function", e.pos,
                         ZohoRefusal)
    return f"{namespace_chain(g, e.receiver)}.{names.attr_name(e.method)}({args})"


def _check_crm_task(g, parts: list[str], pos: n.Pos) -> None:
    from deluge2py.runtime.zoho.crm import LEGACY_TASKS, V8_TASKS

    rest = [p.lower() for p in parts[2:]]
    tasks, label = LEGACY_TASKS, "zoho.crm"
    if rest[0] == "v8":
        tasks, label, rest = V8_TASKS, "zoho.crm.v8", rest[1:]
    if len(rest) != 1:  # a task has no members: `zoho.crm.getRecords.x(...)`
        raise g.owner.gen.error(DelugeError, f"'{'.'.join(parts)}' is not a {label} task",
                                pos)
    from deluge2py.runtime.builtins import catalog

    if rest[0] in catalog.NOT_IMPLEMENTED_CRM_TASKS:
        g.owner.warn(f"'{'.'.join(parts)}' is a Zoho task deluge2py does not run yet", pos)
    elif rest[0] not in tasks:
        g.owner.warn(f"'{'.'.join(parts)}' is not a {label} task", pos, ZohoRefusal)


def value_method(g, e: n.MethodCall, receiver: str, args: str, method: str | None) -> str:
    """``receiver.method(args)`` on a value, ``method`` the catalog's spelling or None."""
    from deluge2py.runtime.builtins import catalog


    refuse_private(g, e.method, e.pos)
    record_set = catalog.RECORD_SET_METHODS.get(e.method.lower())
    if record_set == "getall" and not e.args and isinstance(e.receiver, n.Attribute) \
            and _on_fetch(e.receiver.obj):  # Form[...].Field.getAll(): every record's Field

        refuse_private(g, e.receiver.name, e.receiver.pos)
        return f"{g.expr(e.receiver.obj, PRIMARY)}.getall({py_str(e.receiver.name)})"
    root = e.receiver
    while isinstance(root, (n.Attribute, n.MethodCall)):
        root = root.obj if isinstance(root, n.Attribute) else root.receiver
    unknown_root = isinstance(root, n.Name) and root.name in g.info.undefined
    caught = isinstance(e.receiver, n.Name) and e.receiver.name in g.caught_vars
    if method is not None and not catalog.python_shadowed(method) and not caught:
        return f"{receiver}.{method}({args})"
    if record_set is not None and _on_fetch(e.receiver):
        return f"{receiver}.{record_set}({args})"
    if method is None and e.method.lower() in catalog.NOT_IMPLEMENTED_METHODS:
        g.owner.warn(f"'{e.method}' is a Deluge method deluge2py does not run yet", e.pos)
    elif method is None and record_set is None and unknown_root:
        g.owner.warn(f"'{root.name}' is neither a variable nor a namespace deluge2py knows: "
                     f"'{e.method}' fails when it runs", e.pos)
    elif method is None and record_set is None:
        g.owner.warn(f"unknown method '{e.method}'", e.pos, ZohoRefusal)
    name = py_str(method or record_set or e.method)
    return f"{g.owner.need('call_method')}({receiver}, {name}{', ' + args if args else ''})"


def _on_fetch(e) -> bool:
    while isinstance(e, (n.Attribute, n.MethodCall)):
        e = e.obj if isinstance(e, n.Attribute) else e.receiver
    return isinstance(e, n.Fetch)
