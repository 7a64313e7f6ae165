"""The ``deluge_function`` decorator, the function registry, and ``standalone``/``thisapp``.

Every function of a generated module is wrapped with its Deluge header, as one line
of text, and the number of statements its body runs outside loops::

    __deluge_source__ = "deal_update.dg"

    @deluge_function("void automation.deal_update(int dealId)", statements=2)
    def deal_update(dealId): ...

The header gives the name (credits, ``standalone.x``), the return type (``void``
returns null) and each parameter's declared type, matched to the Python parameters
by position.  A bare script has the header code generation infers: its arguments
in order of first use, each ``string`` (see docs/semantics.md).  The keywords
``name=``, ``returns=``, ``params=`` and ``source=`` say the same for hand-written
modules.

The wrapper converts the arguments (by their declared Deluge type) and the result
with ``to_deluge``; charges one function credit per top-level execution; starts the
execution limits at top level, charges the body's statements and tracks nested
calls; and turns a stray Python exception raised inside (a method called on null, a
TypeError) into a ``DelugeRuntimeError`` with the Deluge file and line, keeping the
original as ``__cause__``.
"""

from __future__ import annotations

import functools
import re
from operator import call  # call(f, x) is f(x): converters applied by map, in C

from .context import current
from .errors import DelugeRuntimeError, from_python
from .values import Decimal, List, Map, Number, Text, to_deluge

__all__ = ["convert_argument", "deluge_function", "parse_header", "standalone", "thisapp", "register",
           "lookup", "registered"]

_registry: dict[str, object] = {}  # lower-cased full name ("standalone.calc") -> wrapper
_generation = [0]  # bumped by every register()


_HEADER = re.compile(r"\s*(?:(\S+)\s+)?([\w.]+)\s*\((.*)\)\s*\Z", re.S)


def parse_header(header: str) -> tuple[str, str | None, dict]:
    """``"void automation.f(int a, list:string b)"`` -> ``("automation.f", "void",
    {"a": "int", "b": "list:string"})``; the return type is None when not given."""
    match = _HEADER.match(header)
    if match is None:
        raise ValueError(f"not a Deluge function header: {header!r}")
    returns, name, params = match.groups()
    declared = {}
    for param in filter(None, (p.strip() for p in params.split(","))):
        deluge_type, _, param_name = param.rpartition(" ")
        declared[param_name] = deluge_type.strip() or None
    return name, returns, declared


def deluge_function(header=None, *, statements=0, source=None, name=None, returns=None,
                    params=None):
    """Wrap a generated function (see the module docstring)."""
    fn = None
    if callable(header):  # used bare: @deluge_function
        fn, header = header, None
    if header is not None:
        name, returns, params = parse_header(header)

    def decorate(func):
        if source is not None:
            func.__globals__.setdefault("__deluge_source__", source)
        return _wrap(func, name or func.__name__, returns, dict(params or {}), statements)

    return decorate(fn) if fn is not None else decorate


def _wrap(func, name, returns, params, statements):
    code = func.__code__
    arg_names = code.co_varnames[:code.co_argcount]
    # Declared types by position: a Deluge name may be a Python keyword (``from`` -> ``from_``).
    types = list(params.values()) if len(params) == len(arg_names) else [
        params.get(arg) for arg in arg_names]
    by_position = tuple(_converter(kind, arg, name) for kind, arg in zip(types, arg_names))
    by_name = dict(zip(arg_names, by_position))
    arity = len(by_position)
    void = returns == "void"

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        ctx = current()
        limits = ctx.limits
        release = None
        if limits.depth == 0:
            meter = ctx.meter
            if meter is not None:
                # The run's charges are written to the ledger when it ends (finally below).
                release = _hold(meter)
                try:
                    meter.charge_function(name)
                except BaseException:
                    release()
                    raise
            limits.begin(name)
        limits.enter(name)
        try:
            if len(args) == arity:
                args = tuple(map(call, by_position, args))
            else:
                args = (*map(call, by_position, args), *map(to_deluge, args[arity:]))
            if kwargs:
                kwargs = {key: by_name.get(key, to_deluge)(value) for key, value in kwargs.items()}
            limits.charge(statements)
            result = func(*args, **kwargs)
        except DelugeRuntimeError:
            raise
        except Exception as exc:
            if type(exc).__module__ in ("bdb", "pdb"):  # the debugger quitting, not Deluge
                raise
            raise from_python(exc) from exc
        finally:
            limits.leave()
            if release is not None:
                release()
        return None if void else to_deluge(result)

    wrapper.__deluge__ = {"source": func.__globals__.get("__deluge_source__") or "<deluge>",
                          "name": name, "returns": returns, "params": params,
                          "statements": statements}
    register(name, wrapper)
    return wrapper


def _hold(meter):
    """Tell *meter* a run starts; the function that tells it the run ended."""
    hold = getattr(meter, "hold", None)  # a meter of the caller's own may not buffer
    if hold is None:
        return _nothing
    hold()
    return meter.release


def _nothing():
    pass


# --- arguments by declared type ----------------------------------------------------------


def convert_argument(deluge_type, value, arg: str = "argument", function: str = "function"):
    """``value`` as a parameter declared ``deluge_type`` receives it; a value the type
    rejects raises ``DelugeRuntimeError`` (what ``deluge2py run`` reports before the run)."""
    return _converter(deluge_type, arg, function)(value)


def _converter(deluge_type, arg, function):
    """The conversion of one argument declared with *deluge_type* (``int``, ``string``...)."""
    kind = _KINDS.get(str(deluge_type).lower()) if deluge_type else None
    if kind is None:
        return to_deluge
    already = _ALREADY.get(kind)  # a value of that class passes as it is (a Deluge call)

    def convert(value):
        if value.__class__ is already or value is None:
            return value
        try:
            return kind(value)
        except (ValueError, TypeError, OverflowError):
            raise DelugeRuntimeError(
                f"Argument '{arg}' of function {function} expects a value of type "
                f"{deluge_type}, got {value!r}") from None

    return convert


def _to_number(value):
    if type(value) is bool:
        raise TypeError
    if isinstance(value, str):
        value = value.strip()
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError
        value = int(value)
    return to_deluge(int(value))


def _to_decimal(value):
    if type(value) is bool:
        raise TypeError
    return float.__new__(Decimal, float(value))


def _to_text(value):
    from .render import render

    return Text(render(value))


def _to_bool(value):
    if type(value) is bool:
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise ValueError


def _to_datetime(value):
    from .dates import DateTime, datetime_literal

    value = datetime_literal(value) if isinstance(value, str) else to_deluge(value)
    if not isinstance(value, DateTime):
        raise ValueError
    return value


def _to_map(value):
    value = to_deluge(value)
    if not isinstance(value, dict):
        raise TypeError
    return value


def _to_list(value):
    value = to_deluge(value)
    if not isinstance(value, list):
        raise TypeError
    return value


_KINDS = {
    "int": _to_number, "bigint": _to_number, "long": _to_number, "number": _to_number,
    "decimal": _to_decimal, "float": _to_decimal, "double": _to_decimal,
    "string": _to_text, "text": _to_text,
    "bool": _to_bool, "boolean": _to_bool,
    "date": _to_datetime, "datetime": _to_datetime, "date-time": _to_datetime,
    "timestamp": _to_datetime,
    "map": _to_map, "key-value": _to_map,
    "list": _to_list,
}


#: The value class each conversion gives (and leaves alone).
_ALREADY = {_to_number: Number, _to_decimal: Decimal, _to_text: Text, _to_bool: bool,
            _to_map: Map, _to_list: List}


# --- registry and namespaces -----------------------------------------------------------


def register(name, function):
    """Make *function* callable as ``standalone.<name>``/``thisapp.<name>`` (case-insensitive)."""
    _registry[str(name).lower()] = function
    _generation[0] += 1  # resolutions kept by FunctionPath are stale


def registered():
    """The registered function names (lower-cased), sorted."""
    return sorted(_registry)


def lookup(path):
    """The registered function for ``standalone.calc``, ``thisapp.ns.calc``, ``calc``...

    The full name is tried first, then without the leading ``thisapp``, then by the last
    part alone when exactly one registered function has it.
    """
    return _registry[_resolve(path)]


def _resolve(path):
    """The registry key ``lookup`` finds *path* under."""
    key = str(path).lower()
    candidates = [key]
    if key.startswith("thisapp."):
        candidates.append(key[len("thisapp."):])
    for candidate in candidates:
        if candidate in _registry:
            return candidate
    short = key.rpartition(".")[2]
    matches = [n for n in _registry if n.rpartition(".")[2] == short]
    if len(matches) == 1:
        return matches[0]
    raise DelugeRuntimeError(f"Function '{path}' is not defined"
                             + (" (several functions have that name)" if matches else ""))


class FunctionPath:
    """``standalone.calc(...)``, ``thisapp.ns.calc(...)``: resolved when called; the
    registry key found is kept until another function is registered."""

    __slots__ = ("_path", "_children", "_resolved")

    def __init__(self, path):
        self._path = path
        self._children = {}
        self._resolved = None  # (registry generation, registry key)

    def __getattr__(self, part):
        if part.startswith("_"):
            raise AttributeError(part)
        child = self._children.get(part)
        if child is None:
            child = self._children[part] = FunctionPath(f"{self._path}.{part}")
        return child

    def __call__(self, *args):
        resolved = self._resolved
        function = None
        if resolved is not None and resolved[0] == _generation[0]:
            function = _registry.get(resolved[1])
        if function is None:
            key = _resolve(self._path)
            self._resolved = (_generation[0], key)
            function = _registry[key]
        return function(*args)

    def __repr__(self):
        return f"<Deluge function path {self._path}>"


standalone = FunctionPath("standalone")
thisapp = FunctionPath("thisapp")
