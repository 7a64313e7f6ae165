"""The source map of generated code: which Deluge file and line a Python frame runs.

Generated modules end every statement with a ``# dg:N`` mark and name their
``.dg`` file in one module constant, ``__deluge_source__`` (the import hook and
``deluge2py run`` add the full path as ``__deluge_file__``).  This module is the
one reader of both: the line table of a generated file (``LineTable``,
``line_table``, ``line_map``), the Deluge location of a frame or traceback
(``deluge_location``, ``deluge_frames``) and the Deluge line of a task's caller
(``caller_line``).  Runtime errors, tracebacks, the Deluge pdb and the golden
tests all read it.  It imports nothing from the rest of deluge2py.
"""

from __future__ import annotations

import bisect
import linecache
import os
import re
import sys
from typing import NamedTuple

__all__ = [
    "CACHE_DIR",
    "MARK_RE",
    "DelugeLocation",
    "LineTable",
    "caller_line",
    "deluge_file",
    "deluge_frames",
    "deluge_location",
    "frame_location",
    "is_generated",
    "line_map",
    "line_table",
    "source_name",
]

#: The mark ending a generated statement: ``# dg:N``.
MARK_RE = re.compile(r"#\s*dg:(\d+)\s*\Z")
#: The folder beside a ``.dg`` file where the import hook keeps its conversion.
CACHE_DIR = "__dgcache__"


# --------------------------------------------------------------------------
# The line map of one generated file


class LineTable:
    """The ``# dg:N`` marks of one generated Python file.

    ``deluge_line(py_line)``: the mark of the statement whose lines (its header,
    for a compound statement) hold ``py_line``, since black may split a statement
    and leave the mark on any of its lines; elsewhere the mark on or after the
    line, as docs/architecture.md says.  Comments are found with ``tokenize``, so
    a string literal that contains ``# dg:9`` is not a mark.  ``python_lines(dg_line)`` gives the
    first line of every Python statement marked with that Deluge line, which
    is where a breakpoint must go.
    """

    def __init__(self, lines: list[str] | str):
        import ast
        import io
        import tokenize

        self.marks: dict[int, int] = {}
        text = lines if isinstance(lines, str) else "".join(lines)
        try:
            for tok in tokenize.generate_tokens(io.StringIO(text).readline):
                if tok.type != tokenize.COMMENT:
                    continue
                match = MARK_RE.search(tok.string)
                if match and tok.line[: tok.start[1]].strip():
                    self.marks[tok.start[0]] = int(match.group(1))
        except (tokenize.TokenError, SyntaxError):
            pass
        self._sorted = sorted(self.marks)
        self.by_line: dict[int, int] = {}  # every header line of a marked statement
        self.starts: dict[int, list[int]] = {}  # Deluge line -> first lines of its statements
        try:
            tree = ast.parse(text)
        except SyntaxError:
            return
        definitions = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
        for node in ast.walk(tree):
            if not isinstance(node, (ast.stmt, ast.ExceptHandler)):
                continue
            body = getattr(node, "body", None)
            header_end = body[0].lineno - 1 if isinstance(body, list) and body else node.end_lineno
            header = range(node.lineno, header_end + 1)
            dg_line = next((self.marks[n] for n in header if n in self.marks), None)
            if dg_line is not None:
                # A breakpoint on ``except`` would stop twice; one on a ``def`` line (the
                # function's header) would never stop: that line runs when the module loads.
                if isinstance(node, ast.stmt) and not isinstance(node, definitions):
                    self.starts.setdefault(dg_line, []).append(node.lineno)
                self.by_line.update(dict.fromkeys(header, dg_line))
        for starts in self.starts.values():
            starts.sort()

    def deluge_line(self, py_line: int) -> int | None:
        if py_line in self.by_line:
            return self.by_line[py_line]
        index = bisect.bisect_left(self._sorted, py_line)
        if index == len(self._sorted):
            return None
        return self.marks[self._sorted[index]]

    def python_lines(self, dg_line: int) -> list[int]:
        return list(self.starts.get(dg_line, ()))

    def deluge_lines(self) -> list[int]:
        """The Deluge lines that have a statement, in order."""
        return sorted(self.starts)


def line_map(python_source: str) -> dict[int, int]:
    """Every line of generated Python that belongs to a marked statement (a compound
    statement: its header) -> the Deluge line of that statement."""
    return dict(LineTable(python_source).by_line)


_tables: dict[str, tuple[list[str], LineTable]] = {}


def line_table(filename: str, module_globals: dict | None = None) -> LineTable:
    """The (cached) line table of a generated file; rebuilt when linecache rereads it."""
    lines = linecache.getlines(filename, module_globals)
    cached = _tables.get(filename)
    if cached is not None and cached[0] is lines:
        return cached[1]
    table = LineTable(lines)
    _tables[filename] = (lines, table)
    return table


# --------------------------------------------------------------------------
# Which frames are Deluge, and where their source is


def is_generated(frame) -> bool:
    """True for a frame running code of a module generated by deluge2py."""
    return source_name(frame.f_globals) is not None


def source_name(module_globals) -> str | None:
    """The .dg name a generated module records (its ``__deluge_source__``
    constant), or the path the loader recorded; None for other modules."""
    return module_globals.get("__deluge_source__") or module_globals.get("__deluge_file__")


class DelugeLocation(NamedTuple):
    """A Deluge source position.  ``file`` is the path of the .dg file when it
    was found, else the name the generated module gives."""

    file: str
    line: int

    @property
    def text(self) -> str | None:
        """The Deluge source line, stripped, or None when the file is not at hand."""
        line = linecache.getline(self.file, self.line)
        return line.strip() or None

    @property
    def display(self) -> str:
        """``file`` relative to the working directory when it lies below it."""
        if os.path.isabs(self.file):
            try:
                relative = os.path.relpath(self.file)
            except ValueError:  # another drive on Windows
                return self.file
            if not relative.startswith(os.pardir):
                return relative
        return self.file

    def describe(self) -> str:
        """``deal.dg, line 14: mp.put("quantity", q);``"""
        text = self.text
        where = f"{self.display}, line {self.line}"
        return f"{where}: {text}" if text else where


_sources: dict[tuple[str, str | None], str] = {}


def deluge_file(frame) -> str:
    """The .dg file of a generated frame: the path the importer recorded
    (``__deluge_file__``), else the name the module records, looked for beside
    the generated module, beside its ``__dgcache__`` folder, and relative to the
    working directory; else that name as it stands."""
    module_globals = frame.f_globals
    recorded = module_globals.get("__deluge_file__")
    if recorded:
        return recorded
    py_file = frame.f_code.co_filename
    name = source_name(module_globals) or os.path.basename(py_file)
    key = (py_file, name)
    if key not in _sources:
        _sources[key] = _find_source(py_file, name)
    return _sources[key]


def _find_source(py_file: str, name: str) -> str:
    here = os.path.dirname(os.path.abspath(py_file))
    folders = [here]
    if os.path.basename(here) == CACHE_DIR:
        folders.append(os.path.dirname(here))
    candidates = [os.path.join(folder, name) for folder in folders]
    candidates += [os.path.join(folder, os.path.basename(name)) for folder in folders]
    candidates.append(os.path.abspath(name))
    for candidate in candidates:
        if os.path.isfile(candidate):
            return candidate
    return name


def frame_location(frame, py_line: int) -> DelugeLocation | None:
    """The Deluge location of line ``py_line`` of a generated frame's module."""
    table = line_table(frame.f_code.co_filename, frame.f_globals)
    dg_line = table.deluge_line(py_line)
    if dg_line is None:
        return None
    return DelugeLocation(deluge_file(frame), dg_line)


def deluge_frames(tb) -> list[DelugeLocation]:
    """Deluge locations of the generated frames of a traceback, outermost first."""
    found = []
    while tb is not None:
        if is_generated(tb.tb_frame):
            location = frame_location(tb.tb_frame, tb.tb_lineno)
            if location is not None:
                found.append(location)
        tb = tb.tb_next
    return found


def deluge_location(frame_or_tb) -> DelugeLocation | None:
    """Where in Deluge a frame or traceback is.

    For a traceback (or an exception): its innermost generated frame.  For a
    frame: that frame if it is generated, else its nearest generated caller.
    None when no generated code is involved.
    """
    if isinstance(frame_or_tb, BaseException):
        frame_or_tb = frame_or_tb.__traceback__
    if frame_or_tb is None:
        return None
    if hasattr(frame_or_tb, "tb_frame"):
        found = deluge_frames(frame_or_tb)
        return found[-1] if found else None
    frame = frame_or_tb
    while frame is not None:
        if is_generated(frame):
            location = frame_location(frame, frame.f_lineno)
            if location is not None:
                return location
        frame = frame.f_back
    return None


_caller_lines: dict = {}  # (code object, Python line) of a generated frame -> Deluge line


def caller_line(frame) -> int | None:
    """The Deluge line of ``frame``, else of its nearest generated caller; None outside
    generated code.  What a task records with its charge (a task passes
    ``sys._getframe(1)``, its caller); kept per code object and Python line, so a task
    called in a loop reads the line map once."""
    key = (frame.f_code, frame.f_lineno)
    line = _caller_lines.get(key)
    if line is not None:
        return line
    location = deluge_location(frame)
    if location is None:
        return None
    if source_name(frame.f_globals):  # the frame itself is generated
        _caller_lines[key] = location.line
    return location.line
