"""Lark parse tree -> ``nodes`` dataclasses.

One method per named alternative of ``grammar/deluge.lark`` (``-> name``).  Every
node gets the position Lark propagated for its tree.  Checks that the grammar
leaves open on purpose (assignment targets, expression statements, mixed
``{...}`` literals, ``list[0]``, ``while``) are made here and raise a positioned
``DelugeSyntaxError``.  Comments collected by the lexer are attached to
statements block by block, innermost first (see ``CommentAttacher``).
"""

from __future__ import annotations

import bisect
import re

from lark import Token, Tree

from . import nodes as n
from .errors import DelugeSyntaxError, DelugeWarning
from .lint import lint_binop

_CONSTRUCTORS = {"map", "list", "collection"}
_CALLABLE_EXPRS = (n.Call, n.MethodCall, n.Task, n.InsertInto)
_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t", "r": "\r", "b": "\b",
            "f": "\f", "'": "'"}
_ESCAPE_RE = re.compile(r"\\(u[0-9a-fA-F]{4}|[\s\S])")
_SPACES_RE = re.compile(r"\s+")


def token_pos(tok: Token) -> n.Pos:
    return n.Pos(tok.line, tok.column, tok.end_line, tok.end_column)


def meta_pos(meta) -> n.Pos:
    return n.Pos(meta.line, meta.column, meta.end_line, meta.end_column)


class Diagnostics:
    """Makes positioned errors and warnings for one source file."""

    def __init__(self, filename: str, source: str):
        self.filename = filename
        self.lines = source.splitlines()
        self.warnings: list[DelugeWarning] = []

    def source_line(self, line):
        if line is not None and 1 <= line <= len(self.lines):
            return self.lines[line - 1]
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

    Blocks are built bottom-up, so an inner block takes its comments before the
    enclosing one sees them; whatever a block's statements do not claim inside
    a compound statement (a comment in a condition, or between ``}`` and
    ``else``) becomes a leading comment of that statement."""

    def __init__(self, comments: list[n.Comment]):
        self.comments = comments
        self.keys = [(c.pos.line, c.pos.column) for c in comments]
        self.taken = [False] * len(comments)

    def take(self, start: tuple[int, int] | None = None, end: tuple[int, int] | None = None):
        """Unclaimed comments starting in ``[start, end)`` (whole file by default)."""
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


class AstBuilder:
    """Turns the Lark tree into ``nodes``; one instance per parse.  Each rule name of
    the grammar is a method ``rule(meta, children)`` called bottom-up."""

    def __init__(self, diagnostics: Diagnostics, comments: CommentAttacher):
        self.diag = diagnostics
        self.comments = comments
        self._methods = {}

    def transform(self, tree: Tree):
        methods = self._methods
        children = [self.transform(c) if isinstance(c, Tree) else c for c in tree.children]
        method = methods.get(tree.data)
        if method is None:
            method = methods[tree.data] = getattr(self, tree.data)
        return method(tree.meta, children)

    # ------------------------------------------------------------ top level

    def functions(self, meta, children):
        return list(children)

    def script(self, meta, children):
        return list(children)

    def function_def(self, meta, c):
        return_type, qualified, *params, body = c
        params = tuple(p for p in params if p is not None)
        pos = meta_pos(meta)
        start = (pos.line, pos.column)
        end = (pos.end_line, pos.end_column)
        leading = tuple(self.comments.take(start, end))
        return n.FunctionDef(pos, return_type, qualified, params, body, leading=leading)

    def type(self, meta, c):
        name, element = c
        return n.TypeRef(meta_pos(meta), str(name), str(element) if element is not None else None)

    def qualified_name(self, meta, c):
        return tuple(str(t) for t in c)

    def param(self, meta, c):
        return n.Param(meta_pos(meta), c[0], str(c[1]))

    def block(self, meta, stmts):
        pos = meta_pos(meta)
        comments = self.comments.take((pos.line, pos.column), (pos.end_line, pos.end_column))
        body = tuple(stmts)
        dangling = ()
        if comments:
            leading, trailing, rest = CommentAttacher.distribute(body, comments)
            body = tuple(CommentAttacher.apply(s, leading[i], trailing[i])
                         for i, s in enumerate(body))
            dangling = tuple(rest)
        return n.Block(pos, body, dangling)

    # ------------------------------------------------------------ statements

    def assign(self, meta, c):
        target, op, value = c
        if not isinstance(target, (n.Name, n.Attribute)):
            raise self.diag.error("cannot assign to this expression: the left side of "
                                  f"'{op}' must be a variable or a field", target.pos)
        return n.Assign(meta_pos(meta), target, str(op), value)

    def expr_stmt(self, meta, c):
        # Zoho's own Cliq samples contain a bare `"/";`, so a value used as a
        # statement is accepted (it does nothing) with a warning.
        expr = c[0]
        if not isinstance(expr, _CALLABLE_EXPRS):
            self.diag.warn("this statement has no effect: a statement should be an "
                           "assignment or a call", expr.pos)
        return n.ExprStmt(meta_pos(meta), expr)

    def if_stmt(self, meta, c):
        _if, cond, body, *rest = c
        branches = [n.IfBranch(n.Pos(meta.line, meta.column, body.pos.end_line,
                                     body.pos.end_column), cond, body)]
        orelse = None
        for item in rest:
            if isinstance(item, n.IfBranch):
                branches.append(item)
            else:
                orelse = item
        return n.If(meta_pos(meta), tuple(branches), orelse)

    def elif_branch(self, meta, c):
        _else, _if, cond, body = c
        return n.IfBranch(meta_pos(meta), cond, body)

    def else_branch(self, meta, c):
        return c[1]

    def foreach(self, meta, c):
        _for, _each, first, second, _in, iterable, body = c
        if second is None:
            return n.ForEach(meta_pos(meta), str(first), iterable, body)
        if str(first).lower() != "index":
            raise self.diag.error(f"expected 'in' after the loop variable '{first}'",
                                  token_pos(second))
        return n.ForEach(meta_pos(meta), str(second), iterable, body, index=True)

    def try_stmt(self, meta, c):
        _try, body, _catch, var, handler = c
        return n.TryCatch(meta_pos(meta), body, str(var), handler)

    def return_stmt(self, meta, c):
        return n.Return(meta_pos(meta), c[1])

    def info_stmt(self, meta, c):
        return n.Info(meta_pos(meta), c[1])

    def throw_stmt(self, meta, c):
        return n.Throw(meta_pos(meta), c[1])

    def break_stmt(self, meta, c):
        return n.Break(meta_pos(meta))

    def continue_stmt(self, meta, c):
        return n.Continue(meta_pos(meta))

    def sendmail(self, meta, c):
        pos = meta_pos(meta)
        return n.ExprStmt(pos, n.Task(pos, str(c[0]).lower(), tuple(c[1:])))

    def delete_from(self, meta, c):
        _kw, form, criteria = c
        return n.DeleteFrom(meta_pos(meta), str(form), criteria)

    def creator_action(self, meta, c):
        action = _SPACES_RE.sub(" ", str(c[0]).lower())
        return n.CreatorAction(meta_pos(meta), action, tuple(c[1:]))

    def while_loop(self, meta, c):
        raise self.diag.error("Deluge has no 'while' loop: use 'for each' over a list",
                              token_pos(c[0]))

    # ------------------------------------------------------------ expressions

    def binop(self, meta, c):
        left, op, right = c
        node = n.BinOp(meta_pos(meta), str(op), left, right)
        lint_binop(node, self.diag)
        return node

    def unary(self, meta, c):
        return n.UnaryOp(meta_pos(meta), str(c[0]), c[1])

    def is_null(self, meta, c):
        operand, _is, negated, _null = c
        return n.IsNull(meta_pos(meta), operand, negated is not None)

    def in_op(self, meta, c):
        item, negated, _in, container = c
        return n.In(meta_pos(meta), item, container, negated is not None)

    def attribute(self, meta, c):
        return n.Attribute(meta_pos(meta), c[0], str(c[1]))

    def method_call(self, meta, c):
        receiver, name, args = c
        return n.MethodCall(meta_pos(meta), receiver, str(name), self._plain_args(args))

    def name(self, meta, c):
        tok = c[0]
        pos = token_pos(tok)
        lower = tok.lower()
        if lower == "true" or lower == "false":
            return n.Bool(pos, lower == "true")
        if lower == "null":
            return n.Null(pos)
        return n.Name(pos, str(tok))

    def string(self, meta, c):
        tok = c[0]
        return n.String(token_pos(tok), self._decode(tok))

    def sq_string(self, meta, c):
        tok = c[0]
        return n.String(token_pos(tok), tok[1:-1].replace("\\'", "'"), single_quoted=True)

    def int(self, meta, c):
        return n.Number(token_pos(c[0]), str(c[0]), False)

    def decimal(self, meta, c):
        return n.Number(token_pos(c[0]), str(c[0]), True)

    def paren(self, meta, c):
        return c[0]

    def call(self, meta, c):
        name, args = c
        pos = meta_pos(meta)
        if name.lower() in _CONSTRUCTORS:
            args = self._args(args, pairs=name.lower() == "collection")
            return n.Constructor(pos, str(name), None, args)
        return n.Call(pos, str(name), self._plain_args(args))

    def typed_ctor(self, meta, c):
        head, args = c
        type_name, element = (part.strip() for part in head.split(":", 1))
        return n.Constructor(meta_pos(meta), type_name, element,
                             self._args(args, pairs=type_name.lower() == "collection"))

    def braces(self, meta, c):
        pos = meta_pos(meta)
        items = c[0]
        if items is None:
            return n.EmptyBraces(pos)
        pairs = [isinstance(x, n.Pair) for x in items]
        if all(pairs):
            return n.MapLit(pos, tuple(items))
        if not any(pairs):
            return n.ListLit(pos, tuple(items))
        odd = items[pairs.index(not pairs[0])]
        raise self.diag.error("a {...} literal mixes 'key: value' pairs and plain values: "
                              "use all pairs for a map or none for a list", odd.pos)

    def brackets(self, meta, c):
        return n.ListLit(meta_pos(meta), self._plain_args(c[0]))

    def args(self, meta, c):
        return c

    def pair(self, meta, c):
        return n.Pair(meta_pos(meta), c[0], c[1])

    def conditional(self, meta, c):
        _if, cond, then, otherwise = c
        return n.Conditional(meta_pos(meta), cond, then, otherwise)

    def task(self, meta, c):
        return n.Task(meta_pos(meta), str(c[0]).lower(), tuple(c[1:]))

    def task_param(self, meta, c):
        key = c[0]
        return n.TaskParam(meta_pos(meta), _SPACES_RE.sub(" ", key.lower()), str(key),
                           tuple(c[1:]))

    def file_value(self, meta, c):
        # `attachments: file: x` -> Pair(Name("file"), x): a value tagged as a file.
        return n.Pair(meta_pos(meta), n.Name(token_pos(c[0]), str(c[0])), c[1])

    def insert_into(self, meta, c):
        _kw, form, *fields = c
        return n.InsertInto(meta_pos(meta), str(form), tuple(fields))

    def field_assign(self, meta, c):
        return n.FieldAssign(meta_pos(meta), str(c[0]), c[2])

    def fetch(self, meta, c):
        form, criteria, *clauses = c
        if _looks_like_index(criteria):
            raise self.diag.error(f"Deluge has no indexing: use {form}.get(...) instead of "
                                  f"{form}[...]", criteria.pos)
        sort_by = []
        range_from = range_to = None
        for clause in clauses:
            if isinstance(clause, n.SortKey):
                sort_by.append(clause)
            else:
                range_from, range_to = clause
        return n.Fetch(meta_pos(meta), str(form), criteria, tuple(sort_by), range_from, range_to)

    def sort_key(self, meta, c):
        _kw, field, order = c
        descending = order is not None and order.lower() == "desc"
        return n.SortKey(meta_pos(meta), str(field), descending)

    def range_clause(self, meta, c):
        return c[1], c[3]

    # ------------------------------------------------------------ helpers

    def _args(self, args, pairs: bool) -> tuple:
        if args is None:
            return ()
        if not pairs:
            for a in args:
                if isinstance(a, n.Pair):
                    raise self.diag.error("'key: value' pairs are only allowed in {...} "
                                          "and Collection(...)", a.pos)
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


def _looks_like_index(criteria) -> bool:
    """``list[0]`` or ``m["k"]``: a fetch whose criteria is a bare number or text."""
    if isinstance(criteria, n.UnaryOp):
        criteria = criteria.operand
    return isinstance(criteria, (n.Number, n.String))


def build_module(tree, diagnostics: Diagnostics, comments: list[n.Comment]) -> n.Module:
    """Transform the tree and attach the comments outside every block."""
    attacher = CommentAttacher(comments)
    items = AstBuilder(diagnostics, attacher).transform(tree)
    end_pos = n.Pos(tree.meta.end_line, tree.meta.end_column, tree.meta.end_line,
                    tree.meta.end_column) if not tree.meta.empty else n.Pos(1, 1, 1, 1)
    whole = n.Pos(1, 1, end_pos.end_line, end_pos.end_column)
    rest = attacher.take()
    if tree.data == "functions":
        functions = list(items)
        leading, _trailing, after = CommentAttacher.distribute(functions, rest,
                                                               trailing_ok=False)
        module_leading = tuple(leading[0]) if functions else ()
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
    stmts = list(items)
    leading, trailing, after = CommentAttacher.distribute(stmts, rest)
    module_leading = tuple(leading[0]) if stmts else tuple(rest)
    if not stmts:
        after = []
    body = tuple(CommentAttacher.apply(s, leading[i] if i else [], trailing[i])
                 for i, s in enumerate(stmts))
    return n.Module(whole, (), n.Block(whole, body, tuple(after)), module_leading)
