"""``--watch``: run again whenever a Deluge file under the watched paths is saved.

Built on watchfiles (Rust ``notify`` underneath: inotify on Linux, FSEvents on macOS),
which debounces an editor's burst of writes into one batch.  Files are watched through
their folder, so editors that save by writing a new file and renaming it still count.
"""

from __future__ import annotations

import os
import sys

from deluge2py.runtime.sourcemap import CACHE_DIR

from .host.files import EXTENSIONS


def watch_sources(paths, rerun, out, *, extra_suffixes=(), stop_event=None) -> int:
    """Call ``rerun(changed_paths)`` after each batch of saves to Deluge files under
    ``paths`` (files or folders) until Ctrl-C or ``stop_event``; returns exit code 0."""
    import watchfiles

    suffixes = EXTENSIONS + tuple(extra_suffixes)
    files = {os.path.abspath(p) for p in paths if os.path.isfile(p)}
    roots = sorted({os.path.abspath(p) if os.path.isdir(p) else os.path.dirname(os.path.abspath(p))
                    for p in paths} or {os.getcwd()})
    folders = [os.path.abspath(p) for p in paths if os.path.isdir(p)]

    def wanted(change, path: str) -> bool:
        if not path.lower().endswith(suffixes) or CACHE_DIR in path:
            return False
        return path in files or any(path.startswith(folder + os.sep) for folder in folders)

    out.say(f"watching {', '.join(paths) or '.'} for changes (Ctrl-C stops)", style="dim", err=True)
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        for changes in watchfiles.watch(*roots, watch_filter=wanted, stop_event=stop_event,
                                        raise_interrupt=False, debounce=200, step=50):
            changed = {_relative(path) for _, path in changes}
            out.say("changed: " + ", ".join(sorted(changed)), style="bold cyan", err=True)
            rerun(changed)
            sys.stdout.flush()
            sys.stderr.flush()
    except KeyboardInterrupt:  # pragma: no cover - raise_interrupt=False handles it
        pass
    return 0


def _relative(path: str) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel
