"""``deluge2py diff [FILE...] [--offline]``: unified diffs of what changed since the pull —
``pulled/`` to ``local/`` for local edits, ``pulled/`` to ``org/`` for changes in the org.

Exit status 0 when there is no difference, 1 when there is, 2 on errors (like diff(1)).
"""

from __future__ import annotations


def add_arguments(parser) -> None:
    from .org.cli import add_common

    parser.add_argument("files", nargs="*", metavar="FILE", help="limit the diff to these files")
    add_common(parser)
    parser.add_argument("--offline", action="store_true",
                        help="local changes only: do not ask the org")


def run(args) -> int:
    from .org.cli import guarded

    return guarded("diff", lambda: _diff(args))


def _diff(args) -> int:
    import sys

    from .org.changes import find_changes, format_diff
    from .org.cli import org_api, project_root
    from .org.lock import load

    lock = load(project_root(args, "diff"))
    only = {lock.relpath(f) for f in args.files} if args.files else None
    with org_api(args, lock.root, offline=args.offline) as api:
        changes = find_changes(lock, api, only)
        sys.stdout.write(format_diff(changes, lock, api))
    return 1 if changes else 0
