"""Typed fast paths of code generation: what the transpiler can prove about a value's
Deluge type, and the cheaper Python it then emits (``convert(..., fast_paths=False)``
switches them off; a test runs every golden case and sample both ways).

``Kinds`` infers, per function and without regard to flow, the *kind* of every variable
whose assignments all give the same one: literals, ``Map()``/``List()``/``{}``, operators
on known kinds, and loop variables over literal lists.  It also tells which expressions
always evaluate to a Deluge value (never a plain Python one): variables (arguments are
converted by the function wrapper, stored literals are wrapped), loop variables, operator
results, ``get`` on a map or list, constructors, task and function results.

The fast paths, each the same operation the general path performs, only without its
checks that the proof makes redundant:

* ``m.put("key", v)`` on a map built here, ``v`` a Deluge value: ``map_put(m, KEY_TEXT, v)``
  (``dict.__setitem__``) inside an expression, the key a ``Text`` constant built once per
  module, or any key proven to be a ``Text``;
* ``m.get("key")`` on such a map: ``map_get(m, KEY_TEXT)`` (``dict.get``), or with a key
  proven to be a ``Text``; the key constants are ``text_key("key")``, the very objects
  maps store as keys, found by identity;
* ``l.add(v)`` on a list built here without an element type: ``l.append(v)`` (a ``List``
  is a ``list``; no Deluge method is called ``append``);
* as a statement, ``m.put(k, v)`` on a map built here with a text literal or a variable as
  the key: ``m[k] = v`` (``Map`` has no ``__setitem__`` of its own; the key has no effects,
  so Python's evaluating ``v`` first changes nothing);
* a chain ``a + b + c ...`` that is text from its first or second operand:
  ``concatenate(a, b, c, ...)``, Deluge's ``+`` folded left to right in one call
  (``concatenate3(a, b, c)`` for three operands, up to five: each tested in line); when
  every operand is a text literal or a variable proven to hold a text or a number,
  ``Text(f"{a}-{b}")``;
* ``for each x in {1, 2, 3}``: the literal list's values as a module constant tuple;
* a text variable that grows by appending (``s = s + a + b`` or ``s += a``, its every other
  assignment a text) is kept as a plain ``str``: ``s += join_text(a, b)`` grows it in place
  (a ``Text`` is a ``str`` subclass, which CPython copies whole on every ``+``), and every
  read of it is ``Text(s)``;
* a NUMBER a loop assigns (a counter, a loop variable over literal whole numbers) whose
  every assignment is literals, such variables, ``+``, ``-``, ``*`` (``number_locals``) is
  kept as a plain ``int``: ``count = bigint(count + 1)`` (``bigint`` raises the overflow
  error ``Number``'s operators raise), ``i < 10`` compared as ints, ``{i}`` in an
  f-string; every other read is ``Number(i)``, and a loop may not have one.
"""

from __future__ import annotations

import re

from . import names
from . import nodes as n
from .pysource import LAMBDA, PRIMARY, is_literal, py_str, str_or_decimal

TEXT, NUMBER, DECIMAL, BOOL, MAP, LIST = "text", "number", "decimal", "bool", "map", "list"
#: One of TEXT, NUMBER, DECIMAL, not known which (``x = 0; x = x + anything``): the result
#: of an operator whose left operand is one of them (its dunder answers, or raises).
SCALAR = "scalar"
SCALARS = frozenset({TEXT, NUMBER, DECIMAL, SCALAR})
_UNSET = object()  # a variable not yet seen assigned (the fixed point's start)

ARITH = frozenset("+-*/%")
COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">=", "="})
#: Methods whose result kind is known whatever the receiver (they fail otherwise).
TEXT_METHODS = frozenset({
    "tostring", "totext", "touppercase", "tolowercase", "upper", "lower", "trim", "ltrim",
    "rtrim", "replaceall", "replacefirst", "substring", "subtext", "left", "right", "mid",
    "proper", "getalpha", "getalphanumeric", "removeallalpha", "removeallalphanumeric",
    "leftpad", "rightpad", "reverse", "concat",
})
NUMBER_METHODS = frozenset({"size", "length", "len", "indexof", "lastindexof"})


class Kinds:
    """Kinds of the variables of one function body (see the module docstring)."""

    def __init__(self, body: n.Block, info, functions=()):
        self.functions = functions  # the file's own functions (one may be named ifnull)
        self.list_vars = info.list_vars
        self.params = set(info.params)
        self.loop_vars: set[str] = set()
        self.unknown: set[str] = set()  # catch variables, ``input.x``
        assignments: dict[str, list] = {}
        for stmt in names.iter_statements(body):
            if isinstance(stmt, n.Assign) and isinstance(stmt.target, n.Name):
                assignments.setdefault(stmt.target.name, []).append(stmt)
            elif isinstance(stmt, n.Assign):
                if names.is_input_attr(stmt.target):
                    self.unknown.add(stmt.target.name)
            elif isinstance(stmt, n.ForEach):
                self.loop_vars.add(stmt.var)
                assignments.setdefault(stmt.var, []).append(stmt)
            elif isinstance(stmt, n.TryCatch):
                self.unknown.add(stmt.var)
        self.assignments = assignments
        self.vars: dict[str, object] = {name: _UNSET for name in assignments}
        changed = True
        while changed:  # kinds only go from unset to a kind to None: this ends
            changed = False
            for name, stmts in assignments.items():
                kind = self._join(self._assigned_kind(name, s) for s in stmts)
                if name in self.params or name in self.unknown:
                    kind = None
                if kind is not self.vars[name]:
                    self.vars[name], changed = kind, True
        # Variables always holding a Deluge value: the greatest fixed point (``x = x + 1``
        # after ``x = 0`` is one), every assignment a stored value that is one.
        self.values = {name for name in assignments if name not in self.unknown}
        changed = True
        while changed:
            changed = False
            for name in list(self.values):
                if not all(self._stores_value(name, s) for s in assignments[name]):
                    self.values.discard(name)
                    changed = True

    @staticmethod
    def _join(kinds):
        result = _UNSET
        for kind in kinds:
            if kind is _UNSET:
                continue
            if result is _UNSET:
                result = kind
            elif result != kind:
                if result not in SCALARS or kind not in SCALARS:
                    return None
                result = SCALAR
        return result

    def _assigned_kind(self, name, stmt):
        if isinstance(stmt, n.ForEach):
            if stmt.index:
                return NUMBER
            if isinstance(stmt.iterable, n.ListLit) and stmt.iterable.items:
                return self._join(self.of(item) for item in stmt.iterable.items)
            return None
        if isinstance(stmt.value, n.EmptyBraces) and stmt.op == "=":
            return LIST if name in self.list_vars else MAP
        if stmt.op == "=":
            return self.of(stmt.value)
        return self._arith(stmt.op[0], self.of(n.Name(stmt.pos, name)), self.of(stmt.value))

    def _stores_value(self, name, stmt) -> bool:
        if isinstance(stmt, n.ForEach):
            return True
        value = stmt.value
        if stmt.op != "=":  # ``x += e`` as written: x's own operator, if x is no boolean
            return name in self.values and self.vars.get(name) in SCALARS | {MAP, LIST}
        literal = isinstance(value, (n.String, n.Number, n.Bool, n.Null, n.EmptyBraces)) or (
            isinstance(value, n.UnaryOp) and isinstance(value.operand, n.Number))
        return literal or self.is_value(value)  # ``value()`` wraps a stored literal

    # -- kinds of expressions -----------------------------------------------------------

    def of(self, e):
        """The kind of ``e`` (a string), None when not known, ``_UNSET`` while the fixed
        point has not reached a variable it reads."""
        if isinstance(e, n.String):
            return None if e.single_quoted else TEXT
        if isinstance(e, n.Number):
            return DECIMAL if e.is_decimal else NUMBER
        if isinstance(e, n.Bool):
            return BOOL
        if isinstance(e, n.Name):
            if e.name in self.vars and not names.is_input_attr(e):
                return self.vars[e.name]
            return None
        if isinstance(e, (n.MapLit,)):
            return MAP
        if isinstance(e, n.ListLit):
            return LIST
        if isinstance(e, n.Constructor):
            kind = e.type_name.lower()
            if kind == "map":
                return MAP
            return LIST if kind == "list" and not e.element_type else None
        if isinstance(e, n.BinOp):
            if e.op in COMPARISONS or e.op in ("&&", "||"):
                return BOOL
            if e.op in ARITH:
                return self._arith(e.op, self.of(e.left), self.of(e.right))
            return None
        if isinstance(e, n.UnaryOp):
            if e.op == "!":
                return BOOL
            kind = self.of(e.operand)
            return kind if kind in (NUMBER, DECIMAL, SCALAR, _UNSET) else None
        if isinstance(e, (n.IsNull, n.In)):
            return BOOL
        if isinstance(e, n.MethodCall):
            method = e.method.lower()
            if method in TEXT_METHODS and self.of(e.receiver) == TEXT:
                return TEXT
            if method in NUMBER_METHODS and self.of(e.receiver) in (TEXT, LIST, MAP):
                return NUMBER
            return None
        return None

    @staticmethod
    def _arith(op, left, right):
        if left is _UNSET or right is _UNSET:
            return _UNSET
        if op == "+" and (left == TEXT or right == TEXT):
            return TEXT
        if left not in (NUMBER, DECIMAL) or right not in (NUMBER, DECIMAL):
            return SCALAR if left in SCALARS else None
        if DECIMAL in (left, right):
            return DECIMAL
        return SCALAR if op == "/" else NUMBER  # 5/2 is a DECIMAL, 4/2 a NUMBER

    def kind(self, e):
        kind = self.of(e)
        return None if kind is _UNSET else kind

    def is_value(self, e) -> bool:
        """True when ``e``, as the codegen emits it, always evaluates to a Deluge value."""
        if isinstance(e, n.Name):
            if names.is_input_attr(e):
                return False
            if e.name in self.assignments:
                return e.name in self.values
            return e.name in self.params  # converted by the function wrapper
        if isinstance(e, n.BinOp):
            if e.op in COMPARISONS or e.op in ("&&", "||"):
                return True
            return e.op in ARITH and self._left_decides(e)
        if isinstance(e, (n.IsNull, n.In)):
            return True
        if isinstance(e, n.UnaryOp):  # ``-true`` would be Python's -1
            return e.op == "!" or (self.kind(e.operand) in SCALARS
                                   and self.is_value(e.operand))
        if isinstance(e, (n.MapLit, n.ListLit, n.Constructor, n.EmptyBraces)):
            return True
        if isinstance(e, n.MethodCall):
            return e.method.lower() == "get" and self.kind(e.receiver) in (MAP, LIST)
        if isinstance(e, n.Call):  # ifnull gives one of its arguments as a Deluge value
            return e.name.lower() == "ifnull" and e.name not in self.functions
        return False

    def _left_decides(self, e: n.BinOp) -> bool:
        """True when a Deluge value's operator method computes ``e``: the left operand is
        a Deluge value (a boolean there is the codegen's checked operator), a literal the
        codegen wraps (a text or decimal, or both operands literals), or a plain number
        literal before a proven text or number (``1 + true`` would be Python's 2)."""

        left, right = e.left, e.right
        if self.is_value(left) or str_or_decimal(left):
            return True
        if is_literal(left):
            return is_literal(right) or (self.kind(right) in SCALARS
                                          and self.is_value(right))
        return False


def _self_append(name, stmt) -> list | None:
    """The appended parts of ``name = name + a + b`` or ``name += a``, else None."""
    if not isinstance(stmt, n.Assign) or not isinstance(stmt.target, n.Name):
        return None
    if stmt.op == "+=":
        return [stmt.value]
    if stmt.op != "=" or not isinstance(stmt.value, n.BinOp) or stmt.value.op != "+":
        return None
    parts = flatten_sum(stmt.value)
    first = parts[0]
    if isinstance(first, n.Name) and first.name == name and not names.is_input_attr(first):
        return parts[1:]
    return None


def text_accumulators(kinds: "Kinds | None") -> frozenset[str]:
    """Variables proven to be texts that grow by appending: kept as plain ``str``."""
    if kinds is None:
        return frozenset()
    found = set()
    for name, stmts in kinds.assignments.items():
        if kinds.vars.get(name) != TEXT or name not in kinds.values or name in kinds.params:
            continue
        if any(isinstance(s, n.ForEach) or s.op not in ("=", "+=") for s in stmts):
            continue
        if any(_self_append(name, s) is not None for s in stmts):
            found.add(name)
    return frozenset(found)


def accumulate(g, stmt: n.Assign) -> str | None:
    """An assignment to a text accumulator: ``s += join_text(...)`` for an append, else
    the text as a plain ``str``."""
    name = stmt.target.name
    if not isinstance(stmt.target, n.Name) or name not in g.unboxed_text or g.fields:
        return None
    var = g.var(name)
    parts = _self_append(name, stmt)
    if parts is not None and all(_text_literal(p) for p in parts):
        return f"{var} += {py_str(''.join(p.value for p in parts))}"
    if parts is not None:
        return f"{var} += {g.owner.need('join_text')}({', '.join(g.expr(p, LAMBDA) for p in parts)})"
    if _text_literal(stmt.value):
        return f"{var} = {py_str(stmt.value.value)}"
    return f"{var} = str({g.expr(stmt.value, LAMBDA)})"


# --- numbers kept as plain ints ---------------------------------------------------------------


def _int_literal(e) -> bool:
    """An integer literal in the 64-bit range (a sign allowed)."""
    e = e.operand if isinstance(e, n.UnaryOp) and e.op in "+-" else e
    return isinstance(e, n.Number) and not e.is_decimal and loop_literal([e])


def _plain_operand(e, plain) -> bool:
    """An int literal, a variable of *plain*, or ``+``, ``-``, ``*`` of such: a plain int in
    generated code (each operation range-checked by ``bigint``)."""
    if isinstance(e, n.BinOp) and e.op in ("+", "-", "*"):
        return _plain_operand(e.left, plain) and _plain_operand(e.right, plain)
    return _int_literal(e) or (isinstance(e, n.Name) and e.name in plain
                               and not names.is_input_attr(e))


def _plain_assignment(name, stmt, plain) -> bool:
    """``stmt`` gives *name* a plain int: ``_plain_operand`` assigned or added (``x += a``,
    ``-=``, ``*=``), or a ``for each`` over literal whole numbers."""
    if isinstance(stmt, n.ForEach):
        items = stmt.iterable.items if isinstance(stmt.iterable, n.ListLit) else ()
        return not stmt.index and bool(items) and all(_int_literal(i) for i in items)
    return stmt.op in ("=", "+=", "-=", "*=") and _plain_operand(stmt.value, plain)


def _plain_compare(e, plain) -> bool:
    """A comparison of two plain operands, at least one with a plain variable in it."""
    return isinstance(e, n.BinOp) and e.op in COMPARISONS \
        and _plain_operand(e.left, plain) and _plain_operand(e.right, plain) \
        and not (_int_literal(e.left) and _int_literal(e.right))


def number_locals(g) -> frozenset[str]:
    """Variables kept as plain ``int``: proven NUMBERs whose every assignment gives a plain
    int (``_plain_assignment``), that a loop assigns (a counter, a loop variable: elsewhere
    a plain int saves nothing) and that a loop never reads but as an operand of such an
    assignment, of a comparison with another plain int, or in an f-string chain; every
    other read is ``Number(x)`` (once per run where no loop repeats it)."""
    kinds = g.kinds
    if kinds is None:
        return frozenset()
    looped = _assigned_in_loops(g.body, 0)
    plain = {name for name, kind in kinds.vars.items() if kind == NUMBER and name in kinds.values
             and name not in kinds.params and name not in kinds.unknown and name in looped}
    while True:
        kept = {name for name in plain
                if all(_plain_assignment(name, s, plain) for s in kinds.assignments[name])}
        kept -= _boxed_in_loops(g, g.body, kept, 0)
        if kept == plain:
            return frozenset(plain)
        plain = kept


def _assigned_in_loops(block, loops) -> set[str]:
    """Variables a loop assigns: loop variables, and assignments inside a loop's body."""
    found = set()
    for stmt in block.body:
        if isinstance(stmt, n.ForEach):
            found.add(stmt.var)
        elif loops and isinstance(stmt, n.Assign) and isinstance(stmt.target, n.Name):
            found.add(stmt.target.name)
        for sub in names.sub_blocks(stmt):
            found |= _assigned_in_loops(sub, loops + isinstance(stmt, n.ForEach))
    return found


def _boxed_in_loops(g, block, plain, loops) -> set[str]:
    """The variables of *plain* that a loop in *block* reads where a ``Number`` is needed."""
    found = set()
    for stmt in block.body:
        if isinstance(stmt, n.Assign) and isinstance(stmt.target, n.Name) \
                and stmt.target.name in plain and _plain_assignment(stmt.target.name, stmt, plain):
            continue
        if isinstance(stmt, n.If):
            exprs = [branch.cond for branch in stmt.branches]
        elif isinstance(stmt, n.ForEach):
            exprs = [stmt.iterable]
        else:
            exprs = list(names.statement_exprs(stmt))
        if loops:
            for e in exprs:
                _boxed_reads(g, e, plain, found)
        for sub in names.sub_blocks(stmt):
            found |= _boxed_in_loops(g, sub, plain, loops + isinstance(stmt, n.ForEach))
    return found


def _boxed_reads(g, e, plain, found):
    if _plain_compare(e, plain):
        return
    if isinstance(e, n.BinOp) and e.op == "+":
        parts = flatten_sum(e)
        if _formattable(g, parts):
            return
    if isinstance(e, n.Name) and e.name in plain:
        found.add(e.name)
    for child in names.iter_children(e):
        _boxed_reads(g, child, plain, found)


def number_assign(g, stmt: n.Assign) -> str | None:
    """An assignment to a plain-int variable: ``x = 5``, ``x = bigint(x + 1)``."""
    target = stmt.target
    if not isinstance(target, n.Name) or target.name not in g.unboxed_number or g.fields:
        return None
    var = g.var(target.name)
    if stmt.op != "=":
        return f"{var} = {g.owner.need('bigint')}({var} {stmt.op[0]} {plain_int(g, stmt.value)})"
    return f"{var} = {plain_int(g, stmt.value)}"


def plain_int(g, e) -> str:
    """A plain operand (``_plain_operand``) as Python: the literal, the variable, or
    ``bigint(a op b)``."""
    if isinstance(e, n.Name):
        return g.var(e.name)
    if isinstance(e, n.BinOp):
        return f"{g.owner.need('bigint')}({plain_int(g, e.left)} {e.op} {plain_int(g, e.right)})"
    return g.literal(e, wrap=False)


def plain_compare(g, e: n.BinOp) -> str | None:
    """A comparison of two plain ints: ``i < 10``, ``bigint(i * 2) > n``."""
    if not _on(g) or not g.unboxed_number or not _plain_compare(e, g.unboxed_number):
        return None
    op = "==" if e.op == "=" else e.op
    return f"{plain_int(g, e.left)} {op} {plain_int(g, e.right)}"


def not_boolean(g, e) -> bool:
    """True when ``e`` is proven a Deluge text, number, decimal, map or list: an operator on
    it needs no check for a boolean left operand (its own dunder answers every case)."""
    return _on(g) and g.kinds.kind(e) in SCALARS | {MAP, LIST} and g.kinds.is_value(e)


# --- module constants ----------------------------------------------------------------------


#: Names of the punctuation a short text constant may be made of: ``", "`` is TEXT_COMMA_SPACE.
_SYMBOLS = {
    " ": "SPACE", ",": "COMMA", "-": "DASH", ":": "COLON", ";": "SEMICOLON", ".": "DOT",
    "<": "LT", ">": "GT", "(": "LPAREN", ")": "RPAREN", "[": "LBRACKET", "]": "RBRACKET",
    "{": "LBRACE", "}": "RBRACE", "/": "SLASH", "|": "BAR", "=": "EQUALS", "&": "AMP",
    "#": "HASH", "@": "AT", "!": "BANG", "?": "QUESTION", "+": "PLUS", "*": "STAR",
    "%": "PERCENT", "$": "DOLLAR", "_": "UNDERSCORE", '"': "QUOTE", "'": "APOSTROPHE",
    "\n": "NEWLINE", "\t": "TAB",
}


def constant_name(value: str, prefix: str) -> str:
    """A readable constant name for a text: ``TEXT_ITEM_PRICE`` for ``"Item price"``,
    ``TEXT_COMMA_SPACE`` for ``", "``, ``TEXT_EMPTY`` for ``""``."""
    words = re.findall(r"[A-Za-z0-9]+", value)[:4]
    base = "_".join(words).upper()[:40]
    if not base and value and len(value) <= 3 and all(c in _SYMBOLS for c in value):
        base = "_".join(_SYMBOLS[c] for c in value)
    elif not value:
        base = "EMPTY"
    return f"{prefix}_{base}" if base else prefix


def loop_literal(items) -> bool:
    """True when a literal list's values can be built once, at import: texts, booleans,
    null and numbers in range (an out-of-range number must fail when the loop runs)."""
    from deluge2py.runtime.builtins import catalog

    for item in items:
        e = item.operand if isinstance(item, n.UnaryOp) and item.op in "+-" else item
        if isinstance(e, n.String) and not e.single_quoted or isinstance(e, (n.Bool, n.Null)):
            continue
        if isinstance(e, n.Number) and (e.is_decimal or (
                e.text.isdigit() and int(e.text) <= catalog.LONG_MAX)):
            continue
        return False
    return True


def flatten_sum(e: n.BinOp) -> list:
    """The operands of a left-leaning chain of ``+``: ``a + b + c`` -> [a, b, c]."""
    parts = []
    while isinstance(e, n.BinOp) and e.op == "+":
        parts.append(e.right)
        e = e.left
    parts.append(e)
    return parts[::-1]


class Constants:
    """The module constants the fast paths use, in order of first use, one per value."""

    def __init__(self):
        self.names: dict[str, str] = {}  # name -> Python expression
        self._by_value: dict[tuple, str] = {}

    def add(self, key: tuple, base: str, text: str) -> str:
        name = self._by_value.get(key)
        if name is None:
            name, counter = base, 2
            while name in self.names:
                name, counter = f"{base}_{counter}", counter + 1
            self.names[name] = text
            self._by_value[key] = name
        return name

    def lines(self) -> list[str]:
        return [f"{name} = {text}" for name, text in self.names.items()]


def text_constant(g, value: str) -> str:
    """The module constant holding ``text_key(value)``: ``Text(value)``, the object maps
    hold for that key text (``Map.put`` and ``Map(...)`` store the same one), so that a
    lookup with it finds the key by identity instead of comparing texts."""

    text = f"{g.owner.need('text_key')}({py_str(value)})"
    return g.owner.constants.add(("text", value), constant_name(value, "TEXT"), text)


# --- the fast paths (``g`` is the codegen's function generator) -----------------------------


def _on(g) -> bool:
    """Fast paths are on, and ``g`` is not inside a Creator criteria, where a name may be a
    field of the record rather than the variable of that name."""
    return g.kinds is not None and not g.fields


def _text_literal(e) -> bool:
    return isinstance(e, n.String) and not e.single_quoted


def _is_operand(g, e) -> bool:
    """True when ``_literal_or_value`` gives a Deluge value for ``e`` (it has no effects)."""
    if _text_literal(e):
        return True
    if is_literal(e) and not isinstance(e, n.String):
        return loop_literal([e])
    return g.kinds.is_value(e)


def _literal_or_value(g, e) -> str | None:
    """``e`` as a Deluge value: a literal wrapped (a text one as a constant), else ``e`` when
    it is proven to be one; None when it may be a plain Python value."""

    if _text_literal(e):
        return text_constant(g, e.value)
    if is_literal(e) and not isinstance(e, n.String):
        # an out-of-range number must fail as put/add fail on it, not be stored
        return g.literal(e, wrap=True) if loop_literal([e]) else None
    if g.kinds.is_value(e):

        return g.expr(e, LAMBDA)
    return None


def _is_text_key(g, e) -> bool:
    """True for a map key that is a text literal or proven to be a ``Text``."""
    return _text_literal(e) or (g.kinds.kind(e) == TEXT and g.kinds.is_value(e))


def method(g, e: n.MethodCall, canonical: str | None) -> str | None:
    """``put``/``get`` on a map and ``add`` on a list built in this function."""
    if not _on(g) or not isinstance(e.receiver, n.Name) or canonical is None:
        return None
    kind = g.kinds.kind(e.receiver)
    name, args = canonical.lower(), e.args
    if any(isinstance(a, n.Pair) for a in args):
        return None

    if kind == MAP and name == "put" and len(args) == 2 and _is_text_key(g, args[0]):
        value = _literal_or_value(g, args[1])
        if value is not None:
            receiver = g.expr(e.receiver, LAMBDA)
            key = text_constant(g, args[0].value) if _text_literal(args[0]) \
                else g.expr(args[0], LAMBDA)
            return f"{g.owner.need('map_put')}({receiver}, {key}, {value})"
    if kind == MAP and name == "get" and len(args) == 1 and _is_text_key(g, args[0]):
        receiver = g.expr(e.receiver, LAMBDA)
        key = text_constant(g, args[0].value) if _text_literal(args[0]) \
            else g.expr(args[0], LAMBDA)
        return f"{g.owner.need('map_get')}({receiver}, {key})"
    if kind == LIST and name == "add" and len(args) == 1:
        value = _literal_or_value(g, args[0])
        if value is not None:
            return f"{g.expr(e.receiver, PRIMARY)}.append({value})"
    return None


def put_statement(g, e, canonical: str | None) -> str | None:
    """``m.put(k, v);`` as a statement, on a map built here: ``m[k] = v``, the key a text
    literal's constant or a variable proven to be a ``Text`` (evaluating it before or after
    ``v`` is the same), ``v`` a Deluge value."""
    if not _on(g) or not isinstance(e, n.MethodCall) or not isinstance(e.receiver, n.Name) \
            or canonical is None or canonical.lower() != "put" or len(e.args) != 2:
        return None
    key, value = e.args
    if g.kinds.kind(e.receiver) != MAP or isinstance(value, n.Pair) \
            or not (_text_literal(key) or isinstance(key, n.Name) and _is_text_key(g, key)):
        return None
    value_text = _literal_or_value(g, value)
    if value_text is None:
        return None
    key_text = text_constant(g, key.value) if _text_literal(key) else g.expr(key, LAMBDA)
    return f"{g.expr(e.receiver, PRIMARY)}[{key_text}] = {value_text}"


def _formattable(g, parts) -> bool:
    """True for the operands of a text chain that ``_formatted`` writes as an f-string."""
    if TEXT not in (g.kinds.kind(parts[0]), g.kinds.kind(parts[1])):
        return False
    return all(_text_literal(part) or (
        isinstance(part, n.Name) and not names.is_input_attr(part)
        and g.kinds.kind(part) in (TEXT, NUMBER, DECIMAL) and g.kinds.is_value(part)
        and part.name not in g.info.undefined) for part in parts)


def _formatted(g, parts) -> str | None:
    """``Text(f"...")`` for a text chain whose parts are text literals and variables proven
    to hold a text, a number or a decimal (never null): an f-string prints each exactly as
    Deluge's ``+`` appends it (``format`` with no spec is ``str``: ``Number.__str__``,
    ``Decimal.__str__`` the Java rendering; a plain int or str prints the same).  None when
    another part is in the chain."""
    if not _formattable(g, parts):
        return None
    pieces = [py_str(part.value.replace("{", "{{").replace("}", "}}"))[1:-1]
              if _text_literal(part) else "{" + g.var(part.name) + "}" for part in parts]
    return f'{g.owner.need("Text")}(f"{"".join(pieces)}")'


def concat(g, e: n.BinOp) -> str | None:
    """``a + b + c ...`` that is a text from its first ``+`` on: ``concatenate(a, b, c, ...)``
    when ``a`` and ``b`` are Deluge values (literals wrapped, a text one as a constant: their
    own ``+`` decides the first step, as in the general path), else ``concatenate(a + b, c,
    ...)`` with the first ``+`` emitted as the general path emits it."""
    if not _on(g) or e.op != "+":
        return None
    parts = flatten_sum(e)
    if len(parts) < 2 or TEXT not in (g.kinds.kind(parts[0]), g.kinds.kind(parts[1])):
        return None
    formatted = _formatted(g, parts)
    if formatted is not None or len(parts) < 3:
        return formatted

    if _text_literal(parts[0]):
        first = [text_constant(g, parts[0].value)] + [g.expr(p, LAMBDA) for p in parts[1:2]]
    elif g.kinds.kind(parts[0]) == TEXT and g.kinds.is_value(parts[0]):  # a Text: no check
        first = [g.expr(p, LAMBDA) for p in parts[:2]]
    elif _is_text_key(g, parts[1]):
        # ``a + TEXT``: whatever ``a`` is, Python asks the Text first (``Text.__radd__``: a
        # str subclass with its own ``+``), which renders ``a`` as ``plus(a, "...")`` does
        second = text_constant(g, parts[1].value) if _text_literal(parts[1]) \
            else g.expr(parts[1], LAMBDA)
        first = [g.expr(parts[0], LAMBDA), second]
    elif _is_operand(g, parts[0]) and _is_operand(g, parts[1]):
        # Deluge values both: their own ``+`` (in the fold) is what the general path calls
        first = [_literal_or_value(g, p) for p in parts[:2]]
    else:
        inner = e
        while isinstance(inner.left, n.BinOp) and inner.left.op == "+":
            inner = inner.left
        first = [g.expr(inner, LAMBDA)]
    operands = first + [g.expr(p, LAMBDA) for p in parts[2:]]
    helper = f"concatenate{len(operands)}" if 3 <= len(operands) <= 5 else "concatenate"
    return f"{g.owner.need(helper)}({', '.join(operands)})"


def loop_constant(g, stmt: n.ForEach) -> str | None:
    """``for each x in {1, 2}``: the list's values as a module constant tuple."""
    items = stmt.iterable.items if isinstance(stmt.iterable, n.ListLit) else None
    if not _on(g) or stmt.index or not items or not loop_literal(items):
        return None
    plain = stmt.var in g.unboxed_number
    values = [g.literal(item, wrap=not plain) for item in items]
    text = f"({values[0]},)" if len(values) == 1 else f"({', '.join(values)})"
    base = re.sub(r"\W", "_", stmt.var).upper().strip("_") or "LOOP"
    return g.owner.constants.add(("loop", text), f"{base}_VALUES", text)
