"""Runtime errors of converted Deluge code, and the Deluge line a failure belongs to.

A ``DelugeRuntimeError`` is what a Deluge ``try/catch`` catches (``e.message``,
``e.lineNo``).  Its Deluge file and line are found lazily from the traceback: the
innermost frame that runs generated code (a module whose globals hold
``__deluge_source__``, the constant generated code defines), mapped to the ``# dg:N`` mark of
the Python statement being executed (``sourcemap.deluge_location``).
"""

from __future__ import annotations

import re

from .sourcemap import deluge_location, is_generated

__all__ = [
    "DelugeRuntimeError",
    "DelugeLimitError",
    "DelugeInternalError",
    "caught",
    "throw",
    "from_python",
    "type_name",
    "operator_error",
]


class DelugeRuntimeError(Exception):
    """A Deluge runtime error: ``message``, ``lineNo`` and ``file`` (the ``.dg`` name)."""

    def __init__(self, message, *, lineNo=None, file=None):
        super().__init__(str(message))
        self._message = str(message)
        self._location = (file, lineNo) if lineNo is not None else None

    def _where(self):
        if self._location is None and self.__traceback__ is not None:
            self._location = deluge_location(self.__traceback__)
        return self._location or (None, None)

    @property
    def message(self):
        from .values import Text

        return Text(self._message)

    @property
    def lineNo(self):
        from .values import Number

        line = self._where()[1]
        return None if line is None else Number(line)

    @property
    def file(self):
        return self._where()[0]

    def locate(self, location):
        """Fix the Deluge (file, line) when the traceback cannot tell (e.g. a converted error)."""
        if location is not None and self._location is None:
            self._location = location

    def __str__(self):
        line = self._where()[1]
        if line is None:
            return self._message
        return f"Error at line {line}: {self._message}"

    def __repr__(self):
        return f"{type(self).__name__}({self._message!r})"


class DelugeLimitError(DelugeRuntimeError):
    """An execution limit (statements, nested calls, time).  Deluge's try/catch cannot catch it."""


def caught(exc):
    """The value of a Deluge ``catch (e)`` variable for the exception *exc*.

    Limit errors are re-raised: Zoho stops the function whatever the script does; so are
    internal errors (a deluge2py bug is not the script's to catch).
    """
    if isinstance(exc, (DelugeLimitError, DelugeInternalError)):
        raise exc
    if isinstance(exc, DelugeRuntimeError):
        return exc
    error = from_python(exc)
    if isinstance(error, DelugeInternalError):
        raise error
    return error


def throw(value):
    """Deluge ``throw x;``: re-raise a caught error, or raise one whose message is *x* rendered."""
    if isinstance(value, BaseException):
        raise value
    from .render import render

    raise DelugeRuntimeError(render(value))


# --- Python exceptions in Deluge terms -------------------------------------------------

_TYPE_NAMES = {
    "NoneType": "NULL",
    "Text": "TEXT",
    "str": "TEXT",
    "Number": "BIGINT",
    "int": "BIGINT",
    "Decimal": "DECIMAL",
    "float": "DECIMAL",
    "bool": "BOOLEAN",
    "Map": "KEY-VALUE",
    "dict": "KEY-VALUE",
    "List": "LIST",
    "list": "LIST",
    "tuple": "LIST",
    "Collection": "COLLECTION",
    "DateTime": "TIMESTAMP",
    "Time": "TIME",
    "File": "FILE",
}


def _deluge_type(python_name):
    return _TYPE_NAMES.get(python_name, python_name.upper())


def type_name(value):
    """The Deluge engine's name for the type of *value* (``TEXT``, ``BIGINT``, ``TIMESTAMP``...)."""
    for cls in type(value).__mro__:
        if cls.__name__ in _TYPE_NAMES:
            return _TYPE_NAMES[cls.__name__]
    return type(value).__name__.upper()


def operator_error(op, left, right):
    """Zoho's documented message for an operator applied to operands it does not accept."""
    return DelugeRuntimeError(
        f"Left expression is of type {type_name(left)} and right expression is of type "
        f"{type_name(right)} and operator {op} is not valid"
    )


_NO_ATTRIBUTE = re.compile(r"'(\w+)' object has no attribute '(\w+)'")
_OPERANDS = re.compile(r"for (\S+): '(\w+)' and '(\w+)'")
_COMPARISON = re.compile(r"'(\S+)' not supported between instances of '(\w+)' and '(\w+)'")
_ARGUMENTS = re.compile(r"(\w+)\(\) (?:takes|missing|got)")
_NAME = re.compile(r"(?:local variable|name) '(\w+)'")
_UNHASHABLE = re.compile(r"unhashable type: '(List|Map|Collection)'")


class DelugeInternalError(DelugeRuntimeError):
    """A stray Python exception inside deluge2py: a bug of the tool, not of the script.

    Deluge's try/catch cannot catch it (``caught`` re-raises it) and its message says
    so; the Python exception is its ``__cause__`` (``--traceback`` shows it)."""

    def __init__(self, exc):
        m = _UNHASHABLE.search(str(exc)) if isinstance(exc, TypeError) else None
        if m:  # a known limit, not a bug (docs/semantics.md, "Maps whose keys are lists")
            super().__init__(f"deluge2py cannot use a {_deluge_type(m.group(1))} as a map key "
                             f"(Deluge can): {type(exc).__name__}: {exc}")
        else:
            super().__init__(f"internal error in deluge2py (a bug, please report it): "
                             f"{type(exc).__name__}: {exc}")


def _raised_by_script(exc) -> bool:
    """True when *exc* was raised by a line of generated code itself (``x.foo()`` on a
    value without ``foo``, ``a + b`` that no operand accepts, a call with the wrong number
    of arguments), not somewhere inside the runtime."""
    tb = exc.__traceback__
    if tb is None:
        return False
    while tb.tb_next is not None:
        tb = tb.tb_next
    frame = tb.tb_frame
    if is_generated(frame):
        return True
    package = __name__.rpartition(".")[0]
    # A wrong argument count for a Deluge function fails in its wrapper's call; a chain
    # of ``+`` the codegen folded (``ops.concatenate``) fails in the fold; a method the
    # codegen's checked forms (``checked.put_entry``...) call fails in them.
    name = frame.f_code.co_name
    module = frame.f_globals.get("__name__")
    return (name == "wrapper" and module == package + ".function") or (
        name == "concatenate" and module == package + ".ops") or (
        name in _CHECKED_FORMS and module == package + ".checked")


_CHECKED_FORMS = frozenset({"put_entry", "add_element"})


def _python_message(exc):
    """The message Deluge itself gives for what *exc* stands for, or None when Deluge has
    no such error (then *exc* is a deluge2py bug)."""
    if isinstance(exc, RecursionError):
        return "Maximum depth of nested function calls exceeded"
    if isinstance(exc, ZeroDivisionError):
        return "Division by zero"
    if not _raised_by_script(exc):
        return None
    text = str(exc)
    if isinstance(exc, AttributeError):
        m = _NO_ATTRIBUTE.search(text)
        if m and m.group(1) == "NoneType":
            return f"'{m.group(2)}' function cannot be applied on null"
        if m and m.group(1) in _TYPE_NAMES:
            return f"Not able to find '{m.group(2)}' function for {_deluge_type(m.group(1))}"
    elif isinstance(exc, NameError):
        m = _NAME.search(text)
        if m:
            return f"Variable '{m.group(1)}' is not defined"
    elif isinstance(exc, TypeError):
        m = _OPERANDS.search(text) or _COMPARISON.search(text)
        if m:
            op, left, right = m.groups()
            if left in _TYPE_NAMES and right in _TYPE_NAMES:
                return (f"Left expression is of type {_deluge_type(left)} and right expression "
                        f"is of type {_deluge_type(right)} and operator {op} is not valid")
        m = _ARGUMENTS.search(text)
        if m:
            return f"No. of arguments mismatches for the function {m.group(1)}"
    return None


def from_python(exc):
    """The Deluge error standing for the stray Python exception *exc* (kept as ``__cause__``):
    the error Deluge reports for the same thing (a method on null, operand types, argument
    count, an undefined variable, division by zero), else a ``DelugeInternalError``."""
    message = _python_message(exc)
    if message is None:
        error = DelugeInternalError(exc)
    elif isinstance(exc, RecursionError):
        error = DelugeLimitError(message)
    else:
        error = DelugeRuntimeError(message)
    error.__cause__ = exc
    error.locate(deluge_location(exc.__traceback__))
    return error

