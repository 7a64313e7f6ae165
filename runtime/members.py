"""The closed member model: what ``x.name`` and ``x.name(...)`` reach at run time.

Generated code writes a member access as a Python attribute only when the name is
in the catalog of Deluge built-ins (``x.toLong()``) and no runtime value class
answers that name with a Python method of its own (``catalog.python_shadowed``).
Every other member goes through this module with the name as *text*, so a name
written in Deluge never reaches Python's ``getattr``:

* ``get_field(x, "Name")``: ``x.Name`` without parentheses: the field of a Creator
  record (a map) or record set, ``lineNo``/``message`` of a caught error;
* ``call_method(x, "name", ...)``: a method the catalog lists for another type or
  does not list at all: the catalog's implementation for ``x``'s type, a method of
  a Creator record set, or the Deluge error "Not able to find 'name' function for
  TEXT".

docs/security.md states the model; tests/test_security_*.py pin it.
"""

from __future__ import annotations

from .builtins import catalog
from .creator import Records
from .errors import DelugeRuntimeError, type_name

__all__ = ["get_field", "call_method", "undefined", "not_found"]



def not_found(name: str, value) -> DelugeRuntimeError:
    """Deluge's error for a member the value's type does not have."""
    if value is None:
        return DelugeRuntimeError(f"'{name}' function cannot be applied on null")
    return DelugeRuntimeError(f"Not able to find '{name}' function for {type_name(value)}")


def get_field(value, name: str):
    """``value.name``: a field of a Creator record or record set, or of a caught error."""
    if isinstance(value, Records):
        return value.get_field(name)
    if isinstance(value, dict):  # a Creator record is a map of its fields
        return dict.get(value, name)
    if isinstance(value, DelugeRuntimeError):
        field = catalog.ERROR_FIELDS.get(name.lower())
        if field is not None:
            return getattr(value, field)
    raise not_found(name, value)


#: (name, value type) -> ``catalog.implementation``, or None.  Names come from the code of
#: the scripts run, so the table stays small.
_implementations: dict = {}


def call_method(value, name: str, *args):
    """``value.name(args)`` for a name generated code cannot write as an attribute."""
    if isinstance(value, Records):
        method = catalog.RECORD_SET_METHODS.get(name.lower())
        if method is not None:
            return getattr(Records, method)(value, *args)
    try:
        implementation = _implementations[name, type(value)]
    except KeyError:  # the catalog answers by the value's type alone
        implementation = _implementations[name, type(value)] = catalog.implementation(name, value)
    if implementation is None and isinstance(value, BaseException):
        from .render import render
        from .values import Text

        value = Text(render(value))  # a catch variable acts as its text (docs/semantics.md)
        implementation = catalog.implementation(name, value)
    if implementation is None:
        raise not_found(name, value)
    return implementation(value, *args)


def undefined(name: str):
    """A variable a function with a header reads but never assigns (Zoho's editor
    refuses such a function; ``check`` reports it)."""
    raise DelugeRuntimeError(f"Variable '{name}' is not defined")
