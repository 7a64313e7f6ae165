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

from .active import active as _active
from .context import current
from .errors import DelugeRuntimeError, from_python
from .values import DELUGE_TYPES, Decimal, List, Map, Number, Text, to_deluge

_active_get = _active.get  # ``current()`` without its call when a context is active

__all__ = ["convert_argument", "deluge_function", "parse_header", "standalone", "thisapp", "register",
           "lookup", "registered"]


class _Registry(dict):
    """Lower-cased full name (``"standalone.calc"``) -> wrapper.  Every change, however
    made (``register``, or a test putting back the registry it saved), forgets the
    functions the ``FunctionPath`` objects have resolved."""

    def _changed(self, result=None):
        _unbind_paths()
        return result

    def __setitem__(self, key, value):
        self._changed(dict.__setitem__(self, key, value))

    def __delitem__(self, key):
        self._changed(dict.__delitem__(self, key))

    def clear(self):
        self._changed(dict.clear(self))

    def update(self, *args, **kwargs):
        self._changed(dict.update(self, *args, **kwargs))

    def pop(self, *args):
        return self._changed(dict.pop(self, *args))

    def popitem(self):
        return self._changed(dict.popitem(self))

    def setdefault(self, key, default=None):
        return self._changed(dict.setdefault(self, key, default))

    def __ior__(self, other):
        self.update(other)
        return self


_registry = _Registry()


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
    # The classes the conversions leave as they are, by position: arguments all of their
    # class (a call from converted code) skip the conversions.
    classes = tuple(getattr(convert, "already", _NO_CLASS) for convert in by_position)
    first, first_class = (by_position[0], classes[0]) if arity else (None, None)
    void = returns == "void"

    # The hot path of a call between Deluge functions, kept in this one frame: the context
    # read without a call, ``Limits.enter``/``charge``/``leave`` inlined (their rare
    # branches call them), arguments of their declared class and results that are Deluge
    # values passed on as they are.  tests/test_runtimeperf_function_calls.py compares it
    # with the plain form (``plain_wrap``).
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        ctx = _active_get()
        if ctx is None:
            ctx = current()
        limits = ctx.limits
        release = None
        depth = limits.depth
        if depth == 0:
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
            depth = limits.depth
        nested = limits.nested_calls
        if nested is not None and depth > nested:  # this call would be one too deep
            limits.enter(name)  # raises the nested calls error
        limits.depth = depth + 1
        try:
            if len(args) != arity:
                args = (*map(call, by_position, args), *map(to_deluge, args[arity:]))
            elif arity == 1:
                if args[0].__class__ is not first_class:
                    args = (first(args[0]),)
            elif arity:
                for value, kind in zip(args, classes):
                    if value.__class__ is not kind:
                        args = tuple(map(call, by_position, args))
                        break
            if kwargs:
                kwargs = {key: by_name.get(key, to_deluge)(value) for key, value in kwargs.items()}
            if limits._chunk is not None:
                limits._settle()
            limits._executed += statements
            if limits._executed > limits._check_at:
                limits._check()
            result = func(*args, **kwargs) if kwargs else func(*args)
        except DelugeRuntimeError:
            raise
        except Exception as exc:
            if type(exc).__module__ in ("bdb", "pdb"):  # the debugger quitting, not Deluge
                raise
            raise from_python(exc) from exc
        finally:
            limits.depth -= 1
            if release is not None:
                release()
        if void:
            return None
        return result if type(result) in DELUGE_TYPES else to_deluge(result)

    wrapper.__deluge__ = {"source": func.__globals__.get("__deluge_source__") or "<deluge>",
                          "name": name, "returns": returns, "params": params,
                          "statements": statements}
    register(name, wrapper)
    return wrapper


class _NO_CLASS:
    """The class no argument has: an argument without a declared class is always converted."""


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

    convert.already = already
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


class FunctionPath(staticmethod):
    """``standalone.calc(...)``, ``thisapp.ns.calc(...)``: resolved when first called; the
    function found is kept until the registry changes.

    Calls between Deluge functions go through these, so they are made cheap: a path is a
    ``staticmethod`` (callable since Python 3.10), whose call goes straight, in C, to the
    function it holds.  It holds its own ``_resolve_and_call`` until that resolves the path,
    then the function found (``_bound`` lists those paths), and its resolver again after
    any change of the registry (``_unbind_paths``).  A child path, once made, is an
    attribute in its parent's ``__dict__``: the next ``standalone.calc`` finds it without
    calling ``__getattr__``."""

    __slots__ = ("_path",)

    def __init__(self, path):
        self._path = path
        staticmethod.__init__(self, self._resolve_and_call)

    def __getattr__(self, part):
        if part.startswith("_"):
            raise AttributeError(part)
        child = self.__dict__[part] = FunctionPath(f"{self._path}.{part}")
        return child

    def _resolve_and_call(self, *args, **kwargs):
        function = _registry[_resolve(self._path)]
        staticmethod.__init__(self, function)
        _bound.append(self)
        return function(*args, **kwargs)

    def _unbind(self):
        staticmethod.__init__(self, self._resolve_and_call)

    def __repr__(self):
        return f"<Deluge function path {self._path}>"


_bound: list[FunctionPath] = []  # the paths holding the function they resolved to


def _unbind_paths():
    """The registry changed: every path resolves again when next called."""
    while True:
        try:
            path = _bound.pop()
        except IndexError:  # none left (another thread may have taken the last one)
            return
        path._unbind()


standalone = FunctionPath("standalone")
thisapp = FunctionPath("thisapp")
