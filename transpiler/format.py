"""Formatting generated code with black.

Black keeps a statement's trailing ``# dg:N`` mark on its first or last line; the
runtime's ``sourcemap`` reads the marks back.
"""

from __future__ import annotations

LINE_LENGTH = 100


def format_code(source: str) -> str:
    """Black with a fixed mode (line length 100, Python 3.11): same input, same bytes."""
    import black

    mode = black.Mode(line_length=LINE_LENGTH,
                      target_versions={black.TargetVersion.PY311})
    return black.format_str(source, mode=mode)
