"""Python source text for generated code: safe literals and comments, Python's precedence
levels, and the static facts about literals that codegen, members and fastpaths share."""

from __future__ import annotations

import re
import unicodedata

from . import nodes as n

# Python precedence levels, lowest first.
LAMBDA, COND, OR, AND, NOT, CMP, ADD, MUL, UNARY, PRIMARY, ATOM = range(11)

_NEWLINES_RE = re.compile(r"\r\n|\r|\n")


def _escape_char(ch: str) -> str:
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


_NAMED_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def py_str(value: str) -> str:
    """A double-quoted Python literal whose value is exactly ``value``: backslashes,
    quotes and every non-printable character are escaped, so no text can end the
    literal or the line early."""
    out = ['"']
    for ch in value:
        if ch in _NAMED_ESCAPES:
            out.append(_NAMED_ESCAPES[ch])
        elif ch.isprintable():
            out.append(ch)
        else:
            out.append(_escape_char(ch))
    out.append('"')
    return "".join(out)


def comment_safe(text: str) -> str:
    """One line of comment text with control, surrogate and line-separator characters
    written as escapes (they would break lines or the file's encoding)."""
    return "".join(
        _escape_char(ch) if ch != "\t" and unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp")
        else ch
        for ch in text
    )


def comment_lines(comment: n.Comment) -> list[str]:
    """A Deluge comment as Python comment lines (``/* */`` becomes one ``#`` per line)."""
    text = comment.text
    if text.startswith("/*"):
        text = text[2:-2] if text.endswith("*/") and len(text) >= 4 else text[2:]
        lines = [line.strip() for line in _NEWLINES_RE.split(text)]
        lines = [line[1:].lstrip() if line.startswith("*") else line for line in lines]
        while lines and not lines[0]:
            lines.pop(0)
        while lines and not lines[-1]:
            lines.pop()
    else:
        lines = [text[2:] if text.startswith("//") else text]
    result = []
    for line in lines:
        line = comment_safe(line.rstrip())
        result.append("#" if not line else "#" + line if line.startswith(" ") else "# " + line)
    return result or ["#"]


def docstring(text: str) -> str:
    """A triple-quoted docstring literal with the value ``text`` exactly."""
    return '"""' + py_str(text)[1:-1] + '"""'



def is_literal(e) -> bool:
    """A text, number, boolean or null literal (a signed number too)."""
    if isinstance(e, (n.String, n.Number, n.Bool, n.Null)):
        return True
    return isinstance(e, n.UnaryOp) and e.op in "+-" and isinstance(e.operand, n.Number)


def str_or_decimal(e) -> bool:
    """A text or decimal literal: a plain ``str``/``float`` on the left of an operator
    would answer it itself, so codegen wraps it."""
    if isinstance(e, n.UnaryOp) and e.op in "+-":
        e = e.operand
    return (isinstance(e, n.String) and not e.single_quoted) or (
        isinstance(e, n.Number) and e.is_decimal)
