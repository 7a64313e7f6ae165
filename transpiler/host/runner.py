"""The runner: load a ``.dg`` file, pick one of its functions, bind its arguments.

``deluge2py run``, ``deluge2py debug`` and the pytest plugin's ``load_deluge`` all go
through here (the cached load through the import hook's loader), so they accept the
same files, functions and arguments::

    module = load(path)                   # convert and execute the generated module
    function = pick(module, name)         # the function to call
    arguments = bind(function, {"dealId": "1001"})   # positional, in the header's order
    function(*arguments)                  # inside a runtime Context

**Which function.** With a name: the function whose Deluge name (``automation.deal``),
short name (``deal``) or Python name (``from_`` for ``from``) matches, case-insensitively.
Without one: the file's only function; else the one named like the file
(``deal.dg`` -> ``deal``); else a ``RunError`` listing the functions.

**Loading.** ``load(path)`` converts through the import hook's cache
(``__dgcache__`` beside the file) and registers the module in ``sys.modules``, so
pdb shows a real file and an unchanged file is not converted again.
``load(path, fresh=True)`` makes a new module each time from the conversion cache of
``convert`` (converting once per source and tool) and writes nothing beside the file
(what ``run`` does).  Either way the module records its
``.dg`` path as ``__deluge_file__``.
"""

from __future__ import annotations

import json
import linecache
import os
import types

__all__ = ["RunError", "bind", "functions", "load", "parse_args", "pick"]

_fresh_runs = 0  # distinct module names for fresh loads in one process


class RunError(LookupError):
    """The run cannot start (no such function, a bad argument): a usage error for the user."""


def load(path, *, fresh: bool = False, warnings: list | None = None) -> types.ModuleType:
    """The generated module of the ``.dg`` file at ``path`` (see the module docstring).
    Raises ``DelugeError`` when the source does not convert, ``OSError`` when it
    cannot be read.  A fresh load adds the conversion's warnings to ``warnings``."""
    path = os.path.abspath(os.fspath(path))
    if not fresh:
        from .importer import load_file

        return load_file(path)
    global _fresh_runs
    with open(path, "rb") as handle:
        data = handle.read()
    code_text, found = _convert_cached(data, path)
    if warnings is not None:
        warnings.extend(found)
    _fresh_runs += 1
    stem = os.path.splitext(os.path.basename(path))[0]
    pseudo = f"<deluge2py run {path}.py #{_fresh_runs}>"
    linecache.cache[pseudo] = (len(code_text), None, code_text.splitlines(keepends=True), pseudo)
    module = types.ModuleType(f"_dg_run_{_fresh_runs}_{stem}")
    module.__file__ = pseudo
    module.__deluge_file__ = path
    exec(compile(code_text, pseudo, "exec"), module.__dict__)  # noqa: S102 (our own generated code)
    return module


def _convert_cached(data: bytes, path: str) -> tuple[str, list]:
    """The conversion of the source bytes ``data`` of ``path`` and its warnings, from the
    conversion cache ``convert`` keeps (``host/cache.py``) when the same source was
    converted before by the same tool: a repeated ``run`` then loads neither the parser
    nor black.  A cache that cannot be read or written is skipped."""
    from deluge2py.errors import DelugeWarning

    from .cache import Cache, cache_key, default_dir, warning_entry

    basename = os.path.basename(path)
    cache = Cache(default_dir())
    key = cache_key(data, basename, {"load": "fresh"})
    entry = cache.get(key)
    if entry is not None:
        try:
            return entry["text"], [DelugeWarning(filename=basename, **w)
                                   for w in entry["warnings"]]
        except (KeyError, TypeError):
            pass  # an entry of another shape: convert again
    from deluge2py.api import convert_with_warnings

    from .files import decode_source

    text, warnings = convert_with_warnings(decode_source(data, path), filename=basename)
    cache.put(key, {"text": text, "warnings": [warning_entry(w) for w in warnings]})
    return text, warnings


def functions(module) -> dict:
    """The Deluge functions a generated module defines, by Python name, in definition order."""
    return {name: value for name, value in vars(module).items()
            if hasattr(value, "__deluge__") and getattr(value, "__module__", None) == module.__name__}


def _deluge_name(function) -> str:
    return str(function.__deluge__.get("name") or function.__name__)


def pick(module, name: str | None = None):
    """The function of ``module`` to call (the rule is in the module docstring)."""
    found = functions(module)
    where = os.path.basename(getattr(module, "__deluge_file__", None) or module.__name__)
    if not found:
        raise RunError(f"{where} defines no function")
    known = ", ".join(_deluge_name(fn) for fn in found.values())
    if name is not None:
        wanted = name.lower()
        short = wanted.rpartition(".")[2]
        for python_name, function in found.items():
            full = _deluge_name(function).lower()
            if wanted in (full, full.rpartition(".")[2]) or python_name.lower() in (short, short + "_"):
                return function
        raise RunError(f"no function {name!r} in {where}; it defines: {known}")
    if len(found) == 1:
        return next(iter(found.values()))
    stem = os.path.splitext(where)[0].lower()
    for python_name, function in found.items():
        if stem in (python_name.lower(), _deluge_name(function).lower().rpartition(".")[2]):
            return function
    raise RunError(f"{where} defines several functions; name the one to run: {known}")


def parse_args(pairs) -> dict:
    """``["a=1", "b=x"]`` -> ``{"a": "1", "b": "x"}``: each value the text given, as Zoho
    passes an argument; ``bind`` converts it to the parameter's declared type."""
    values = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key.strip():
            raise RunError(f"--arg {pair!r}: expected NAME=VALUE")
        values[key.strip()] = raw
    return values


#: Declared types whose argument, given as text, is read as JSON.
_JSON_TYPES = ("map", "key-value", "list", "collection")


def bind(function, args: dict) -> list:
    """The arguments of a call, in the header's order, each converted to its declared
    type as Zoho converts an argument (docs/semantics.md, "Arguments").  An unknown or
    missing name, or a value the type rejects, is a ``RunError``: a usage error found
    before the run, so nothing is charged."""
    from deluge2py.runtime.errors import DelugeRuntimeError
    from deluge2py.runtime.function import convert_argument

    meta = function.__deluge__
    declared = dict(meta.get("params") or {})
    params = list(declared)
    lowered = {p.lower(): p for p in params}
    by_name = {}
    for key, value in args.items():
        param = lowered.get(key.lower())
        if param is None:
            raise RunError(f"{meta['name']} has no parameter {key!r}"
                           + (f"; its parameters: {', '.join(params)}" if params else "; it takes none"))
        by_name[param] = value
    missing = [p for p in params if p not in by_name]
    if missing:
        raise RunError(f"{meta['name']} needs " + ", ".join(f"--arg {p}=VALUE" for p in missing))
    bound = []
    for param in params:
        kind, value = declared[param], by_name[param]
        base = str(kind).lower().partition(":")[0]
        if isinstance(value, str) and base == "list" and not value.lstrip().startswith("["):
            from deluge2py.runtime.values import List

            value = List(value)  # not JSON: comma-separated text, as List("a,b,c") reads it
        elif isinstance(value, str) and base in _JSON_TYPES:
            try:
                value = json.loads(value)
            except json.JSONDecodeError as exc:
                raise RunError(f"argument {param!r} of {meta['name']} is declared {kind}: "
                               f"give it as JSON ({exc.msg})") from None
        try:
            bound.append(convert_argument(kind, value, param, meta["name"]))
        except DelugeRuntimeError as exc:
            raise RunError(str(exc.message)) from None
    return bound
