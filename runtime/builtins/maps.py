"""Map (KEY-VALUE) built-ins, as the mixin of ``values.Map``, and the shared key texts
(``text_key``): moved out of ``collections.py``, which still re-exports them.

``MapMethods`` sits in front of Python's ``dict``, so the Deluge meaning wins for the
names both share (``get``, ``keys``, ``values``, ``remove``, ``clear``). Keys are compared
type-strictly (``collections._strict_eq``). Task-style methods (put, remove, ...) change
the receiver and return null.
"""

from __future__ import annotations

from .. import values as V
from . import REQUIRED, arity_error, builtin, hot_builtin, type_name
from ..errors import DelugeRuntimeError
from .collections import _SizedMethods, _strict_eq, _strict_matches


# ----------------------------------------------------------------------- Map


class MapMethods(_SizedMethods):
    """Deluge KEY-VALUE functions (mixin of `values.Map`). Keys are case-sensitive."""

    __slots__ = ()

    @hot_builtin
    def put(self, key=REQUIRED, value=REQUIRED, *extra):
        """Add or overwrite; an overwritten key keeps its position."""
        if value is REQUIRED or extra:
            raise arity_error("put")
        t = type(key)
        if t is not V.Text:
            if t is str:  # a literal key: the Text shared for it (see ``text_key``)
                key = _shared_key(key) or text_key(key)
            else:
                key = _map_key(key)
        if type(value) not in V.DELUGE_TYPES:
            value = V.to_deluge(value)
        _dict_set(self, key, value)

    @builtin
    def putAll(self, other):
        if isinstance(other, V.Collection) and other.keyed is not False:
            other = other.data
        if not isinstance(other, dict):
            raise DelugeRuntimeError(f"The argument of putAll must be a KEY-VALUE but got {type_name(other)}")
        for key, value in dict.items(other):
            dict.__setitem__(self, _map_key(key), V.to_deluge(value))

    @hot_builtin
    def get(self, key=REQUIRED, default=None, *extra):
        """The value of `key`, or null. (`default` serves Python callers; Deluge passes one argument.)"""
        if key.__class__ is str and not extra:  # a literal of generated code: the shared
            # key text, which the map holds, is found by identity (no Text ==), at once
            return _dict_get(self, _shared_key(key, key), default)
        if key is REQUIRED or extra:
            raise arity_error("get")
        try:
            return _dict_get(self, key, default)
        except TypeError:  # a list or map as the key
            key = _probe_key(key)
            return default if key is _NO_KEY else dict.get(self, key, default)

    @builtin
    def keys(self):
        return V.List(dict.keys(self))

    @builtin
    def values(self):
        return V.List(dict.values(self))

    @builtin
    def remove(self, key):
        key = _probe_key(key)
        if key is not _NO_KEY:
            dict.pop(self, key, None)

    @builtin
    def clear(self):
        dict.clear(self)

    @builtin
    def containKey(self, key):
        """Whether a key type-strictly equal to `key` is in the map (`1` is not `"1"`)."""
        matches = _strict_matches(key, dict.keys(self))
        if matches is not None:  # a key found may still be another type's equal key
            return dict.__contains__(self, key) and True in matches
        key = _probe_key(key)
        return key is not _NO_KEY and dict.__contains__(self, key) and any(
            _strict_eq(key, k) for k in dict.keys(self))

    @builtin
    def containValue(self, value):
        matches = _strict_matches(value, dict.values(self))
        if matches is not None:
            return True in matches
        return any(_strict_eq(value, v) for v in dict.values(self))

    containsKey = containKey
    containsValue = containValue

    @builtin
    def notContains(self, key):
        return not self.containKey(key)


_dict_get, _dict_set = dict.get, dict.__setitem__

#: The Text made for each plain-str key ``Map.put`` has seen (see ``text_key``).
_TEXT_KEYS: dict = {}
_TEXT_KEYS_SIZE, _shared_key = 4096, _TEXT_KEYS.get


def text_key(key: str):
    """``Text(key)``, the same object for the same key text (up to 4,096 texts of at most 64
    characters): putting a literal key again then finds the stored key by identity, without
    comparing texts (a ``Text`` comparison costs a Python-level call, about 50 ns).  Texts
    are immutable, so sharing one is invisible.  Code that builds maps or hoists key
    constants can take its keys from here too, so that lookups meet the same objects."""
    text = _TEXT_KEYS.get(key)
    if text is None:
        text = V.Text(key)
        if len(_TEXT_KEYS) < _TEXT_KEYS_SIZE and len(key) <= 64:
            _TEXT_KEYS[key] = text
    return text


def _map_key(key):
    """A key for a map: any value; a list or map is held as a hashable copy."""
    return V.map_key(V.to_deluge(key))


_NO_KEY = object()  # a value no map can hold (null is a key like any other)


def _probe_key(key):
    """The key to look *key* up with, or ``_NO_KEY`` when no map can hold it (a collection)."""
    try:
        return _map_key(key)
    except DelugeRuntimeError:
        return _NO_KEY
