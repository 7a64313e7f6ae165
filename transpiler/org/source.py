"""A pulled function's source: its header (the signature Zoho shows), read and written.

Zoho stores a Deluge function as one ``.ds`` text that starts with the full signature,
``<return type> <category>.<api_name>(<Type> <arg>, ...)``, followed by the braced body
(``docs/zoho-api.md``).  A pulled file keeps that text byte for byte; when the org's code
comes without a signature (a body only), the header is rendered from the function's
metadata so the file is a complete Deluge function that ``check``, ``run`` and ``push``
understand.  Headers are read back with the project's parser, never with a regex.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from ..errors import DelugeError, DelugeSyntaxError

# The namespace written in a signature, by the category the API reports.  Zoho's
# categories are words such as "automation", "button", "standalone"; the two-word ones
# are written without the space or underscore in the signature ("related_list" ->
# "relatedlist").  A namespace not in the table is its own category.
_NAMESPACE = {"related_list": "relatedlist", "validation_rule": "validationrule"}
_CATEGORY = {v: k for k, v in _NAMESPACE.items()}


def category_key(category: str) -> str:
    """A category as the API and the folder names use it: lower case, ``_`` for spaces
    (``"Related List"`` -> ``"related_list"``)."""
    return re.sub(r"[\s-]+", "_", category.strip()).lower()


def namespace_of(category: str) -> str:
    key = category_key(category)
    return _NAMESPACE.get(key, key)


def category_of(namespace: str) -> str:
    key = namespace.lower()
    return _CATEGORY.get(key, key)


@dataclass(frozen=True)
class Header:
    """A function's signature: what ``create`` needs and what the file must agree with."""

    return_type: str
    category: str  # the API's category key ("automation")
    api_name: str
    params: tuple[tuple[str, str], ...]  # (type, name)

    def render(self) -> str:
        args = ", ".join(f"{t} {n}" for t, n in self.params)
        return f"{self.return_type} {namespace_of(self.category)}.{self.api_name}({args})"

    def arguments(self) -> list[dict]:
        return [{"name": n, "type": t} for t, n in self.params]


def _type_text(ref) -> str:
    if ref is None:
        return "void"
    return f"{ref.name}:{ref.element}" if ref.element else ref.name


def read_header(source: str, filename: str) -> Header:
    """The header of the single function ``source`` defines.  Raises ``DelugeError``
    (with a position) when the source does not parse or is not exactly one function
    named ``<category>.<name>``."""
    from ..parser import parse

    module = parse(source, filename).module
    if not module.functions:
        raise DelugeError("a function file needs a signature such as "
                          "'void automation.my_function(Int id)' before its body", filename, 1, 1,
                          source_line=source.splitlines()[0] if source else None)
    if len(module.functions) > 1:
        pos = module.functions[1].pos
        raise DelugeError("one function per file: Zoho stores each function on its own",
                          filename, pos.line, pos.column, source_line=_line(source, pos.line))
    fn = module.functions[0]
    if len(fn.qualified_name) != 2:
        raise DelugeError("the signature must name the category and the function, "
                          "as in 'automation.my_function'", filename, fn.pos.line, fn.pos.column,
                          source_line=_line(source, fn.pos.line))
    namespace, api_name = fn.qualified_name
    return Header(return_type=_type_text(fn.return_type), category=category_of(namespace),
                  api_name=api_name,
                  params=tuple((_type_text(p.type), p.name) for p in fn.params))


def _line(source: str, line: int) -> str | None:
    lines = source.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else None


def header_from_metadata(meta: dict) -> Header:
    """The header of an org function, from the list/get metadata."""
    params = []
    for arg in meta.get("arguments") or []:
        params.append((str(arg.get("type") or "String"), str(arg.get("name"))))
    return Header(return_type=str(meta.get("return_type") or "void"),
                  category=category_key(str(meta.get("category") or "standalone")),
                  api_name=str(meta["api_name"]), params=tuple(params))


def with_header(code: str, meta: dict) -> str:
    """The code as the file stores it: unchanged when it starts with a signature (after
    comments), else the header rendered from ``meta`` followed by the code, braced if
    the code is a bare body."""
    from ..parser import parse

    try:
        if parse(code, "<org>").module.functions:
            return code
    except DelugeSyntaxError:
        pass  # a body Zoho accepted that we cannot parse: still give it its header
    body = code if code.lstrip().startswith("{") else "{\n" + code.rstrip("\n") + "\n}\n"
    return header_from_metadata(meta).render() + "\n" + body


def file_path(category: str, api_name: str) -> str:
    """Where a function lives in the project, relative and ``/``-separated."""
    return f"{category_key(category)}/{api_name}.dg"


def check_file(path: str, display: str | None = None
               ) -> tuple[str | None, Header | None, DelugeError | None]:
    """Read and check one file for push: ``(text, header, None)`` or ``(text, None, error)``.
    The error is the first syntax error or a header problem."""
    from ..host.files import read_source
    from ..parser import check_source

    name = display or path
    try:
        text = read_source(path)
    except DelugeError as exc:
        return None, None, exc
    errors = [e for e in check_source(text, name) if e.severity == "error"]
    if errors:
        return text, None, errors[0]
    try:
        return text, read_header(text, name), None
    except DelugeError as exc:
        return text, None, exc


def path_problem(relpath: str, header: Header, *, new: bool) -> str | None:
    """Why a file's place disagrees with its signature, or None.  The name must be the api
    name (the org finds functions by it); a new file must sit in its category's folder,
    where the next pull would put it (a pulled file keeps the place the lock records)."""
    if relpath.startswith("../"):
        return f"{relpath}: not inside the project folder"
    if os.path.basename(relpath) != f"{header.api_name}.dg":
        return (f"{relpath}: the signature names {header.api_name}; the file must be called "
                f"{header.api_name}.dg")
    expected = file_path(header.category, header.api_name)
    if new and relpath != expected:
        return (f"{relpath}: {namespace_of(header.category)}.{header.api_name} belongs in "
                f"{expected}, where a pull puts it")
    return None
