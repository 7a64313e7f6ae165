"""``deluge2py pull [DIR] [--profile P] [--category C] [--name GLOB] [--force]``: the org's
Deluge functions into ``DIR/<category>/<api_name>.dg``, recorded in ``DIR/deluge2py.lock``.

Java, Node.js and Python functions are listed and skipped.  Files with local edits are
never overwritten silently: the pull stops, names them and writes nothing (``--force``
overwrites).  Exit status 0 when pulled, 1 when stopped by local edits, 2 on errors.
"""

from __future__ import annotations

import os
import sys


def add_arguments(parser) -> None:
    from .org.cli import add_common

    parser.add_argument("directory", nargs="?", metavar="DIR",
                        help="the project folder (default: the one holding deluge2py.lock "
                             "above the current folder, else the current folder)")
    add_common(parser)
    parser.add_argument("--category", metavar="C", help="only functions of this category")
    parser.add_argument("--name", metavar="GLOB", help="only functions whose api name matches")
    parser.add_argument("--force", action="store_true",
                        help="overwrite local edits with the org's code")


def run(args) -> int:
    from .org.cli import guarded

    return guarded("pull", lambda: _pull(args))


def _pull(args) -> int:
    from .org.cli import org_api
    from .org.lock import find_root
    from .org.pull import pull
    from .terminal import Output

    out = Output.from_args(args)

    root = args.directory or args.dir or find_root() or os.getcwd()
    with org_api(args, root) as api:
        report = pull(api, root, category=args.category, name=args.name, force=args.force)
    shown = os.path.relpath(root) if os.path.abspath(root) != os.getcwd() else "."
    for api_name, runtime in report.skipped:
        out.say(f"skipped  {api_name} ({runtime}): only Deluge functions are pulled")
    if report.blocked:
        names = "".join(f"\n  {os.path.join(shown, relpath)}" for relpath in report.blocked)
        print(f"deluge2py pull: error: local edits would be overwritten in {len(report.blocked)} "
              f"file(s); nothing was written:{names}\npush them, move them away, or pull "
              "--force to take the org's version", file=sys.stderr)
        return 1
    for relpath in report.written:
        out.say(f"pulled   {os.path.join(shown, relpath)}")
    for relpath in report.gone:
        out.say(f"gone     {os.path.join(shown, relpath)}: no longer in the org (file kept, "
                "dropped from the lock)")
    kept = f", {len(report.kept)} with local edits kept" if report.kept else ""
    out.say(f"{len(report.written)} written, {len(report.unchanged)} unchanged{kept}, "
            f"{len(report.skipped)} skipped; {api.spent()}")
    return 0
