"""Built-in methods (mixins of the value classes) and functional forms.

Besides the per-type modules, this package holds the small piece every built-in
shares: the ``builtin`` decorator.  It checks the number of arguments and
converts each one by its annotation, so a wrong call raises a Zoho-style
``DelugeRuntimeError`` instead of a Python ``TypeError``::

    @builtin
    def subString(self, start: NUMBER, end: NUMBER = None): ...

Annotations are converters (``TEXT``, ``NUMBER``, ``DECIMAL``, ``BOOLEAN``);
an unannotated parameter takes any value.  Arguments left out keep their
Python default and are not converted.

Contract with the catalog: a mixin's public attributes are Deluge built-ins;
helpers start with ``_``.  This module must stay light: ``values.py`` imports
the mixins, and through them this package, while it is itself being imported.
"""

from __future__ import annotations

import functools
import math

from ..errors import DelugeRuntimeError, type_name

__all__ = ["builtin", "hot_builtin", "REQUIRED", "arity_error", "convert_argument", "TEXT",
           "NUMBER", "DECIMAL", "BOOLEAN", "type_name", "whole", "DelugeRuntimeError", "MAX_TEXT"]

LONG_MIN, LONG_MAX = -(2**63), 2**63 - 1

#: Longest text a built-in will build (repeat, leftpad...).  Zoho limits variables
#: to a few MB; this local guard keeps a runaway script from exhausting memory.
MAX_TEXT = 10_000_000


class _Mismatch(Exception):
    """Raised by a converter; the decorator turns it into the Zoho message."""

    def __init__(self, expected):
        self.expected = expected


def TEXT(value) -> str:
    """Text as is; numbers as they print (Deluge joins them into text freely)."""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        from ..render import render

        return render(value)
    raise _Mismatch("TEXT")


def NUMBER(value) -> int:
    """A whole number; a decimal with no fractional part is accepted."""
    if isinstance(value, bool):
        raise _Mismatch("NUMBER")
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise _Mismatch("NUMBER")


def DECIMAL(value) -> float | int:
    """Any number, kept as int or float (callers decide the result type)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _Mismatch("DECIMAL")
    if isinstance(value, float) and not math.isfinite(value):
        raise _Mismatch("DECIMAL")
    return value


def whole(n: int):
    """``n`` as a Deluge NUMBER (a Java long): out of range is a runtime error."""
    if not LONG_MIN <= n <= LONG_MAX:
        raise DelugeRuntimeError(f"Number {n} is out of range for a NUMBER (64-bit)")
    from .. import values

    return values.Number(n)


def BOOLEAN(value) -> bool:
    if isinstance(value, bool):
        return value
    raise _Mismatch("BOOLEAN")


def builtin(fn):
    """Give ``fn`` Deluge argument checking (count and types); see the module docstring.

    Built-ins are called on every line of converted code, so the wrapper is
    specialised: without converters it only catches the ``TypeError`` Python raises
    when the arguments do not bind (checking nothing on the way in), and with
    converters it converts only the positions that have one.
    """
    code = fn.__code__
    params = code.co_varnames[: code.co_argcount]
    most = len(params)
    least = most - len(fn.__defaults__ or ())
    variadic = bool(code.co_flags & 0x04)  # CO_VARARGS
    converters = []
    for i, param in enumerate(params):
        convert = fn.__annotations__.get(param)
        if isinstance(convert, str):  # the module used ``from __future__ import annotations``
            convert = fn.__globals__.get(convert)
        if callable(convert):
            converters.append((i, convert))
    # Methods count their receiver; the user-visible count leaves it out.
    receiver = 1 if params and params[0] == "self" else 0
    name = fn.__name__

    if not converters:
        def call(*args):
            try:
                return fn(*args)
            except TypeError as error:
                # Raised while binding the arguments (no frame of ``fn`` in the traceback):
                # a wrong count.  A TypeError from inside ``fn`` passes through untouched.
                if error.__traceback__.tb_next is None:
                    raise arity_error(name) from None
                raise
    else:
        first = converters[0][0]

        def call(*args):
            count = len(args)
            if count < least or (count > most and not variadic):
                raise arity_error(name)
            if count > first:
                args = list(args)
                for i, convert in converters:
                    if i >= count:
                        break
                    args[i] = convert_argument(convert, args[i], i + 1 - receiver, name)
            return fn(*args)

    functools.update_wrapper(call, fn)
    call.__deluge_builtin__ = True
    return call


def arity_error(name: str) -> DelugeRuntimeError:
    return DelugeRuntimeError(f"No. of arguments mismatches for the function {name}")


def convert_argument(convert, value, position: int, name: str):
    """``convert(value)``, or Zoho's error for argument ``position`` of built-in ``name``."""
    try:
        return convert(value)
    except _Mismatch as bad:
        raise DelugeRuntimeError(
            f"Data type of argument {position} of the function '{name}' did not match the "
            f"required data type of [{bad.expected}]; got {type_name(value)}") from None


#: Default of a required parameter of a ``hot_builtin``: still there means "not passed".
REQUIRED = object()


def hot_builtin(fn):
    """Mark ``fn`` as a Deluge built-in that checks its own arguments, without ``builtin``'s
    wrapper (a frame that costs about as much as the hottest methods themselves).

    Used only for the few methods converted code calls per element (``Map.get``,
    ``List.add``...).  Such a method gives its required parameters the default
    ``REQUIRED``, collects surplus arguments in ``*extra``, and raises
    ``arity_error(name)`` when either shows a wrong count, as ``builtin`` would::

        @hot_builtin
        def add(self, value=REQUIRED, *extra):
            if value is REQUIRED or extra:
                raise arity_error("add")
    """
    fn.__deluge_builtin__ = True
    return fn
