"""``deluge2py convert SRC... [-o OUTDIR] [--stdout] [--check] [--jobs N] [--watch]``.

Each source file becomes one Python module.  A folder is searched for ``*.dg`` and
``*.deluge`` files; its tree is mirrored under OUTDIR with valid module names.  One
failing file does not stop the others.  Without SRC the project's ``sources`` setting
is converted.

Without ``-o`` (and no ``output`` setting) modules go to ``deluge2py-out/`` in the
project root (else the working directory), never next to the sources: a ``x.py``
beside ``x.dg`` would shadow the import hook (``import x`` would load the stale
``.py``), and ``deluge2py-out`` cannot itself be imported (a hyphen is no module name).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field

from .host.files import strip_extension, walk_sources
from .words import counted

DEFAULT_OUTPUT = "deluge2py-out"


def add_arguments(parser) -> None:
    parser.add_argument("sources", nargs="*", metavar="SRC",
                        help="Deluge files, or folders searched for *.dg and *.deluge "
                             "(default: the project's sources setting)")
    parser.add_argument("-o", "--output-dir", dest="output", metavar="OUTDIR",
                        help=f"write modules under OUTDIR (default: the output setting, else "
                             f"{DEFAULT_OUTPUT}/ in the project root or here; '-' is --stdout)")
    parser.add_argument("--stdout", action="store_true",
                        help="print the generated Python instead of writing files")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if any output would change")
    parser.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                        help="convert in N parallel processes (default 1)")
    parser.add_argument("--no-cache", action="store_true",
                        help="convert every file even when the cache has its result")
    parser.add_argument("--watch", action="store_true",
                        help="convert again whenever a .dg file changes (Ctrl-C stops)")


# --------------------------------------------------------------------------
# Planning: which files, and where their outputs go


@dataclass
class Job:
    source: str  # the path as shown to the user
    target: str  # the output path
    cache_dir: str | None


def _module_name(stem: str) -> str:
    from .names import module_name

    return module_name(stem)


def collect(sources: list[str]) -> tuple[list[tuple[str, str, tuple[str, ...]]], list[str]]:
    """``(source path, root, relative folder parts)`` for each input file, and the
    problems with arguments (missing paths)."""
    found, problems = [], []
    for src in sources:
        if os.path.isdir(src):
            found += [(path, src, parts) for path, parts in walk_sources(src)]
        elif os.path.isfile(src):
            found.append((src, os.path.dirname(src), ()))
        else:
            problems.append(f"{src}: error: no such file or folder")
    return found, problems


def plan(sources: list[str], output_dir: str | None, cache_dir: str | None):
    """Jobs with deterministic, collision-free output paths: within one output folder,
    module names are given in sorted source order; a name already taken gets ``_2``,
    ``_3``, ... (natural names are reserved first, so a file whose own name is
    ``x_2`` keeps it)."""
    found, problems = collect(sources)
    by_folder: dict[str, list[tuple[str, str]]] = {}
    seen_sources = set()
    for path, root, parts in found:
        key = os.path.realpath(path)
        if key in seen_sources:
            continue
        seen_sources.add(key)
        if output_dir is None:
            folder = os.path.dirname(path)
        else:
            folder = os.path.join(output_dir, *(_module_name(p) for p in parts))
        name = _module_name(strip_extension(os.path.basename(path)))
        by_folder.setdefault(folder, []).append((path, name))
    jobs = []
    for folder, entries in by_folder.items():
        entries.sort()
        taken = {name for _, name in entries}
        used: set[str] = set()
        for path, name in entries:
            final, counter = name, 2
            while final in used or (final != name and final in taken):
                final, counter = f"{name}_{counter}", counter + 1
            used.add(final)
            jobs.append(Job(path, os.path.join(folder, final + ".py"), cache_dir))
    jobs.sort(key=lambda job: job.source)
    return jobs, problems


# --------------------------------------------------------------------------
# Converting one file (runs in worker processes)


@dataclass
class Result:
    source: str
    target: str
    text: str | None = None
    diagnostics: list[str] = field(default_factory=list)  # formatted errors and warnings
    failed: bool = False
    cached: bool = False


def convert_file(job: Job) -> Result:
    """Convert one file (from the cache when possible).  Never raises for a bad input."""
    from . import api
    from .host.cache import Cache, cache_key, warning_entry
    from .host.files import decode_source
    from .errors import DelugeError, DelugeWarning

    result = Result(job.source, job.target)
    try:
        with open(job.source, "rb") as handle:
            data = handle.read()
    except OSError as error:
        result.failed = True
        result.diagnostics.append(f"{job.source}: error: cannot read: {error.strerror}")
        return result
    cache = Cache(job.cache_dir) if job.cache_dir else None
    key = cache_key(data, os.path.basename(job.source), {}) if cache else None
    entry = cache.get(key) if cache else None
    if entry is not None:
        result.text, result.cached = entry["text"], True
        result.diagnostics = [DelugeWarning(filename=job.source, **w).format()
                              for w in entry["warnings"]]
        return result
    try:
        source = decode_source(data, job.source)
        text, warnings = api.convert_with_warnings(source, job.source)
    except DelugeError as error:
        result.failed = True
        result.diagnostics.append(error.format())
        return result
    except Exception as error:  # a bug in deluge2py: report it, keep converting others
        result.failed = True
        result.diagnostics.append(f"{job.source}: error: internal error in deluge2py "
                                  f"({type(error).__name__}: {error}); please report it")
        return result
    result.text = text
    result.diagnostics = [w.format() for w in warnings]
    if cache:
        cache.put(key, {"text": text, "warnings": [warning_entry(w) for w in warnings]})
    return result


# --------------------------------------------------------------------------
# The command


def _run_jobs(jobs: list[Job], workers: int, advance) -> list[Result]:
    if workers <= 1 or len(jobs) <= 1:
        results = []
        for job in jobs:
            results.append(convert_file(job))
            advance()
        return results
    from concurrent.futures import ProcessPoolExecutor, as_completed

    results: dict[int, Result] = {}
    executor = ProcessPoolExecutor(max_workers=workers)
    try:
        futures = {executor.submit(convert_file, job): i for i, job in enumerate(jobs)}
        for future in as_completed(futures):
            results[futures[future]] = future.result()
            advance()
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
    return [results[i] for i in range(len(jobs))]


def _read_text(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError):
        return None


def output_dir(requested: str | None) -> str:
    """``-o``/the ``output`` setting, else ``deluge2py-out`` in the project root or here."""
    if requested:
        return requested
    from .host.settings import load

    settings = load()
    if settings.output:
        return settings.output
    return os.path.join(str(settings.root or "."), DEFAULT_OUTPUT) if settings.root else DEFAULT_OUTPUT


def run(args) -> int:
    from .cmd_check import resolve_paths
    from .terminal import USAGE, Output

    out = Output.from_args(args)
    sources, code = resolve_paths("convert", args.sources)
    if not sources:
        return code
    if args.output == "-":  # the Unix convention for standard output, not a folder named '-'
        args.stdout = True
    target = None if args.stdout else output_dir(args.output)
    status = convert_all(sources, target, args, out, problems=code)
    if args.watch:
        from .watch import watch_sources

        def again(changed: set[str]) -> None:
            convert_all(sources, target, args, out, only_changes=True)

        return watch_sources(sources, again, out)
    return status


def convert_all(sources, target, args, out, problems=None, only_changes=False) -> int:
    """Convert ``sources`` into ``target``; print diagnostics, what was written and a
    summary (with ``only_changes``: only the files whose output changed)."""
    from .host.cache import default_dir
    from .host.files import write_atomic
    from .terminal import DELUGE, OK, USAGE, fail, progress

    cache_dir = None if args.no_cache else str(default_dir())
    jobs, missing = plan(sources, target, cache_dir)
    for problem in missing:
        print(problem, file=sys.stderr)
    if not jobs:
        if problems is None and not missing:
            return fail("convert", "no Deluge files (*.dg, *.deluge) in " + ", ".join(sources))
        return USAGE
    with progress(len(jobs), "converting", out, threshold=20) as advance:
        results = _run_jobs(jobs, max(1, args.jobs), advance)

    converted = failed = changed = 0
    for result in results:
        for diagnostic in result.diagnostics:
            out.diagnostic(diagnostic)
        if result.failed:
            failed += 1
            continue
        converted += 1
        if args.stdout:
            sys.stdout.write(result.text)
            continue
        if _read_text(result.target) == result.text:
            continue
        changed += 1
        if args.check:
            out.say(f"would convert {result.source} -> {result.target}")
            continue
        try:
            os.makedirs(os.path.dirname(result.target) or ".", exist_ok=True)
            write_atomic(result.target, result.text)
        except OSError as error:
            converted -= 1
            failed += 1
            out.diagnostic(f"{result.target}: error: cannot write: {error.strerror}")
            continue
        if only_changes or out.verbose:
            out.say(f"converted {result.source} -> {result.target}", err=True)
    if args.check:
        out.say(f"{counted(changed, 'file')} would change, {converted - changed} unchanged, "
                f"{failed} failed", err=True)
        status = DELUGE if changed or failed else OK
    else:
        if not (only_changes and not changed and not failed):
            out.say(f"{counted(converted, 'file')} converted, {failed} failed", err=True)
        status = DELUGE if failed else OK
    return USAGE if problems is not None or missing else status
