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
import os

from ..errors import DelugeRuntimeError, type_name

__all__ = ["builtin", "hot_builtin", "REQUIRED", "arity_error", "convert_argument", "TEXT",
           "NUMBER", "DECIMAL", "BOOLEAN", "type_name", "whole", "DelugeRuntimeError", "MAX_TEXT"]

LONG_MIN, LONG_MAX = -(2**63), 2**63 - 1

#: Longest text a built-in will build (repeat, leftpad...).  Zoho limits variables
#: to a few MB; this local guard keeps a runaway script from exhausting memory.
MAX_TEXT = 10_000_000


#: Default of a required parameter of a ``hot_builtin``: still there means "not passed".
REQUIRED = MISSING = object()


class _Mismatch(Exception):
    """Raised by a converter; the decorator turns it into the Zoho message."""

    def __init__(self, expected):
        self.expected = expected


def TEXT(value) -> str:
    """Text as is; numbers as they print (Deluge joins them into text freely)."""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _values.render.render(value)
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
    return _values.Number(n)


def BOOLEAN(value) -> bool:
    if isinstance(value, bool):
        return value
    raise _Mismatch("BOOLEAN")


def builtin(fn):
    """Give ``fn`` Deluge argument checking (count and types); see the module docstring.

    Built-ins are called on every line of converted code, so the wrapper is made to
    measure (``_wrapper``): a function with ``fn``'s positional signature, in which
    Python binds the arguments and a sentinel default marks a required one left out;
    it converts only the positions that have a converter, testing the everyday case
    (a text for ``TEXT``, a whole number for ``NUMBER``) in line before calling the
    converter.
    """
    code = fn.__code__
    params = code.co_varnames[: code.co_argcount]
    defaults = fn.__defaults__ or ()
    least = len(params) - len(defaults)
    converters = {}
    for i, param in enumerate(params):
        convert = fn.__annotations__.get(param)
        if isinstance(convert, str):  # the module used ``from __future__ import annotations``
            convert = fn.__globals__.get(convert)
        if callable(convert):
            converters[i] = convert
    # Methods count their receiver; the user-visible count leaves it out.
    receiver = 1 if params and params[0] == "self" else 0
    variadic = bool(code.co_flags & 0x04)  # CO_VARARGS
    call = _wrapper(fn, len(params), least, variadic, converters, defaults, receiver)
    functools.update_wrapper(call, fn)
    call.__code__ = call.__code__.replace(co_name=fn.__name__, co_qualname=fn.__qualname__)
    call.__deluge_builtin__ = True
    return call


#: Factories of wrappers by shape (see ``_wrapper``), compiled once per shape.
_FACTORIES: dict = {}

#: Converters tested in line, by name: the Python test under which ``convert(x)`` is ``x``
#: itself (or, for NUMBER, ``int(x)``), so the wrapper skips the call in the everyday case.
_IN_LINE = {
    "TEXT": ("isinstance({x}, str)", "{x}"),
    "NUMBER": ("isinstance({x}, int) and not isinstance({x}, bool)", "int({x})"),
    "BOOLEAN": ("{x} is True or {x} is False", "{x}"),
}
_IN_LINE_CONVERTERS = {TEXT: "TEXT", NUMBER: "NUMBER", BOOLEAN: "BOOLEAN"}


def _wrapper(fn, count, least, variadic, converters, defaults, receiver):
    """The checking wrapper of ``fn``: ``fn``'s positional parameters ``a0, a1...``, the
    required ones defaulting to ``MISSING``; surplus arguments collected in ``*extra``
    (and refused unless ``fn`` takes ``*args``).  An optional parameter with a converter
    defaults to ``MISSING`` too, so that only an argument actually passed is converted.
    Wrappers of one shape share one compiled factory, keeping the import fast."""
    kinds = tuple("" if i not in converters else _IN_LINE_CONVERTERS.get(converters[i], "?")
                  for i in range(count))
    shape = (count, least, variadic, kinds)
    factory = _FACTORIES.get(shape)
    if factory is None:
        factory = _FACTORIES[shape] = _compile_factory(*shape)
    return factory(fn, fn.__name__, receiver, [converters.get(i) for i in range(count)],
                   [defaults[i - least] if i >= least else None for i in range(count)])


def _compile_factory(count, least, variadic, kinds):
    """The factory of wrappers of one shape.  For ``subString(self, start: NUMBER,
    end: NUMBER = None)`` the wrapper it makes reads::

        def call(a0=MISSING, a1=MISSING, a2=MISSING, /, *extra):
            if a1 is MISSING or extra: raise arity_error(name)
            a1 = int(a1) if isinstance(a1, int) and ... else convert_argument(_c1, a1, ...)
            if a2 is MISSING: a2 = _d2
            else: a2 = ...  (as a1)
            return fn(a0, a1, a2)
    """
    names = [f"a{i}" for i in range(count)]
    signature = [f"{name}=MISSING" if i < least or kinds[i] else f"{name}=_d{i}"
                 for i, name in enumerate(names)]
    lines = []
    checks = [f"{names[least - 1]} is MISSING"] if least else []
    if not variadic:
        checks.append("extra")
    if checks:
        lines.append(f"if {' or '.join(checks)}: raise arity_error(name)")
    for i, kind in enumerate(kinds):
        if not kind:
            continue
        x = names[i]
        slow = f"convert_argument(_c{i}, {x}, {i + 1} - receiver, name)"
        if kind in _IN_LINE:
            test, fast = (part.format(x=x) for part in _IN_LINE[kind])
            convert = f"{x} = {fast} if {test} else {slow}"
        else:
            convert = f"{x} = {slow}"
        if i < least:
            lines.append(convert)
        else:  # optional: converted only when passed
            lines.append(f"if {x} is MISSING: {x} = _d{i}")
            lines.append(f"else: {convert}")
    lines.append(f"return fn({', '.join(names + (['*extra'] if variadic else []))})")
    unpack = "".join(f"    _c{i} = converters[{i}]\n" for i, kind in enumerate(kinds) if kind)
    unpack += "".join(f"    _d{i} = defaults[{i}]\n" for i in range(least, count))
    params = ", ".join(signature + (["/"] if names else []) + ["*extra"])
    source = (f"def factory(fn, name, receiver, converters, defaults):\n{unpack}"
              f"    def call({params}):\n" + "".join(f"        {line}\n" for line in lines) +
              "    return call\n")
    # The wrappers' globals are this module's, and their file is named in its folder, so
    # they count as deluge2py's own frames: tracebacks, pytest's report and the debugger
    # leave them out like the rest of the runtime (their locals are the raw arguments).
    namespace = {}
    exec(compile(source, _WRAPPER_FILE, "exec"), globals(), namespace)
    return namespace["factory"]


_WRAPPER_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "<argument wrapper>")


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


# Last, so that this package is complete whichever module is imported first: ``values``
# imports the mixins, which import this package (``whole`` reads ``_values`` per call).
from .. import values as _values  # noqa: E402
