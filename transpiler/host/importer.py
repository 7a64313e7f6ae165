"""Import ``.dg`` files as Python modules.

After ``import deluge2py.host.importer`` (or ``install()``), ``import
deal_update`` finds ``deal_update.dg`` (or ``deal_update.deluge``) on
``sys.path`` or in a package's folder, converts it into
``__dgcache__/deal_update.<hash>.py`` beside it and imports that real file, so
tracebacks and pdb show real lines.  Regular Python modules keep priority: the
finder runs after Python's own.

The cache is keyed by a hash of the transpiler's fingerprint (``cache.tool_fingerprint``:
its version and code) and the source text.  A small stamp file per module records
the source's mtime and size and the fingerprint, so an unchanged source is not
even read; a touched but unchanged source is hashed and not
reconverted.  Writes are atomic (temporary file, then rename) and never leave
the ``__dgcache__`` folder.  The transpiler is imported only to convert.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import os
import sys

from deluge2py.runtime.sourcemap import CACHE_DIR

from .cache import tool_fingerprint
from .files import EXTENSIONS, decode_source, write_atomic

__all__ = ["CACHE_DIR", "EXTENSIONS", "DelugeFinder", "cached_module_path", "install", "load_file",
           "uninstall"]



def _default_converter(source: str, filename: str) -> str:
    from deluge2py.api import convert  # the transpiler, only when converting

    return convert(source, filename=filename)


def cached_module_path(source_path: str, converter=None) -> str:
    """Convert ``source_path`` into its cache folder if needed; return the .py path.

    Raises ``DelugeSyntaxError`` (with the .dg path) when the source is not Deluge,
    and ``ImportError`` when the cache folder cannot be written.
    """
    source_path = os.path.abspath(source_path)
    folder = os.path.join(os.path.dirname(source_path), CACHE_DIR)
    base = os.path.basename(source_path)
    stem = os.path.splitext(base)[0]
    stamp_path = os.path.join(folder, stem + ".stamp")
    stat = os.stat(source_path)
    tool = tool_fingerprint()[:16]  # a changed transpiler converts again
    stamp = f"{stat.st_mtime_ns} {stat.st_size} {tool}"

    recorded = _read_stamp(stamp_path)
    if recorded is not None and recorded[0] == stamp:
        target = os.path.join(folder, f"{stem}.{recorded[1]}.py")
        if os.path.isfile(target):
            return target

    with open(source_path, "rb") as handle:
        raw = handle.read()
    digest = hashlib.sha256(tool.encode() + b"\0" + raw).hexdigest()[:16]
    target = os.path.join(folder, f"{stem}.{digest}.py")
    try:
        os.makedirs(folder, exist_ok=True)
        if not os.path.isfile(target):
            python = _convert(raw, base, source_path, converter or _default_converter)
            write_atomic(target, python)
            _remove_stale(folder, stem, target)
        write_atomic(stamp_path, f"{stamp}\n{digest}\n")
    except OSError as exc:
        raise ImportError(f"cannot write the deluge2py cache {folder}: {exc}",
                          path=source_path) from exc
    return target


def _read_stamp(path: str):
    try:
        with open(path, encoding="utf-8") as handle:
            stamp, digest = handle.read().split("\n")[:2]
    except (OSError, ValueError):
        return None
    return stamp, digest


def _convert(raw: bytes, name: str, source_path: str, converter) -> str:
    from deluge2py.errors import DelugeSyntaxError

    source = decode_source(raw, source_path)
    try:
        return converter(source, name)
    except DelugeSyntaxError as exc:
        exc.filename = source_path  # the generated code names the file; the error points at it
        raise


def _remove_stale(folder: str, stem: str, keep: str) -> None:
    """Drop other versions of this module's cache (and their bytecode)."""
    for entry in os.listdir(folder):
        path = os.path.join(folder, entry)
        if (entry.startswith(stem + ".") and entry.endswith(".py") and path != keep
                and entry.count(".") == 2):
            try:
                os.unlink(path)
            except OSError:
                pass


class DelugeLoader(importlib.machinery.SourceFileLoader):
    """Loads the generated .py of a .dg file, converting it on first use."""

    def __init__(self, fullname: str, source_path: str, converter=None):
        self.source_path = os.path.abspath(source_path)
        self.converter = converter
        super().__init__(fullname, self._python_path())

    def _python_path(self) -> str:
        return cached_module_path(self.source_path, self.converter)

    def exec_module(self, module) -> None:
        module.__deluge_file__ = self.source_path
        super().exec_module(module)


class DelugeFinder:
    """A ``sys.meta_path`` finder for ``NAME.dg`` / ``NAME.deluge`` files."""

    def __init__(self, converter=None):
        self.converter = converter

    def find_spec(self, fullname, path=None, target=None):
        name = fullname.rpartition(".")[2]
        for folder in (sys.path if path is None else path):
            folder = folder or os.getcwd()
            if not isinstance(folder, str) or not os.path.isdir(folder):
                continue
            for extension in EXTENSIONS:
                candidate = os.path.join(folder, name + extension)
                if os.path.isfile(candidate):
                    return _spec(fullname, candidate, self.converter)
        return None

    def invalidate_caches(self) -> None:
        pass


def _spec(fullname: str, source_path: str, converter):
    loader = DelugeLoader(fullname, source_path, converter)
    return importlib.util.spec_from_file_location(fullname, loader.path, loader=loader)


def load_file(source_path: str, name: str | None = None, converter=None):
    """Import one .dg file as module ``name`` (default: its stem) and return it.
    The module is registered in ``sys.modules``; a second call with an unchanged
    source returns the same module."""
    source_path = os.path.abspath(source_path)
    name = name or os.path.splitext(os.path.basename(source_path))[0]
    spec = _spec(name, source_path, converter)
    existing = sys.modules.get(name)
    if existing is not None and getattr(existing, "__file__", None) == spec.origin:
        return existing
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module


_finder: DelugeFinder | None = None


def install(converter=None) -> DelugeFinder:
    """Let ``import`` find .dg files (idempotent).  ``converter(source, filename)``
    replaces ``deluge2py.convert``, for tests."""
    global _finder
    uninstall()
    _finder = DelugeFinder(converter)
    sys.meta_path.append(_finder)
    return _finder


def uninstall() -> None:
    """Stop finding .dg files; modules already imported stay imported."""
    global _finder
    if _finder is not None and _finder in sys.meta_path:
        sys.meta_path.remove(_finder)
    _finder = None


install()
