"""Deluge source text -> ``nodes.Module``.

``parse`` is the only entry point of the parsing stage: it runs the Lark LALR
parser (grammar in ``grammar/deluge.lark``), builds the AST (``build.py``, which
also applies the ``lint.py`` rules), and turns every failure into a positioned
``DelugeSyntaxError`` with a message written for people (missing ``;``, unclosed
``{`` or string, typographic quotes, ``while``, ``list[0]``, ``elseif``, ``?:``).
"""

from __future__ import annotations

import contextvars
import functools
import gc
import os
from dataclasses import dataclass

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from . import nodes as n
from .build import Diagnostics, build_module
from .errors import DelugeError, DelugeSyntaxError, DelugeWarning

GRAMMAR_PATH = os.path.join(os.path.dirname(__file__), "grammar", "deluge.lark")

_comments: contextvars.ContextVar[list] = contextvars.ContextVar("deluge2py_comments")

_TASK_RULES = {"task", "insert_into"}
_SMART_QUOTES = "\u201c\u201d\u2018\u2019\u201e\u201f\u2032\u2033\u00ab\u00bb"

# How terminals are named in "expected ..." messages.
_TERMINAL_NAMES = {
    "SEMICOLON": "';'", "RBRACE": "'}'", "LBRACE": "'{'", "RPAR": "')'", "LPAR": "'('",
    "RSQB": "']'", "LSQB": "'['", "COMMA": "','", "COLON": "':'", "DOT": "'.'",
    "NAME": "a name", "EQUALS": "'='", "AUG_ASSIGN": "'+='", "STRING": "a text literal",
    "SQ_STRING": "a quoted literal", "INT": "a number", "DECIMAL": "a number",
    "TASK_KEY": "a task key such as 'url:'", "IN": "'in'", "CATCH": "'catch'",
    "EACH": "'each'", "NULL_KW": "'null'", "TO": "'to'", "$END": "end of file",
}


@dataclass(frozen=True)
class ParseResult:
    module: n.Module
    warnings: list[DelugeWarning]


def _collect_comment(tok: Token) -> Token:
    sink = _comments.get(None)
    if sink is not None:
        sink.append(tok)
    return tok


@functools.lru_cache(maxsize=None)
def get_lark(debug: bool = False) -> Lark:
    """The shared parser.  ``cache=True`` stores the parse table in the system temp
    folder under a name derived from the grammar, the options and Lark's version, so
    a stale file is never used; an unreadable or unwritable cache only costs time."""
    with open(GRAMMAR_PATH, encoding="utf-8") as f:
        grammar = f.read()
    return Lark(grammar, parser="lalr", lexer="contextual", propagate_positions=True,
                maybe_placeholders=True, lexer_callbacks={"COMMENT": _collect_comment},
                cache=not debug, debug=debug)


def parse(source: str, filename: str = "<string>") -> ParseResult:
    """Parse Deluge ``source``; raise ``DelugeSyntaxError`` (and nothing else) on failure."""
    diag = Diagnostics(filename, source)
    try:
        return _parse(source, diag)
    except DelugeSyntaxError:
        raise
    except RecursionError:
        raise DelugeSyntaxError("the code is nested too deeply to be parsed", filename, 1, 1,
                                source_line=diag.source_line(1)) from None


def check_source(source: str, filename: str = "<string>") -> list[DelugeError]:
    """All diagnostics for ``source``: warnings, then the syntax error if there is one."""
    try:
        return list(parse(source, filename).warnings)
    except DelugeSyntaxError as e:
        return [e]


def _parse(source: str, diag: Diagnostics) -> ParseResult:
    if not isinstance(source, str):
        raise TypeError("parse() needs the source as str")
    sink: list[Token] = []
    token = _comments.set(sink)
    # Parse trees and ASTs are acyclic: pausing the cyclic GC while millions of
    # small objects are made saves it rescanning them over and over.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        try:
            tree = get_lark().parse(source, on_error=_repair)
        except UnexpectedInput as e:
            raise _syntax_error(e, source, diag) from None
        finally:
            _comments.reset(token)
        module = build_module(tree, diag, _make_comments(sink))
    finally:
        if gc_was_enabled:
            gc.enable()
    diag.warnings.sort(key=lambda w: (w.line, w.column))
    return ParseResult(module, diag.warnings)


def _make_comments(tokens: list[Token]) -> list[n.Comment]:
    seen = {}
    for tok in tokens:
        text = str(tok)
        if text.startswith("//"):
            text = text.rstrip("\r")
            pos = n.Pos(tok.line, tok.column, tok.line, tok.column + len(text))
        else:
            pos = n.Pos(tok.line, tok.column, tok.end_line, tok.end_column)
        seen[tok.start_pos] = n.Comment(pos, text)
    return [seen[k] for k in sorted(seen)]


# ---------------------------------------------------------------- error repair


def _repair(e: UnexpectedInput) -> bool:
    """Lark's on_error hook: supply the ``;`` often missing after ``invokeurl [...]``.

    Only when the parser has just shifted the ``]`` of a task block and would accept
    a ``;``.  The offending token is pushed back so it is lexed again in the new
    parser state."""
    if not isinstance(e, UnexpectedToken) or "SEMICOLON" not in e.expected:
        return False
    ip = e.interactive_parser
    task = _trailing_task(ip.parser_state.value_stack)
    if task is None:
        return False
    tok = e.token
    if tok.type != "$END":
        ctr = ip.lexer_thread.state.line_ctr
        ctr.char_pos = tok.start_pos
        ctr.line = tok.line
        ctr.column = tok.column
        ctr.line_start_pos = tok.start_pos - tok.column + 1
    m = task.meta  # a zero-width ';' right after the ']'
    ip.feed_token(Token("SEMICOLON", ";", m.end_pos, m.end_line, m.end_column, m.end_line,
                        m.end_column, m.end_pos))
    return True


def _trailing_task(stack):
    """The task block (``invokeurl [...]``) the shifted code ends with, if any."""
    item = stack[-1] if stack else None
    while isinstance(item, Tree):
        if item.data in _TASK_RULES:
            return item
        item = item.children[-1] if item.children else None
    return None


# ---------------------------------------------------------------- messages


def _syntax_error(e: UnexpectedInput, source: str, diag: Diagnostics) -> DelugeSyntaxError:
    if isinstance(e, UnexpectedCharacters):
        message, line, column, width = _char_message(e, source)
    else:
        message, line, column, width = _token_message(e, source)
    return DelugeSyntaxError(message, diag.filename, line, column, line, column + width,
                             diag.source_line(line))


def _char_message(e: UnexpectedCharacters, source: str):
    ch = source[e.pos_in_stream] if e.pos_in_stream < len(source) else ""
    line, column = e.line, e.column
    if ch == '"':
        rest = source[e.pos_in_stream + 1:].split("\n", 1)[0]
        if any(q in rest for q in _SMART_QUOTES):
            return ("text literal closed with a typographic quote: use a straight quote '\"'",
                    line, column, 1)
        return "unterminated text literal: missing closing '\"'", line, column, 1
    if ch == "'":
        return "unterminated quoted literal: missing closing \"'\"", line, column, 1
    if ch in _SMART_QUOTES:
        return (f"typographic quote '{ch}' is not allowed in code: use a straight quote "
                "'\"'", line, column, 1)
    if ch == "?":
        return "Deluge has no '?:' operator: use if(condition, a, b)", line, column, 1
    if source.startswith("/*", e.pos_in_stream):
        return "unterminated comment: missing closing '*/'", line, column, 2
    if ch == "[":
        return "Deluge has no indexing: use .get(index) instead of [...]", line, column, 1
    return f"unexpected character {ch!r}", line, column, 1


def _token_message(e: UnexpectedToken, source: str):
    tok = e.token
    expected = set(e.expected)
    stack = e.interactive_parser.parser_state.value_stack if e.interactive_parser else []
    if tok.type == "$END":
        line, column = _end_position(source)
        opener = _innermost_open_brace(stack)
        if opener is not None:
            return (f"expected '}}' before the end of the file: the '{{' on line {opener.line}"
                    " is never closed", line, column, 1)
        if "SEMICOLON" in expected:
            line, column = _after(stack, line, column)
            return "expected ';' after statement", line, column, 1
        return f"unexpected end of file: expected {_describe(expected)}", line, column, 1
    stray = _stray_else(stack, tok)
    if stray is not None:
        if stray.lower() == "elseif":
            return "'elseif' is not Deluge: write 'else if'", stray.line, stray.column, 6
        return "'else' without a matching 'if' block", stray.line, stray.column, 4
    if source.startswith("/*", tok.start_pos):
        return "unterminated comment: missing closing '*/'", tok.line, tok.column, 2
    if source.startswith(("<%", "%>"), tok.start_pos):
        return ("Creator page markup ('<%{ ... }%>') is not Deluge code: check the code "
                "between the markers instead", tok.line, tok.column, 2)
    line, column = tok.line, tok.column
    width = max(1, (tok.end_column or column + 1) - column) if tok.end_line == line else 1
    if tok.type == "LSQB":
        return ("Deluge has no indexing: use .get(index) instead of [...]", line, column, 1)
    if stack and "SEMICOLON" in expected and tok.type not in ("COMMA", "RPAR", "RSQB"):
        line2, column2 = _after(stack, line, column)
        return "expected ';' after statement", line2, column2, 1
    return (f"unexpected {_show(tok)}: expected {_describe(expected)}", line, column, width)


def _stray_else(stack, tok):
    """An ``else`` or ``elseif`` read as a name: it does not follow an ``if`` block."""
    for item in [*stack, tok]:
        while isinstance(item, Tree) and item.children:
            item = item.children[0]
        if isinstance(item, Token) and item.type == "NAME" and item.lower() in ("else", "elseif"):
            return item
    return None


def _show(tok: Token) -> str:
    if tok.type == "NAME":
        return f"name '{tok}'"
    text = str(tok)
    if len(text) > 20:
        text = text[:17] + "..."
    return repr(text)


def _describe(expected: set[str]) -> str:
    names = sorted({_TERMINAL_NAMES.get(t, _keyword_name(t)) for t in expected})
    if len(names) > 6:
        names = names[:6] + ["..."]
    return " or ".join(names) if len(names) <= 2 else ", ".join(names)


def _keyword_name(terminal: str) -> str:
    return "'" + terminal.lower().replace("_kw", "").replace("_", " ") + "'"


def _end_position(source: str) -> tuple[int, int]:
    lines = source.split("\n")
    return len(lines), len(lines[-1].rstrip("\r")) + 1


def _after(stack, line, column) -> tuple[int, int]:
    """Where a missing ``;`` belongs: right after the last item the parser shifted."""
    if stack:
        last = stack[-1]
        if isinstance(last, Token) and last.end_line is not None:
            return last.end_line, last.end_column
        if isinstance(last, Tree) and not last.meta.empty:
            return last.meta.end_line, last.meta.end_column
    return line, column


def _innermost_open_brace(stack):
    for item in reversed(stack):
        if isinstance(item, Token) and item.type == "LBRACE":
            return item
    return None
