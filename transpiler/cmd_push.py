"""``deluge2py push [FILE...] [--dry-run] [--force]``: local changes back to the org.

Every file is checked first (one that does not parse is never sent); changed functions
are updated, new files created (metadata from the signature); a function changed in the
org since the pull is refused unless ``--force``.  The lock is updated, atomically, for
what succeeded only.  Exit status 0 when everything asked for was pushed (or would be,
with ``--dry-run``), 1 when anything was refused, invalid or failed, 2 on errors.
"""

from __future__ import annotations

import errno
import os


def add_arguments(parser) -> None:
    from .org.cli import add_common

    parser.add_argument("files", nargs="*", metavar="FILE",
                        help="the files to push (default: every changed or new .dg file)")
    add_common(parser)
    parser.add_argument("--dry-run", action="store_true",
                        help="check and plan, show what would be sent, send nothing")
    parser.add_argument("--force", action="store_true",
                        help="overwrite functions changed in the org since the pull")


def run(args) -> int:
    from .org.cli import guarded

    return guarded("push", lambda: _push(args))


def _push(args) -> int:
    from .org.cli import org_api, project_root
    from .org.lock import load
    from .org.push import format_report, push

    lock = load(project_root(args, "push"))
    for name in args.files:
        # A named file that is neither on disk nor in the lock is a typo, not a deleted
        # function (which push reports as invalid: it never deletes in the org).
        if not os.path.exists(name) and lock.by_path(lock.relpath(name)) is None:
            raise FileNotFoundError(errno.ENOENT, "no such file", name)
    with org_api(args, lock.root) as api:
        report = push(api, lock, args.files or None, dry_run=args.dry_run, force=args.force)
    from .terminal import Output

    out = Output.from_args(args)
    out.show(format_report(report).rstrip("\n"))
    if api.calls:
        out.say(f"{api.spent()}, recorded in the ledger")
    return 0 if report.ok else 1
