"""The Python API: convert Deluge source text into Python module text."""

from __future__ import annotations

import os

from .errors import DelugeError, DelugeSyntaxError, DelugeWarning


def _render(parts) -> str:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(loader=PackageLoader("deluge2py", "templates"), autoescape=False,
                      keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
                      undefined=StrictUndefined)
    return env.get_template("module.py.j2").render(
        docstring=parts.docstring, imports=parts.imports, leading=parts.leading,
        functions=parts.functions)


def _names(filename: str) -> tuple[str, str]:
    """The basename shown in the generated file, and the stem a bare script is named after."""
    from .names import module_name

    basename = os.path.basename(filename) or filename
    stem = basename.rsplit(".", 1)[0] if "." in basename.lstrip(".") else basename
    if filename.startswith("<") and filename.endswith(">"):
        stem = "script"
    return basename, module_name(stem)


def generate(module, filename: str = "<string>", source: str | None = None,
             *, format: bool = True) -> tuple[str, list[DelugeWarning]]:
    """Generate Python text from a parsed ``nodes.Module``."""
    from .codegen import ModuleGenerator
    from .format import format_code

    basename, stem = _names(filename)
    lines = source.splitlines() if source is not None else None
    try:
        parts, warnings = ModuleGenerator(module, filename, basename, stem, lines).generate()
        text = _render(parts)
        return (format_code(text) if format else text), warnings
    except RecursionError:
        pos = module.pos
        raise DelugeError("the code is nested too deeply to be converted", filename,
                          pos.line, pos.column, source_line=lines[pos.line - 1]
                          if lines and 0 < pos.line <= len(lines) else None) from None


def convert_with_warnings(source: str, filename: str = "<string>", *, format: bool = True,
                          **options) -> tuple[str, list[DelugeWarning]]:
    """Translate Deluge source into Python module text; also return the warnings (the
    parser's first, then code generation's).  Raises ``DelugeError`` subclasses."""
    from .parser import parse

    if options:
        raise TypeError(f"unknown option(s): {', '.join(sorted(options))}")
    result = parse(source, filename)
    text, warnings = generate(result.module, filename, source, format=format)
    seen = {(w.line, w.column) for w in result.warnings}
    return text, list(result.warnings) + [w for w in warnings if (w.line, w.column) not in seen]


def convert(source: str, filename: str = "<string>", **options) -> str:
    """Translate Deluge source text into Python module text (raises ``DelugeError``)."""
    return convert_with_warnings(source, filename, **options)[0]


def check(source: str, filename: str = "<string>") -> list[DelugeError]:
    """The diagnostics of a source: an empty list when it parses."""
    from . import parser

    if hasattr(parser, "check_source"):
        return list(parser.check_source(source, filename))
    try:
        result = parser.parse(source, filename)
    except DelugeSyntaxError as error:
        return [error]
    return list(result.warnings)
