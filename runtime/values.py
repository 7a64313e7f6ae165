"""Deluge values.

Text, Number, Decimal, Map and List subclass Python's own types, so method calls
stay as written and pdb shows ordinary values.  Their methods come from mixins in
``builtins/``; their operator dunders implement Deluge's rules (``ops.py``) and
always return Deluge values.  null is ``None`` and booleans are ``bool``.

``to_deluge`` converts plain Python values at the edges, ``to_python`` back.
"""

from __future__ import annotations

import datetime as _dt
from operator import index

from .builtins.collections import CollectionMethods, ListMethods, MapMethods, text_key
from .builtins.common import CommonMethods
from .builtins.json_xml import JsonListMethods, JsonMapMethods
from .builtins.number import NumberMethods
from .builtins.text import TextMethods
from .dates import DateTime, TextDateMethods, Time
from .errors import DelugeRuntimeError

__all__ = [
    "Text", "Number", "Decimal", "Map", "List", "Collection", "File", "DateTime", "Time",
    "to_deluge", "to_python", "NUMBER_MIN", "NUMBER_MAX",
]

from .builtins import LONG_MAX as NUMBER_MAX  # noqa: E402  (Number is a Java long)
from .builtins import LONG_MIN as NUMBER_MIN  # noqa: E402

_str_add = str.__add__
_int_repr = int.__repr__


def _boxed(r):
    """The Number for a plain int result: a shared one below 256, the range checked."""
    if 0 <= r < 256:
        return SMALL_NUMBERS[r]
    if NUMBER_MIN <= r <= NUMBER_MAX:
        return Number(r)
    return _number(r)


def _number(value):
    """A Number from a Python int, raising Deluge's error outside the 64-bit range."""
    if NUMBER_MIN <= value <= NUMBER_MAX:
        return Number(value)
    raise DelugeRuntimeError(f"Number {value} is out of range for a 64-bit number (BIGINT)")


class _Delegated:
    """Operators whose every case is decided in `ops` (no fast path worth its code)."""

    __slots__ = ()

    def __sub__(self, other):
        return ops.sub(self, other)

    def __rsub__(self, other):
        return ops.sub(other, self)

    def __mul__(self, other):
        return ops.mul(self, other)

    def __rmul__(self, other):
        return ops.mul(other, self)

    def __truediv__(self, other):
        return ops.div(self, other)

    def __rtruediv__(self, other):
        return ops.div(other, self)

    def __mod__(self, other):
        return ops.mod(self, other)

    def __rmod__(self, other):
        return ops.mod(other, self)

    def __lt__(self, other):
        return ops.compare("<", self, other)

    def __le__(self, other):
        return ops.compare("<=", self, other)

    def __gt__(self, other):
        return ops.compare(">", self, other)

    def __ge__(self, other):
        return ops.compare(">=", self, other)


class Text(TextMethods, TextDateMethods, CommonMethods, _Delegated, str):
    """Deluge TEXT.  ``+`` concatenates with any value rendered as Deluge prints it."""

    __slots__ = ()

    # ``Text(s)`` and ``float(x)``-style calls below are deliberate: calling the type is
    # faster than ``str.__new__(Text, s)`` or an unbound dunder (these run per operator).

    def __add__(self, other):
        t = type(other)
        if t is Text or t is str:
            return Text(_str_add(self, other))
        if t is Number:
            return Text(_str_add(self, _int_repr(other)))
        if t is Decimal:
            return Text(_str_add(self, java_double(other)))
        return ops.add(self, other)

    def __radd__(self, other):
        t = type(other)
        if t is str:
            return Text(_str_add(other, self))
        if t is Number:
            return Text(_str_add(_int_repr(other), self))
        return ops.add(other, self)

    def __neg__(self):
        raise DelugeRuntimeError("Operator - is not valid for an expression of type TEXT")

    __pos__ = __neg__


class Number(NumberMethods, CommonMethods, _Delegated, int):
    """Deluge NUMBER (BIGINT): a 64-bit signed integer; overflow is a runtime error."""

    __slots__ = ()

    # The same-type cases run inline on the plain ints ``operator.index`` gives (17 ns;
    # ``int(self)`` or an unbound ``int.__add__`` take 50-60 ns); results below 256 are the
    # shared ``SMALL_NUMBERS`` (written out in each method: a call to ``_boxed`` would cost
    # as much as the sharing saves); ``_number`` is reached only to raise the overflow error.

    def __add__(self, other):
        t = type(other)
        if t is Number or t is int:
            r = index(self) + index(other)
            if 0 <= r < 256:
                return SMALL_NUMBERS[r]
            return Number(r) if NUMBER_MIN <= r <= NUMBER_MAX else _number(r)
        if t is Decimal or t is float:
            return Decimal(float(self) + float(other))
        return ops.add(self, other)

    def __radd__(self, other):
        if type(other) is int:
            r = other + index(self)
            if 0 <= r < 256:
                return SMALL_NUMBERS[r]
            return Number(r) if NUMBER_MIN <= r <= NUMBER_MAX else _number(r)
        return ops.add(other, self)

    def __sub__(self, other):
        t = type(other)
        if t is Number or t is int:
            r = index(self) - index(other)
            if 0 <= r < 256:
                return SMALL_NUMBERS[r]
            return Number(r) if NUMBER_MIN <= r <= NUMBER_MAX else _number(r)
        if t is Decimal or t is float:
            return Decimal(float(self) - float(other))
        return ops.sub(self, other)

    def __rsub__(self, other):
        if type(other) is int:
            r = other - index(self)
            if 0 <= r < 256:
                return SMALL_NUMBERS[r]
            return Number(r) if NUMBER_MIN <= r <= NUMBER_MAX else _number(r)
        return ops.sub(other, self)

    def __mul__(self, other):
        t = type(other)
        if t is Number or t is int:
            r = index(self) * index(other)
            if 0 <= r < 256:
                return SMALL_NUMBERS[r]
            return Number(r) if NUMBER_MIN <= r <= NUMBER_MAX else _number(r)
        if t is Decimal or t is float:
            return Decimal(float(self) * float(other))
        return ops.mul(self, other)

    def __rmul__(self, other):
        if type(other) is int:
            r = other * index(self)
            if 0 <= r < 256:
                return SMALL_NUMBERS[r]
            return Number(r) if NUMBER_MIN <= r <= NUMBER_MAX else _number(r)
        return ops.mul(other, self)

    def __mod__(self, other):
        t = type(other)
        if t is Number or t is int:
            x, y = index(self), index(other)
            if y > 0 and x >= 0:  # the common case; Java's sign rule in ops
                return _boxed(x % y)
        return ops.mod(self, other)

    def __neg__(self):
        return _number(-int(self))

    def __pos__(self):
        return self

    def __abs__(self):
        return _number(abs(int(self)))

    def __eq__(self, other):
        t = type(other)
        if t is Number or t is int:
            return index(self) == index(other)
        return ops.equals(self, other)

    def __ne__(self, other):
        return not self.__eq__(other)

    def __lt__(self, other):
        t = type(other)
        if t is Number or t is int:
            return index(self) < index(other)
        return ops.compare("<", self, other)

    def __le__(self, other):
        t = type(other)
        if t is Number or t is int:
            return index(self) <= index(other)
        return ops.compare("<=", self, other)

    def __gt__(self, other):
        t = type(other)
        if t is Number or t is int:
            return index(self) > index(other)
        return ops.compare(">", self, other)

    def __ge__(self, other):
        t = type(other)
        if t is Number or t is int:
            return index(self) >= index(other)
        return ops.compare(">=", self, other)

    __hash__ = int.__hash__
    # the C method itself, not a Python ``def``: ``str(n)`` and ``f"{n}"`` take 60 ns less
    __str__ = int.__repr__


#: ``Number(0)`` .. ``Number(255)``, built once: the fast paths hand these out for small
#: results (a NUMBER is immutable and never compared by identity).
SMALL_NUMBERS = tuple(Number(i) for i in range(256))


class Decimal(NumberMethods, CommonMethods, _Delegated, float):
    """Deluge DECIMAL: a Java double, printed like Java's ``Double.toString``."""

    __slots__ = ()

    def __add__(self, other):
        t = type(other)
        if t is Decimal or t is float or t is Number or t is int:
            return Decimal(float(self) + float(other))
        return ops.add(self, other)

    def __radd__(self, other):
        t = type(other)
        if t is float or t is int:
            return Decimal(float(other) + float(self))
        return ops.add(other, self)

    def __sub__(self, other):
        t = type(other)
        if t is Decimal or t is float or t is Number or t is int:
            return Decimal(float(self) - float(other))
        return ops.sub(self, other)

    def __mul__(self, other):
        t = type(other)
        if t is Decimal or t is float or t is Number or t is int:
            return Decimal(float(self) * float(other))
        return ops.mul(self, other)

    def __truediv__(self, other):
        t = type(other)
        if (t is Decimal or t is float or t is Number or t is int) and other != 0:
            return Decimal(float(self) / float(other))
        return ops.div(self, other)

    def __neg__(self):
        return Decimal(-float(self))

    def __pos__(self):
        return self

    def __abs__(self):
        return Decimal(abs(float(self)))

    def __eq__(self, other):
        return ops.equals(self, other)

    def __ne__(self, other):
        return not ops.equals(self, other)

    def __lt__(self, other):
        t = type(other)
        if t is Decimal or t is float or t is Number or t is int:
            return float.__lt__(self, other)
        return ops.compare("<", self, other)

    def __le__(self, other):
        t = type(other)
        if t is Decimal or t is float or t is Number or t is int:
            return float.__le__(self, other)
        return ops.compare("<=", self, other)

    def __gt__(self, other):
        t = type(other)
        if t is Decimal or t is float or t is Number or t is int:
            return float.__gt__(self, other)
        return ops.compare(">", self, other)

    def __ge__(self, other):
        t = type(other)
        if t is Decimal or t is float or t is Number or t is int:
            return float.__ge__(self, other)
        return ops.compare(">=", self, other)

    __hash__ = float.__hash__

    def __str__(self):
        return java_double(self)


class _Operands(_Delegated):
    """Operators of Map, List, Collection and File: only text concatenation is defined."""

    __slots__ = ()

    def __add__(self, other):
        return ops.add(self, other)

    def __radd__(self, other):
        return ops.add(other, self)

    __iadd__ = __add__

    __imul__ = _Delegated.__mul__

    def __neg__(self):
        raise DelugeRuntimeError(f"Operator - is not valid for an expression of type "
                                 f"{errors.type_name(self)}")

    __pos__ = __neg__

    def __str__(self):
        return render.render(self)


class Map(MapMethods, JsonMapMethods, CommonMethods, _Operands, dict):
    """Deluge KEY-VALUE: insertion-ordered, case-sensitive keys.  ``Map(d)`` converts keys and values."""

    __slots__ = ()

    def __init__(self, data=None):
        if data:
            if isinstance(data, dict):
                data = data.items()
            # text keys are the shared ``text_key`` objects: a lookup with a key constant of
            # generated code (or a key ``put`` stored) then finds them by identity
            pairs = [(text_key(k) if type(k) is str or type(k) is Text else to_deluge(k),
                      to_deluge(v)) for k, v in data]
            try:
                dict.__init__(self, pairs)
            except TypeError:  # a list or map as a key
                dict.__init__(self, [(map_key(k), v) for k, v in pairs])

    __eq__ = dict.__eq__
    __ne__ = dict.__ne__
    __hash__ = None


class List(ListMethods, JsonListMethods, CommonMethods, _Operands, list):
    """Deluge LIST.  ``List(text)`` splits on commas; ``element_type`` is set by ``List:String()``."""

    element_type = None  # also for a List made without ``__init__`` (a copy, an unpickling)

    def __init__(self, data=None, element_type=None):
        self.element_type = element_type
        if data is None:
            return
        if isinstance(data, str):
            list.__init__(self, (Text(part) for part in data.split(",")) if data else ())
        elif isinstance(data, Collection):
            list.__init__(self, data.data.values() if data.keyed else data.data)
        else:
            list.__init__(self, [to_deluge(item) for item in data])

    __eq__ = list.__eq__
    __ne__ = list.__ne__
    __hash__ = None


def _frozen(value):
    """A hashable stand-in for *value*'s contents (lists and maps nested at any depth)."""
    if isinstance(value, list):
        return ("list",) + tuple(_frozen(item) for item in value)
    if isinstance(value, dict):
        return ("map",) + tuple((_frozen(k), _frozen(v)) for k, v in value.items())
    if isinstance(value, Collection):
        return ("collection", _frozen(value.data))
    return value


class KeyList(List):
    """A list used as a map key (Zoho's keys page: keys "can be numbers or lists"): a copy
    taken when it becomes a key, hashed by its contents."""

    def __hash__(self):
        return hash(_frozen(self))


class KeyMap(Map):
    """A map used as a map key (see ``KeyList``)."""

    def __hash__(self):
        return hash(_frozen(self))


def map_key(key):
    """*key* as a map holds it: a list or map becomes its hashable copy.  A collection
    cannot be a key here (a runtime error)."""
    if isinstance(key, list) and not isinstance(key, KeyList):
        return KeyList(key)
    if isinstance(key, dict) and not isinstance(key, KeyMap):
        return KeyMap(key)
    if isinstance(key, Collection):
        raise DelugeRuntimeError("A COLLECTION cannot be used as a key of a KEY-VALUE")
    return key


class Collection(CollectionMethods, CommonMethods, _Operands):
    """Deluge COLLECTION: index-value (``Collection("a", "b")``) or key-value
    (``Collection({"k": "v"})``, from Deluge's ``Collection("k": "v")``), never both.

    ``data`` holds a ``List`` (index-value) or a ``Map`` (key-value); ``keyed`` says which,
    and is None while an empty collection has not been given its first element.
    """

    __slots__ = ("data", "keyed")

    def __init__(self, *values):
        if len(values) == 1 and isinstance(values[0], dict):
            self.data, self.keyed = Map(values[0]), True
        elif values:
            self.data, self.keyed = List(values), False
        else:
            self.data, self.keyed = List(), None

    def __len__(self):
        return len(self.data)

    def __iter__(self):
        return iter(self.data.values() if self.keyed else self.data)

    def __eq__(self, other):
        if isinstance(other, Collection):
            return self.data == other.data
        return NotImplemented

    __hash__ = None

    def deluge_str(self):
        return render.render(self.data) if self.data else "{}"

    def deluge_json(self):
        return self.data

    def __repr__(self):
        if self.keyed:
            return f"Collection({dict.__repr__(self.data)})"
        return f"Collection(*{list.__repr__(self.data)})"


class File(CommonMethods, _Operands):
    """Deluge FILE: a name, the bytes, and a content type."""

    __slots__ = ("name", "content", "content_type")

    def __init__(self, name, content=b"", content_type=None):
        self.name = str(name)
        self.content = content.encode("utf-8") if isinstance(content, str) else bytes(content)
        self.content_type = content_type

    def __eq__(self, other):
        if isinstance(other, File):
            return (self.name, self.content) == (other.name, other.content)
        return NotImplemented

    __hash__ = None

    def deluge_str(self):
        return self.name

    def deluge_json(self):
        return self.name

    def __repr__(self):
        return f"File({self.name!r}, <{len(self.content)} bytes>)"


# --- conversion at the edges -----------------------------------------------------------------

#: The types ``to_deluge`` returns unchanged (hot paths test ``type(v) in DELUGE_TYPES``
#: before calling it).
DELUGE_TYPES = _KEEP = frozenset({Text, Number, Decimal, Map, List, Collection, File, DateTime,
                                  Time, bool, type(None)})


def _from_datetime(value):
    return DateTime.from_python(value)


_CONVERT = {
    str: Text,
    int: _number,
    float: Decimal,
    dict: Map,
    list: List,
    tuple: List,
    _dt.datetime: _from_datetime,
    _dt.date: _from_datetime,
}


def to_deluge(value):
    """The Deluge value for a plain Python value; Deluge values come back unchanged.

    Unknown objects (records of a backend, errors) are returned as they are.
    """
    t = type(value)
    if t in _KEEP:
        return value
    if t is int:  # the everyday plain values in line (a call of ``_CONVERT``'s costs 60%)
        if 0 <= value < 256:
            return SMALL_NUMBERS[value]
        return Number(value) if NUMBER_MIN <= value <= NUMBER_MAX else _number(value)
    if t is str:
        return Text(value)
    convert = _CONVERT.get(t)
    if convert is not None:
        return convert(value)
    for base, convert in _CONVERT.items():
        if isinstance(value, base):
            return convert(value)
    return value


def to_python(value):
    """Plain Python types (str, int, float, bool, None, dict, list, datetime) for *value*."""
    if value is None or type(value) is bool:
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, dict):
        return {to_python(k): to_python(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_python(v) for v in value]
    if isinstance(value, Collection):
        return to_python(value.data)
    to_py = getattr(value, "to_python", None)
    return to_py() if to_py is not None else value


from . import errors, ops, render  # noqa: E402  (the dunders above read these at call time)
from .render import java_double  # noqa: E402
