"""``deluge2py status [--offline]``: what changed locally and in the org since the pull.

Exit status 0 when the project and the org are as pulled, 1 when anything changed (on
either side), 2 on errors — so CI can fail a build whose functions drifted.
"""

from __future__ import annotations


def add_arguments(parser) -> None:
    from .org.cli import add_common

    add_common(parser)
    parser.add_argument("--offline", action="store_true",
                        help="local changes only: do not ask the org")


def run(args) -> int:
    from .org.cli import guarded

    return guarded("status", lambda: _status(args))


def _status(args) -> int:
    from .org.changes import find_changes, format_status
    from .org.cli import org_api, project_root
    from .org.lock import load

    lock = load(project_root(args, "status"))
    with org_api(args, lock.root, offline=args.offline) as api:
        changes = find_changes(lock, api)
    print(format_status(changes, lock, checked_org=not args.offline), end="")
    return 1 if changes else 0
