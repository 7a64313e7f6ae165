"""Deluge source text -> ``nodes.Module``.

``parse`` is the only entry point of the parsing stage: it runs the Lark LALR
parser (grammar in ``grammar/deluge.lark``) with ``build.AstBuilder`` as its
inline transformer, so the AST is built while parsing and no parse tree is
made; the builder also applies the ``lint.py`` rules.  Every failure becomes a
positioned ``DelugeSyntaxError`` with a message written for people (missing
``;``, unclosed ``{`` or string, typographic quotes, ``while``, ``list[0]``,
``elseif``, ``?:``).
"""

from __future__ import annotations

import functools
import gc
import os
import re
import threading
from dataclasses import dataclass

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from . import nodes as n
from .build import AstBuilder, Diagnostics
from .errors import DelugeError, DelugeSyntaxError, DelugeWarning

GRAMMAR_PATH = os.path.join(os.path.dirname(__file__), "grammar", "deluge.lark")

# The builder keeps the state of the parse in progress, so parses take turns.
# Parsing is pure Python: threads would not run it in parallel anyway.
_LOCK = threading.Lock()
_active_builder = [None]  # the AstBuilder of the parse under way (read by ``_repair``)

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


#: A Creator script's file name ends so (docs/semantics.md): its ``||`` binds tighter than
#: ``&&`` (Zoho: "NOT, AND and OR for all Zoho services, except Zoho Creator").
CREATOR_SUFFIX = ".creator.dg"


def is_creator_source(filename: str) -> bool:
    """True for a file whose name says it is a Zoho Creator script (``x.creator.dg``)."""
    return str(filename).lower().endswith(CREATOR_SUFFIX)


def _creator_grammar(grammar: str) -> str:
    """The grammar with the levels of ``||`` and ``&&`` swapped (Creator's precedence)."""
    swapped = grammar.replace("| or_expr OR_OP and_expr", "| or_expr AND_OP and_expr", 1)
    swapped = swapped.replace("| and_expr AND_OP eq_expr", "| and_expr OR_OP eq_expr", 1)
    assert swapped.count("OR_OP") == grammar.count("OR_OP"), "grammar rules moved"
    return swapped


@functools.lru_cache(maxsize=None)
def get_lark(debug: bool = False, creator: bool = False) -> Lark:
    """The shared parser; ``get_lark().options.transformer`` is its ``AstBuilder``.

    ``cache=True`` stores the parse table in the system temp folder under a name
    derived from the grammar, the options and Lark's version, so a stale file is
    never used; an unreadable or unwritable cache only costs time."""
    with open(GRAMMAR_PATH, encoding="utf-8") as f:
        grammar = f.read()
    if creator:
        grammar = _creator_grammar(grammar)
    builder = AstBuilder()
    return Lark(grammar, parser="lalr", lexer="contextual", keep_all_tokens=True,
                maybe_placeholders=True, transformer=builder,
                lexer_callbacks={"COMMENT": builder.comment}, cache=not debug, debug=debug)


def parse(source: str, filename: str = "<string>", *, creator: bool | None = None) -> ParseResult:
    """Parse Deluge ``source``; raise ``DelugeSyntaxError`` (and nothing else) on failure.
    ``creator`` (default: from the file name, ``is_creator_source``) reads ``||``/``&&``
    with Zoho Creator's precedence."""
    if not isinstance(source, str):
        raise TypeError("parse() needs the source as str")
    if creator is None:
        creator = is_creator_source(filename)
    diag = Diagnostics(filename, source)
    lark = get_lark(creator=creator)
    builder = lark.options.transformer
    with _LOCK:
        _active_builder[0] = builder
        # ASTs are acyclic: pausing the cyclic GC while many small objects are made
        # saves it rescanning them over and over.
        gc_was_enabled = gc.isenabled()
        gc.disable()
        builder.begin(diag)
        try:
            module = lark.parse(source, on_error=_repair)
        except UnexpectedInput as e:
            raise _syntax_error(e, source, diag, builder) from None
        finally:
            builder.finish()
            if gc_was_enabled:
                gc.enable()
    diag.warnings.sort(key=lambda w: (w.line, w.column))
    return ParseResult(module, diag.warnings)


def check_source(source: str, filename: str = "<string>",
                 max_errors: int = 20) -> list[DelugeError]:
    """All diagnostics for ``source``: its warnings when it parses, else every syntax
    error the parser recovers from.  After an error, the line holding it is replaced by
    its braces alone (``{`` as ``if(true){``, so blocks still balance and columns of
    other lines do not move) and the text parsed again; an error is kept while each is
    on a later line than the one before, and recovery stops at an unterminated literal
    or comment and at the end of the file."""
    lines = source.split("\n")
    errors: list[DelugeError] = []
    text = source
    while len(errors) < max_errors:
        try:
            result = parse(text, filename)
        except DelugeSyntaxError as e:
            if e.line is None or (errors and e.line <= errors[-1].line):
                break
            if 0 < e.line <= len(lines):
                e.source_line = e.text = lines[e.line - 1]
            errors.append(e)
            if e.line >= len(lines) or "unterminated" in e.message \
                    or "end of the file" in e.message or "end of file" in e.message:
                break
            text = _without_line(text, e.line)
            continue
        return errors or list(result.warnings)
    return errors


_LITERAL_RE = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|//.*')


def _without_line(text: str, line: int) -> str:
    """``text`` with line ``line`` reduced to its braces (see ``check_source``)."""
    lines = text.split("\n")
    code = _LITERAL_RE.sub("", lines[line - 1])
    lines[line - 1] = "".join("if(true){" if ch == "{" else ch for ch in code if ch in "{}")
    return "\n".join(lines)


# ---------------------------------------------------------------- error repair


def _repair(e: UnexpectedInput) -> bool:
    """Lark's on_error hook: supply the ``;`` often missing after ``invokeurl [...]``.

    Only when the code the parser has just reduced ends with a task block and a
    ``;`` would be accepted.  The offending token is pushed back so it is lexed
    again in the new parser state."""
    if not isinstance(e, UnexpectedToken) or "SEMICOLON" not in e.expected:
        return False
    ip = e.interactive_parser
    stack = ip.parser_state.value_stack
    task = _trailing_task(stack[-1] if stack else None, _active_builder[0])
    if task is None:
        return False
    tok = e.token
    if tok.type != "$END":
        ctr = ip.lexer_thread.state.line_ctr
        ctr.char_pos = tok.start_pos
        ctr.line = tok.line
        ctr.column = tok.column
        ctr.line_start_pos = tok.start_pos - tok.column + 1
    p = task.pos  # a zero-width ';' right after the ']'
    ip.feed_token(Token("SEMICOLON", ";", None, p.end_line, p.end_column, p.end_line,
                        p.end_column, None))
    return True


def _trailing_task(item, builder: AstBuilder):
    """The task block (``invokeurl [...]``) that the expression ``item`` ends with, if
    any: its ``]`` must be the last character (``(invokeurl [...])`` ends with ``)``)."""
    while isinstance(item, (n.Task, n.InsertInto, n.BinOp, n.UnaryOp, n.In)):
        if builder.outer(item) is not item.pos:
            return None
        if isinstance(item, (n.Task, n.InsertInto)):
            return item
        if isinstance(item, n.BinOp):
            item = item.right
        elif isinstance(item, n.UnaryOp):
            item = item.operand
        else:
            item = item.container
    return None


# ---------------------------------------------------------------- messages


def _syntax_error(e: UnexpectedInput, source: str, diag: Diagnostics,
                  builder: AstBuilder) -> DelugeSyntaxError:
    if isinstance(e, UnexpectedCharacters):
        message, line, column, width = _char_message(e, source)
    else:
        message, line, column, width = _token_message(e, source, builder)
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


def _token_message(e: UnexpectedToken, source: str, builder: AstBuilder):
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
            line, column = _after(stack, line, column, builder)
            return "expected ';' after statement", line, column, 1
        return f"unexpected end of file: expected {_describe(expected)}", line, column, 1
    stray = _stray_else(stack, tok)
    if stray is not None:
        word, line, column = stray
        if word.lower() == "elseif":
            return "'elseif' is not Deluge: write 'else if'", line, column, 6
        return "'else' without a matching 'if' block", line, column, 4
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
        line2, column2 = _after(stack, line, column, builder)
        return "expected ';' after statement", line2, column2, 1
    return (f"unexpected {_show(tok)}: expected {_describe(expected)}", line, column, width)


def _stray_else(stack, tok):
    """An ``else`` or ``elseif`` read as a name (it does not follow an ``if`` block),
    as (word, line, column)."""
    for item in [*stack, tok]:
        word = _leading_name(item)
        if word is not None and word[0].lower() in ("else", "elseif"):
            return word
    return None


def _leading_name(item):
    """The name a parser stack item starts with, as (word, line, column), if any."""
    while True:
        if isinstance(item, Tree):  # a repetition Lark made for `x*`
            item = item.children[0] if item.children else None
        elif isinstance(item, Token):
            return (str(item), item.line, item.column) if item.type == "NAME" else None
        elif isinstance(item, (n.Name, n.Call, n.TypeRef)):  # TypeRef: `else if(` at the top
            return item.name, item.pos.line, item.pos.column
        elif isinstance(item, n.Fetch):
            return item.form, item.pos.line, item.pos.column
        elif isinstance(item, n.Attribute):
            item = item.obj
        elif isinstance(item, n.MethodCall):
            item = item.receiver
        elif isinstance(item, n.BinOp):
            item = item.left
        elif isinstance(item, n.IsNull):
            item = item.operand
        elif isinstance(item, n.In):
            item = item.item
        else:
            return None


def _show(tok: Token) -> str:
    if tok.type == "NAME":
        return f"name '{tok}'"
    text = str(tok)
    if len(text) > 20:
        text = text[:17] + "..."
    return repr(text)


# Terminals that start a value (the "a value" of messages) and a statement (of "a
# statement"): a list of them, with grammar names such as TYPED_CTOR, helps nobody.
_VALUE_START = {"DECIMAL", "INT", "NAME", "STRING", "SQ_STRING", "LPAR", "LSQB", "LBRACE",
                "TASK", "TYPED_CTOR", "UNARY_OP", "IF", "INSERT_INTO"}
_STATEMENT_START = _VALUE_START | {
    "ALERT", "BREAK", "CANCEL", "CONTINUE", "DELETE_FROM", "FIELD_ACTION", "FOR", "INFO",
    "RETURN", "SENDMAIL", "SUCCESS_MESSAGE", "THROW", "TRY", "WHILE", "SEMICOLON"}
# What a user would type for the other multi-word or internal terminals.
_SPELLED = {"TASK": "'invokeurl'", "TYPED_CTOR": "a typed constructor such as 'List:String()'",
            "UNARY_OP": "'!' or '-'", "INSERT_INTO": "'insert into'",
            "DELETE_FROM": "'delete from'", "FIELD_ACTION": "'hide', 'show', 'enable', "
            "'disable' or 'clear'", "SUCCESS_MESSAGE": "'success message'",
            "CANCEL": "'cancel submit' or 'cancel delete'", "OR_OP": "'||'", "AND_OP": "'&&'",
            "EQ_OP": "'==' or '!='", "REL_OP": "'<', '>', '<=' or '>='", "ADD_OP": "'+' or '-'",
            "MUL_OP": "'*', '/' or '%'"}


def _describe(expected: set[str]) -> str:
    expected = set(expected)
    words = []
    if {"FOR", "RETURN", "INFO"} <= expected:
        expected -= _STATEMENT_START
        words.append("a statement")
    elif {"NAME", "INT", "STRING"} <= expected:
        expected -= _VALUE_START
        words.append("a value")
    names = words + sorted({_TERMINAL_NAMES.get(t) or _SPELLED.get(t) or _keyword_name(t)
                            for t in expected})
    if len(names) > 6:
        names = names[:6] + ["..."]
    if len(names) <= 2:
        return " or ".join(names)
    return ", ".join(names) if names[-1] == "..." else ", ".join(names[:-1]) + " or " + names[-1]


def _keyword_name(terminal: str) -> str:
    return "'" + terminal.lower().replace("_kw", "").replace("_", " ") + "'"


def _end_position(source: str) -> tuple[int, int]:
    lines = source.split("\n")
    return len(lines), len(lines[-1].rstrip("\r")) + 1


def _after(stack, line, column, builder: AstBuilder) -> tuple[int, int]:
    """Where a missing ``;`` belongs: right after the last item the parser shifted."""
    last = stack[-1] if stack else None
    while isinstance(last, (Tree, list)):  # a repetition: its last item
        items = last.children if isinstance(last, Tree) else last
        last = items[-1] if items else None
    if isinstance(last, Token) and last.end_line is not None:
        return last.end_line, last.end_column
    if hasattr(last, "pos"):
        pos = builder.outer(last)
        return pos.end_line, pos.end_column
    return line, column


def _innermost_open_brace(stack):
    for item in reversed(stack):
        if isinstance(item, Token) and item.type == "LBRACE":
            return item
    return None
