"""``deluge2py debug``: step through a Deluge function in DelugePdb against the sandbox.

    deluge2py debug deal_update.dg [FUNCTION] [--arg dealId=1001] [-b 14] [RUN OPTIONS]

It takes every option ``deluge2py run`` takes (fixtures, database, responses,
edition, time zone, ...; the project's settings apply the same way), plus ``-b``.

The file is converted through the import hook's cache (``__dgcache__`` beside
it), so pdb shows a real Python file.  Without ``-b`` the debugger stops at the
function's first statement; with ``-b LINE``, ``-b FILE.dg:LINE`` or ``-b FUNCTION``
(repeatable) it runs to the first breakpoint.  A ``-b`` that can never stop (past the
last statement, another file, no such function) is a usage error before anything
runs (``b.dg:999: error: ...``, exit 2); one the run never stopped at is a warning
once it ends.  ``info`` lines are printed as they happen;
the result is printed at the end.  Credits are metered in memory only (a debug session does not
spend from the ledger that ``deluge2py run`` keeps) unless ``--ledger`` is given.
"""

from __future__ import annotations

import os
import sys

from .cmd_run import RUN_SETTINGS, add_run_arguments, clock_system, closing
from .host.runner import RunError, bind, load, parse_args, pick


def add_arguments(parser) -> None:
    add_run_arguments(parser)
    parser.add_argument("-b", "--break", dest="breaks", action="append", default=[],
                        metavar="LINE|FILE.dg:LINE|FUNCTION",
                        help="break at this Deluge line (or the next with a statement) or "
                             "this function's first statement, then run to it")


class BreakError(Exception):
    """A ``-b`` that can never stop: ``line`` set for a line past the last statement."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


def break_lines(specs, module, path: str) -> list[int]:
    """The Deluge line of each ``-b`` (``LINE``, ``FILE.dg:LINE`` naming the debugged
    file, or ``FUNCTION``): a line with a statement on or after it must exist."""
    from deluge2py.runtime.sourcemap import line_table

    table = line_table(module.__file__)
    statements = table.deluge_lines()
    lines = []
    for spec in specs:
        where, colon, number = spec.rpartition(":")
        if not number.strip().lstrip("-").isdigit():
            lines.append(_function_line(spec, module, table))
            continue
        if colon and os.path.basename(where) != os.path.basename(path):
            raise BreakError(f"-b {spec}: {where} is not the file being debugged ({path})")
        line = int(number)
        if line < 1:
            raise BreakError(f"-b {spec}: line numbers start at 1")
        if not statements or line > statements[-1]:
            raise BreakError(f"no statement on or after line {line} "
                             f"({_last_lines(module, statements)})", line)
        lines.append(line)
    return lines


def _last_lines(module, statements) -> str:
    import linecache

    length = len(linecache.getlines(module.__deluge_file__))
    last = (f"its last statement is on line {statements[-1]}" if statements
            else "it has no statement")
    return f"the file has {length} line{'s' if length != 1 else ''}; {last}"


def _function_line(name: str, module, table) -> int:
    """The Deluge line of the first statement of function ``name``."""
    import dis

    try:
        function = pick(module, name)
    except RunError as exc:
        raise BreakError(f"-b {name}: {exc}") from None
    code = getattr(function, "__wrapped__", function).__code__
    body = {line for _, line in dis.findlinestarts(code) if line} - {code.co_firstlineno}
    for line in table.deluge_lines():
        if body.intersection(table.python_lines(line)):
            return line
    raise BreakError(f"-b {name}: {function.__deluge__.get('name')} has no statement")


def _never_reached(debugger, placed, args) -> None:
    """After a run that ended (not quit), one stderr line per ``-b`` it never stopped at
    (``-q`` leaves them out, as it does every warning)."""
    from .terminal import Output

    output = Output.from_args(args)
    for spec, line, breakpoints in placed:
        if output.quiet or debugger.reached(breakpoints):
            continue
        number = spec.rpartition(":")[2].strip()
        what = f"line {line}" if number.isdigit() else f"{spec} was never called, so line {line}"
        output.diagnostic(f"{args.file}:{line}: warning: -b {spec}: {what} was never reached")


def run(args) -> int:
    from deluge2py.errors import DelugeError
    from deluge2py.host.debugger import DelugePdb
    from deluge2py.host.tracebacks import format_deluge_error
    from deluge2py.runtime.backends.sandbox import SandboxCRM
    from deluge2py.runtime.context import Context
    from deluge2py.runtime.credits import Ledger, Meter
    from deluge2py.runtime.errors import DelugeRuntimeError
    from deluge2py.runtime.http import NetworkTransport, RecordedTransport
    from deluge2py.runtime.render import render

    from .host.settings import COMMAND_LINE, for_command
    from .terminal import DELUGE, OK, USAGE, Output, check_inputs, fail, file_error

    settings = for_command(args, RUN_SETTINGS + ("responses",))
    if args.allow_network and settings.origin("responses") != COMMAND_LINE:
        settings.values["responses"] = None
    refused = check_inputs("debug", args.file, settings.fixtures, settings.responses)
    if refused is not None:
        return refused
    try:
        system = clock_system(args.now, settings.date_format)
        module = load(args.file)
        function = pick(module, args.function)
        arguments = bind(function, parse_args(args.arg))
        breaks = break_lines(args.breaks, module, args.file)
        ledger = Ledger(settings.ledger) if settings.origin("ledger") == COMMAND_LINE else None
        meter = Meter(edition=settings.edition, users=settings.users, ledger=ledger)
        if settings.responses:
            transport = RecordedTransport.from_file(settings.responses)
        else:
            transport = NetworkTransport() if args.allow_network else None
        crm = SandboxCRM(fixtures=settings.fixtures, path=settings.db)  # last: closed below
    except DelugeError as exc:
        Output().diagnostic(exc.format())
        return DELUGE
    except OSError as exc:
        return file_error("debug", exc, args.file)
    except BreakError as exc:
        if exc.line is None:
            return fail("debug", str(exc))
        Output().diagnostic(f"{args.file}:{exc.line}: error: {exc}")
        return USAGE
    except (RunError, DelugeRuntimeError, ImportError, ValueError) as exc:
        return fail("debug", str(getattr(exc, "message", None) or exc))

    debugger = DelugePdb()
    debugger.default_deluge_file = module.__deluge_file__
    import bdb

    placed = []  # (spec, Deluge line, its pdb breakpoints)
    for spec, line in zip(args.breaks, breaks):
        first = len(bdb.Breakpoint.bpbynumber)
        debugger.do_dgbreak(str(line))
        placed.append((spec, line, bdb.Breakpoint.bpbynumber[first:]))
    debugger.run_to_breakpoint = bool(breaks)
    context = Context(crm=crm, meter=meter, transport=transport, print_info=True,
                      time_zone=settings.time_zone, date_format=settings.date_format,
                      system=system)
    # The command made the ledger and the sandbox: it closes them, however the run ends.
    with closing(meter.ledger), crm, context:
        try:
            result = debugger.runcall(function, *arguments)
        except Exception as exc:
            print(format_deluge_error(exc, traceback=args.traceback), file=sys.stderr, end="")
            _never_reached(debugger, placed, args)
            return DELUGE
    if debugger.quit_requested:
        return OK
    _never_reached(debugger, placed, args)
    if function.__deluge__.get("returns") != "void":
        print(f"returned: {render(result)}")
    return OK
