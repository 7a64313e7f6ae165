"""Persistence of the sandbox CRM: one SQLite database, in memory or in a file.

Records are kept as JSON text per (module, id); links made by ``updateRelatedRecord``,
attachment contents, org variables, declared modules and the id counter live in
their own tables.

Many processes and threads may share one file (parallel test runs, the fake Zoho
server's workers). Every task runs in one transaction: ``transaction(write=True)``
begins with ``BEGIN IMMEDIATE``, taking SQLite's write lock before the first read, so
reading the id counter and storing the record cannot interleave with another writer;
reads take a deferred ``BEGIN`` (a consistent snapshot). A file store runs in WAL mode
(readers never wait for the writer) with ``synchronous=NORMAL``, and a writer waits up
to ``BUSY_TIMEOUT`` seconds for the lock (``benchmarks/sandbox_store.py`` measured the
choices); so does the switch of a new file to WAL (``_use_wal``). Outside a
transaction each statement commits on its own.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
import weakref
from contextlib import contextmanager

BUSY_TIMEOUT = 60.0  # seconds a writer waits for another process's write lock

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
    module TEXT NOT NULL, id TEXT NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (module, id));
CREATE TABLE IF NOT EXISTS links (
    relation TEXT NOT NULL, parent_module TEXT NOT NULL, parent_id TEXT NOT NULL,
    related_id TEXT NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (relation, parent_module, parent_id, related_id));
CREATE TABLE IF NOT EXISTS files (id TEXT PRIMARY KEY, content BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS variables (name TEXT PRIMARY KEY, value TEXT);
""".strip().split(";\n")


def _use_wal(db: sqlite3.Connection) -> None:
    """Switch the file to WAL, waiting up to ``BUSY_TIMEOUT`` for the lock. SQLite does not
    call its busy handler for this switch: while another connection converts a new file,
    ``PRAGMA journal_mode=WAL`` fails at once with "database is locked" (several
    ``deluge2py run --db`` starting together on a new file), so it is retried here."""
    deadline = time.monotonic() + BUSY_TIMEOUT
    pause = 0.002
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY or time.monotonic() > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.05)


class StoreError(ValueError):
    """A database file the sandbox cannot open or use (a missing folder, not SQLite)."""


class Store:
    def __init__(self, path: str | os.PathLike | None = None, *, wal: bool = True):
        self.path = os.fspath(path) if path is not None else None
        self._lock = threading.RLock()
        self._depth = 0
        self.db = None
        try:
            self.db = sqlite3.connect(self.path or ":memory:", isolation_level=None,
                                      check_same_thread=False, timeout=BUSY_TIMEOUT)
            # A store nobody closes (the sandbox a Context makes for itself, a SandboxCRM
            # of the Python API) closes its connection when it is collected or at exit,
            # instead of Python 3.13's "unclosed database" warning.
            weakref.finalize(self, self.db.close)
            if self.path is not None and wal:
                _use_wal(self.db)
                self.db.execute("PRAGMA synchronous=NORMAL")
            with self.transaction(write=True):
                for statement in _SCHEMA:
                    self.db.execute(statement)
                self.fresh = self.get_meta("created") is None
        except sqlite3.Error as exc:
            self.close()
            raise StoreError(f"cannot use {self.path} as the sandbox database: {exc}") from None

    def claim_fresh(self) -> bool:
        """True for the one caller that first claims a new database (to load its
        fixtures, inside the caller's write transaction)."""
        if self.get_meta("created") is not None:
            return False
        self.set_meta("created", "1")
        return True

    def close(self) -> None:
        """Close the connection (again is harmless): Python 3.13 warns of one left open."""
        if self.db is not None:
            self.db.close()

    @contextmanager
    def transaction(self, write: bool = False):
        """One atomic unit: commits at the end, rolls back on an exception. Nested
        uses join the outer one; ``write`` takes the write lock at once."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self
                finally:
                    self._depth -= 1
                return
            self.db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            self._depth = 1
            try:
                yield self
            except BaseException:
                self._depth = 0
                self.db.execute("ROLLBACK")
                raise
            self._depth = 0
            self.db.execute("COMMIT")

    # meta -------------------------------------------------------------------
    def get_meta(self, key: str):
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def set_meta(self, key: str, value) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                        (key, json.dumps(value)))

    def next_counter(self, key: str, start: int) -> int:
        """The next value of a persistent counter (``start`` the first time); atomic
        across processes."""
        with self.transaction(write=True):
            value = self.get_meta(key)
            value = start if value is None else value + 1
            self.set_meta(key, value)
            return value

    # records ----------------------------------------------------------------
    def get(self, module: str, record_id: str) -> dict | None:
        row = self.db.execute("SELECT data FROM records WHERE module = ? AND id = ?",
                              (module, record_id)).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, module: str, record: dict) -> None:
        self.db.execute("INSERT OR REPLACE INTO records (module, id, data) VALUES (?, ?, ?)",
                        (module, record["id"], json.dumps(record)))

    def all(self, module: str) -> list[dict]:
        """The module's records in id order (ids compare as numbers)."""
        rows = self.db.execute("SELECT id, data FROM records WHERE module = ?",
                               (module,)).fetchall()
        rows.sort(key=lambda r: (len(r[0]), r[0]))
        return [json.loads(data) for _, data in rows]

    def find(self, record_id: str) -> tuple[str, dict] | None:
        """(module, record) of an id in any module."""
        row = self.db.execute("SELECT module, data FROM records WHERE id = ?",
                              (record_id,)).fetchone()
        return (row[0], json.loads(row[1])) if row else None

    def exists(self, record_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM records WHERE id = ?",
                               (record_id,)).fetchone() is not None

    # links, files, variables ------------------------------------------------
    def link(self, relation, parent_module, parent_id, related_id, data: dict) -> None:
        self.db.execute("INSERT OR REPLACE INTO links VALUES (?, ?, ?, ?, ?)",
                        (relation, parent_module, parent_id, related_id, json.dumps(data)))

    def links(self, relation, parent_module, parent_id) -> list[tuple[str, dict]]:
        rows = self.db.execute(
            "SELECT related_id, data FROM links WHERE relation = ? AND parent_module = ?"
            " AND parent_id = ?", (relation, parent_module, parent_id)).fetchall()
        return [(rid, json.loads(data)) for rid, data in rows]

    def put_file(self, file_id: str, content: bytes) -> None:
        self.db.execute("INSERT OR REPLACE INTO files VALUES (?, ?)", (file_id, content))

    def get_file(self, file_id: str) -> bytes | None:
        row = self.db.execute("SELECT content FROM files WHERE id = ?",
                              (file_id,)).fetchone()
        return bytes(row[0]) if row else None

    def get_variable(self, name: str):
        row = self.db.execute("SELECT value FROM variables WHERE lower(name) = lower(?)",
                              (name,)).fetchone()
        return json.loads(row[0]) if row else None

    def set_variable(self, name: str, value) -> None:
        self.db.execute("INSERT OR REPLACE INTO variables VALUES (?, ?)",
                        (name, json.dumps(value)))
