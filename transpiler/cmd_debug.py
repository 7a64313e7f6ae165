"""``deluge2py debug``: step through a Deluge function in DelugePdb against the sandbox.

    deluge2py debug deal_update.dg [FUNCTION] [--arg dealId=1001] [--fixtures crm.json]
                    [--responses http.json] [-b 14]

The file is converted through the import hook's cache (``__dgcache__`` beside
it), so pdb shows a real Python file.  Without ``-b`` the debugger stops at the
function's first statement; with ``-b LINE`` (repeatable) it runs to the first
breakpoint.  ``info`` lines are printed as they happen; the result is printed
at the end.  Credits are metered in memory only (a debug session does not
spend from the ledger that ``deluge2py run`` keeps).
"""

from __future__ import annotations

import sys

from .cmd_run import RunError, bind_arguments, parse_args, pick_function


def add_arguments(parser) -> None:
    parser.add_argument("file", help="the .dg file")
    parser.add_argument("function", nargs="?", default=None,
                        help="the function to run (needed when the file defines several)")
    parser.add_argument("--arg", action="append", default=[], metavar="NAME=VALUE",
                        help="an argument; VALUE is read as JSON when it is JSON, else as text")
    parser.add_argument("--fixtures", metavar="FILE", help="sandbox CRM records (JSON)")
    parser.add_argument("--responses", metavar="FILE",
                        help="recorded invokeurl responses (JSON); without it no request is answered")
    parser.add_argument("-b", "--break", dest="breaks", action="append", type=int, default=[],
                        metavar="LINE", help="break at this Deluge line, then run to it")


def run(args) -> int:
    from deluge2py.errors import DelugeError
    from deluge2py.runtime import debug, importer
    from deluge2py.runtime.backends.sandbox import SandboxCRM
    from deluge2py.runtime.context import Context
    from deluge2py.runtime.errors import DelugeRuntimeError
    from deluge2py.runtime.http import RecordedTransport
    from deluge2py.runtime.render import render

    try:
        module = importer.load_file(args.file)
        function = pick_function(module, args.function)
        arguments = bind_arguments(function.__deluge__, parse_args(args.arg))
        crm = SandboxCRM(fixtures=args.fixtures) if args.fixtures else SandboxCRM()
        transport = RecordedTransport.from_file(args.responses) if args.responses else None
    except DelugeError as exc:
        print(exc.format(), file=sys.stderr)
        return 1
    except (RunError, DelugeRuntimeError, ImportError, OSError, ValueError) as exc:
        print(f"deluge2py debug: {exc}", file=sys.stderr)
        return 2

    debugger = debug.DelugePdb()
    debugger.default_deluge_file = module.__deluge_file__
    for line in args.breaks:
        debugger.do_dgbreak(str(line))
    if args.breaks:
        debugger.rcLines.append("continue")
    with Context(crm=crm, transport=transport, print_info=True):
        try:
            result = debugger.runcall(function, *arguments)
        except Exception as exc:
            print(debug.format_deluge_error(exc), file=sys.stderr, end="")
            return 1
    if debugger.quit_requested:
        return 0
    if function.__deluge__.get("returns") != "void":
        print(f"returned: {render(result)}")
    return 0
