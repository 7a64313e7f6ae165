"""The AST builder: Lark's inline transformer for ``grammar/deluge.lark``.

``parser.py`` passes an ``AstBuilder`` to ``Lark(transformer=...)``, so the LALR
parser calls one method per named alternative (``-> name``) each time it reduces
one, and no parse tree is ever built.  The parser runs with ``keep_all_tokens``:
a method gets every symbol of its rule, punctuation included, and ``None`` for a
missing ``[optional]`` part.  A node's position runs from the start of its first
symbol to the end of its last, as Lark's ``propagate_positions`` would compute it.

Checks that the grammar leaves open on purpose (assignment targets, expression
statements, mixed ``{...}`` literals, ``list[0]``, ``while``) are made here and
raise a positioned ``DelugeSyntaxError``; ``lint.py`` rules run on the nodes they
concern.  Comments arrive from the lexer while parsing goes on and are attached
to statements block by block, innermost first (see ``CommentAttacher``).
"""

from __future__ import annotations

import bisect
import re

from lark import Token

from . import nodes as n
from .errors import DelugeSyntaxError, DelugeWarning
from .lint import lint_binop

_Pos = n.Pos
_CONSTRUCTORS = {"map", "list", "collection"}
_CALLABLE_EXPRS = (n.Call, n.MethodCall, n.Task, n.InsertInto)
_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t", "r": "\r", "b": "\b",
            "f": "\f", "'": "'"}
_ESCAPE_RE = re.compile(r"\\(u[0-9a-fA-F]{4}|[\s\S])")
_SPACES_RE = re.compile(r"\s+")


def token_pos(tok: Token) -> n.Pos:
    return _Pos(tok.line, tok.column, tok.end_line, tok.end_column)


class Diagnostics:
    """Makes positioned errors and warnings for one source file."""

    def __init__(self, filename: str, source: str):
        self.filename = filename
        self.source = source
        self._lines = None
        self.warnings: list[DelugeWarning] = []

    def source_line(self, line):
        if self._lines is None:
            self._lines = self.source.splitlines()
        if line is not None and 1 <= line <= len(self._lines):
            return self._lines[line - 1]
        return None

    def _make(self, cls, message, pos: n.Pos):
        return cls(message, self.filename, pos.line, pos.column, pos.end_line,
                   pos.end_column, self.source_line(pos.line))

    def error(self, message, pos: n.Pos) -> DelugeSyntaxError:
        return self._make(DelugeSyntaxError, message, pos)

    def warn(self, message, pos: n.Pos) -> None:
        self.warnings.append(self._make(DelugeWarning, message, pos))


class CommentAttacher:
    """Hands out the lexer's comments to the blocks that contain them.

    The lexer delivers comments in text order, and always before the parser
    reduces the block around them.  Blocks are built bottom-up, so an inner block
    takes its comments before the enclosing one sees them; whatever a block's
    statements do not claim inside a compound statement (a comment in a
    condition, or between ``}`` and ``else``) becomes a leading comment of that
    statement."""

    def __init__(self):
        self.comments: list[n.Comment] = []
        self.keys: list[tuple[int, int]] = []
        self.taken: list[bool] = []
        self._last_start = -1

    def add(self, tok: Token) -> None:
        """Record a COMMENT token (the lexer callback)."""
        if tok.start_pos <= self._last_start:
            return  # lexed a second time after an error repair
        self._last_start = tok.start_pos
        text = str(tok)
        if text.startswith("//"):
            text = text.rstrip("\r")
            pos = _Pos(tok.line, tok.column, tok.line, tok.column + len(text))
        else:
            pos = _Pos(tok.line, tok.column, tok.end_line, tok.end_column)
        self.comments.append(n.Comment(pos, text))
        self.keys.append((tok.line, tok.column))
        self.taken.append(False)

    def take(self, start: tuple[int, int] | None = None, end: tuple[int, int] | None = None):
        """Unclaimed comments starting in ``[start, end)`` (all of them by default)."""
        if not self.comments:
            return []
        lo = 0 if start is None else bisect.bisect_left(self.keys, start)
        hi = len(self.keys) if end is None else bisect.bisect_left(self.keys, end)
        out = []
        for i in range(lo, hi):
            if not self.taken[i]:
                self.taken[i] = True
                out.append(self.comments[i])
        return out

    @staticmethod
    def distribute(stmts, comments, trailing_ok=True):
        """Split ``comments`` among ``stmts`` -> (leading lists, trailing, rest after the end)."""
        count = len(stmts)
        leading = [[] for _ in stmts]
        trailing = [None] * count
        rest = []
        j = 0
        for c in comments:
            key = (c.pos.line, c.pos.column)
            while j < count and (stmts[j].pos.end_line, stmts[j].pos.end_column) <= key:
                j += 1
            if j < count and (stmts[j].pos.line, stmts[j].pos.column) <= key:
                leading[j].append(c)  # inside the statement: an awkward place
                continue
            prev = j - 1
            if (trailing_ok and prev >= 0 and trailing[prev] is None
                    and c.pos.line == stmts[prev].pos.end_line
                    and not (j < count and leading[j])):
                trailing[prev] = c
            elif j < count:
                leading[j].append(c)
            else:
                rest.append(c)
        return leading, trailing, rest

    @staticmethod
    def apply(stmt, leading, trailing):
        if not leading and trailing is None:
            return stmt
        changes = {}
        if leading:
            changes["leading"] = tuple(leading) + stmt.leading
        if trailing is not None and hasattr(stmt, "trailing"):
            changes["trailing"] = trailing
        return stmt.__class__(**{**_fields(stmt), **changes})


def _fields(node):
    return {name: getattr(node, name) for name in node.__dataclass_fields__}


def _statements(items) -> list:
    """The statements of a ``stmts`` list, without the empty statements (``;`` tokens)."""
    if items is None:
        return []
    return [s for s in items if type(s) is not Token]


class AstBuilder:
    """Lark calls ``rule(children)`` for each reduction.  One instance serves one
    parser; ``begin`` and ``finish`` bracket each source (parses do not overlap:
    ``parser.py`` holds a lock)."""

    def __init__(self):
        self.finish()

    def begin(self, diagnostics: Diagnostics) -> None:
        """Prepare for parsing one source."""
        self.diag = diagnostics
        self.comments = CommentAttacher()
        # id(expr) -> (expr, position with its parentheses): `(a + b) * c` starts at `(`
        # although the BinOp `a + b` itself does not.  The expr is kept so its id stays unique.
        self.parens: dict[int, tuple[object, n.Pos]] = {}

    def finish(self) -> None:
        """Let go of the last parse's state, once its error message (if any) is made."""
        self.diag = None
        self.comments = None
        self.parens = {}

    def comment(self, tok: Token) -> Token:
        """The lexer callback for COMMENT tokens."""
        self.comments.add(tok)
        return tok

    def outer(self, node) -> n.Pos:
        """The position of ``node`` including the parentheses written around it."""
        if self.parens:
            hit = self.parens.get(id(node))
            if hit is not None:
                return hit[1]
        return node.pos

    def _span(self, first, last) -> n.Pos:
        """From the start of node ``first`` to the end of node ``last``, parentheses included."""
        a = self.outer(first)
        b = self.outer(last) if last is not first else a
        return _Pos(a.line, a.column, b.end_line, b.end_column)

    def _to_token(self, first, tok: Token) -> n.Pos:
        """From the start of node ``first`` to the end of token ``tok``."""
        a = self.outer(first)
        return _Pos(a.line, a.column, tok.end_line, tok.end_column)

    def _from_token(self, tok: Token, last) -> n.Pos:
        """From the start of token ``tok`` to the end of node ``last``."""
        b = self.outer(last)
        return _Pos(tok.line, tok.column, b.end_line, b.end_column)

    # ------------------------------------------------------------ top level

    def functions(self, c):
        functions = list(c)
        last = functions[-1].pos
        whole = _Pos(1, 1, last.end_line, last.end_column)
        rest = self.comments.take()
        leading, _trailing, after = CommentAttacher.distribute(functions, rest, trailing_ok=False)
        module_leading = tuple(leading[0])
        for i, fn in enumerate(functions):
            extra = leading[i] if i else []
            body = fn.body
            if i == len(functions) - 1 and after:
                body = n.Block(body.pos, body.body, body.dangling + tuple(after))
            if extra or body is not fn.body:
                fn = n.FunctionDef(fn.pos, fn.return_type, fn.qualified_name, fn.params,
                                   body, leading=tuple(extra) + fn.leading)
            functions[i] = fn
        return n.Module(whole, tuple(functions), None, module_leading)

    def script(self, c):
        items = c[0] or []
        if items:
            last = items[-1]
            end = token_pos(last) if type(last) is Token else last.pos
            whole = _Pos(1, 1, end.end_line, end.end_column)
        else:
            whole = _Pos(1, 1, 1, 1)
        stmts = _statements(items)
        rest = self.comments.take()
        leading, trailing, after = CommentAttacher.distribute(stmts, rest)
        module_leading = tuple(leading[0]) if stmts else tuple(rest)
        if not stmts:
            after = []
        body = tuple(CommentAttacher.apply(s, leading[i] if i else [], trailing[i])
                     for i, s in enumerate(stmts))
        return n.Module(whole, (), n.Block(whole, body, tuple(after)), module_leading)

    def function_def(self, c):
        return_type, qualified, _lpar, params, _rpar, body = c
        a, b = return_type.pos, body.pos
        pos = _Pos(a.line, a.column, b.end_line, b.end_column)
        leading = tuple(self.comments.take((a.line, a.column), (b.end_line, b.end_column)))
        return n.FunctionDef(pos, return_type, qualified, tuple(params or ()), body,
                             leading=leading)

    def params(self, c):
        return _append(c)

    def type(self, c):
        name, _colon, element = c
        last = element or name
        return n.TypeRef(_Pos(name.line, name.column, last.end_line, last.end_column),
                         str(name), str(element) if element is not None else None)

    def qualified_name(self, c):
        return tuple(str(t) for t in c[::2])

    def param(self, c):
        type_ref, name = c
        return n.Param(_Pos(type_ref.pos.line, type_ref.pos.column, name.end_line,
                            name.end_column), type_ref, str(name))

    def block(self, c):
        lbrace, items, rbrace = c
        pos = _Pos(lbrace.line, lbrace.column, rbrace.end_line, rbrace.end_column)
        body = tuple(_statements(items))
        comments = self.comments.take((pos.line, pos.column), (pos.end_line, pos.end_column))
        dangling = ()
        if comments:
            leading, trailing, rest = CommentAttacher.distribute(body, comments)
            body = tuple(CommentAttacher.apply(s, leading[i], trailing[i])
                         for i, s in enumerate(body))
            dangling = tuple(rest)
        return n.Block(pos, body, dangling)

    def stmts(self, c):
        return _append(c)

    # ------------------------------------------------------------ statements

    def empty_stmt(self, c):
        return c[0]  # the `;` token: dropped by block and script

    def assign(self, c):
        target, op, value, semi = c
        if not isinstance(target, (n.Name, n.Attribute)):
            raise self.diag.error("cannot assign to this expression: the left side of "
                                  f"'{op}' must be a variable or a field", target.pos)
        return n.Assign(self._to_token(target, semi), target, str(op), value)

    def expr_stmt(self, c):
        # Zoho's own Cliq samples contain a bare `"/";`, so a value used as a
        # statement is accepted (it does nothing) with a warning.
        expr, semi = c
        if not isinstance(expr, _CALLABLE_EXPRS):
            self.diag.warn("this statement has no effect: a statement should be an "
                           "assignment or a call", expr.pos)
        return n.ExprStmt(self._to_token(expr, semi), expr)

    def if_stmt(self, c):
        kw, _lpar, cond, _rpar, body, *rest = c
        end = body.pos
        branches = [n.IfBranch(_Pos(kw.line, kw.column, end.end_line, end.end_column),
                               cond, body)]
        orelse = None
        for item in rest:
            if type(item) is n.IfBranch:
                branches.append(item)
            else:
                orelse = item
            end = item.pos
        return n.If(_Pos(kw.line, kw.column, end.end_line, end.end_column), tuple(branches),
                    orelse)

    def elif_branch(self, c):
        kw, _if, _lpar, cond, _rpar, body = c
        return n.IfBranch(_Pos(kw.line, kw.column, body.pos.end_line, body.pos.end_column),
                          cond, body)

    def else_branch(self, c):
        return c[1]

    def foreach(self, c):
        kw, _each, first, second, _in, iterable, body = c
        pos = _Pos(kw.line, kw.column, body.pos.end_line, body.pos.end_column)
        if second is None:
            return n.ForEach(pos, str(first), iterable, body)
        if str(first).lower() != "index":
            raise self.diag.error(f"expected 'in' after the loop variable '{first}'",
                                  token_pos(second))
        return n.ForEach(pos, str(second), iterable, body, index=True)

    def try_stmt(self, c):
        kw, body, _catch, _lpar, var, _rpar, handler = c
        return n.TryCatch(_Pos(kw.line, kw.column, handler.pos.end_line,
                               handler.pos.end_column), body, str(var), handler)

    def return_stmt(self, c):
        kw, value, semi = c
        return n.Return(_between(kw, semi), value)

    def info_stmt(self, c):
        kw, value, semi = c
        return n.Info(_between(kw, semi), value)

    def throw_stmt(self, c):
        kw, value, semi = c
        return n.Throw(_between(kw, semi), value)

    def break_stmt(self, c):
        return n.Break(_between(c[0], c[1]))

    def continue_stmt(self, c):
        return n.Continue(_between(c[0], c[1]))

    def sendmail(self, c):
        kw, _lsqb, params, rsqb = c
        pos = _between(kw, rsqb)
        return n.ExprStmt(pos, n.Task(pos, str(kw).lower(), tuple(params or ())))

    def delete_from(self, c):
        kw, form, _lsqb, criteria, _rsqb, semi = c
        return n.DeleteFrom(_between(kw, semi), str(form), criteria)

    def creator_action(self, c):
        kw, semi = c[0], c[-1]
        action = _SPACES_RE.sub(" ", str(kw).lower())
        args = tuple(x for x in c[1:-1] if type(x) is not Token)
        return n.CreatorAction(_between(kw, semi), action, args)

    def while_loop(self, c):
        raise self.diag.error("Deluge has no 'while' loop: use 'for each' over a list",
                              token_pos(c[0]))

    # ------------------------------------------------------------ expressions

    def binop(self, c):
        left, op, right = c
        node = n.BinOp(self._span(left, right), str(op), left, right)
        lint_binop(node, self.diag)
        return node

    def unary(self, c):
        op, operand = c
        return n.UnaryOp(self._from_token(op, operand), str(op), operand)

    def is_null(self, c):
        operand, _is, negated, null = c
        return n.IsNull(self._to_token(operand, null), operand, negated is not None)

    def in_op(self, c):
        item, negated, _in, container = c
        return n.In(self._span(item, container), item, container, negated is not None)

    def attribute(self, c):
        obj, _dot, name = c
        return n.Attribute(self._to_token(obj, name), obj, str(name))

    def method_call(self, c):
        receiver, _dot, name, _lpar, args, rpar = c
        pairs = str(name).lower() == "insert"  # Collection: c.insert("k": v)
        return n.MethodCall(self._to_token(receiver, rpar), receiver, str(name),
                            self._args(args, pairs=pairs))

    def name(self, c):
        tok = c[0]
        pos = _Pos(tok.line, tok.column, tok.end_line, tok.end_column)
        lower = tok.lower()
        if lower == "true" or lower == "false":
            return n.Bool(pos, lower == "true")
        if lower == "null":
            return n.Null(pos)
        return n.Name(pos, str(tok))

    def string(self, c):
        tok = c[0]
        return n.String(token_pos(tok), self._decode(tok))

    def sq_string(self, c):
        tok = c[0]
        return n.String(token_pos(tok), tok[1:-1].replace("\\'", "'"), single_quoted=True)

    def int(self, c):
        return n.Number(token_pos(c[0]), str(c[0]), False)

    def decimal(self, c):
        return n.Number(token_pos(c[0]), str(c[0]), True)

    def paren(self, c):
        lpar, expr, rpar = c
        self.parens[id(expr)] = (expr, _between(lpar, rpar))
        return expr

    def call(self, c):
        name, _lpar, args, rpar = c
        pos = _between(name, rpar)
        lower = name.lower()
        if lower in _CONSTRUCTORS:
            return n.Constructor(pos, str(name), None,
                                 self._args(args, pairs=lower == "collection"))
        return n.Call(pos, str(name), self._plain_args(args))

    def typed_ctor(self, c):
        head, _lpar, args, rpar = c
        type_name, element = (part.strip() for part in head.split(":", 1))
        return n.Constructor(_between(head, rpar), type_name, element,
                             self._args(args, pairs=type_name.lower() == "collection"))

    def braces(self, c):
        lbrace, items, rbrace = c
        pos = _between(lbrace, rbrace)
        if items is None:
            return n.EmptyBraces(pos)
        pairs = [type(x) is n.Pair for x in items]
        if all(pairs):
            return n.MapLit(pos, tuple(items))
        if not any(pairs):
            return n.ListLit(pos, tuple(items))
        odd = items[pairs.index(not pairs[0])]
        raise self.diag.error("a {...} literal mixes 'key: value' pairs and plain values: "
                              "use all pairs for a map or none for a list", odd.pos)

    def brackets(self, c):
        lsqb, items, rsqb = c
        return n.ListLit(_between(lsqb, rsqb), self._plain_args(items))

    def args(self, c):
        return _append(c)

    def pair(self, c):
        key, _colon, value = c
        return n.Pair(self._span(key, value), key, value)

    def conditional(self, c):
        kw, _lpar, cond, _c1, then, _c2, otherwise, rpar = c
        return n.Conditional(_between(kw, rpar), cond, then, otherwise)

    def task(self, c):
        kw, _lsqb, params, rsqb = c
        return n.Task(_between(kw, rsqb), str(kw).lower(), tuple(params or ()))

    def task_params(self, c):
        return _append(c)

    def task_param(self, c):
        key, _colon, values = c
        norm = _SPACES_RE.sub(" ", key.lower())
        for value in values:
            if type(value) is n.Name and " " in value.name and norm != "content type":
                raise self.diag.error(f"'{value.name}' is a value of 'content type', "
                                      f"not of '{key}'", value.pos)
        return n.TaskParam(self._from_token(key, values[-1]), norm, str(key), tuple(values))

    def task_values(self, c):
        return _append(c)

    def file_value(self, c):
        # `attachments: file: x` -> Pair(Name("file"), x): a value tagged as a file.
        kw, _colon, value = c
        return n.Pair(self._from_token(kw, value), n.Name(token_pos(kw), str(kw)), value)

    def plain_text(self, c):
        # `content type: PLAIN TEXT`: one symbolic value of two words, spaced as one.
        tok = c[0]
        return n.Name(token_pos(tok), _SPACES_RE.sub(" ", str(tok)))

    def insert_into(self, c):
        kw, form, _lsqb, *fields, rsqb = c
        return n.InsertInto(_between(kw, rsqb), str(form), tuple(fields))

    def field_assign(self, c):
        name, _eq, value = c
        return n.FieldAssign(self._from_token(name, value), str(name), value)

    def fetch(self, c):
        form, _lsqb, criteria, rsqb, *clauses = c
        if _looks_like_index(criteria):
            raise self.diag.error(f"Deluge has no indexing: use {form}.get(...) instead of "
                                  f"{form}[...]", criteria.pos)
        sort_by = []
        range_from = range_to = None
        end = token_pos(rsqb)
        for clause in clauses:
            if type(clause) is n.SortKey:
                sort_by.append(clause)
                end = clause.pos
            else:
                range_from, range_to = clause
                end = self.outer(range_to)
        pos = _Pos(form.line, form.column, end.end_line, end.end_column)
        return n.Fetch(pos, str(form), criteria, tuple(sort_by), range_from, range_to)

    def sort_key(self, c):
        kw, field, order = c
        descending = order is not None and order.lower() == "desc"
        return n.SortKey(_between(kw, order or field), str(field), descending)

    def range_clause(self, c):
        return c[1], c[3]

    # ------------------------------------------------------------ helpers

    def _args(self, args, pairs: bool) -> tuple:
        if args is None:
            return ()
        if not pairs:
            for a in args:
                if type(a) is n.Pair:
                    raise self.diag.error("'key: value' pairs are only allowed in {...}, "
                                          "Collection(...) and insert(...)", a.pos)
        return tuple(args)

    def _plain_args(self, args) -> tuple:
        return self._args(args, pairs=False)

    def _decode(self, tok: Token) -> str:
        body = tok[1:-1]
        if "\\" not in body:
            return body

        def replace(m):
            esc = m.group(1)
            if esc in _ESCAPES:
                return _ESCAPES[esc]
            if len(esc) == 5:
                return chr(int(esc[1:], 16))
            self.diag.warn(f"unknown escape '\\{esc}' in a text literal is kept as written",
                           token_pos(tok))
            return "\\" + esc

        return _ESCAPE_RE.sub(replace, body)


def _between(first: Token, last: Token) -> n.Pos:
    return _Pos(first.line, first.column, last.end_line, last.end_column)


def _append(c: list) -> list:
    """A left-recursive list rule: ``item`` or ``list [separator] item``."""
    if len(c) == 1:
        return c
    items = c[0]
    items.append(c[-1])
    return items


def _looks_like_index(criteria) -> bool:
    """``list[0]`` or ``m["k"]``: a fetch whose criteria is a bare number or text."""
    if isinstance(criteria, n.UnaryOp):
        criteria = criteria.operand
    return isinstance(criteria, (n.Number, n.String))
