"""Small file helpers shared by the org commands: atomic writes and content hashes."""

from __future__ import annotations

import hashlib
import os
import tempfile


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_text(path) -> str:
    """A file's text exactly as stored (no newline translation)."""
    with open(path, "r", encoding="utf-8", newline="") as fh:
        return fh.read()


def write_atomic(path, text: str, *, durable: bool = False) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and an
    ``os.replace``: a reader (or a crashed process) sees the old file or the new one, never
    half.  ``durable`` also flushes it to the disk first (the lock file: the record of what
    the org holds)."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".part", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
