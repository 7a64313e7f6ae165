"""Files the tools read and write: which files are Deluge sources, how their text is
decoded, and how outputs are written without ever leaving half a file.

Every command and the import hook use these, so ``check`` and ``convert`` pick the
same files from a folder and a file that does not decode gets the same message
everywhere.
"""

from __future__ import annotations

import codecs
import functools
import os
import sys
import tempfile

__all__ = ["EXTENSIONS", "decode_source", "find_sources", "is_source", "read_source",
           "strip_extension", "walk_sources", "write_atomic"]

#: The extensions of Deluge source files (matched case-insensitively).
EXTENSIONS = (".dg", ".deluge")


def is_source(name: str) -> bool:
    return name.lower().endswith(EXTENSIONS)


def strip_extension(name: str) -> str:
    """``deal.dg`` -> ``deal``; other names unchanged."""
    for extension in EXTENSIONS:
        if name.lower().endswith(extension):
            return name[: -len(extension)]
    return name


def walk_sources(folder: str):
    """``(path, parts)`` for each Deluge file under ``folder``, in sorted order; ``parts``
    are the sub-folders between ``folder`` and the file.  Hidden folders (``.git``)
    and the import hook's ``__dgcache__`` are skipped."""
    from deluge2py.runtime.sourcemap import CACHE_DIR

    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != CACHE_DIR)
        rel = os.path.relpath(root, folder)
        parts = () if rel == "." else tuple(rel.split(os.sep))
        for name in sorted(files):
            if is_source(name):
                yield os.path.normpath(os.path.join(root, name)), parts


def find_sources(paths):
    """The files named by ``paths``: a folder gives its Deluge files (``walk_sources``),
    anything else (a file, ``-``, a missing path) is given back as it stands."""
    for path in paths:
        if path != "-" and os.path.isdir(path):
            for found, _ in walk_sources(path):
                yield found
        else:
            yield path


_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))


def decode_source(data: bytes, name: str) -> str:
    """The text of a Deluge file: UTF-8, or UTF-8/UTF-16 with a byte-order mark (the
    mark dropped).  Anything else is a ``DelugeSyntaxError`` at the first bad byte."""
    from deluge2py.errors import DelugeSyntaxError

    encoding, start = "utf-8", 0
    for bom, bom_encoding in _BOMS:
        if data.startswith(bom):
            encoding, start = bom_encoding, len(bom)
            break
    try:
        return data[start:].decode(encoding)
    except UnicodeDecodeError as e:
        at = start + e.start
        line = data.count(b"\n", 0, at) + 1
        column = at - (data.rfind(b"\n", 0, at) + 1) + 1
        label = "UTF-8" if encoding == "utf-8" else encoding.upper()
        raise DelugeSyntaxError(f"the file is not valid {label} (byte 0x{data[at]:02x})",
                                name, line, column) from None


def read_source(path: str) -> str:
    """The text of the Deluge file ``path`` (``-``: standard input); a file that cannot
    be read or decoded is a ``DelugeSyntaxError`` naming it."""
    from deluge2py.errors import DelugeSyntaxError

    name = "<stdin>" if path == "-" else os.fspath(path)
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as handle:
                data = handle.read()
    except OSError as e:
        raise DelugeSyntaxError(f"cannot read file: {e.strerror or e}", name) from None
    return decode_source(data, name)


@functools.lru_cache(maxsize=1)
def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path, data: str | bytes) -> None:
    """Write ``data`` (text as UTF-8 with ``\\n`` newlines) to ``path`` through a
    temporary file in the same folder and ``os.replace``: readers see the old file or
    the new one, never half of one.  The file gets the mode a new file would get
    (0666 less the umask), not ``mkstemp``'s 0600."""
    path = os.fspath(path)
    folder = os.path.dirname(path) or "."
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(path)}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
