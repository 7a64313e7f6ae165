"""The Python API: convert Deluge source text into Python module text."""

from __future__ import annotations

import functools
import os

from .errors import DelugeError, DelugeWarning, ZohoRefusal


@functools.lru_cache(maxsize=1)
def _module_template():
    """The module template, its Jinja environment built once per process."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(loader=PackageLoader("deluge2py", "templates"), autoescape=False,
                      keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
                      undefined=StrictUndefined)
    return env.get_template("module.py.j2")


def _render(parts) -> str:
    return _module_template().render(
        docstring=parts.docstring, imports=parts.imports, leading=parts.leading,
        constants=parts.constants, functions=parts.functions, source=parts.source)


def _names(filename: str) -> tuple[str, str]:
    """The basename shown in the generated file, and the stem a bare script is named after."""
    from .names import module_name

    basename = os.path.basename(filename) or filename
    stem = basename.rsplit(".", 1)[0] if "." in basename.lstrip(".") else basename
    if filename.startswith("<") and filename.endswith(">"):
        stem = "script"
    return basename, module_name(stem)


def generate(module, filename: str = "<string>", source: str | None = None,
             *, format: bool = True, fast_paths: bool = True) -> tuple[str, list[DelugeWarning]]:
    """Generate Python text from a parsed ``nodes.Module`` (``fast_paths``: see
    ``fastpaths.py``; off, every operation goes through the checked general path)."""
    from .codegen import ModuleGenerator

    basename, stem = _names(filename)
    lines = source.splitlines() if source is not None else None
    try:
        parts, warnings = ModuleGenerator(module, filename, basename, stem, lines,
                                          fast_paths).generate()
        text = _render(parts)
        _must_compile(text, filename)
        return (_formatted(text, filename) if format else text), warnings
    except RecursionError:
        pos = module.pos
        raise DelugeError("the code is nested too deeply to be converted", filename,
                          pos.line, pos.column, source_line=lines[pos.line - 1]
                          if lines and 0 < pos.line <= len(lines) else None) from None


def _must_compile(text: str, filename: str) -> None:
    """Generated code that does not compile is a bug of ours: say so, never crash."""
    import warnings

    try:
        with warnings.catch_warnings():  # `1 is None` and the like: valid, and ours to judge
            warnings.simplefilter("ignore", SyntaxWarning)
            compile(text, "<generated>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as e:
        raise DelugeError(f"internal error: the generated Python does not compile "
                          f"({getattr(e, 'msg', e)}); please report this input", filename,
                          1, 1) from None


def _formatted(text: str, filename: str) -> str:
    from .format import format_code

    try:
        return format_code(text)
    except Exception as e:  # black refusing our output is a bug of ours, not a traceback
        raise DelugeError(f"internal error: formatting the generated Python failed "
                          f"({type(e).__name__}); please report this input", filename,
                          1, 1) from None


def convert_with_warnings(source: str, filename: str = "<string>", *, format: bool = True,
                          fast_paths: bool = True, **options) -> tuple[str, list[DelugeWarning]]:
    """Translate Deluge source into Python module text; also return the warnings (the
    parser's first, then code generation's).  Raises ``DelugeError`` subclasses."""
    from .parser import parse

    if options:
        raise TypeError(f"unknown option(s): {', '.join(sorted(options))}")
    result = parse(source, filename)
    text, warnings = generate(result.module, filename, source, format=format,
                              fast_paths=fast_paths)
    return text, list(result.warnings) + list(warnings)


def convert(source: str, filename: str = "<string>", **options) -> str:
    """Translate Deluge source text into Python module text (raises ``DelugeError``)."""
    return convert_with_warnings(source, filename, **options)[0]


def check(source: str, filename: str = "<string>") -> list[DelugeError]:
    """What Zoho's editor says on save: warnings, then errors.  Every syntax error the
    parser recovers from; else everything ``convert`` enforces, with what Zoho refuses
    to save (``ZohoRefusal``: an undefined variable, an unknown task or method) as
    errors.  No error means ``convert`` succeeds and its output compiles."""
    from .parser import check_source

    diagnostics = check_source(source, filename)
    if any(d.severity == "error" for d in diagnostics):
        return diagnostics
    try:  # black only lays the text out: benchmarks/fuzz.py measures that it never fails
        _, warnings = convert_with_warnings(source, filename, format=False)
    except DelugeError as error:  # code generation collects every statement's error
        warnings = diagnostics + getattr(error, "warnings", []) + getattr(error, "errors", [error])
    for warning in warnings:
        if isinstance(warning, ZohoRefusal):
            warning.severity = "error"
    warnings.sort(key=lambda d: (d.severity == "error", d.line or 0, d.column or 0))
    return warnings
