"""``deluge2py run FILE [FUNCTION] [--arg NAME=VALUE]...``: run a Deluge function locally.

The file is converted in memory and executed against the sandbox CRM (fixtures from
``--fixtures``, state kept in ``--db``), metered as ``--edition`` would be, with
``invokeurl`` blocked unless ``--responses`` or ``--allow-network`` says otherwise.  The
run prints each ``info`` line as it happens, then the return value, the captured emails
and the credits; ``--json`` prints one object instead.  Charges go to the ledger that
``deluge2py credits`` reads.

``execute(...)`` is the same run as a Python call, for tests and tools.
"""

from __future__ import annotations

import json
import os
import sys
from contextlib import ExitStack, contextmanager, nullcontext
from dataclasses import dataclass, field

from .host import runner
from .host.runner import RunError, parse_args
from .words import counted

__all__ = ["RunError", "RunResult", "add_arguments", "execute", "parse_args", "print_report", "run"]


RUN_SETTINGS = ("fixtures", "db", "edition", "users", "time_zone", "date_format", "ledger")


def add_run_options(parser) -> None:
    """The sandbox, network and metering flags ``run`` and ``debug`` share; each
    overrides the project's ``[tool.deluge2py]`` setting of the same name."""
    from .host.settings import add_flags

    add_flags(parser, RUN_SETTINGS)
    net = parser.add_mutually_exclusive_group()
    add_flags(parser, ("responses",), group=net)
    net.add_argument("--allow-network", action="store_true",
                     help="let invokeurl reach the real network")


def add_run_arguments(parser) -> None:
    """What ``run`` and ``debug`` both take: the file, the function, its arguments and
    the run options."""
    parser.add_argument("file", metavar="FILE", help="the Deluge file (.dg)")
    parser.add_argument("function", metavar="FUNCTION", nargs="?",
                        help="the function to run (default: the file's only function, "
                             "else the one named like the file)")
    parser.add_argument("--arg", action="append", default=[], metavar="NAME=VALUE",
                        help="an argument, given as text and converted by the parameter's declared "
                             "type (JSON for map and list); a bare script's arguments stay text")
    add_run_options(parser)
    parser.add_argument("--now", metavar="DATE-TIME",
                        help="run as if the clock said DATE-TIME in the org's time zone "
                             "(zoho.currenttime, now, today, zoho.currentdate), e.g. "
                             "'04-Dec-2026 09:30:00' or '2026-12-04T09:30:00' (with Z or "
                             "an offset: that instant); a date alone is its midnight")
    parser.add_argument("--traceback", action="store_true",
                        help="after a runtime error, also print the Python traceback")


def add_arguments(parser) -> None:
    add_run_arguments(parser)
    parser.add_argument("--live", action="store_true",
                        help="answer zoho.crm tasks from a Zoho CRM org over REST (credentials "
                             "from --profile or the environment) instead of the sandbox")
    parser.add_argument("--profile", metavar="NAME",
                        help="credentials profile for --live (see `deluge2py auth`)")
    parser.add_argument("--yes", action="store_true",
                        help="with --live: write to a production org without asking; with "
                             "--compare: execute in the org without asking")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--make-fixtures", metavar="OUT",
                        help="run against an empty sandbox that makes up one plausible record "
                             "for every module and id the function reads, then write those "
                             "records to OUT (a new file) as starter fixtures to edit")
    from .org.compare import add_arguments as add_compare_arguments

    add_compare_arguments(parser)


@dataclass
class RunResult:
    """What a run did.  ``error`` is the ``DelugeRuntimeError`` that stopped it, or None.
    ``statements`` is what the limits counter counted (``runtime/limits.py``): a function
    body's statements outside loops are charged when it starts, a loop body's on every
    iteration, so a run that fails early still counts the statements after the failure
    that lie outside loops."""

    function: str
    result: object = None
    returns: str | None = None
    info: list = field(default_factory=list)
    outbox: list = field(default_factory=list)
    error: Exception | None = None
    error_file: str | None = None
    error_line: int | None = None
    statements: int = 0
    statement_limit: int | None = None
    context: object = None
    changes: list = field(default_factory=list)
    crm_errors: list = field(default_factory=list)

    @property
    def meter(self):
        return self.context.meter

    @property
    def crm(self):
        return self.context.crm

    def to_json(self) -> dict:
        from deluge2py.runtime.values import to_python

        meter = self.meter
        error = None
        if self.error is not None:
            error = {"message": _message(self.error), "file": self.error_file, "line": self.error_line}
        return {
            "function": self.function,
            "info": list(self.info),
            "result": _jsonable(to_python(self.result)),
            "outbox": _jsonable(to_python(self.outbox)),
            "credits": {"api": meter.api, "function": meter.function, "by_task": dict(meter.by_task)},
            "statements": self.statements,
            "changes": _jsonable(self.changes),
            "crm_errors": _jsonable(self.crm_errors),
            "error": error,
        }


def execute(path, function=None, args=None, *, fixtures=None, db=None, edition="enterprise",
            responses=None, allow_network=False, ledger=None, print_info=False,
            transport=None, users=10, time_zone=None, date_format=None, live=False,
            profile=None, confirm_write=None, crm=None, now=None, warn=None,
            owned=None) -> RunResult:
    """Convert and run one Deluge function; raises ``DelugeError`` for a source that does
    not convert and ``RunError`` for a bad function name or argument.  A Deluge runtime
    error does not raise: it is in ``RunResult.error``.  ``live`` answers the CRM tasks
    from the Zoho org of ``profile`` (``LiveCRM``); ``confirm_write(what)`` is asked once
    before the first write when that org is a production one.  ``now`` (a date-time
    text) is the run's ``zoho.currenttime``.  ``warn(diagnostic)`` gets each warning of the
    conversion (a likely typo, ``if(a = b)``) before anything runs.  ``owned``, an
    ``ExitStack``, gets the closing of the CRM backend the run makes (its SQLite
    connection); without it the backend stays open for ``RunResult.crm``."""
    from deluge2py.runtime import Context
    from deluge2py.runtime.credits import Ledger, Meter
    from deluge2py.runtime.http import NetworkTransport, RecordedTransport

    system = clock_system(now, date_format)
    warnings = []
    module = runner.load(path, fresh=True, warnings=warnings)
    for warning in warnings if warn is not None else ():
        warn(warning)
    fn = runner.pick(module, function)
    call_args = runner.bind(fn, args or {})
    if transport is None and responses is not None:
        transport = RecordedTransport.from_file(responses)
    elif transport is None and allow_network:
        transport = NetworkTransport()
    # A ledger given by the caller is the caller's to close (it may run more functions on
    # it); the default one is this run's: its file is closed when the run ends, however.
    with closing(Ledger.default()) if ledger is None else nullcontext(ledger) as ledger:
        try:
            meter = Meter(edition=edition, users=users, ledger=ledger)
        except ValueError as exc:
            raise RunError(str(exc)) from None
        if crm is None:
            crm = (live_crm(profile, confirm_write, fixtures, db) if live
                   else sandbox_crm(fixtures, db, print_info))
            if owned is not None and hasattr(crm, "close"):
                owned.callback(crm.close)
        ctx = Context(crm=crm, meter=meter, transport=transport, print_info=print_info,
                      time_zone=time_zone, date_format=date_format, system=system)
        return _run_in(ctx, fn, call_args, path)


def _run_in(ctx, fn, call_args, path) -> RunResult:
    """Call ``fn`` in ``ctx`` and say what it did; a Deluge runtime error is kept."""
    from deluge2py.runtime.errors import DelugeRuntimeError

    meta = fn.__deluge__
    run = RunResult(function=meta["name"], returns=meta.get("returns"), context=ctx)
    with ctx:
        try:
            run.result = fn(*call_args)
        except DelugeRuntimeError as exc:
            run.error = exc
            run.error_file, run.error_line = _error_location(exc, path)
    record_outcome(ctx.meter, run, path)
    run.info = list(ctx.info_log)
    run.outbox = list(ctx.outbox)
    run.changes = list(ctx.crm_changes)
    run.crm_errors = list(ctx.crm_errors)
    run.statements = ctx.limits.executed
    run.statement_limit = ctx.limits.statements
    return run


def sandbox_crm(fixtures, db, print_info=False):
    """The sandbox of a run, from ``fixtures`` and/or the store ``db``; a file it cannot
    load is a ``RunError`` naming it (a fixtures error already says file:line:col)."""
    from deluge2py.runtime.backends.sandbox import FixtureError, SandboxCRM
    from deluge2py.runtime.backends.store import StoreError

    try:
        crm = SandboxCRM(fixtures=fixtures, path=db)
    except FixtureError:
        raise
    except StoreError as exc:
        raise RunError(str(exc)) from None  # names the file
    except (OSError, ValueError) as exc:
        raise RunError(f"cannot load the sandbox ({fixtures or db}): {exc}") from None
    if print_info:
        for warning in getattr(crm, "fixture_warnings", ()):
            print(warning, file=sys.stderr)
    return crm


def clock_system(text, date_format=None) -> dict | None:
    """The context's system variables for ``--now`` TEXT (None: the real clock): its
    ``currenttime``, the text read as a Deluge date literal is, or else as ISO 8601
    (``2026-12-04T09:30:00``; with ``Z`` or an offset, that instant in the org's time zone);
    ``RunError`` if no date."""
    if text is None:
        return None
    import datetime

    from deluge2py.runtime import Context
    from deluge2py.runtime.dates import DateTime, datetime_literal

    text = str(text).strip()
    with Context(meter=None, date_format=date_format):
        value = datetime_literal(text)
    if isinstance(value, DateTime):
        return {"currenttime": value.toDateTime()}
    try:
        return {"currenttime": datetime.datetime.fromisoformat(text)}
    except ValueError:
        raise RunError(f"--now {text!r} is not a date-time (e.g. '04-Dec-2026 09:30:00' "
                       f"or '2026-12-04T09:30:00')") from None


def live_crm(profile, confirm_write, fixtures=None, db=None):
    """The live backend for ``--live``; asks ``confirm_write`` only for a production org."""
    if fixtures is not None or db is not None:
        raise RunError("--fixtures and --db fill the sandbox; with --live the org's own "
                       "records are used")
    from deluge2py.runtime.backends.live import LiveCRM
    from deluge2py.runtime.backends.live.credentials import CredentialsError, load_profile

    try:
        resolved = load_profile(profile)
    except CredentialsError as exc:
        raise RunError(str(exc)) from None
    production = resolved.is_production()
    return LiveCRM(resolved, confirm_write=confirm_write if production else None)


def show_live_calls() -> None:
    """``-v`` with ``--live``: the client's token refreshes and retries on stderr."""
    import logging

    logger = logging.getLogger("deluge2py.live")
    for old in [h for h in logger.handlers if getattr(h, "deluge2py_run", False)]:
        logger.removeHandler(old)
    handler = logging.StreamHandler(sys.stderr)
    handler.deluge2py_run = True
    handler.setFormatter(logging.Formatter("deluge2py: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def ask_before_writing():
    """The ``confirm_write`` of ``run --live`` without ``--yes``: a y/N question on the
    terminal; without a terminal, no."""
    def confirm(what: str) -> bool:
        print(f"deluge2py run: this run is about to write to a PRODUCTION Zoho org: {what}",
              file=sys.stderr)
        if not sys.stdin.isatty():
            print("deluge2py run: no terminal to ask; pass --yes to allow writes",
                  file=sys.stderr)
            return False
        print("continue? [y/N] ", file=sys.stderr, end="", flush=True)
        return sys.stdin.readline().strip().lower() in ("y", "yes")
    return confirm


def record_outcome(meter, run, path=None) -> None:
    """One ``kind: "run"`` ledger line saying how a run ended, so reports show failed
    runs apart from successful ones (a run refused before it started writes nothing)."""
    if not meter.charges:
        return  # not even the function credit: nothing ran
    entry = {"run": meter.run_id, "kind": "run", "function": run.function, "task": None,
             "status": "failed" if run.error is not None else "ok",
             "credits": 0, "time": meter.clock()}
    if path is not None:
        entry["file"] = os.path.abspath(path)  # for the drill-down's source lines
    if run.error is not None:
        entry["error"] = _message(run.error)
        entry["line"] = run.error_line
    meter.ledger.record(entry)


def _error_location(exc, path) -> tuple[str, int | None]:
    """The .dg file name and line of a runtime error, found as ``format_deluge_error``
    finds them (the innermost generated frame, else the error's own ``lineNo``), so the
    JSON error and the text report name the same place."""
    from deluge2py.runtime.sourcemap import deluge_location

    location = deluge_location(exc)
    if location is not None:
        return os.path.basename(location.file), location.line
    line = getattr(exc, "lineNo", None)
    name = os.path.basename(str(getattr(exc, "file", None) or path))
    return name, (int(line) if line is not None else None)


# ---------------------------------------------------------------------------
# The command


def run(args) -> int:
    from .host.settings import for_command
    from .terminal import check_inputs, fail

    settings = for_command(args, RUN_SETTINGS + ("responses",))
    if args.allow_network and settings.origin("responses") != "command line":
        settings.values["responses"] = None  # the flag beats the file's recorded answers
    fixtures, db = settings.fixtures, settings.db
    if args.live:  # the project's sandbox settings do not apply to an org
        fixtures = fixtures if settings.origin("fixtures") == "command line" else None
        db = db if settings.origin("db") == "command line" else None
    elif (args.profile or args.yes) and not args.compare:
        return fail("run", "--profile and --yes go with --live or --compare")
    refused = check_inputs("run", args.file, fixtures, settings.responses)
    if refused is not None:
        return refused
    if (args.live or args.compare) and getattr(args, "verbose", 0):
        show_live_calls()
    options = dict(fixtures=fixtures, db=db, edition=settings.edition, users=settings.users,
                   time_zone=settings.time_zone, date_format=settings.date_format,
                   responses=settings.responses, allow_network=args.allow_network,
                   live=args.live, profile=args.profile if args.live else None,
                   confirm_write=None if args.yes else ask_before_writing(), now=args.now)
    # The ledger and the sandbox the run makes are closed when it ends, however (Ctrl-C too).
    with closing(_ledger(settings.ledger_path(create=True))) as ledger, ExitStack() as owned:
        return _run_command(args, settings, {**options, "ledger": ledger, "owned": owned})


def _run_command(args, settings, options) -> int:
    """``run`` once its options are settled: execute (or compare), then report."""
    from .errors import DelugeError
    from .terminal import DELUGE, Output, fail, file_error

    starter = None
    if getattr(args, "make_fixtures", None):
        refusal = _refuse_make_fixtures(args, settings)
        if refusal is not None:
            return fail("run", refusal)
        from .host.starter_fixtures import StarterCRM

        starter = options["crm"] = StarterCRM()
        options["owned"].callback(starter.sandbox.close)
        options["fixtures"] = options["db"] = None
    if args.compare:
        if args.now is not None:
            return fail("run", "--now sets this machine's clock only; with --compare the org "
                               "runs on its own clock")
        from .org.compare import run_compare

        return run_compare(args, sys.modules[__name__], options)
    try:
        values = parse_args(args.arg)
        quiet = args.json or Output.from_args(args).quiet
        result = execute(args.file, args.function, values, print_info=not args.json,
                         warn=None if quiet else lambda w: Output().diagnostic(w.format()),
                         **options)
        if starter is not None:
            _write_starter(starter, args.make_fixtures)
    except DelugeError as exc:
        Output().diagnostic(exc.format())
        return DELUGE
    except RunError as exc:
        return fail("run", str(exc))
    except _fixture_error() as exc:
        return fail("run", exc.message)
    except OSError as exc:
        return file_error("run", exc, args.file)
    except (ValueError, _runtime_error()) as exc:  # a fixtures or responses file refused
        return fail("run", _message(exc))
    if args.json:
        print(json.dumps(result.to_json(), indent=2))
    else:
        print_report(result, traceback=args.traceback, output=Output.from_args(args))
        Output.from_args(args).detail(
            f"edition {settings.edition} ({settings.origin('edition')}), time zone "
            f"{settings.time_zone} ({settings.origin('time_zone')}), fixtures "
            f"{settings.fixtures or 'none'} ({settings.origin('fixtures')}); charges recorded in "
            f"{settings.ledger_path()} ({settings.ledger_origin()})")
    return 1 if result.error is not None else 0


def _refuse_make_fixtures(args, settings) -> str | None:
    """Why ``--make-fixtures`` cannot run as asked, or None."""
    if args.live or args.compare:
        return "--make-fixtures runs against the sandbox, not with --live or --compare"
    for name in ("fixtures", "db"):
        if settings.origin(name) == "command line" and getattr(settings, name):
            return f"--make-fixtures starts from an empty sandbox; drop --{name}"
    if os.path.exists(args.make_fixtures):
        return (f"{args.make_fixtures} exists; --make-fixtures writes a new file "
                f"(run with --fixtures {args.make_fixtures} to use it)")
    return None


def _write_starter(starter, path) -> None:
    """Write the starter fixtures and say what is in them (on stderr: stdout is the run's)."""
    starter.write(path)
    made = starter.fixtures()
    parts = [f"{len(records)} {module}" for module, records in made.items()
             if not module.startswith("$")]
    if "$variables" in made:
        parts.append(f"{len(made['$variables'])} org variable(s)")
    print(f"deluge2py run: wrote starter fixtures to {path}: "
          f"{', '.join(parts) or 'nothing: the function read no record'}; edit them, then "
          f"run with --fixtures {path}", file=sys.stderr)


def _fixture_error():
    from deluge2py.runtime.backends.sandbox import FixtureError

    return FixtureError


def _runtime_error():
    from deluge2py.runtime.errors import DelugeRuntimeError

    return DelugeRuntimeError


def _ledger(path):
    from deluge2py.runtime.credits import Ledger

    return Ledger(path)


@contextmanager
def closing(ledger):
    """``with closing(ledger):`` a command that made a ledger closes its file when the run
    ends, however it ends.  Lines it cannot write stay held: the flush that failed
    already raised (the run reported it) and the exit hook counts what is lost, so
    closing adds no second error, and never a traceback."""
    from deluge2py.runtime.errors import DelugeRuntimeError

    try:
        yield ledger
    finally:
        try:
            ledger.close()
        except DelugeRuntimeError:
            pass


def print_report(result: RunResult, out=None, traceback: bool = False, output=None) -> None:
    """The text report after the ``info`` lines (which were printed as they ran); under
    ``-q`` only the result or the error."""
    from deluge2py.host.tracebacks import format_deluge_error
    from deluge2py.runtime.render import render

    from .terminal import Output

    output = output or Output()
    out = out or sys.stdout
    if result.error is not None:
        output.diagnostic(format_deluge_error(result.error, traceback=traceback))
    elif result.returns != "void" and result.result is not None:
        output.write(f"return: {render(result.result)}", out, "bold")
    if output.quiet:
        return
    for mail in result.outbox:
        print(f"sendmail to {', '.join(mail['to'])}: {mail['subject']}", file=out)
        for key in ("cc", "bcc", "reply_to"):
            if mail[key]:
                print(f"  {key.replace('_', ' ')}: {', '.join(mail[key])}", file=out)
        print(f"  from: {mail['from']}", file=out)
        for line in str(mail["message"]).splitlines() or [""]:
            print(f"  | {line}", file=out)
    meter = result.meter
    tasks = ", ".join(f"{task} {credits}" for task, credits in meter.by_task.items())
    limit = f" (limit {result.statement_limit})" if result.statement_limit is not None else ""
    output.write(f"credits: {meter.api} API" + (f" ({tasks})" if tasks else "")
                  + f", {meter.function} function; {counted(result.statements, 'statement')} counted{limit}",
                  out, "dim")
    print_changes(result.changes, out, output)
    print_crm_errors(result.crm_errors, out, output)


def print_crm_errors(errors, out=None, output=None) -> None:
    """The error maps ``zoho.crm`` tasks answered, one line each with its Deluge line:
    Zoho answers a refused write as a value and the function goes on, so the report says
    so; nothing when every task succeeded."""
    from .terminal import Output

    output = output or Output()
    out = out or sys.stdout
    if not errors:
        return
    each = "an error map" if len(errors) == 1 else f"{len(errors)} error maps"
    output.write(f"CRM errors: zoho.crm answered {each} (the function went on)", out, "bold")
    for error in errors:
        where = f"line {error['line']}: " if error.get("line") else ""
        field = f" ({error['field']})" if error.get("field") else ""
        module = f" {error['module']}" if error.get("module") else ""
        print(f"  {where}{error['task']}{module}: {error['code']} {error['message']}{field}",
              file=out)


def print_changes(changes, out=None, output=None, width: int = 100) -> None:
    """The end of the report: the records the function created, updated, converted,
    related or attached to, each with the fields it sent (one line per field);
    nothing when it changed nothing."""
    from deluge2py.runtime.render import render
    from deluge2py.runtime.values import to_deluge

    from .terminal import Output

    output = output or Output()
    out = out or sys.stdout
    if not changes:
        return  # a run that changed nothing ends with its credits
    counts = {}
    for change in changes:
        counts[change["action"]] = counts.get(change["action"], 0) + 1
    output.write("CRM changes: " + ", ".join(f"{n} {action}" for action, n in counts.items()), out, "bold")
    for change in changes:
        print(f"  {change['action']} {change['module']} {change['id']} ({change['task']})", file=out)
        for name, value in change["fields"].items():
            rows = value if isinstance(value, list) and value and all(
                isinstance(v, dict) for v in value) else None
            if rows is None:
                print(f"    {name}: {_clip(render(to_deluge(value)), width)}", file=out)
                continue
            print(f"    {name}: {len(rows)} row{'s' if len(rows) != 1 else ''}", file=out)
            for row in rows:
                print(f"      - {_clip(render(to_deluge(row)), width)}", file=out)


_ONE_LINE = str.maketrans({"\n": "\\n", "\r": "\\r", "\t": "\\t"})


def _clip(text: str, width: int) -> str:
    """*text* on one line (line breaks and tabs written ``\\n``, ``\\r``, ``\\t``), cut to *width*."""
    text = text.translate(_ONE_LINE)
    return text if len(text) <= width else text[:width - 3] + "..."


def _message(error) -> str:
    return str(getattr(error, "message", None) or error)


def _jsonable(value):
    """JSON-ready: dates and other values as their Deluge text."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    from deluge2py.runtime.render import render

    return render(value)
