"""List, Map (KEY-VALUE) and Collection built-ins, as mixins of the value classes
(``MapMethods`` and the shared key texts are in ``maps.py``, re-exported here).

`ListMethods` and `MapMethods` sit in front of Python's `list` and `dict`, so
the Deluge meaning wins for the names both share (`get`, `keys`, `values`,
`remove`, `sort`, `clear`); Python's protocol (iteration, `len`, `==`, `dict(m)`,
json, pickling) is untouched. Element comparisons are type-strict
(`ops.strict_equals`): `1`, `1.0`, `"1"` and `true` are four different values.
Task-style methods (add, put, remove, insert, ...) change the receiver and
return null; the others return new Deluge values.
"""

from __future__ import annotations

import math
from itertools import islice
from operator import index as _index, indexOf

from .. import values as V
from . import NUMBER, REQUIRED, arity_error, builtin, convert_argument, hot_builtin, type_name
from ..errors import DelugeRuntimeError

ADD_ALL_LIMIT = 25_000
_INVALID_ENTRIES = ("List contains invalid({}) entries hence' can not be cast to 'valid list "
                    "and perform desired operation")


# ----------------------------------------------------------------------- helpers


def _strict_key(value):
    """A hashable key equal for two values exactly when `ops.strict_equals` holds."""
    if value is None or isinstance(value, bool):
        return (type(value).__name__, value)
    if isinstance(value, str):
        return ("text", str(value))
    if isinstance(value, int):
        return ("number", int(value))
    if isinstance(value, float):
        return ("decimal", float(value))
    if isinstance(value, dict):
        return ("map", frozenset((_strict_key(k), _strict_key(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ("list", tuple(_strict_key(v) for v in value))
    try:
        return (type(value).__name__, hash(value))
    except TypeError:
        return (type(value).__name__, id(value))


def _strict_eq(a, b) -> bool:
    return V.ops.strict_equals(a, b)


def _strict_matches(value, items):
    """For each of *items*, True when it is type-strictly equal to *value*
    (``ops.strict_equals``), computed in C; None when *value* has no such test.

    A text equals another text of the same characters: ``str.__eq__`` answers True, False
    or NotImplemented (not a text), and only True counts.  A whole number equals another
    whole number of the same value: ``int.__eq__`` answers the same way, and it would
    also take a boolean for 0 or 1, so those two numbers take the slow path."""
    if isinstance(value, str):
        return map(str.__eq__.__get__(value), items)
    if isinstance(value, int) and type(value) is not bool and not 0 <= value <= 1:
        return map(int.__eq__.__get__(value), items)
    return None


def _contains(items, value) -> bool:
    """Whether one of *items* is type-strictly equal to *value*."""
    matches = _strict_matches(value, items)
    if matches is not None:
        return True in matches
    return _index_of(items, value) >= 0


def _index_of(items, value, start=0) -> int:
    matches = _strict_matches(value, islice(items, start, None))
    if matches is not None:
        try:
            return indexOf(matches, True) + start
        except ValueError:
            return -1
    for i in range(start, len(items)):
        if _strict_eq(items[i], value):
            return i
    return -1


def _check_index(index: int, size: int) -> int:
    if index >= size:
        raise DelugeRuntimeError(f"Given index {index} is greater than the list size")
    if index < 0:
        raise DelugeRuntimeError(f"Given index {index} is less than zero")
    return index


def _elements(value, what: str) -> list:
    """The elements of a list-like argument (a LIST, an index COLLECTION)."""
    if isinstance(value, list):
        return value
    if isinstance(value, V.Collection):
        return list(value)
    raise DelugeRuntimeError(f"The argument of {what} must be a LIST but got {type_name(value)}")


def _sort_kind(value):
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, V.DateTime):
        return "date"
    if isinstance(value, V.Time):
        return "time"
    return None


def _sorted(items, ascending) -> list | None:
    """Sorted copy, or None when the elements are not all of one sortable type."""
    kinds = {_sort_kind(v) for v in items}
    if len(kinds) > 1 or None in kinds:
        return None
    key = str if kinds == {"text"} else None  # Text compares by code point, as Java does
    return sorted(items, key=key, reverse=not ascending)


def _numbers(items) -> list:
    """The elements as numbers for the aggregate functions, or Zoho's error."""
    for value in items:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise DelugeRuntimeError(_INVALID_ENTRIES.format(type_name(value)))
    return list(items)


def _ascending(order) -> bool:
    if isinstance(order, bool):
        return order
    if isinstance(order, str) and order.strip().lower() in ("asc", "desc"):
        return order.strip().lower() == "asc"
    raise DelugeRuntimeError(f"Invalid sort order '{order}': use \"asc\" or \"desc\"")


# ----------------------------------------------------------------------- typed lists

_TEXT_TYPES = {"string", "text"}
_NUMBER_TYPES = {"int", "integer", "number", "bigint", "long"}
_DECIMAL_TYPES = {"float", "decimal", "double"}
_DATE_TYPES = {"date", "datetime", "timestamp", "date-time"}
_BOOL_TYPES = {"bool", "boolean"}


def _typed(element_type, value):
    """Coerce a value for a typed list (`List:String()` ...), Zoho's documented rules."""
    kind = str(element_type).lower()
    render = V.render.render
    if kind in _TEXT_TYPES:
        return value if value is None or isinstance(value, str) else V.Text(render(value))
    if kind in _NUMBER_TYPES:
        number = _as_number(value, whole=True)
    elif kind in _DECIMAL_TYPES:
        if isinstance(value, V.DateTime):
            return value.toLong()
        number = _as_number(value, whole=False)
        number = None if number is None else V.Decimal(float(number))
    elif kind in _DATE_TYPES:
        try:
            from ..dates import to_datetime

            return value if value is None else to_datetime(value)
        except DelugeRuntimeError:
            number = None
    elif kind in _BOOL_TYPES:
        if isinstance(value, bool) or value is None:
            return value
        text = str(value).strip().lower() if isinstance(value, str) else None
        if text in ("true", "false"):
            return text == "true"
        number = None
    else:
        return value
    if number is None and value is not None:
        raise DelugeRuntimeError(
            f"Value {render(value)} of type {type_name(value)} cannot be added to a list of type "
            f"{element_type}")
    return number


def _as_number(value, whole: bool):
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = V.ops._numeric_text(value)
        if value is None:
            return None
    if isinstance(value, float) and whole:
        return None
    return V.to_deluge(value) if isinstance(value, (int, float)) else None


class _SizedMethods:
    """`size` and `isEmpty`, shared by LIST and KEY-VALUE (their Python lengths)."""

    __slots__ = ()

    @hot_builtin
    def size(self, *extra):
        if extra:
            raise arity_error("size")
        return V.Number(len(self))

    @hot_builtin
    def isEmpty(self, *extra):
        if extra:
            raise arity_error("isEmpty")
        return len(self) == 0


# ----------------------------------------------------------------------- List


class ListMethods(_SizedMethods):
    """Deluge LIST functions (mixin of `values.List`)."""

    __slots__ = ()

    def _coerce(self, value):
        value = V.to_deluge(value)
        element_type = getattr(self, "element_type", None)
        return _typed(element_type, value) if element_type else value

    # -- changing the list (task-style: return null) ---------------------------------

    @hot_builtin
    def add(self, value=REQUIRED, *extra):
        """Append one element; a list is added as one nested element."""
        if value is REQUIRED or extra:
            raise arity_error("add")
        if type(value) not in V.DELUGE_TYPES:
            value = V.to_deluge(value)
        try:
            element_type = self.element_type
        except AttributeError:  # a List made without ``__init__``
            element_type = None
        if element_type:
            value = _typed(element_type, value)
        _list_append(self, value)

    @builtin
    def addAll(self, values):
        items = _elements(values, "addAll")
        if len(items) > ADD_ALL_LIMIT:
            raise DelugeRuntimeError(f"addAll can add at most {ADD_ALL_LIMIT} elements at a time")
        list.extend(self, [self._coerce(v) for v in items])

    @builtin
    def remove(self, index: NUMBER):
        """Remove the element at a 0-based index and return it."""
        return list.pop(self, _check_index(index, len(self)))

    @builtin
    def removeElement(self, value):
        """Remove the first element equal (type-strict) to `value`; absent is no error."""
        if getattr(self, "element_type", None):
            value = self._coerce(value)
        at = _index_of(self, value)
        if at >= 0:
            list.pop(self, at)

    @builtin
    def removeAll(self, values):
        unwanted = {_strict_key(v) for v in _elements(values, "removeAll")}
        self[:] = [v for v in self if _strict_key(v) not in unwanted]

    @builtin
    def clear(self):
        list.clear(self)

    # -- reading -----------------------------------------------------------------------

    @hot_builtin
    def get(self, index=REQUIRED, *extra):
        if index is REQUIRED or extra:
            raise arity_error("get")
        t = type(index)
        if t is not V.Number and t is not int:
            index = convert_argument(NUMBER, index, 1, "get")
        i = _index(index)  # a plain int: comparing it costs no Deluge operator
        if 0 <= i < len(self):
            return _list_item(self, i)
        return _list_item(self, _check_index(index, len(self)))  # raises Deluge's error

    @builtin
    def contains(self, value):
        return _contains(self, value)

    @builtin
    def notContains(self, value):
        return not _contains(self, value)

    @builtin
    def indexOf(self, value):
        return V.Number(_index_of(self, value))

    @builtin
    def lastIndexOf(self, value):
        for i in range(len(self) - 1, -1, -1):
            if _strict_eq(self[i], value):
                return V.Number(i)
        return V.Number(-1)

    @builtin
    def subList(self, start: NUMBER, end: NUMBER = None):
        """Elements from `start` (inclusive) to `end` (exclusive, default: the end)."""
        size = len(self)
        stop = size if end is None else end
        if start < 0 or stop > size or start > stop:
            raise DelugeRuntimeError(
                f"Invalid indices {start} and {stop} for subList of a list of size {size}")
        return V.List(list.__getitem__(self, slice(start, stop)))

    @builtin
    def distinct(self):
        seen, kept = set(), []
        for value in self:
            key = _strict_key(value)
            if key not in seen:
                seen.add(key)
                kept.append(value)
        return V.List(kept)

    @builtin
    def intersect(self, other):
        """Elements of this list also in `other`, in this list's order."""
        wanted = {_strict_key(v) for v in _elements(other, "intersect")}
        return V.List([v for v in self if _strict_key(v) in wanted])

    @builtin
    def sort(self, ascending=None):
        """A sorted copy (ascending unless `false`); null for mixed element types."""
        if ascending is not None and not isinstance(ascending, bool):
            raise DelugeRuntimeError("The argument of sort must be a BOOLEAN")
        result = _sorted(self, ascending is not False)
        return None if result is None else V.List(result)

    # -- numbers ---------------------------------------------------------------------

    @builtin
    def sum(self):
        numbers = _numbers(self)
        if all(isinstance(v, int) for v in numbers):
            return V.to_deluge(sum(int(v) for v in numbers))
        return V.Decimal(math.fsum(float(v) for v in numbers))

    @builtin
    def average(self):
        numbers = _numbers(self)
        return V.Decimal(math.fsum(float(v) for v in numbers) / len(numbers)) if numbers else None

    @builtin
    def median(self):
        numbers = sorted(_numbers(self))
        if not numbers:
            return None
        middle = len(numbers) // 2
        if len(numbers) % 2:
            return numbers[middle]
        return V.Decimal((float(numbers[middle - 1]) + float(numbers[middle])) / 2)

    def _extreme(self, largest: bool):
        if not self:
            return None
        kinds = {_sort_kind(v) for v in self}
        if len(kinds) != 1 or kinds & {None, "text"}:
            _numbers(self)  # raises Zoho's message naming the bad entry
            raise DelugeRuntimeError(_INVALID_ENTRIES.format("LIST"))
        return (max if largest else min)(self)

    @builtin
    def largest(self):
        return self._extreme(True)

    @builtin
    def smallest(self):
        return self._extreme(False)

    def _nth(self, n: int, largest: bool):
        numbers = sorted(_numbers(self), reverse=largest)
        if not 1 <= n <= len(numbers):
            raise DelugeRuntimeError(f"Given position {n} is outside the list of size {len(numbers)}")
        return numbers[n - 1]

    @builtin
    def nthLargest(self, n: NUMBER):
        return self._nth(n, True)

    @builtin
    def nthSmallest(self, n: NUMBER):
        return self._nth(n, False)

    @builtin
    def percentile(self, p):
        """The nearest-rank percentile (0-100) of the numbers."""
        numbers = sorted(_numbers(self))
        if isinstance(p, bool) or not isinstance(p, (int, float)) or not 0 <= p <= 100:
            raise DelugeRuntimeError("The percentile must be a number from 0 to 100")
        if not numbers:
            return None
        rank = max(1, math.ceil(p / 100 * len(numbers)))
        return numbers[rank - 1]

    @builtin
    def rank(self, value, order="desc"):
        """1-based position of `value` among the sorted numbers (descending by default)."""
        numbers = sorted(_numbers(self), reverse=not _ascending(order))
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise DelugeRuntimeError(_INVALID_ENTRIES.format(type_name(value)))
        for position, number in enumerate(numbers, 1):
            if number == value:
                return V.Number(position)
        raise DelugeRuntimeError(f"The value {value} is not present in the list")



# ----------------------------------------------------------------------- Collection


class CollectionMethods:
    """Deluge COLLECTION functions (mixin of `values.Collection`).

    The collection's `data` is a List (index-value) or a Map (key-value); `keyed`
    is None while it is empty and untyped."""

    __slots__ = ()

    def _values(self) -> list:
        return list(dict.values(self.data)) if self.keyed else list(self.data)

    def _make_keyed(self, keyed: bool):
        if self.keyed is None:
            self.keyed = keyed
            self.data = V.Map() if keyed else V.List()
        elif self.keyed != keyed:
            kind = "key-value" if self.keyed else "index-value"
            raise DelugeRuntimeError(f"This collection is {kind}; it cannot take "
                                     f"{'key-value pairs' if keyed else 'values without keys'}")

    def _copy(self, keyed, items):
        copy = V.Collection()
        if items:
            copy.keyed = keyed
            copy.data = V.Map(items) if keyed else V.List(items)
        return copy

    # -- changing -----------------------------------------------------------------------

    @builtin
    def insert(self, *values):
        """`c.insert("a", "b")` appends values; `c.insert({"k": v})` (Deluge's
        `c.insert("k": v)`, as for the constructor) puts keys, updating existing ones."""
        if not values:
            raise DelugeRuntimeError("No. of arguments mismatches for the function insert")
        if len(values) == 1 and isinstance(values[0], dict) and self.keyed is not False:
            self._make_keyed(True)
            self.data.putAll(values[0])
            return
        self._make_keyed(False)
        list.extend(self.data, [V.to_deluge(v) for v in values])

    @builtin
    def insertAll(self, values):
        if isinstance(values, V.Collection):
            values = values.data
        if isinstance(values, dict):
            if self.keyed is False:
                raise DelugeRuntimeError("This collection is index-value; it cannot take key-value pairs")
            self.insert(values)
        elif isinstance(values, list):
            if values:
                self.insert(*values)
        else:
            raise DelugeRuntimeError(f"The argument of insertAll must be a LIST or KEY-VALUE "
                                     f"but got {type_name(values)}")

    @builtin
    def deleteKey(self, key):
        if self.keyed:
            self.data.remove(key)
        else:
            list.pop(self.data, _check_index(_index_arg(key), len(self.data)))

    @builtin
    def deleteKeys(self, keys):
        keys = _elements(keys, "deleteKeys")
        if self.keyed:
            for key in keys:
                self.data.remove(key)
            return
        indices = {_check_index(_index_arg(k), len(self.data)) for k in keys}
        self.data[:] = [v for i, v in enumerate(self.data) if i not in indices]

    @builtin
    def delete(self, value):
        """Remove the first element (or key-value pair) whose value is `value`."""
        if self.keyed:
            key = self.getKey(value)
            if key is not None:
                dict.pop(self.data, key)
        elif self.keyed is False:
            self.data.removeElement(value)

    @builtin
    def deleteAll(self, values):
        for value in _elements(values, "deleteAll"):
            while self.containsValue(value):
                self.delete(value)

    @builtin
    def update(self, key, value):
        """Replace the value at an existing index or key."""
        if self.keyed:
            if not self.containsKey(key):
                raise DelugeRuntimeError(f"The key {key} is not present in the collection")
            dict.__setitem__(self.data, key, V.to_deluge(value))
        else:
            index = _check_index(_index_arg(key), len(self.data))
            list.__setitem__(self.data, index, V.to_deluge(value))

    @builtin
    def clear(self):
        self.data, self.keyed = V.List(), None

    # -- reading ---------------------------------------------------------------------------

    @builtin
    def get(self, key):
        if self.keyed:
            return self.data.get(key)
        return list.__getitem__(self.data, _check_index(_index_arg(key), len(self.data)))

    @builtin
    def getAsString(self, key):
        value = self.get(key)
        return None if value is None else V.Text(V.render.render(value))

    def _find_key(self, value, last: bool):
        if self.keyed:
            found = [k for k, v in dict.items(self.data) if _strict_eq(v, value)]
            return (found[-1] if last else found[0]) if found else None
        indices = [i for i, v in enumerate(self.data) if _strict_eq(v, value)]
        return V.Number((indices[-1] if last else indices[0]) if indices else -1)

    @builtin
    def getKey(self, value):
        return self._find_key(value, last=False)

    @builtin
    def getLastKey(self, value):
        return self._find_key(value, last=True)

    @builtin
    def keys(self):
        return V.List(dict.keys(self.data) if self.keyed else self.data)

    @builtin
    def values(self):
        return V.List(self._values())

    @builtin
    def size(self):
        return V.Number(len(self.data))

    @builtin
    def isEmpty(self):
        return len(self.data) == 0

    @builtin
    def containsKey(self, key):
        if self.keyed:
            return self.data.containKey(key)
        index = key if isinstance(key, int) and not isinstance(key, bool) else None
        return index is not None and 0 <= index < len(self.data)

    @builtin
    def containsValue(self, value):
        return any(_strict_eq(value, v) for v in self._values())

    @builtin
    def notContains(self, value):
        """Index collections test values, key-value collections test keys (as maps do)."""
        if self.keyed:
            return not self.data.containKey(value)
        return not self.containsValue(value)

    @builtin
    def duplicate(self, start: NUMBER = None, end: NUMBER = None):
        """A copy, or the part from `start` (inclusive) to `end` (exclusive)."""
        items = list(dict.items(self.data)) if self.keyed else list(self.data)
        stop = len(items) if end is None else end
        first = 0 if start is None else start
        if first < 0 or stop > len(items) or first > stop:
            raise DelugeRuntimeError(
                f"Invalid indices {first} and {stop} for a collection of size {len(items)}")
        return self._copy(self.keyed, items[first:stop])

    @builtin
    def distinct(self):
        seen, kept = set(), []
        for item in (dict.items(self.data) if self.keyed else self.data):
            key = _strict_key(item[1] if self.keyed else item)
            if key not in seen:
                seen.add(key)
                kept.append(item)
        return self._copy(self.keyed, kept)

    @builtin
    def intersect(self, other):
        if isinstance(other, V.Collection):
            other = other._values()
        return V.List(self._values()).intersect(other)

    @builtin
    def sort(self, ascending=None):
        """Index collections: sorted values. Key-value collections: ordered by value."""
        if ascending is not None and not isinstance(ascending, bool):
            raise DelugeRuntimeError("The argument of sort must be a BOOLEAN")
        if not self.keyed:
            result = _sorted(self._values(), ascending is not False)
            return None if result is None else self._copy(False, result)
        items = list(dict.items(self.data))
        order = _sorted([v for _, v in items], ascending is not False)
        if order is None:
            return None
        remaining = list(items)
        ordered = []
        for value in order:
            at = next(i for i, (_, v) in enumerate(remaining) if v is value)
            ordered.append(remaining.pop(at))
        return self._copy(True, ordered)

    @builtin
    def sortKey(self, ascending=None):
        """A key-value collection ordered by key; null when keys are of mixed types."""
        if ascending is not None and not isinstance(ascending, bool):
            raise DelugeRuntimeError("The argument of sortKey must be a BOOLEAN")
        if not self.keyed:
            return self.sort(ascending)
        order = _sorted(list(dict.keys(self.data)), ascending is not False)
        if order is None:
            return None
        return self._copy(True, [(k, dict.__getitem__(self.data, k)) for k in order])


_list_append, _list_item = list.append, list.__getitem__


def _index_arg(key) -> int:
    if isinstance(key, bool) or not isinstance(key, (int, float)) or key != int(key):
        raise DelugeRuntimeError(f"The index of an index-value collection must be a NUMBER "
                                 f"but got {type_name(key)}")
    return int(key)


def _delegate(name):
    def method(self, *args):
        return getattr(V.List(self._values()), name)(*args)

    method.__name__, method.__qualname__ = name, f"CollectionMethods.{name}"
    method.__doc__ = f"`{name}` of the collection's values."
    method.__deluge_builtin__ = True
    return method


for _name in ("sum", "average", "median", "largest", "smallest", "nthLargest", "nthSmallest",
              "percentile", "rank", "contains", "indexOf", "lastIndexOf"):
    setattr(CollectionMethods, _name, _delegate(_name))
del _name

# MapMethods and the shared key texts live in maps.py; imported last, since maps.py uses the
# helpers above (values.py and callers import them from here).
from .maps import (_NO_KEY, _TEXT_KEYS, _TEXT_KEYS_SIZE, MapMethods,  # noqa: E402,F401
                   _map_key, _probe_key, text_key)
