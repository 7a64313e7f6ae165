"""Small file helpers shared by the org commands: content hashes, exact reads, and atomic
writes (the project's ``host.files.write_atomic``) that create the folders they need."""

from __future__ import annotations

import hashlib
import os


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_text(path) -> str:
    """A file's text exactly as stored (no newline translation)."""
    with open(path, "r", encoding="utf-8", newline="") as fh:
        return fh.read()


def write_atomic(path, text: str) -> None:
    """Write ``text`` byte for byte (its newlines kept) through a temporary file and an
    ``os.replace``: a reader, or a process that dies midway, sees the old file or the new
    one, never half."""
    from ..host.files import write_atomic as replace_atomically

    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    replace_atomically(path, text)
