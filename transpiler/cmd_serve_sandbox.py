"""``deluge2py serve-sandbox [--port N] [--fixtures F] [--db F] [--faults SPEC]
[--functions DIR]...``: the fake Zoho server (``deluge2py.fakezoho``): the sandbox CRM over
HTTP on 127.0.0.1, with Zoho's REST paths, an OAuth token endpoint and fault injection,
and the org's functions (``/crm/v8/settings/functions``, execute) seeded from ``.dg`` files.
Point ``deluge2py run --live``, ``deluge2py pull``, Postman or a Zoho SDK at it."""

from __future__ import annotations

import errno
import sys


def add_arguments(parser) -> None:
    parser.add_argument("--port", type=int, default=8765, help="port on 127.0.0.1 (default 8765; 0: any free port)")
    parser.add_argument("--fixtures", metavar="FILE", help="JSON records to load into the sandbox CRM")
    parser.add_argument("--db", metavar="FILE", help="keep the sandbox CRM in this SQLite file")
    parser.add_argument("--faults", metavar="SPEC", default="",
                        help="inject faults, e.g. '429=0.2,burst=3,500=0.05,drop=0.05,"
                             "slow=0.1:2,expire=50,seed=7' (see docs/architecture.md)")
    parser.add_argument("--credits", type=int, default=None,
                        help="API credits of the fake org's day (default 50000)")
    parser.add_argument("--token-seconds", type=int, default=3600,
                        help="lifetime of the access tokens it issues (default 3600)")
    parser.add_argument("--functions", metavar="DIR", action="append", default=[],
                        help="seed the org's functions from the .dg files under DIR (and "
                             ".java/.js/.py files as functions of those languages); repeatable")
    parser.add_argument("--function-responses", metavar="FILE",
                        help="recorded invokeurl answers for functions executed in the org")


def run(args) -> int:
    from deluge2py.errors import DelugeError
    from deluge2py.fakezoho import FaultSpecError, serve_forever
    from deluge2py.fakezoho.functions import FunctionStore, routes

    store = FunctionStore(responses=args.function_responses)
    try:
        for folder in args.functions:
            store.load_folder(folder)
    except DelugeError as exc:
        print(exc.format(), file=sys.stderr)
        return 1
    except (OSError, ValueError) as exc:
        print(f"deluge2py serve-sandbox: --functions: {exc}", file=sys.stderr)
        return 2

    def ready(url):
        print(f"fake Zoho serving the sandbox CRM on {url}", flush=True)
        print(f"  accounts server and API domain: {url} (any client id/secret; e.g. "
              f"DELUGE2PY_ACCOUNTS_URL={url})", flush=True)
        if args.faults:
            print(f"  faults: {args.faults}", flush=True)
        if store.functions:
            print(f"  functions: {len(store.functions)} "
                  f"({sum(f.language == 'deluge' for f in store.functions.values())} Deluge)",
                  flush=True)
        print("  Ctrl-C stops it", flush=True)

    try:
        serve_forever(port=args.port, fixtures=args.fixtures, db=args.db, faults=args.faults,
                      credits=args.credits, token_seconds=args.token_seconds, ready=ready,
                      extra_routes=routes(store))
    except FaultSpecError as exc:
        print(f"deluge2py serve-sandbox: error: --faults: {exc}", file=sys.stderr)
        return 2
    except (OSError, ValueError) as exc:  # a port in use, unreadable files, duplicates
        if isinstance(exc, OSError) and exc.errno == errno.EADDRINUSE:
            exc = (f"port {args.port} on 127.0.0.1 is in use (another server?); "
                   "choose another with --port")
        print(f"deluge2py serve-sandbox: error: {exc}", file=sys.stderr)
        return 2
    return 0
