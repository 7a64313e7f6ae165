"""``deluge2py.lock``: what the last pull (or push) saw in the org, one entry per function.

JSON, keys sorted and one field per line, so that a pull or push shows in ``git diff`` as
the few lines that changed.  Each entry holds the function's id, api name, category,
display name, the file it lives in (relative to the project root, ``/``-separated), the
org's modification time and the SHA-256 of the code as written to the file.  Skipped
functions (Java, Node.js, Python) are listed under ``skipped`` so ``status`` does not
report them as new in the org every time.

The lock is rewritten atomically; the pulled copy of each file (the base that ``diff``
compares against) lives in ``.deluge2py/pulled/`` beside it.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field

from .files import read_text, write_atomic

LOCK_NAME = "deluge2py.lock"
BASE_DIR = os.path.join(".deluge2py", "pulled")
VERSION = 1


class LockError(Exception):
    """The lock file is missing or unreadable: a message for the user."""


@dataclass
class Entry:
    api_name: str
    id: str
    category: str
    path: str
    modified_time: str
    sha256: str
    name: str = ""


@dataclass
class Lock:
    root: str
    functions: dict[str, Entry] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)  # api_name -> language/runtime
    org: dict = field(default_factory=dict)  # where it was pulled from (profile, api domain)

    @property
    def path(self) -> str:
        return os.path.join(self.root, LOCK_NAME)

    def by_path(self, relpath: str) -> Entry | None:
        for entry in self.functions.values():
            if entry.path == relpath:
                return entry
        return None

    def to_text(self) -> str:
        data = {
            "version": VERSION,
            "org": self.org,
            "functions": {name: asdict(e) for name, e in self.functions.items()},
            "skipped": self.skipped,
        }
        return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"

    def save(self) -> None:
        write_atomic(self.path, self.to_text())

    # the pulled copy of each file, the base of ``diff`` and of three-way decisions
    def base_path(self, relpath: str) -> str:
        return os.path.join(self.root, BASE_DIR, *relpath.split("/"))

    def read_base(self, relpath: str) -> str | None:
        try:
            return read_text(self.base_path(relpath))
        except FileNotFoundError:
            return None

    def write_base(self, relpath: str, text: str) -> None:
        write_atomic(self.base_path(relpath), text)

    def abspath(self, relpath: str) -> str:
        return os.path.join(self.root, *relpath.split("/"))

    def relpath(self, path: str) -> str:
        rel = os.path.relpath(os.path.abspath(path), self.root)
        return rel.replace(os.sep, "/")


def load(root: str) -> Lock:
    """The lock of the project at ``root``; an empty lock when there is none yet."""
    lock = Lock(root=os.path.abspath(root))
    try:
        text = read_text(lock.path)
    except FileNotFoundError:
        return lock
    except OSError as exc:
        raise LockError(f"{lock.path}: cannot read the lock file: {exc.strerror or exc}") from None
    try:
        data = json.loads(text)
        if data.get("version") != VERSION:
            raise ValueError(f"unknown lock version {data.get('version')!r}")
        lock.org = dict(data.get("org") or {})
        lock.skipped = {str(k): str(v) for k, v in (data.get("skipped") or {}).items()}
        for name, raw in (data.get("functions") or {}).items():
            lock.functions[name] = Entry(**{k: str(v) for k, v in raw.items()})
    except (ValueError, TypeError, AttributeError) as exc:
        raise LockError(f"{lock.path}: not a deluge2py lock file ({exc}); pull again with "
                        "--force to rebuild it") from None
    return lock


def find_root(start: str | None = None) -> str | None:
    """The nearest folder at or above ``start`` (default: the current one) holding a
    lock file, or None."""
    here = os.path.abspath(start or os.getcwd())
    while True:
        if os.path.isfile(os.path.join(here, LOCK_NAME)):
            return here
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent
