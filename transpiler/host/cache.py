"""A content-addressed cache of conversions, so unchanged sources are not converted again.

An entry is keyed on the source bytes, the file's basename (it appears in the output),
the options, and a fingerprint of the tool itself (its version, the code of the
transpiler package, the runtime's value classes and built-ins that the catalog of
canonical spellings is built from, and black's version), so any change to the tool
invalidates every entry.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path

from .files import write_atomic

ENV_VAR = "DELUGE2PY_CACHE_DIR"


def default_dir() -> Path:
    """``$DELUGE2PY_CACHE_DIR``, else ``$XDG_CACHE_HOME/deluge2py``, else ``~/.cache/deluge2py``."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "deluge2py"


@functools.lru_cache(maxsize=1)
def tool_fingerprint() -> str:
    from importlib.metadata import version

    from deluge2py import __version__

    digest = hashlib.sha256(f"{__version__}\0{version('black')}\0".encode())
    for path in fingerprinted_files():
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def fingerprinted_files() -> list[Path]:
    """The files whose change invalidates every entry: the compiler (code, grammar,
    templates) and the runtime's value classes and built-ins.  The catalog of canonical
    spellings and known methods is built from those, so a built-in added there changes what
    a conversion writes and warns about."""
    import deluge2py.runtime as runtime

    package = Path(__file__).resolve().parent.parent  # the compiler's folder
    folder = Path(runtime.__file__).resolve().parent
    return (sorted(package.glob("*.py")) + sorted(package.glob("grammar/*"))
            + sorted(package.glob("templates/*"))
            + sorted(folder.glob("*.py")) + sorted(folder.glob("builtins/*.py")))


def cache_key(source: bytes, basename: str, options: dict) -> str:
    digest = hashlib.sha256(tool_fingerprint().encode())
    digest.update(json.dumps([basename, options], sort_keys=True).encode())
    digest.update(b"\0" + source)
    return digest.hexdigest()


def warning_entry(w) -> dict:
    """A conversion warning as an entry stores it (``DelugeWarning(filename=..., **entry)``
    makes it again)."""
    return {"message": w.message, "line": w.line, "column": w.column, "end_line": w.end_line,
            "end_column": w.end_column, "source_line": w.source_line}


class Cache:
    """JSON entries under ``directory/<key[:2]>/<key>.json``, written atomically."""

    def __init__(self, directory: Path | str):
        self.directory = Path(directory)

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict | None:
        try:
            with open(self._path(key), encoding="utf-8") as handle:
                return json.load(handle)
        except (OSError, ValueError):
            return None

    def put(self, key: str, entry: dict) -> None:
        """Store an entry; a cache that cannot be written is silently skipped."""
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, json.dumps(entry, ensure_ascii=False))
        except OSError:
            pass
