"""Run every function of the real-code corpus and classify how each run ends.

The corpus is other people's code and is never committed: extract it first into
``.corpus/`` (see docs/corpus.md).  For every ``function``/``fragment`` file of the
manifest this converts the file, then calls each of its functions with made-up
arguments (chosen by declared type, else by name: ids as 19-digit texts, dates,
emails, maps, lists) against an empty sandbox CRM, with ``invokeurl`` blocked and
Zoho's limits on.  Each file runs in its own worker process with a time bound, so a
hang cannot stop the run.

    python3 benchmarks/corpus_run.py [--corpus .corpus] [--jobs 2] [--timeout 20]
                                     [--args PROFILE] [--list OUTCOME] [--top 15]

Outcomes, one per function run:

* ``returned``  the function ended normally;
* ``deluge``    stopped by a Deluge error the runtime raises on purpose, as Zoho would
                (a method on null, operator types, a missing record, ``throw``...);
* ``network``   stopped by the blocked ``invokeurl``, or by a task of another Zoho app
                (Desk, Creator...) the sandbox has no backend for;
* ``external``  calls a function of the author's org that is not in this file
                (``standalone.x``, ``thisapp.x``); Zoho would stop on it too;
* ``limit``     stopped by an execution limit (statements, nested calls, time);
* ``missing``   a method or function the runtime does not know;
* ``crash``     a stray Python exception inside the runtime (a deluge2py bug);
* ``timeout``   the worker did not finish within the time bound.

Files the parser rejects (see docs/corpus.md) are counted apart as ``rejected``.
The exit status is 1 when any run crashed or timed out.
docs/corpus.md is written from this script's output.
"""

from __future__ import annotations

import argparse
import collections
import csv
import multiprocessing
import os
import re
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_MANIFEST = os.path.join(ROOT, "..", "shared", "corpus", "manifest.tsv")
OUTCOMES = ("returned", "deluge", "network", "external", "limit", "missing", "crash", "timeout")
KINDS = ("function", "fragment")


# --- made-up arguments ---------------------------------------------------------------------

RECORD_ID = "5725767000000423001"


def made_up_argument(name: str, deluge_type: str | None):
    """A plausible argument for parameter *name* declared as *deluge_type* (None: undeclared,
    which Zoho passes as text)."""
    from deluge2py.runtime import List, Map, Text
    from deluge2py.runtime.dates import datetime_literal

    kind = (deluge_type or "").lower()
    lower = name.lower()
    if kind in ("int", "bigint", "long", "number"):
        return int(RECORD_ID) if lower.endswith("id") or "id_" in lower else 3
    if kind in ("decimal", "float", "double"):
        return 12.5
    if kind in ("bool", "boolean"):
        return False
    if kind in ("date", "datetime", "date-time", "timestamp"):
        return datetime_literal("15-Jan-2024 10:30:00")
    if kind in ("map", "key-value"):
        return Map({"id": RECORD_ID, "name": "Sample", "email": "sample@example.com"})
    if kind in ("list",):
        return List([RECORD_ID])
    # Text, declared or not: pick by name.
    if "email" in lower or "mail" in lower:
        return Text("sample@example.com")
    if "date" in lower:
        return Text("2024-01-15")
    if "time" in lower:
        return Text("2024-01-15T10:30:00+05:30")
    if lower.endswith("id") or lower.endswith("ids") or "_id" in lower:
        return Text(RECORD_ID)
    if lower.endswith("map") or lower in ("data", "params", "payload", "record", "body"):
        return Map({"id": RECORD_ID, "name": "Sample"})
    if lower.endswith("list"):
        return List([RECORD_ID])
    if "phone" in lower or "mobile" in lower:
        return Text("+14155550123")
    if "amount" in lower or "count" in lower or "qty" in lower or "quantity" in lower:
        return Text("3")
    return Text("Sample")


def _profile_argument(profile: str):
    """The argument every parameter gets under *profile* (``--args``), to shake out crashes
    that only some values reach; ``typed`` is ``made_up_argument``."""
    from deluge2py.runtime import List, Map, Text

    values = {
        "null": lambda: None,
        "empty": lambda: Text(""),
        "number": lambda: 7,
        "map": lambda: Map({"id": RECORD_ID, "name": "Sample", "Email": "sample@example.com",
                            "items": [1, 2]}),
        "list": lambda: List([Map({"id": RECORD_ID}), "Sample"]),
    }
    return values[profile]


PROFILES = ("typed", "null", "empty", "number", "map", "list")
_profile = "typed"


def argument_for(name: str, deluge_type: str | None):
    """The argument of one parameter under the current profile."""
    if _profile == "typed":
        return made_up_argument(name, deluge_type)
    return _profile_argument(_profile)()


# --- classification --------------------------------------------------------------------------

_NETWORK = re.compile(r"is blocked: deluge2py makes no network calls|no backend answers Zoho "
                      r"|the sandbox CRM does not answer this endpoint")
_MISSING = re.compile(r"Not able to find '[^']*' function")
_EXTERNAL = re.compile(r"^Function '[^']*' is not defined")
#: Deluge's system words: reading one as an undefined variable is the runtime's gap.
_SYSTEM_WORDS = re.compile(r"^Variable '(today|now|zoho)' is not defined", re.I)


def classify(exc: BaseException | None) -> tuple[str, str]:
    """``(outcome, reason)`` for a run that raised *exc* (None: it returned)."""
    from deluge2py.runtime.errors import (DelugeInternalError, DelugeLimitError,
                                          DelugeRuntimeError)

    if exc is None:
        return "returned", ""
    if isinstance(exc, DelugeInternalError):
        cause = exc.__cause__ or exc
        return "crash", f"{type(cause).__name__}: {_first_line(cause)}"
    if isinstance(exc, DelugeLimitError):
        return "limit", _first_line(exc)
    if not isinstance(exc, DelugeRuntimeError):
        return "crash", f"{type(exc).__name__}: {_first_line(exc)}"
    message = _first_line(exc)
    if _NETWORK.search(message):
        return "network", message
    if _MISSING.search(message) or _SYSTEM_WORDS.search(message):
        return "missing", message
    if _EXTERNAL.search(message):
        return "external", message
    return "deluge", message


def _first_line(exc) -> str:
    text = getattr(exc, "_message", None) or str(exc) or type(exc).__name__
    return text.splitlines()[0][:200]


# --- one file ---------------------------------------------------------------------------------

def run_file(path: str) -> list[tuple[str, str, str, str]]:
    """Convert *path* and call each of its functions; ``[(function, outcome, reason, trace)]``.
    A file the parser rejects gives ``[("", "rejected", message, "")]``."""
    import linecache
    import types

    from deluge2py.api import convert
    from deluge2py.errors import DelugeError
    from deluge2py.runtime import Context
    from deluge2py.runtime.backends.sandbox import SandboxCRM
    from deluge2py.runtime.credits import Meter
    from deluge2py.runtime.limits import Limits

    with open(path, encoding="utf-8-sig", errors="replace") as fh:
        source = fh.read()
    try:
        text = convert(source, os.path.basename(path), format=False)
    except DelugeError as exc:
        return [("", "rejected", exc.message if hasattr(exc, "message") else str(exc), "")]
    pseudo = f"<corpus_run {path}.py>"
    linecache.cache[pseudo] = (len(text), None, text.splitlines(keepends=True), pseudo)
    module = types.ModuleType("_dg_corpus_run")
    module.__file__ = pseudo
    exec(compile(text, pseudo, "exec"), module.__dict__)  # noqa: S102 (our own generated code)
    functions = [v for v in vars(module).values()
                 if hasattr(v, "__deluge__") and getattr(v, "__module__", None) == module.__name__]
    results = []
    for fn in functions:
        meta = fn.__deluge__
        code = fn.__wrapped__.__code__
        names = code.co_varnames[:code.co_argcount]
        params = meta.get("params") or {}
        ctx = Context(crm=SandboxCRM(), meter=Meter(), limits=Limits(seconds=10))
        exc = None
        with ctx:
            try:
                args = [argument_for(n, params.get(n)) for n in names]
                fn(*args)
            except BaseException as e:  # noqa: BLE001 (every ending is classified)
                exc = e
        outcome, reason = classify(exc)
        trace = "".join(traceback.format_exception(exc)) if outcome == "crash" else ""
        results.append((str(meta.get("name")), outcome, reason, trace))
    return results


def _worker(path, conn):
    try:
        conn.send(run_file(path))
    except BaseException as exc:  # noqa: BLE001 (a failure of the harness itself)
        conn.send([("", "crash", f"harness: {type(exc).__name__}: {exc}",
                    "".join(traceback.format_exception(exc)))])
    finally:
        conn.close()


def run_bounded(paths, *, jobs=2, timeout=20.0):
    """Yield ``(path, results)`` for each file, each run in a forked worker killed after
    *timeout* seconds (then ``results`` is one ``timeout`` row)."""
    ctx = multiprocessing.get_context("fork")
    pending = list(paths)
    running = {}  # path -> (process, connection, started)
    while pending or running:
        while pending and len(running) < jobs:
            path = pending.pop(0)
            parent, child = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_worker, args=(path, child), daemon=True)
            proc.start()
            child.close()
            running[path] = (proc, parent, time.monotonic())
        done = []
        for path, (proc, conn, started) in running.items():
            if conn.poll():
                try:
                    results = conn.recv()
                except EOFError:
                    results = [("", "crash", f"worker died (exit {proc.exitcode})", "")]
                done.append((path, results))
            elif not proc.is_alive() and not conn.poll():
                done.append((path, [("", "crash", f"worker died (exit {proc.exitcode})", "")]))
            elif time.monotonic() - started > timeout:
                proc.kill()
                done.append((path, [("", "timeout", f"no answer within {timeout:g} s", "")]))
        for path, results in done:
            proc, conn, _ = running.pop(path)
            proc.join(1)
            conn.close()
            yield path, results
        if not done:
            time.sleep(0.01)


def corpus_files(corpus: str, manifest: str, kinds=KINDS) -> list[str]:
    """The paths of the manifest's *kinds* files present under *corpus*, in manifest order."""
    with open(manifest, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    paths = [os.path.join(corpus, r["local_name"]) for r in rows if r["kind"] in kinds]
    return [p for p in paths if os.path.exists(p)]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=os.path.join(ROOT, ".corpus"))
    ap.add_argument("--manifest", default=DEFAULT_MANIFEST)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=20.0, help="seconds per file")
    ap.add_argument("--top", type=int, default=15, help="reasons shown per outcome")
    ap.add_argument("--args", choices=PROFILES, default="typed",
                    help="made-up arguments by type and name (typed), or one value for every "
                         "parameter")
    ap.add_argument("--list", metavar="OUTCOME", help="list every run with this outcome")
    ap.add_argument("--traceback", action="store_true", help="with --list crash: tracebacks")
    ap.add_argument("files", nargs="*", help="run only these files")
    args = ap.parse_args(argv)
    # Import once in the parent so every forked worker starts warm.
    import deluge2py.api  # noqa: F401
    import deluge2py.codegen  # noqa: F401
    import deluge2py.parser  # noqa: F401
    import deluge2py.runtime.backends.sandbox  # noqa: F401

    global _profile
    _profile = args.args  # forked workers inherit it
    paths = args.files or corpus_files(args.corpus, args.manifest)
    started = time.monotonic()
    counts = collections.Counter()
    reasons = collections.defaultdict(collections.Counter)
    listed = []
    files = 0
    for path, results in run_bounded(paths, jobs=args.jobs, timeout=args.timeout):
        files += 1
        for function, outcome, reason, trace in results:
            counts[outcome] += 1
            reasons[outcome][_generic(reason)] += 1
            if outcome == args.list:
                listed.append((os.path.relpath(path, args.corpus), function, reason, trace))
    elapsed = time.monotonic() - started
    runs = sum(v for k, v in counts.items() if k != "rejected")
    print(f"{files} files, {counts['rejected']} rejected by the parser, "
          f"{runs} function runs in {elapsed:.0f} s")
    print(f"{'outcome':<10} {'runs':>6}")
    for outcome in OUTCOMES:
        print(f"{outcome:<10} {counts[outcome]:>6}")
    for outcome in OUTCOMES:
        if outcome == "returned" or not reasons[outcome]:
            continue
        print(f"\ntop reasons: {outcome}")
        for reason, n in reasons[outcome].most_common(args.top):
            print(f"{n:>5}  {reason}")
    for rel, function, reason, trace in listed:
        print(f"{rel}\t{function}\t{reason}")
        if args.traceback and trace:
            print(trace)
    return 1 if counts["crash"] or counts["timeout"] else 0


def _generic(reason: str) -> str:
    """A reason with record ids, numbers and long texts folded, so alike runs count together."""
    reason = re.sub(r"\d{6,}", "<id>", reason)
    return reason[:150]


if __name__ == "__main__":
    sys.path.insert(0, ROOT)
    sys.exit(main())
