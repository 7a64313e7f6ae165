"""``deluge2py debug``: step through a Deluge function in DelugePdb against the sandbox.

    deluge2py debug deal_update.dg [FUNCTION] [--arg dealId=1001] [-b 14] [RUN OPTIONS]

It takes every option ``deluge2py run`` takes (fixtures, database, responses,
edition, time zone, ...; the project's settings apply the same way), plus ``-b``.

The file is converted through the import hook's cache (``__dgcache__`` beside
it), so pdb shows a real Python file.  Without ``-b`` the debugger stops at the
function's first statement; with ``-b LINE`` (repeatable) it runs to the first
breakpoint.  ``info`` lines are printed as they happen; the result is printed
at the end.  Credits are metered in memory only (a debug session does not
spend from the ledger that ``deluge2py run`` keeps) unless ``--ledger`` is given.
"""

from __future__ import annotations

import sys

from .cmd_run import RUN_SETTINGS, add_run_arguments, clock_system, closing
from .host.runner import RunError, bind, load, parse_args, pick


def add_arguments(parser) -> None:
    add_run_arguments(parser)
    parser.add_argument("-b", "--break", dest="breaks", action="append", type=int, default=[],
                        metavar="LINE", help="break at this Deluge line, then run to it")


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
    from .terminal import DELUGE, OK, Output, check_inputs, fail, file_error

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
        ledger = Ledger(settings.ledger) if settings.origin("ledger") == COMMAND_LINE else None
        meter = Meter(edition=settings.edition, users=settings.users, ledger=ledger)
        crm = SandboxCRM(fixtures=settings.fixtures, path=settings.db)
        if settings.responses:
            transport = RecordedTransport.from_file(settings.responses)
        else:
            transport = NetworkTransport() if args.allow_network else None
    except DelugeError as exc:
        Output().diagnostic(exc.format())
        return DELUGE
    except OSError as exc:
        return file_error("debug", exc, args.file)
    except (RunError, DelugeRuntimeError, ImportError, ValueError) as exc:
        return fail("debug", str(getattr(exc, "message", None) or exc))

    debugger = DelugePdb()
    debugger.default_deluge_file = module.__deluge_file__
    for line in args.breaks:
        debugger.do_dgbreak(str(line))
    if args.breaks:
        debugger.rcLines.append("continue")
    context = Context(crm=crm, meter=meter, transport=transport, print_info=True,
                      time_zone=settings.time_zone, date_format=settings.date_format,
                      system=system)
    with closing(meter.ledger), context:  # the command made the ledger: it closes it
        try:
            result = debugger.runcall(function, *arguments)
        except Exception as exc:
            print(format_deluge_error(exc, traceback=args.traceback), file=sys.stderr, end="")
            return DELUGE
    if debugger.quit_requested:
        return OK
    if function.__deluge__.get("returns") != "void":
        print(f"returned: {render(result)}")
    return OK
