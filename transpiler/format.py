"""Formatting with black, and the line map read back from the ``# dg:N`` marks.

The marks are the single source of the Python → Deluge line map.  Black keeps a
statement's trailing comment on its first or last line, so a statement's mark is
found there and maps every line of the statement (for a compound statement: of its
header, up to the ``:``).
"""

from __future__ import annotations

import ast
import bisect
import io
import re
import tokenize

MARK_RE = re.compile(r"#\s*dg:(\d+)\s*\Z")
LINE_LENGTH = 100


def format_code(source: str) -> str:
    """Black with a fixed mode (line length 100, Python 3.11): same input, same bytes."""
    import black

    mode = black.Mode(line_length=LINE_LENGTH,
                      target_versions={black.TargetVersion.PY311})
    return black.format_str(source, mode=mode)


def _marks_and_colons(source: str):
    """Per line: the Deluge line of a mark ending it; the set of lines holding a
    top-level ``:`` (the end of a compound statement's header)."""
    marks: dict[int, int] = {}
    colons: set[int] = set()
    depth = 0
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            match = MARK_RE.search(tok.string)
            if match:
                marks[tok.start[0]] = int(match.group(1))
        elif tok.type == tokenize.OP:
            if tok.string in "([{":
                depth += 1
            elif tok.string in ")]}":
                depth -= 1
            elif tok.string == ":" and depth == 0:
                colons.add(tok.start[0])
    return marks, colons


_COMPOUND = (ast.If, ast.For, ast.While, ast.Try, ast.With, ast.FunctionDef,
             ast.AsyncFunctionDef, ast.ClassDef, ast.ExceptHandler, ast.AsyncFor,
             ast.AsyncWith, ast.Match)


def line_map(python_source: str) -> dict[int, int]:
    """Map each line of generated Python (1-based) that belongs to a marked statement
    to the Deluge line of that statement."""
    tree = ast.parse(python_source)
    marks, colon_lines = _marks_and_colons(python_source)
    colons = sorted(colon_lines)
    result: dict[int, int] = {}
    for node in ast.walk(tree):
        if not isinstance(node, (ast.stmt, ast.ExceptHandler)):
            continue
        start = node.lineno
        if isinstance(node, _COMPOUND):
            index = bisect.bisect_left(colons, start)
            end = colons[index] if index < len(colons) else start
        else:
            end = node.end_lineno
        line = marks.get(start, marks.get(end))
        if line is not None:
            for python_line in range(start, end + 1):
                result[python_line] = line
    return result
