"""Deluge's operators and language helpers.

The value classes' dunders handle the common same-type cases inline and call
these functions for everything else, so every rule lives here once:

* ``+`` concatenates as soon as either side is text (the other rendered as Deluge
  prints it, null as ``null``); otherwise it is arithmetic on numbers.
* NUMBER op NUMBER stays a NUMBER (64-bit, overflow is an error), except an inexact
  ``/`` which gives a DECIMAL; any DECIMAL operand gives a DECIMAL.
* ``/`` and ``%`` by zero are errors; ``%`` takes the dividend's sign (Java).
* ``==`` is numeric across NUMBER/DECIMAL, and loose between a number and a text
  holding a number (``200 == "200"``); null equals only null.
* Ordering compares numbers, texts (by code point) and numbers with numeric text;
  anything else, null included, is an error.

Every unsupported pair raises Zoho's "Left expression is of type ..." error.
See docs/semantics.md ("Runtime: values and operators") for the decisions.
"""

from __future__ import annotations

import linecache
import math
import operator
import os
import re
from operator import index

from . import values as V
from .errors import DelugeRuntimeError, operator_error

# The classes are defined whichever module is imported first (values imports this one last).
Text, Number, Decimal = V.Text, V.Number, V.Decimal

__all__ = [
    "add", "sub", "mul", "div", "mod", "equals", "compare", "strict_equals",
    "plus", "minus", "times", "divide", "modulo", "bigint",
    "truth", "contains_op", "set_field", "each", "each_index",
    "concatenate", "concatenate3", "concatenate4", "concatenate5", "join_text", "map_put",
    "map_get", "list_add",
]

_NUMERIC_TEXT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


def _is_number(x):
    """NUMBER or DECIMAL (a bool is not a number in Deluge)."""
    return isinstance(x, (int, float)) and type(x) is not bool


def _result(value):
    """A Deluge number for the Python result of an arithmetic operation."""
    if isinstance(value, int):
        return V._number(value)
    return float.__new__(V.Decimal, value)


def add(a, b):
    """``a + b``: text concatenation if either side is text, else arithmetic."""
    if isinstance(a, str) or isinstance(b, str):
        return V.Text(render(a) + render(b))
    if _is_number(a) and _is_number(b):
        return _result(_plain(a) + _plain(b))
    raise operator_error("+", a, b)


def sub(a, b):
    if _is_number(a) and _is_number(b):
        return _result(_plain(a) - _plain(b))
    raise operator_error("-", a, b)


def mul(a, b):
    if _is_number(a) and _is_number(b):
        return _result(_plain(a) * _plain(b))
    raise operator_error("*", a, b)


def div(a, b):
    """``a / b``: exact NUMBER division stays NUMBER (``4/2`` is 2), else DECIMAL (``5/2`` is 2.5)."""
    if not (_is_number(a) and _is_number(b)):
        raise operator_error("/", a, b)
    if b == 0:
        raise DelugeRuntimeError("Division by zero")
    a, b = _plain(a), _plain(b)
    if isinstance(a, int) and isinstance(b, int):
        if a % b == 0:
            return V._number(a // b)
        return float.__new__(V.Decimal, a / b)
    return float.__new__(V.Decimal, a / b)


def mod(a, b):
    """``a % b``: Java's remainder (the sign of the dividend)."""
    if not (_is_number(a) and _is_number(b)):
        raise operator_error("%", a, b)
    if b == 0:
        raise DelugeRuntimeError("Division by zero")
    a, b = _plain(a), _plain(b)
    if isinstance(a, int) and isinstance(b, int):
        r = abs(a) % abs(b)
        return V._number(-r if a < 0 else r)
    return float.__new__(V.Decimal, math.fmod(a, b))


def _plain(x):
    return int(x) if isinstance(x, int) else float(x)


# --- checked operators ---------------------------------------------------------------------
# Python's ``bool`` is an ``int``: ``True + 1`` is 2 where Deluge stops with "Left expression
# is of type BOOLEAN ...".  A boolean cannot be subclassed, so codegen writes ``plus(a, b)``
# for ``a + b`` when it cannot tell that ``a`` is no boolean; everything else goes to the
# value classes' own operators; what Python cannot add (null on the left...) goes to the full
# rules above.  (A boolean on the right meets a Deluge value's dunder.)


def _checked(name, symbol, python_op, deluge_op, numbers=None):
    """The checked form of one operator: ``python_op`` (the value classes' dunders) unless
    the left is a bool or Python has no answer (null on the left...), then ``deluge_op``.

    With ``numbers`` the number cases run here, in this one frame, on the plain values
    (``operator.index``/``float`` unwrap a Number/Decimal without a Python call; the dunders
    stay the reference and a test compares): ``"arith"`` for ``+``, ``-``, ``*`` (NUMBER op
    NUMBER range-checked, any DECIMAL operand a Java double), ``"mod"`` for ``%`` on
    non-negative NUMBERs.  Results below 256 are the shared ``SMALL_NUMBERS``."""

    small = V.SMALL_NUMBERS
    if numbers == "arith":  # the operator itself in line (a call of ``python_op``: 15 ns)
        return _arith(name, symbol, deluge_op)
    if numbers is None:
        def checked(a, b):
            if a.__class__ is not bool:
                try:
                    return python_op(a, b)
                except TypeError:
                    pass
            return deluge_op(a, b)
    elif numbers == "mod":
        def checked(a, b):
            t = a.__class__
            if t is Number:
                u = b.__class__
                if u is int or u is Number:
                    x, y = index(a), index(b)
                    if y > 0 and x >= 0:  # Java's remainder is Python's here
                        r = x % y
                        return small[r] if r < 256 else Number(r)
            elif t is bool:
                return deluge_op(a, b)
            try:
                return python_op(a, b)
            except TypeError:
                return deluge_op(a, b)

    checked.__code__ = checked.__code__.replace(co_name=name, co_qualname=name)
    checked.__name__ = checked.__qualname__ = name
    checked.__doc__ = f"``a {symbol} b`` for a left operand that may be a boolean."
    return checked


_ARITH = """\
def {name}(a, b):
    t = a.__class__
    u = b.__class__
    if t is Number:
        if u is Number or u is int:
            r = index(a) {symbol} index(b)
            if 0 <= r < 256:
                return _SMALL[r]
            if -0x8000000000000000 <= r <= 0x7FFFFFFFFFFFFFFF:
                return Number(r)
        elif u is Decimal or u is float:
            return Decimal(float(a) {symbol} float(b))
    elif t is Decimal:
        if u is Decimal or u is float or u is Number or u is int:
            return Decimal(float(a) {symbol} float(b))
    elif t is bool:
        return {deluge_op}(a, b)
    try:
        return a {symbol} b
    except TypeError:
        return {deluge_op}(a, b)
"""


def _arith(name, symbol, deluge_op):
    """``_checked``'s ``"arith"`` form of ``symbol``, from the template above (which calls
    ``deluge_op`` by its name in this module)."""
    assert globals().get(deluge_op.__name__) is deluge_op
    return _from_template(name, _ARITH.format(name=name, symbol=symbol,
                                              deluge_op=deluge_op.__name__),
                          f"``a {symbol} b`` for a left operand that may be a boolean.")


def _from_template(name, source, doc):
    """The function *name* that *source* defines, in this module's globals and registered
    with ``linecache`` so tracebacks and pdb show it.  Named in this folder and module, its
    frame is deluge2py's own for tracebacks, pytest's report and the debugger."""
    filename = os.path.join(os.path.dirname(os.path.abspath(__file__)), f"<ops.{name}>")
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace = {}
    exec(compile(source, filename, "exec"), globals(), namespace)  # noqa: S102 (our template)
    function = namespace[name]
    function.__doc__ = doc
    return function


_SMALL = V.SMALL_NUMBERS


plus = _checked("plus", "+", operator.add, add, "arith")
minus = _checked("minus", "-", operator.sub, sub, "arith")
times = _checked("times", "*", operator.mul, mul, "arith")
divide = _checked("divide", "/", operator.truediv, div)
modulo = _checked("modulo", "%", operator.mod, mod, "mod")


def bigint(value):
    """*value*, a plain int the codegen computed for a NUMBER it keeps as a plain ``int`` (a
    counter, a loop variable over literal numbers), when it is in the 64-bit range; else
    the error ``Number``'s own operators raise."""
    if V.NUMBER_MIN <= value <= V.NUMBER_MAX:
        return value
    return V._number(value)


def _numeric_text(text):
    """The number a text holds (``"200"`` → 200, ``"2.5"`` → 2.5), or None."""
    text = text.strip()
    if not _NUMERIC_TEXT.fullmatch(text):
        return None
    return float(text) if "." in text else int(text)


def equals(a, b):
    """Deluge ``==``."""
    if a is None or b is None:
        return a is b
    if type(a) is bool or type(b) is bool:
        return type(a) is type(b) and a is b
    if _is_number(a):
        if _is_number(b):
            return _plain(a) == _plain(b)
        if isinstance(b, str):
            n = _numeric_text(b)
            return n is not None and n == _plain(a)
        return False
    if _is_number(b):
        return equals(b, a)
    if isinstance(a, str) and isinstance(b, str):
        return str.__eq__(a, b)
    result = a.__eq__(b)
    if result is NotImplemented:
        result = b.__eq__(a)
    return result is True


def strict_equals(a, b):
    """Type-strict equality, as ``contains``/``distinct``/``indexOf`` compare elements:
    ``1`` and ``"1"`` differ, ``1`` and ``1.0`` differ, ``true`` and ``1`` differ."""
    if _kind(a) != _kind(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(strict_equals(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(strict_equals(x, y) for x, y in zip(a, b))
    return a == b


def _kind(x):
    if x is None or type(x) is bool:
        return type(x)
    for kind in (str, int, float, dict, list):
        if isinstance(x, kind):
            return kind
    return type(x)


_ORDER = {
    "<": lambda x, y: x < y,
    "<=": lambda x, y: x <= y,
    ">": lambda x, y: x > y,
    ">=": lambda x, y: x >= y,
}


_FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}


def compare(op, a, b):
    """Deluge ``<``, ``<=``, ``>``, ``>=``."""
    if _is_number(a) and _is_number(b):
        return _ORDER[op](_plain(a), _plain(b))
    if isinstance(a, str) and isinstance(b, str):
        return _ORDER[op](str(a), str(b))
    if _is_number(a) and isinstance(b, str):
        n = _numeric_text(b)
        if n is not None:
            return _ORDER[op](_plain(a), n)
    if isinstance(a, str) and _is_number(b):
        n = _numeric_text(a)
        if n is not None:
            return _ORDER[op](n, _plain(b))
    if isinstance(b, (V.DateTime, V.Time)):  # they compare with date-like text themselves
        return _ORDER[_FLIPPED[op]](b, a)
    if isinstance(a, (V.DateTime, V.Time)):
        return _ORDER[op](a, b)
    raise operator_error(op, a, b)


# --- language helpers ---------------------------------------------------------------------


def truth(x):
    """The boolean of a condition or of an ``&&``/``||``/``!`` operand: only booleans are."""
    if x is True or x is False:
        return x
    from .errors import type_name

    raise DelugeRuntimeError(f"Condition must be of type BOOLEAN, but the value is of type "
                             f"{type_name(x)}")


def contains_op(x, container):
    """Deluge ``x in c``: an element of a list (type-strict, like ``contains``), a key of a
    map, a part of a text."""
    if isinstance(container, str):
        if x is None:
            return False
        return render(x) in container
    if isinstance(container, dict):
        return x in container and any(strict_equals(x, k) for k in container)
    if isinstance(container, V.Collection):
        items = container.data.keys() if container.keyed else container.data
        return any(strict_equals(x, item) for item in items)
    if isinstance(container, list):
        return any(strict_equals(x, item) for item in container)
    raise operator_error("in", x, container)


def set_field(record, field, value):
    """``record.Field = value``: a map entry, or an attribute of a record object."""
    if isinstance(record, dict):
        dict.__setitem__(record, V.Text(field), V.to_deluge(value))
    elif isinstance(record, V.Collection) and record.keyed is not False:
        if record.keyed is None:
            record.data, record.keyed = V.Map(), True
        dict.__setitem__(record.data, V.Text(field), V.to_deluge(value))
    elif record is None:
        raise DelugeRuntimeError(f"Cannot set the field '{field}' of null")
    elif isinstance(record, list) and hasattr(record, "get_field"):  # a Creator record set
        record.put(field, value)
    else:  # never setattr: a field name written in Deluge must not reach Python's attributes
        from .errors import type_name

        raise DelugeRuntimeError(
            f"Cannot set the field '{field}' of a value of type {type_name(record)}")


# --- the codegen's fast paths (transpiler/fastpaths.py): the same operations, unchecked ---

#: ``m.put(key, v)`` inside an expression, on a map the code built, the key a Text and ``v``
#: a Deluge value (as a statement the codegen writes ``m[key] = v``).
map_put = dict.__setitem__
#: ``m.get(key)`` on such a map.
map_get = dict.get
#: ``l.add(v)`` as modules converted before 2026-12-04 wrote it (now ``l.append(v)``); kept so
#: that such a module still imports.
list_add = list.append


def concatenate(first, *rest):
    """``first + rest[0] + rest[1] ...``: Deluge's ``+`` folded left to right, in one call
    for a chain the codegen proved to be text early.  Until the sum is a text, ``+`` itself
    decides; from then on every operand is appended as Deluge prints it (``Text.__add__``
    appends exactly that: a text as it is, a NUMBER's digits, anything else ``render``)."""
    if first.__class__ is not Text:
        for i, part in enumerate(rest):
            first = first + part
            if first.__class__ is Text:
                rest = rest[i + 1:]
                break
        else:
            return first
    return Text(_joined(first, rest))


# The everyday chains, of three to five operands, have a function each (the codegen calls
# ``concatenate3(a, b, c)``...) that tests every operand in line: about 80 ns less than the
# loop and the ``*rest`` of ``concatenate``.  Until the first operand is a text they hand
# the chain to ``concatenate``, whose fold decides.


def _concatenate_n(count):
    """``concatenate`` of exactly *count* operands, from a template (source in linecache)."""
    names = "abcdefgh"[:count]
    lines = [f"def concatenate{count}({', '.join(names)}):",
             "    if a.__class__ is not Text:",
             f"        return concatenate({', '.join(names)})"]
    for x in names[1:]:
        lines += [f"    t = {x}.__class__",
                  "    if t is not Text and t is not str:",
                  f"        {x} = f\"{{index({x})}}\" if t is Number else render({x})"]
    lines.append(f"    return Text(_join(({', '.join(names)})))")
    return _from_template(f"concatenate{count}", "\n".join(lines) + "\n",
                          f"``concatenate`` of {count} operands.")


def _joined(first, rest) -> str:
    """*first* and the operands of *rest* appended as Deluge's ``+`` appends them."""
    pieces = [first]
    append = pieces.append
    for part in rest:
        t = part.__class__
        if t is Text or t is str:
            append(part)
        elif t is Number:
            append(f"{index(part)}")
        else:
            append(render(part))
    return _join(pieces)


def join_text(*parts) -> str:
    """The parts as Deluge's ``+`` appends them to a text, joined into a plain ``str``: the
    codegen's ``s += join_text(a, b)`` for ``s = s + a + b`` where ``s`` is a text kept as a
    plain ``str`` (CPython then grows it in place instead of copying it every time)."""
    if len(parts) == 2:  # the everyday ``s = s + line + "; "``, in line (as concatenate)
        a, b = parts
        t = a.__class__
        if t is not Text and t is not str:
            a = f"{index(a)}" if t is Number else render(a)
        t = b.__class__
        if t is not Text and t is not str:
            b = f"{index(b)}" if t is Number else render(b)
        return _join((a, b))
    return _joined("", parts)


_join = "".join


def _snapshot(x):
    """The elements a ``for each`` visits, copied so changes inside the loop do not affect it.
    A tuple is the codegen's constant of a literal list's values."""
    if type(x) is tuple:
        return x
    if isinstance(x, list):
        return tuple(x)
    if isinstance(x, str):
        return tuple(V.Text(part) for part in x.split(",")) if x else ()
    if isinstance(x, V.Collection):
        return tuple(x)
    if isinstance(x, dict):
        return tuple(x)
    if x is None:
        raise DelugeRuntimeError("Cannot iterate over null with for each")
    iterate = getattr(x, "__iter__", None)
    if iterate is None or isinstance(x, (int, float)):
        from .errors import type_name

        raise DelugeRuntimeError(f"Cannot iterate over a value of type {type_name(x)} "
                                 f"with for each")
    return tuple(V.to_deluge(item) for item in x)


def each(x, statements=1):
    """``for each v in x``: the elements of a snapshot of *x*, charging *statements* per
    iteration to the statement limit.  Text splits on commas; a map gives its keys."""
    # A list, the commonest case, is copied by ``list.copy`` (C, its storage at once):
    # ``tuple()`` of a list subclass goes element by element.  Same elements, same order.
    t = x.__class__
    if t is _List or t is list:
        items = _copy_list(x) if x else ()
    else:
        items = _snapshot(x)
    ctx = _active_get()
    if ctx is None:
        ctx = current()
    return ctx.limits.iterate(items, statements)


def each_index(x, statements=1):
    """``for each index i in x``: 0 .. size-1 of a snapshot of *x*."""
    size = len(_snapshot(x))
    indexes = V.SMALL_NUMBERS[:size] if size <= len(V.SMALL_NUMBERS) else tuple(
        V.Number(i) for i in range(size))
    return _limits().iterate(indexes, statements)


def _limits():
    return current().limits


_copy_list = list.copy
_List = V.List


from .active import active as _active  # noqa: E402
from .active import current  # noqa: E402
from .render import render  # noqa: E402  (render imports values, which imports this module)

_active_get = _active.get  # ``current()`` without its call when a context is active

concatenate3, concatenate4, concatenate5 = (_concatenate_n(n) for n in (3, 4, 5))
