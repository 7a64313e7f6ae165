"""``deluge2py check PATH...``: report what Zoho's editor would refuse to save (syntax
errors, undefined variables, unknown tasks and methods, everything ``convert``
enforces) and warnings.  A file that passes converts, and its Python compiles.

Folders are searched recursively for ``*.dg`` and ``*.deluge``; ``-`` reads
standard input; without a PATH the project's ``sources`` setting is checked.  Exit
status 0 when every file parses, 1 when one does not, 2 for a missing path or when
there is nothing to check.  ``--watch`` checks again on every save, printing only the
files whose diagnostics changed.
"""

from __future__ import annotations

import json
import os
import sys

from .errors import DelugeSyntaxError
from .host.files import find_sources, read_source


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="Deluge files or folders (recursing into *.dg, *.deluge); - for stdin "
                             "(default: the project's sources setting)")
    parser.add_argument("--watch", action="store_true",
                        help="check again whenever a .dg file changes (Ctrl-C stops)")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="text diagnostics (default) or one JSON object per file")


def check_file(path: str) -> list:
    """Diagnostics for one file (warnings, then the error if any)."""
    from .api import check

    name = "<stdin>" if path == "-" else path
    try:
        source = read_source(path)
    except DelugeSyntaxError as e:
        return [e]
    return check(source, name)


def resolve_paths(command: str, paths: list[str]) -> tuple[list[str], int | None]:
    """The paths a command works on: those given, else the project's ``sources``; and
    the exit code when there are none or one is missing (reported already)."""
    from .host.settings import load
    from .terminal import OK, fail, missing

    if not paths:
        paths = load().sources or []
        if not paths:
            return [], fail(command, "no PATH given and no sources in the project settings")
    code = OK
    for path in paths:
        if path != "-" and not os.path.exists(path):
            code = missing(command, path)
    return [p for p in paths if p == "-" or os.path.exists(p)], code or None


def run(args) -> int:
    from .terminal import DELUGE, OK, USAGE, Output, fail, progress

    out = Output.from_args(args)
    paths, code = resolve_paths("check", args.paths)
    files = list(find_sources(paths))
    if not files:
        if code is None:
            return fail("check", "no Deluge files (*.dg, *.deluge) in "
                        + ", ".join(paths or args.paths))
        return code
    results = {}
    with progress(len(files), "checking", out, threshold=20) as advance:
        for path in files:
            results[path] = check_file(path)
            advance()
    failed = report(results, args, out)
    if args.watch:
        return watch_check(paths, results, args, out)
    if code is not None:
        return USAGE
    return DELUGE if failed else OK


def report(results: dict, args, out, summary: bool = True) -> int:
    """Print the diagnostics of ``results`` (path -> diagnostics); the count failing."""
    failed = 0
    for path, diagnostics in results.items():
        errors = [d for d in diagnostics if d.severity == "error"]
        failed += bool(errors)
        shown = errors if args.quiet else diagnostics
        if args.format == "json":
            record = {"file": "<stdin>" if path == "-" else path, "ok": not errors,
                      "errors": [_json(d) for d in errors]}
            if not args.quiet:
                record["warnings"] = [_json(d) for d in diagnostics if d.severity != "error"]
            sys.stdout.write(json.dumps(record) + "\n")
        else:
            for d in shown:
                out.diagnostic(d.format(), sys.stdout)
    if args.format == "text" and summary:
        out.say(_summary(len(results), failed))
    return failed


def watch_check(paths, results: dict, args, out) -> int:
    """Check again on every save; print the files whose diagnostics changed."""
    from .watch import watch_sources

    def recheck(changed: set[str]) -> None:
        now = {path: check_file(path) for path in find_sources(paths)}
        delta = {path: diags for path, diags in now.items()
                 if _texts(diags) != _texts(results.get(path, []))}
        for gone in set(results) - set(now):
            out.say(f"{gone}: removed")
        for path, diags in delta.items():
            if not diags:
                out.say(f"{path}: ok", style="green")
        report({p: d for p, d in delta.items() if d}, args, out, summary=False)
        if not delta:
            out.detail("no change in diagnostics: " + ", ".join(sorted(changed)))
        results.clear()
        results.update(now)
        failing = sum(any(d.severity == "error" for d in diags) for diags in now.values())
        out.say(_summary(len(now), failing), style="bold")

    return watch_sources([p for p in paths if p != "-"], recheck, out)


def _summary(checked: int, failed: int) -> str:
    return f"{checked} {'file' if checked == 1 else 'files'} checked, {failed} with errors"


def _texts(diagnostics) -> list[str]:
    return [d.format() for d in diagnostics]


def _json(d) -> dict:
    return {"line": d.line, "column": d.column, "message": d.message}
