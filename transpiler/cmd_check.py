"""``deluge2py check PATH...``: parse Deluge files and report syntax errors and warnings.

Folders are searched recursively for ``*.dg`` and ``*.deluge``; ``-`` reads
standard input.  Exit status 0 when every file parses, 1 otherwise.
"""

from __future__ import annotations

import json
import os
import sys

from .errors import DelugeSyntaxError

EXTENSIONS = (".dg", ".deluge")


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="Deluge files or folders (recursing into *.dg, *.deluge); - for stdin")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="text diagnostics (default) or one JSON object per file")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="print errors only, no warnings")


def iter_files(paths):
    """Yield the files named by ``paths``, folders expanded in sorted order."""
    for path in paths:
        if path != "-" and os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs.sort()
                for name in sorted(files):
                    if name.endswith(EXTENSIONS):
                        yield os.path.join(root, name)
        else:
            yield path


def read_source(path: str) -> str:
    """The text of ``path`` (``-``: stdin); raises DelugeSyntaxError if unreadable."""
    name = "<stdin>" if path == "-" else path
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as f:
                data = f.read()
    except OSError as e:
        raise DelugeSyntaxError(f"cannot read file: {e.strerror or e}", name) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        column = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise DelugeSyntaxError(f"the file is not valid UTF-8 (byte 0x{data[e.start]:02x})",
                                name, line, column) from None


def check_file(path: str) -> list:
    """Diagnostics for one file (warnings, then the error if any)."""
    from .parser import check_source

    name = "<stdin>" if path == "-" else path
    try:
        source = read_source(path)
    except DelugeSyntaxError as e:
        return [e]
    return check_source(source, name)


def run(args) -> int:
    checked = failed = 0
    out = sys.stdout
    for path in iter_files(args.paths):
        diagnostics = check_file(path)
        errors = [d for d in diagnostics if d.severity == "error"]
        checked += 1
        failed += bool(errors)
        shown = errors if args.quiet else diagnostics
        if args.format == "json":
            record = {"file": "<stdin>" if path == "-" else path, "ok": not errors,
                      "errors": [_json(d) for d in errors]}
            if not args.quiet:
                record["warnings"] = [_json(d) for d in diagnostics if d.severity != "error"]
            out.write(json.dumps(record) + "\n")
        else:
            for d in shown:
                out.write(d.format() + "\n")
    if args.format == "text":
        files = "file" if checked == 1 else "files"
        out.write(f"{checked} {files} checked, {failed} with errors\n")
    return 1 if failed or not checked else 0


def _json(d) -> dict:
    return {"line": d.line, "column": d.column, "message": d.message}
