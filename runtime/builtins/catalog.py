"""The catalog of Deluge built-ins: every method with the value types it applies
to, and every function of ``functions.py``.

It is built on first use by introspection, so it never disagrees with the code:
a method is a function marked by ``@builtin`` (``__deluge_builtin__``) found in
the ``__dict__`` of a value class or one of its mixins, and resolved through the
class's MRO (Python's own ``str``/``dict``/``list`` methods never count).  Null
and boolean receivers get the methods of ``CommonMethods``.  Names are matched
case-insensitively, since Deluge's are (``tolong()`` is ``toLong()``).

The transpiler calls ``canonical_method``/``canonical_function`` at convert
time; this module imports only the runtime (standard library).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from . import LONG_MAX, LONG_MIN  # the range of Number (a Java long), for the compiler too

__all__ = ["LONG_MAX", "LONG_MIN", "Entry", "canonical_method", "canonical_function",
           "encryption_functions", "receivers", "entries", "implementation", "conflicts",
           "python_shadowed", "register_functions", "RECORD_SET_METHODS", "ERROR_FIELDS",
           "NOT_IMPLEMENTED_METHODS", "NOT_IMPLEMENTED_CRM_TASKS"]

#: Value classes of ``values.py`` (and ``dates.py``), by the names receivers use.
VALUE_CLASSES = ("Text", "Number", "Decimal", "Map", "List", "Collection", "DateTime", "Time", "File")
NULL, BOOLEAN = "Null", "Boolean"

#: The fields of a caught error (``catch (e)``: ``e.lineNo``, ``e.message``), by lower case.
ERROR_FIELDS = {"lineno": "lineNo", "message": "message"}

#: Deluge methods and zoho.crm tasks Zoho documents (so its editor saves them) that the
#: runtime does not implement yet: ``check`` warns instead of refusing them, and a run
#: that reaches one stops with a Deluge error.
NOT_IMPLEMENTED_METHODS = frozenset({"tocollection", "tofile", "setfilename", "getfilename"})
NOT_IMPLEMENTED_CRM_TASKS = frozenset({"invokeconnector"})

#: Methods of a fetched Creator record set (``creator.Records``), by lower-case name.
RECORD_SET_METHODS = {name.lower(): name for name in (
    "getall", "count", "sum", "avg", "maximum", "minimum", "distinct", "put")}


@dataclass(frozen=True)
class Entry:
    """One built-in: ``kind`` is "method" or "function"; ``implementations`` maps a
    receiver type name to the function that serves it (empty for true functions)."""

    name: str
    kind: str
    implementations: dict = field(default_factory=dict, compare=False)

    @property
    def receivers(self) -> frozenset:
        return frozenset(self.implementations)


@dataclass
class _Catalog:
    methods: dict  # lower-case name -> Entry
    functions: dict  # lower-case name -> Entry
    by_class: dict  # Python class -> receiver name
    conflicts: list  # names spelled two ways by different classes
    shadowed: frozenset  # method names some runtime class answers with Python's own


def _resolve(cls, name):
    """The attribute ``cls.name`` resolves to, if it is a Deluge built-in."""
    for klass in cls.__mro__:
        if name in vars(klass):
            attr = vars(klass)[name]
            return attr if getattr(attr, "__deluge_builtin__", False) else None
    return None


def _builtin_names(cls):
    names = set()
    for klass in cls.__mro__:
        for name, attr in vars(klass).items():
            if getattr(attr, "__deluge_builtin__", False) and not name.startswith("_"):
                names.add(name)
    return names


_functions: dict = {"names": (), "forwarded": ()}


def register_functions(names, forwarded) -> None:
    """Called by ``functions.py`` when it loads (``deluge2py.runtime`` always loads it):
    the names of the built-in functions, and those that forward to a method.  So the
    catalog lists them without importing the function namespace, which uses it."""
    _functions["names"], _functions["forwarded"] = tuple(names), tuple(forwarded)
    _build.cache_clear()


@functools.cache
def _build() -> _Catalog:
    from .. import dates, values
    from .common import CommonMethods

    classes = {}
    for receiver in VALUE_CLASSES:
        cls = getattr(values, receiver, None) or getattr(dates, receiver, None)
        if cls is not None:
            classes[receiver] = cls
    methods, conflicts = {}, []

    def record(name, receiver, implementation):
        entry = methods.setdefault(name.lower(), Entry(name, "method"))
        if entry.name != name and name not in conflicts:
            conflicts.append(name)
        entry.implementations[receiver] = implementation

    for receiver, cls in classes.items():
        for name in sorted(_builtin_names(cls)):
            implementation = _resolve(cls, name)
            if implementation is not None:
                record(name, receiver, implementation)
    for name in sorted(_builtin_names(CommonMethods) - CommonMethods.NOT_FOR_NULL_OR_BOOLEAN):
        for receiver in (NULL, BOOLEAN):
            record(name, receiver, vars(CommonMethods)[name])

    function_entries, forwarded = {}, set(_functions["forwarded"])
    for name in _functions["names"]:
        method = methods.get(name.lower()) if name in forwarded else None
        implementations = dict(method.implementations) if method else {}
        function_entries[name.lower()] = Entry(name, "function", implementations)
    by_class = {cls: receiver for receiver, cls in classes.items()}
    by_class.update({type(None): NULL, bool: BOOLEAN})
    return _Catalog(methods, function_entries, by_class, conflicts,
                    _shadowed(methods, list(classes.values())))


def _shadowed(methods, classes) -> frozenset:
    """Catalogued names that a class a script can hold resolves to something other
    than a Deluge built-in (``dict.update``, ``list.insert``...): generated code
    must not write those as attributes."""
    from ..creator import Records
    from ..errors import DelugeRuntimeError

    holdable = [*classes, Records, DelugeRuntimeError, bool, type(None)]
    names = set()
    for entry in methods.values():
        for cls in holdable:
            if cls is Records and entry.name.lower() in RECORD_SET_METHODS:
                continue  # the record set's own method
            if hasattr(cls, entry.name) and _resolve(cls, entry.name) is None:
                names.add(entry.name.lower())
    return frozenset(names)


def canonical_method(name: str) -> str | None:
    """The canonical spelling of a method name (any case), or None if unknown."""
    entry = _build().methods.get(name.lower())
    return entry.name if entry else None


def canonical_function(name: str) -> str | None:
    """The canonical spelling of a built-in function name (any case), or None."""
    entry = _build().functions.get(name.lower())
    return entry.name if entry else None


def python_shadowed(name: str) -> bool:
    """True when some runtime value answers ``x.name`` with a Python attribute that
    is not the Deluge built-in (so ``name`` must be called through ``call_method``)."""
    return name.lower() in _build().shadowed


def receivers(name: str) -> set:
    """Names of the value types a method (or forwarding function) applies to:
    ``Text``, ``Number``, ... and ``Null``/``Boolean`` for the common methods."""
    catalog = _build()
    entry = catalog.methods.get(name.lower()) or catalog.functions.get(name.lower())
    return set(entry.receivers) if entry else set()


def entries() -> list:
    """Every method and function entry, methods first, each group sorted by name."""
    catalog = _build()
    return sorted(catalog.methods.values(), key=lambda e: e.name.lower()) + \
        sorted(catalog.functions.values(), key=lambda e: e.name.lower())


def conflicts() -> list:
    """Method names spelled differently by two classes (should be empty)."""
    return list(_build().conflicts)


def implementation(name: str, value):
    """The function serving ``value.name(...)``, or None if the method does not
    apply to this value's type."""
    catalog = _build()
    entry = catalog.methods.get(name.lower())
    if entry is None:
        return None
    receiver = catalog.by_class.get(type(value))
    if receiver is None:
        for cls in type(value).__mro__:
            receiver = catalog.by_class.get(cls)
            if receiver is not None:
                break
    return entry.implementations.get(receiver)


def encryption_functions() -> frozenset:
    """The lower-cased names of the ``zoho.encryption`` functions."""
    from . import encoding

    return frozenset(name.lower() for name in encoding.__all__)
