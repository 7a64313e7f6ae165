"""What the org commands (``pull``, ``status``, ``diff``, ``push``) share: the options for
the project folder, the profile and the ledger, and turning failures into messages."""

from __future__ import annotations

import os


def add_common(parser, *, needs_org: bool = True) -> None:
    parser.add_argument("--dir", metavar="DIR",
                        help="the project folder (default: the nearest folder above the current "
                             "one holding deluge2py.lock)")
    if needs_org:
        parser.add_argument("--profile", metavar="NAME",
                            help="credentials profile (see `deluge2py auth`; default: the "
                                 "environment, $DELUGE2PY_PROFILE or 'default')")
        parser.add_argument("--ledger", metavar="FILE",
                            help="ledger to record the API credits in (default: the one "
                                 "`deluge2py credits` reads)")


def project_root(args, command: str) -> str:
    """The project folder of a command that needs a pulled project."""
    from .lock import find_root

    if args.dir:
        root = os.path.abspath(args.dir)
        if not os.path.isfile(os.path.join(root, "deluge2py.lock")):
            raise SystemExit(_fail(command, f"{args.dir}: no deluge2py.lock here; run "
                                            "`deluge2py pull` first"))
        return root
    root = find_root()
    if root is None:
        raise SystemExit(_fail(command, "no deluge2py.lock in this folder or above; run "
                                        "`deluge2py pull DIR` first, or give --dir"))
    return root


def _fail(command: str, message: str) -> int:
    from ..terminal import fail

    return fail(command, message)


def org_api(args, root, *, offline: bool = False):
    """The org of ``--profile``, as a context manager that closes it (``offline``: None).
    Its calls go to the ledger ``run`` would use at ``root``: ``--ledger``, else the
    project's settings, else the project's own ledger, else the machine-wide one."""
    import contextlib

    from ..host.settings import load
    from .connect import open_api

    if offline:
        return contextlib.nullcontext(None)
    ledger = args.ledger or str(load(root).ledger_path(create=True))
    return open_api(args.profile, ledger)


def guarded(command: str, body) -> int:
    """Run ``body()``; org, lock and file errors become ``deluge2py COMMAND: error: ...`` on
    stderr and exit 2 (``terminal.USAGE``)."""
    from .api import OrgError
    from .lock import LockError

    try:
        return int(body() or 0)
    except (OrgError, LockError) as exc:
        return _fail(command, str(exc))
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        return _fail(command, f"{where}{exc.strerror or exc}")
