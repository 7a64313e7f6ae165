"""Name analysis: Python names for Deluge identifiers, files and functions; parameters
of bare scripts; which ``{}`` literals are lists.

Deluge identifiers are kept verbatim.  A name is changed only when Python would read
it differently (keywords, soft keywords, dunders), when it would hide something the
generated code needs (a builtin we use, a runtime name the module imports, a function
of the same file that is called bare), or when it falls under the reserved prefix
``_dg_`` of our own temporaries.  Such a name gets one trailing ``_``; the rule applies
to the name with its trailing underscores stripped, so it stays injective (``from`` →
``from_``, and a user's own ``from_`` → ``from__``).
"""

from __future__ import annotations

import builtins
import keyword
import re
import sys
import unicodedata
from dataclasses import dataclass, field

from . import nodes as n

#: Prefix of every internal temporary in generated code.
TEMP_PREFIX = "_dg_"

#: Python builtins that generated code itself refers to.
BUILTINS_USED = frozenset({"Exception"})

#: Names Python reserves.  Soft keywords (``match``, ``case``, ``type``) are ordinary names
#: outside their statements, so a Deluge variable may keep them.
PY_KEYWORDS = frozenset(keyword.kwlist)

#: Roots of attribute chains that are runtime namespaces, not variables.
RUNTIME_NAMESPACES = frozenset({"zoho", "thisapp", "standalone"})
#: CRM function categories: ``automation.f(x)`` calls the function ``automation.f``.
CATEGORIES = frozenset({"automation", "button", "schedule", "related_list",
                        "validation_rule", "signals"})
NAMESPACES = RUNTIME_NAMESPACES | CATEGORIES

#: Methods that only lists have: a ``{}`` on which one is called is a list.
LIST_ONLY_METHODS = frozenset({
    "add", "addall", "removeelement", "sort", "distinct", "indexof", "lastindexof",
    "sublist", "intersect", "largest", "smallest", "sum", "average", "median",
})


def is_reserved(name: str, extra: frozenset[str] = frozenset()) -> bool:
    """True when ``name`` (with trailing underscores stripped) must not be used as is."""
    stem = name.rstrip("_") or name
    return (
        stem in PY_KEYWORDS
        or stem in BUILTINS_USED
        or stem in extra
        or stem.startswith("__")
        or stem.startswith(TEMP_PREFIX)
        or name == "_"
    )


def safe_identifier(text: str) -> str:
    """``text`` if Python reads it as the same identifier, else a deterministic ASCII
    spelling (each offending character becomes ``_xHH_``/``_uHHHH_``)."""
    if text.isidentifier() and unicodedata.normalize("NFKC", text) == text:
        return text
    out = []
    for i, ch in enumerate(text):
        ok = (ch.isascii() and (ch.isalnum() or ch == "_")) and not (i == 0 and ch.isdigit())
        if ok:
            out.append(ch)
        else:
            code = ord(ch)
            out.append(f"_x{code:02x}_" if code < 0x100 else f"_u{code:04x}_")
    result = "".join(out) or "_x_"
    return result


def py_name(name: str, extra: frozenset[str] = frozenset()) -> str:
    """The Python spelling of a Deluge identifier."""
    ident = safe_identifier(name)
    return ident + "_" if is_reserved(ident, extra) else ident


def attr_name(name: str) -> str:
    """An attribute or keyword-argument name: only hard keywords need changing there."""
    ident = safe_identifier(name)
    stem = ident.rstrip("_") or ident
    return ident + "_" if stem in keyword.kwlist else ident


def module_name(stem: str) -> str:
    """A valid, lower-case Python module name for a file stem (``Sales Order -> PO``
    → ``sales_order_po``); names of builtins and standard modules get a trailing ``_``
    so the module cannot hide them."""
    ascii_text = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    name = re.sub(r"[^0-9a-zA-Z]+", "_", ascii_text).strip("_").lower() or "script"
    if name[0].isdigit():
        name = "m_" + name
    if (keyword.iskeyword(name) or hasattr(builtins, name)
            or name in sys.stdlib_module_names):
        name += "_"
    return name


# --------------------------------------------------------------------------
# Walking expressions


def is_input_attr(expr) -> bool:
    return (isinstance(expr, n.Attribute) and isinstance(expr.obj, n.Name)
            and expr.obj.name.lower() == "input")


_COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">=", "="})


def criteria_fields(expr) -> set[int]:
    """ids of the ``Name`` nodes of a Creator criteria that are form fields.

    A name is a field when it is the left operand of a comparison, ``is null`` or
    ``in``, a bare operand of ``&&``/``||``/``!``, or the receiver of a method there
    (``Form[Tags.contains(x)]``); names elsewhere are variables."""
    fields: set[int] = set()

    def visit(e):
        if isinstance(e, n.Name):
            fields.add(id(e))
        elif isinstance(e, n.BinOp) and e.op in ("&&", "||"):
            visit(e.left)
            visit(e.right)
        elif isinstance(e, n.UnaryOp) and e.op == "!":
            visit(e.operand)
        elif isinstance(e, n.BinOp) and e.op in _COMPARISONS and isinstance(e.left, n.Name):
            fields.add(id(e.left))
        elif isinstance(e, n.IsNull) and isinstance(e.operand, n.Name):
            fields.add(id(e.operand))
        elif isinstance(e, n.In) and isinstance(e.item, n.Name):
            fields.add(id(e.item))
        elif isinstance(e, n.MethodCall) and isinstance(e.receiver, n.Name):
            fields.add(id(e.receiver))

    if expr is not None:
        visit(expr)
    return fields


#: Creator actions whose arguments are values; the others name form fields.
VALUE_ACTIONS = frozenset({"alert", "success message"})

SYMBOLIC_TASK_KEYS = frozenset({"type", "response-format", "content type", "service"})


def iter_children(expr):
    """The sub-expressions of ``expr`` in source order (task bare words excluded)."""
    if isinstance(expr, (n.ListLit,)):
        yield from expr.items
    elif isinstance(expr, n.MapLit):
        for pair in expr.items:
            yield pair.key
            yield pair.value
    elif isinstance(expr, n.Pair):
        yield expr.key
        yield expr.value
    elif isinstance(expr, (n.Constructor, n.Call)):
        yield from expr.args
    elif isinstance(expr, n.Attribute):
        yield expr.obj
    elif isinstance(expr, n.MethodCall):
        yield expr.receiver
        yield from expr.args
    elif isinstance(expr, n.BinOp):
        yield expr.left
        yield expr.right
    elif isinstance(expr, n.UnaryOp):
        yield expr.operand
    elif isinstance(expr, n.IsNull):
        yield expr.operand
    elif isinstance(expr, n.In):
        yield expr.item
        yield expr.container
    elif isinstance(expr, n.Conditional):
        yield expr.cond
        yield expr.then
        yield expr.otherwise
    elif isinstance(expr, n.Task):
        for param in expr.params:
            for value in param.values:
                if isinstance(value, n.Pair):  # `file: x`: the key is a tag, not a variable
                    yield value.value
                elif not (param.key in SYMBOLIC_TASK_KEYS and isinstance(value, n.Name)):
                    yield value
    elif isinstance(expr, n.Fetch):
        if expr.criteria is not None:
            yield expr.criteria
        if expr.range_from is not None:
            yield expr.range_from
        if expr.range_to is not None:
            yield expr.range_to
    elif isinstance(expr, n.InsertInto):
        for f in expr.fields:
            yield f.value


def iter_reads(expr, skip: frozenset[int] | set[int] = frozenset()):
    """Yield the variables an expression reads, in source order, as ``(name, node)``:
    plain names and ``input.x`` (as ``x``).  Namespace roots and criteria fields are
    not variables."""
    if expr is None:
        return
    if isinstance(expr, n.Name):
        if id(expr) not in skip:
            yield expr.name, expr
        return
    if is_input_attr(expr):
        yield expr.name, expr
        return
    if isinstance(expr, n.Attribute) and _namespace_root(expr):
        return
    if isinstance(expr, n.MethodCall) and _namespace_root(expr.receiver):
        for arg in expr.args:
            yield from iter_reads(arg, skip)
        return
    if isinstance(expr, (n.Fetch,)):
        skip = set(skip) | criteria_fields(expr.criteria)
    for child in iter_children(expr):
        yield from iter_reads(child, skip)


def _namespace_root(expr) -> bool:
    while isinstance(expr, n.Attribute):
        expr = expr.obj
    return isinstance(expr, n.Name) and expr.name.lower() in NAMESPACES


#: ``zoho.<name>`` system variables: values, whose methods are Deluge built-ins.
ZOHO_VALUES = frozenset({"currentdate", "currenttime", "loginuser", "loginuserid",
                         "adminuser", "adminuserid", "appname", "appuri", "ipaddress"})


#: System keywords and the ``zoho`` system variable each stands for.
SYSTEM_KEYWORDS = {"today": "currentdate", "now": "currenttime"}


def is_system_value(expr) -> bool:
    """``zoho.currentdate`` and the other system variables."""
    return (isinstance(expr, n.Attribute) and isinstance(expr.obj, n.Name)
            and expr.obj.name.lower() == "zoho" and expr.name.lower() in ZOHO_VALUES)


def namespace_root(expr, variables) -> bool:
    """True when an attribute chain starts at a runtime namespace that is not shadowed
    by a variable of the function."""
    while isinstance(expr, n.Attribute):
        expr = expr.obj
    return (isinstance(expr, n.Name) and expr.name.lower() in NAMESPACES
            and expr.name not in variables)


# --------------------------------------------------------------------------
# Per-function analysis


@dataclass
class FunctionInfo:
    """What code generation needs to know about one function body."""

    params: list[str]  # Deluge names, in order
    assigned: set[str] = field(default_factory=set)  # names bound in the body
    list_vars: set[str] = field(default_factory=set)  # names a list-only method is called on
    bare_calls: set[str] = field(default_factory=set)  # names of bare calls ``f(...)``
    #: Names a function with a header reads but never binds, each with the node of its
    #: first read; ``refused``: those Zoho refuses to save, the node of the first read that
    #: is not the root of a method call (``twilio.sms.send(...)``, ``Form.Subform()``
    #: name things Deluge knows that are not variables).
    undefined: dict = field(default_factory=dict)
    refused: dict = field(default_factory=dict)
    #: A bare script's parameters read as plain names (not ``input.x``), each with the
    #: node of its first read: a typo of a variable lands here (``nmae`` for ``name``).
    free: dict = field(default_factory=dict)

    @property
    def variables(self) -> set[str]:
        return set(self.params) | self.assigned


def statement_exprs(stmt):
    """The expressions a statement evaluates before binding anything, in order."""
    if isinstance(stmt, n.Assign):
        if isinstance(stmt.target, n.Attribute) and not is_input_attr(stmt.target):
            yield stmt.target.obj
        elif stmt.op != "=":
            yield stmt.target
        yield stmt.value
    elif isinstance(stmt, (n.ExprStmt,)):
        yield stmt.expr
    elif isinstance(stmt, (n.Return,)):
        if stmt.value is not None:
            yield stmt.value
    elif isinstance(stmt, (n.Info, n.Throw)):
        yield stmt.value
    elif isinstance(stmt, n.ForEach):
        yield stmt.iterable
    elif isinstance(stmt, n.DeleteFrom):
        # Read as a fetch, so that the criteria's form fields are not variables.
        yield n.Fetch(stmt.pos, stmt.form, stmt.criteria)
    elif isinstance(stmt, n.CreatorAction):
        if stmt.action in VALUE_ACTIONS:
            yield from stmt.args


def iter_statements(block):
    """Every statement of a block, depth first in source order."""
    for stmt in block.body:
        yield stmt
        for sub in sub_blocks(stmt):
            yield from iter_statements(sub)


def sub_blocks(stmt):
    if isinstance(stmt, n.If):
        for branch in stmt.branches:
            yield branch.body
        if stmt.orelse is not None:
            yield stmt.orelse
    elif isinstance(stmt, n.ForEach):
        yield stmt.body
    elif isinstance(stmt, n.TryCatch):
        yield stmt.body
        yield stmt.handler


def iter_exprs(expr):
    """``expr`` and all its sub-expressions."""
    yield expr
    for child in iter_children(expr):
        yield from iter_exprs(child)


def near_miss(name: str, candidates) -> str | None:
    """The one of ``candidates`` that ``name`` looks like a typo of: the same but for case,
    or (for names of four letters or more) one letter added, dropped, changed or two
    neighbours swapped; a plural (``dealIds`` beside ``dealId``) is not a typo."""
    for other in sorted(candidates):
        if other == name or other.rstrip("s") == name.rstrip("s"):
            continue
        if other.lower() == name.lower():
            return other
        if min(len(name), len(other)) >= 4 and _one_edit_apart(name, other):
            return other
    return None


def _one_edit_apart(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) < len(b):  # one letter added
        return a[i:] == b[i + 1:]
    return a[i + 1:] == b[i + 1:] or (  # one changed, or two neighbours swapped
        a[i + 2:] == b[i + 2:] and a[i:i + 2] == b[i:i + 2][::-1])


def analyze(body: n.Block, header_params: list[str] | None) -> FunctionInfo:
    """Analyse a function body.  ``header_params`` is None for a bare script, whose
    parameters are the names it reads before assigning them (and every ``input.x``),
    in order of first use."""
    params = list(header_params or [])
    info = FunctionInfo(params=params)
    bound = set(params)

    def read(expr):
        for name, node in iter_reads(expr):
            if name.lower() in SYSTEM_KEYWORDS and not is_input_attr(node):
                continue  # `today`, `now` (a variable of that name is bound, not read)
            if header_params is None and name not in params and (
                    is_input_attr(node) or name not in bound):
                params.append(name)
                bound.add(name)
                if not is_input_attr(node):
                    info.free[name] = node

    def bind(name):
        bound.add(name)
        info.assigned.add(name)

    def walk(block):
        for stmt in block.body:
            for expr in statement_exprs(stmt):
                read(expr)
            if isinstance(stmt, n.If):
                for branch in stmt.branches:
                    read(branch.cond)
                    walk(branch.body)
                if stmt.orelse is not None:
                    walk(stmt.orelse)
            elif isinstance(stmt, n.ForEach):
                bind(stmt.var)
                walk(stmt.body)
            elif isinstance(stmt, n.TryCatch):
                walk(stmt.body)
                bind(stmt.var)
                walk(stmt.handler)
            elif isinstance(stmt, n.Assign):
                target = stmt.target
                if isinstance(target, n.Name):
                    bind(target.name)
                elif is_input_attr(target):
                    if header_params is None and target.name not in params:
                        params.append(target.name)
                    bind(target.name)

    walk(body)
    for stmt in iter_statements(body):
        for top in _all_exprs(stmt):
            for expr in iter_exprs(top):
                if isinstance(expr, n.Call):
                    info.bare_calls.add(expr.name)
                elif isinstance(expr, n.MethodCall) and isinstance(expr.receiver, n.Name) \
                        and expr.method.lower() in LIST_ONLY_METHODS:
                    info.list_vars.add(expr.receiver.name)
        if isinstance(stmt, n.ForEach) and isinstance(stmt.iterable, n.Name):
            info.list_vars.add(stmt.iterable.name)
    info.assigned -= set(params)
    if header_params is not None:
        for stmt in iter_statements(body):
            for top in _all_exprs(stmt):
                roots = {id(root) for root in _call_roots(top)}
                for name, node in iter_reads(top):
                    if name in info.variables or (name.lower() in SYSTEM_KEYWORDS
                                                  and not is_input_attr(node)):
                        continue
                    info.undefined.setdefault(name, node)
                    if id(node) not in roots:
                        info.refused.setdefault(name, node)
    return info


def _call_roots(expr):
    """The names at the root of the method-call chains in ``expr`` (``X`` of ``X.y.f()``)."""
    for e in iter_exprs(expr):
        if isinstance(e, n.MethodCall):
            root = e.receiver
            while isinstance(root, n.Attribute):
                root = root.obj
            if isinstance(root, n.Name):
                yield root


def _all_exprs(stmt):
    yield from statement_exprs(stmt)
    if isinstance(stmt, n.Assign):
        yield stmt.target
    elif isinstance(stmt, n.If):
        for branch in stmt.branches:
            yield branch.cond


def count_statements(block: n.Block) -> int:
    """Static statement count of a block for Zoho's statement limit: every statement
    counts 1; an ``if`` adds the statements of all its branches, a ``try`` those of its
    ``try`` and ``catch`` blocks; a loop counts 1 (it charges its own body per iteration)."""
    total = 0
    for stmt in block.body:
        total += 1
        if not isinstance(stmt, n.ForEach):
            total += sum(count_statements(sub) for sub in sub_blocks(stmt))
    return total
