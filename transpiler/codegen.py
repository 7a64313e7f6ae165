"""Code generation: a Deluge AST (``nodes.Module``) to unformatted Python text.

Expressions are emitted with the Python precedence of what was written, so that
parentheses appear exactly where Python would otherwise read the tree differently.
Every statement line ends in ``# dg:N`` (N: the Deluge line of the statement); the
module skeleton comes from ``templates/module.py.j2`` and black formats the result
(``format.py``).  Generated text never contains source text pasted verbatim: strings
go through ``py_str``, numbers are validated, identifiers through ``names``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from . import fastcalls, fastpaths, members, names
from . import nodes as n
from .errors import DelugeError, DelugeWarning, ZohoRefusal
from .pysource import (ADD, AND, ATOM, CMP, COND, LAMBDA, MUL, NOT, OR, PRIMARY, UNARY,
                       comment_lines, docstring, is_literal, py_str, str_or_decimal)


ARITH = {"+": ADD, "-": ADD, "*": MUL, "/": MUL, "%": MUL}
#: The runtime's checked operators, for a left operand that may be a boolean.
CHECKED = {"+": "plus", "-": "minus", "*": "times", "/": "divide", "%": "modulo"}
COMPARE = {"==": "==", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">=", "=": "=="}

#: Built-ins (lower case) that return a boolean, so ``&&``/``||``/``!``/``if`` need no
#: ``truth()`` around them.
BOOLEAN_BUILTINS = frozenset({
    "contains", "containsignorecase", "notcontains", "startswith", "startswithignorecase",
    "endswith", "endswithignorecase", "equals", "equalsignorecase", "matches", "isascii",
    "iseven", "isodd", "isnull", "isempty", "isblank", "isvalidobject", "isnumber",
    "istext", "isdate", "isfile", "containkey", "containvalue", "containskey",
    "containsvalue",
})

CONSTRUCTORS = {"map": "Map", "list": "List", "collection": "Collection"}
TASKS = ("invokeurl", "invokeapi", "sendmail")
ERROR_VAR = names.TEMP_PREFIX + "error"
RECORD_VAR = names.TEMP_PREFIX + "rec"

_INT_RE = re.compile(r"[0-9]+\Z")
_DECIMAL_RE = re.compile(r"([0-9]*\.[0-9]+|[0-9]+\.[0-9]*)([eE][+-]?[0-9]+)?\Z")


# --------------------------------------------------------------------------
# The runtime catalog


def canonical_method(name: str) -> str | None:
    from deluge2py.runtime.builtins import catalog

    return catalog.canonical_method(name)


def canonical_function(name: str) -> str | None:
    from deluge2py.runtime.builtins import catalog

    return catalog.canonical_function(name)


@functools.cache
def null_safe_function(method: str) -> str | None:
    """The functional form to emit for ``x.method(...)`` when ``x`` may be null or a
    boolean: those are Python ``None``/``bool`` and have no methods, so a method that
    Deluge also applies to them (``isNull``, ``toString``...) is called as the
    runtime function, which dispatches on the receiver's type.  None when the method
    does not apply to null/booleans or no such forwarding function exists."""
    from deluge2py.runtime.builtins import catalog

    if not catalog.receivers(method) & {catalog.NULL, catalog.BOOLEAN}:
        return None
    for entry in catalog.entries():
        if entry.kind == "function" and entry.name.lower() == method.lower():
            return entry.name if entry.receivers & {catalog.NULL, catalog.BOOLEAN} else None
    return None


# --------------------------------------------------------------------------


@dataclass
class GeneratedModule:
    """The parts the module template needs."""

    docstring: str
    imports: list[str]
    leading: list[str]
    functions: list[str]
    constants: list[str] = ()
    source: str = '""'  # the ``__deluge_source__`` constant: the .dg file's name, quoted


class ModuleGenerator:
    """Generates the functions of one module.  Run once without reserved runtime
    names; when a user name turns out to clash with an import, run again with the
    imports reserved (imports do not depend on user names, so two runs suffice)."""

    def __init__(self, module: n.Module, filename: str, basename: str, stem: str,
                 source_lines: list[str] | None = None, fast_paths: bool = True):
        self.module = module
        self.fast_paths = fast_paths
        self.filename = filename
        self.basename = basename
        self.stem = stem
        self.source_lines = source_lines

    def generate(self) -> tuple[GeneratedModule, list[DelugeWarning]]:
        first = _Pass(self, frozenset())
        result = first.run()
        _raise_errors(first)
        if first.user_names & (first.imports | set(first.constants.names)):
            second = _Pass(self, frozenset(first.imports) | set(first.constants.names))
            result = second.run()
            _raise_errors(second)
            return result, second.warnings
        return result, first.warnings

    def error(self, cls, message: str, pos: n.Pos):
        line = None
        if self.source_lines and 0 < pos.line <= len(self.source_lines):
            line = self.source_lines[pos.line - 1]
        return cls(message, self.filename, pos.line, pos.column, pos.end_line,
                   pos.end_column, line)


def _raise_errors(run: "_Pass") -> None:
    """Raise the first error a pass collected; ``errors`` holds them all and
    ``warnings`` the pass's warnings, for ``check`` to report together."""
    if run.errors:
        first = run.errors[0]
        first.errors, first.warnings = list(run.errors), list(run.warnings)
        raise first


class _Pass:
    def __init__(self, gen: ModuleGenerator, reserved: frozenset[str]):
        self.gen = gen
        self.reserved = reserved
        self.imports: set[str] = set()
        self.user_names: set[str] = set()
        self.warnings: list[DelugeWarning] = []
        self.errors: list[DelugeError] = []  # statements that could not be translated
        self._seen_warnings: set[tuple] = set()
        self.functions: dict[str, str] = {}  # Deluge short name -> Python name
        self.constants = fastpaths.Constants()

    def need(self, name: str) -> str:
        self.imports.add(name)
        return name

    def warn(self, message: str, pos: n.Pos, cls=DelugeWarning):
        key = (pos.line, pos.column, message)
        if key not in self._seen_warnings:
            self._seen_warnings.add(key)
            self.warnings.append(self.gen.error(cls, message, pos))

    def run(self) -> GeneratedModule:
        module = self.gen.module
        leading: list[str] = []
        bodies: list[str] = []
        if module.functions:
            py_names = list(self._function_names())
            for fn, py in zip(module.functions, py_names):
                self.functions.setdefault(fn.qualified_name[-1], py)
                self.user_names.add(py)
            for comment in module.leading:
                leading.extend(comment_lines(comment))
            for fn, py in zip(module.functions, py_names):
                bodies.append(_FunctionGen(self, py, fn=fn).text())
        elif module.script is not None:
            py = names.py_name(self.gen.stem, self.reserved)
            self.user_names.add(py)
            bodies.append(_FunctionGen(self, py, script=module.script,
                                       leading=module.leading).text())
        else:
            for comment in module.leading:
                leading.extend(comment_lines(comment))
        text = f"Generated by deluge2py from {self.gen.basename}. Edit the .dg file, not this one."
        return GeneratedModule(docstring(text), sorted(self.imports), leading, bodies,
                               self.constants.lines(), py_str(self.gen.basename))

    def _function_names(self):
        taken: set[str] = set()
        for fn in self.gen.module.functions:
            base = names.py_name(fn.qualified_name[-1], self.reserved)
            py, counter = base, 2
            while py in taken:
                py, counter = f"{base}_{counter}", counter + 1
            taken.add(py)
            yield py


class _FunctionGen:
    """Emits one Python function: decorator, signature and body."""

    def __init__(self, owner: _Pass, py_name: str, fn: n.FunctionDef | None = None,
                 script: n.Block | None = None, leading=()):
        self.owner = owner
        self.py_name = py_name
        self.fn = fn
        self.body = fn.body if fn else script
        self.leading = fn.leading if fn else leading
        header = None
        if fn is not None:
            header = [p.name for p in fn.params]
            seen = set()
            for p in fn.params:
                if p.name in seen:
                    raise owner.gen.error(DelugeError, f"duplicate parameter '{p.name}'", p.pos)
                seen.add(p.name)
        self.info = names.analyze(self.body, header)
        self.kinds = fastpaths.Kinds(self.body, self.info, owner.functions) \
            if owner.gen.fast_paths else None
        self.unboxed_text = fastpaths.text_accumulators(self.kinds)
        self.unboxed_number = fastpaths.number_locals(self)
        # A variable must not hide a function of this file that the body calls bare.
        called = {owner.functions[c] for c in self.info.bare_calls if c in owner.functions}
        self.var_reserved = owner.reserved | called
        self.variables = self.info.variables
        self.caught_vars = members.catch_only_vars(self.body, self.info.params)
        self.loops = 0  # depth of `for each` around the statement being emitted
        for name, node in self.info.refused.items():
            owner.warn(f"variable '{name}' is not defined", node.pos, ZohoRefusal)
        for name, node in self.info.free.items():
            meant = names.near_miss(name, self.info.assigned)
            if meant is not None:
                owner.warn(f"'{name}' is never assigned, so the script takes it as an argument; "
                           f"did you mean '{meant}'?", node.pos)
        self.void = fn is not None and (fn.return_type is None
                                        or fn.return_type.name.lower() == "void")
        self.lines: list[str] = []
        self.fields: set[int] = set()  # criteria names that are form fields

    # -- names ---------------------------------------------------------------

    def var(self, name: str) -> str:
        py = names.py_name(name, self.var_reserved)
        self.owner.user_names.add(py)
        return py

    # -- text ------------------------------------------------------------------

    def text(self) -> str:
        decorator = self._decorator()
        params = ", ".join(self.var(p) for p in self.info.params)
        out = []
        if self.fn is not None:
            for comment in self.fn.leading:
                out.extend(comment_lines(comment))
        out.append(decorator)
        mark = f"  # dg:{self.fn.pos.line}" if self.fn is not None else ""
        out.append(f"def {self.py_name}({params}):{mark}")
        if self.fn is None:
            for comment in self.leading:
                for line in comment_lines(comment):
                    self.lines.append("    " + line)
        self.block(self.body, 1)
        return "\n".join(out + self.lines)

    def _decorator(self) -> str:
        """``@deluge_function("void automation.f(int a)", statements=N)``: the header as
        one line.  A bare script's is inferred: its arguments in order of first use,
        without types (docs/semantics.md, "Arguments")."""
        if self.fn is not None:
            returns = (_type_text(self.fn.return_type) + " ") if self.fn.return_type else ""
            params = ", ".join(f"{_type_text(p.type)} {p.name}" for p in self.fn.params)
            header = f"{returns}{'.'.join(self.fn.qualified_name)}({params})"
        else:
            header = f"{self.owner.gen.stem}({', '.join(self.info.params)})"
        statements = names.count_statements(self.body)
        return f"@{self.owner.need('deluge_function')}({py_str(header)}, statements={statements})"

    def emit(self, depth: int, code: str, stmt=None, line: int | None = None):
        pad = "    " * depth
        if stmt is not None:
            for comment in getattr(stmt, "leading", ()):
                for text in comment_lines(comment):
                    self.lines.append(pad + text)
        suffix = ""
        trailing = getattr(stmt, "trailing", None)
        if trailing is not None:
            suffix += "  " + " ".join(comment_lines(trailing))
        if line is not None:
            suffix += f"  # dg:{line}"
        self.lines.append(pad + code + suffix)

    def block(self, block: n.Block, depth: int):
        start = len(self.lines)
        for stmt in block.body:
            try:
                self.statement(stmt, depth)
            except DelugeError as error:  # go on, so that ``check`` reports every error
                self.owner.errors.append(error)
        for comment in block.dangling:
            for text in comment_lines(comment):
                self.lines.append("    " * depth + text)
        if not any(not line.lstrip().startswith("#") for line in self.lines[start:]):
            self.lines.append("    " * depth + "pass")

    # -- statements ------------------------------------------------------------

    def statement(self, stmt, depth: int):
        line = stmt.pos.line
        if isinstance(stmt, n.Assign):
            self.emit(depth, self.assign(stmt), stmt, line)
        elif isinstance(stmt, n.ExprStmt):
            # A bare literal is wrapped like a stored value: a plain string would become
            # the function's docstring (which black rewrites) when it comes first.
            put = isinstance(stmt.expr, n.MethodCall) and fastpaths.put_statement(
                self, stmt.expr, canonical_method(stmt.expr.method))
            self.emit(depth, put or self.value(stmt.expr), stmt, line)
        elif isinstance(stmt, n.If):
            self.if_statement(stmt, depth)
        elif isinstance(stmt, n.ForEach):
            helper = self.owner.need("each_index" if stmt.index else "each")
            count = names.count_statements(stmt.body)
            iterable = fastpaths.loop_constant(self, stmt) or self.expr(stmt.iterable, LAMBDA)
            self.emit(depth, f"for {self.var(stmt.var)} in {helper}({iterable}, {count}):",
                      stmt, line)
            self.loops += 1
            self.block(stmt.body, depth + 1)
            self.loops -= 1
        elif isinstance(stmt, (n.Break, n.Continue)):
            word = "break" if isinstance(stmt, n.Break) else "continue"
            if not self.loops:
                raise self.owner.gen.error(DelugeError, f"'{word}' outside a 'for each' loop",
                                           stmt.pos)
            self.emit(depth, word, stmt, line)
        elif isinstance(stmt, n.Return):
            self.emit(depth, self.return_statement(stmt), stmt, line)
        elif isinstance(stmt, n.Info):
            self.emit(depth, f"{self.owner.need('info')}({self.expr(stmt.value, LAMBDA)})",
                      stmt, line)
        elif isinstance(stmt, n.Throw):
            self.emit(depth, f"{self.owner.need('throw')}({self.expr(stmt.value, LAMBDA)})",
                      stmt, line)
        elif isinstance(stmt, n.TryCatch):
            self.emit(depth, "try:", stmt, line)
            self.block(stmt.body, depth + 1)
            catch_line = stmt.handler.pos.line
            self.emit(depth, f"except Exception as {ERROR_VAR}:", line=catch_line)
            caught = self.owner.need("caught")
            self.emit(depth + 1, f"{self.var(stmt.var)} = {caught}({ERROR_VAR})", line=catch_line)
            self.block(stmt.handler, depth + 1)
        elif isinstance(stmt, n.DeleteFrom):
            args = [py_str(stmt.form)]
            if stmt.criteria is not None:
                args.append(self.criteria(stmt.criteria))
            self.emit(depth, f"{self.owner.need('creator')}.delete_from({', '.join(args)})",
                      stmt, line)
        elif isinstance(stmt, n.CreatorAction):
            self.emit(depth, self.creator_action(stmt), stmt, line)
        else:  # pragma: no cover - the AST is closed
            raise self.owner.gen.error(DelugeError, f"cannot translate {type(stmt).__name__}",
                                       stmt.pos)

    def assign(self, stmt: n.Assign) -> str:
        target = stmt.target
        fast = fastpaths.accumulate(self, stmt) or fastpaths.number_assign(self, stmt)
        if fast is not None:
            return fast
        if isinstance(target, n.Name) or names.is_input_attr(target):
            name = self.var(target.name)
            if stmt.op == "=":
                return f"{name} = {self.value(stmt.value, target.name)}"
            if self.may_be_bool(target):  # `flag += 1` is Zoho's error too, not 2
                checked = self.owner.need(CHECKED[stmt.op[0]])
                return f"{name} = {checked}({name}, {self.expr(stmt.value, LAMBDA)})"
            return f"{name} {stmt.op} {self.expr(stmt.value, LAMBDA)}"
        members.refuse_private(self, target.name, target.pos)
        set_field = self.owner.need("set_field")
        obj = self.expr(target.obj, LAMBDA)
        if stmt.op == "=":
            value = self.value(stmt.value)
        else:
            value, _ = self.binop(n.BinOp(stmt.pos, stmt.op[0], target, stmt.value))
        return f"{set_field}({obj}, {py_str(target.name)}, {value})"

    def return_statement(self, stmt: n.Return) -> str:
        if stmt.value is None:
            if self.fn is not None and not self.void:
                self.owner.warn("'return' without a value in a function that returns "
                                f"{self.fn.return_type.name}", stmt.pos)
            return "return"
        if self.void:
            self.owner.warn("'return' with a value in a void function", stmt.pos, ZohoRefusal)
        return f"return {self.value(stmt.value)}"

    def if_statement(self, stmt: n.If, depth: int):
        for i, branch in enumerate(stmt.branches):
            keyword = "if" if i == 0 else "elif"
            code = f"{keyword} {self.condition(branch.cond, LAMBDA)}:"
            if i == 0:
                self.emit(depth, code, stmt, branch.pos.line)
            else:
                self.emit(depth, code, line=branch.pos.line)
            self.block(branch.body, depth + 1)
        if stmt.orelse is not None:
            self.emit(depth, "else:")
            self.block(stmt.orelse, depth + 1)

    def creator_action(self, stmt: n.CreatorAction) -> str:
        creator = self.owner.need("creator")
        method = names.attr_name(re.sub(r"\W+", "_", stmt.action.strip()))
        if stmt.action in names.VALUE_ACTIONS:
            args = [self.expr(a, LAMBDA) for a in stmt.args]
        else:
            args = [py_str(a.name) if isinstance(a, n.Name) else self.expr(a, LAMBDA)
                    for a in stmt.args]
        return f"{creator}.{method}({', '.join(args)})"

    # -- expressions -----------------------------------------------------------

    def value(self, expr, var: str | None = None) -> str:
        """An expression stored in a variable or returned: bare literals are wrapped in
        their Deluge value class, and ``{}`` becomes a List or a Map from the variable's use."""
        if isinstance(expr, n.EmptyBraces):
            kind = "List" if var is not None and var in self.info.list_vars else "Map"
            return f"{self.owner.need(kind)}()"
        if is_literal(expr):
            return self.literal(expr, wrap=True)
        return self.expr(expr, LAMBDA)

    def expr(self, e, need: int) -> str:
        """Python text for ``e``, parenthesised when its precedence is below ``need``."""
        text, prec = self._expr(e)
        return f"({text})" if prec < need else text

    def condition(self, e, need: int) -> str:
        """A boolean operand: wrapped in ``truth()`` unless statically a boolean."""
        if self.is_boolean(e):
            return self.expr(e, need)
        return f"{self.owner.need('truth')}({self.expr(e, LAMBDA)})"

    def is_boolean(self, e) -> bool:
        if isinstance(e, (n.Bool, n.IsNull, n.In)):
            return True
        if isinstance(e, n.BinOp):
            return e.op in COMPARE or e.op in ("&&", "||")
        if isinstance(e, n.UnaryOp):
            return e.op == "!"
        if isinstance(e, n.Call):
            return e.name not in self.owner.functions and e.name.lower() in BOOLEAN_BUILTINS
        if isinstance(e, n.MethodCall):
            return (not names.namespace_root(e.receiver, self.variables)
                    and e.method.lower() in BOOLEAN_BUILTINS)
        return False

    def literal(self, e, wrap: bool) -> str:
        if isinstance(e, n.String):
            if e.single_quoted:
                return f"{self.owner.need('datetime_literal')}({py_str(e.value)})"
            return f"{self.owner.need('Text')}({py_str(e.value)})" if wrap else py_str(e.value)
        if isinstance(e, n.Bool):
            return "True" if e.value else "False"
        if isinstance(e, n.Null):
            return "None"
        sign = ""
        if isinstance(e, n.UnaryOp):
            sign = "-" if e.op == "-" else ""
            e = e.operand
        if e.is_decimal:
            if not _DECIMAL_RE.match(e.text):
                raise self.owner.gen.error(DelugeError, f"invalid number '{e.text}'", e.pos)
            if wrap:
                return f"{self.owner.need('Decimal')}({py_str(sign + e.text)})"
            return sign + e.text
        if not _INT_RE.match(e.text):
            raise self.owner.gen.error(DelugeError, f"invalid number '{e.text}'", e.pos)
        if wrap:
            return f"{self.owner.need('Number')}({sign}{int(e.text)})"
        return f"{sign}{int(e.text)}"

    def _expr(self, e) -> tuple[str, int]:
        need = self.owner.need
        if isinstance(e, (n.String, n.Bool, n.Null)):
            text = self.literal(e, wrap=False)
            return text, PRIMARY if text.endswith(")") else ATOM
        if isinstance(e, n.Number):
            return self.literal(e, wrap=False), ATOM
        if isinstance(e, n.Name):
            if id(e) in self.fields:
                return f"{RECORD_VAR}.get({py_str(e.name)})", PRIMARY
            system = members.system_keyword(self, e)
            if system is not None:
                return system, PRIMARY
            if e.name in self.info.undefined:
                return f"{need('undefined')}({py_str(e.name)})", PRIMARY
            if e.name in self.unboxed_text and not names.is_input_attr(e):
                return f"{need('Text')}({self.var(e.name)})", PRIMARY
            if e.name in self.unboxed_number and not names.is_input_attr(e):
                return f"{need('Number')}({self.var(e.name)})", PRIMARY
            return self.var(e.name), ATOM
        if isinstance(e, n.ListLit):
            if not e.items:
                return f"{need('List')}()", PRIMARY
            return f"{need('List')}([{self.args(e.items)}])", PRIMARY
        if isinstance(e, n.MapLit):
            return f"{need('Map')}({self.map_text(e.items)})", PRIMARY
        if isinstance(e, n.EmptyBraces):
            return f"{need('Map')}()", PRIMARY
        if isinstance(e, n.Pair):
            raise self.owner.gen.error(DelugeError, "a 'key: value' pair is only allowed in a "
                                       "map literal, Collection() or insert(), and not "
                                       "mixed with plain values", e.pos)
        if isinstance(e, n.Constructor):
            return self.constructor(e), PRIMARY
        if isinstance(e, n.Attribute):
            if names.is_input_attr(e):
                if e.name in self.info.undefined:
                    return f"{need('undefined')}({py_str(e.name)})", PRIMARY
                return self.var(e.name), ATOM
            return members.attribute(self, e), PRIMARY
        if isinstance(e, n.Call):
            return self.call(e), PRIMARY
        if isinstance(e, n.MethodCall):
            return self.method_call(e), PRIMARY
        if isinstance(e, n.BinOp):
            return self.binop(e)
        if isinstance(e, n.UnaryOp):
            if e.op == "!":
                return f"not {self.condition(e.operand, NOT)}", NOT
            if isinstance(e.operand, n.Number):
                return self.literal(e, wrap=False), UNARY
            return f"{e.op}{self.expr(e.operand, UNARY)}", UNARY
        if isinstance(e, n.IsNull):
            op = "is not" if e.negated else "is"
            return f"{self.expr(e.operand, CMP + 1)} {op} None", CMP
        if isinstance(e, n.In):
            call = f"{need('contains_op')}({self.expr(e.item, LAMBDA)}, " \
                   f"{self.expr(e.container, LAMBDA)})"
            return (f"not {call}", NOT) if e.negated else (call, PRIMARY)
        if isinstance(e, n.Conditional):
            cond = self.condition(e.cond, OR)
            then = self.branch(e.then, OR)
            otherwise = self.branch(e.otherwise, COND)
            return f"{then} if {cond} else {otherwise}", COND
        if isinstance(e, n.Task):
            return self.task(e), PRIMARY
        if isinstance(e, n.Fetch):
            return self.fetch(e), PRIMARY
        if isinstance(e, n.InsertInto):
            fields = ", ".join(f"{py_str(f.field)}: {self.expr(f.value, LAMBDA)}"
                               for f in e.fields)
            return f"{need('creator')}.insert_into({py_str(e.form)}, {{{fields}}})", PRIMARY
        raise self.owner.gen.error(DelugeError, f"cannot translate {type(e).__name__}", e.pos)

    def branch(self, e, need: int) -> str:
        return self.literal(e, wrap=True) if is_literal(e) else self.expr(e, need)

    def args(self, items) -> str:
        return ", ".join(self.expr(a, LAMBDA) for a in items)

    def dict_text(self, pairs) -> str:
        items = ", ".join(f"{self.expr(p.key, LAMBDA)}: {self.expr(p.value, LAMBDA)}"
                          for p in pairs)
        return f"{{{items}}}"

    def map_text(self, pairs) -> str:
        """A dict display, or a list of pairs when a key is a list or map literal (Zoho's
        keys page allows them; a Python dict display cannot hold one, ``Map`` can)."""
        if not any(isinstance(p.key, (n.ListLit, n.MapLit, n.EmptyBraces, n.Constructor))
                   for p in pairs):
            return self.dict_text(pairs)
        items = ", ".join(f"({self.expr(p.key, LAMBDA)}, {self.expr(p.value, LAMBDA)})"
                          for p in pairs)
        return f"[{items}]"

    def binop(self, e: n.BinOp) -> tuple[str, int]:
        fast = fastpaths.concat(self, e)
        if fast is not None:
            return fast, PRIMARY
        if e.op in ("&&", "||"):
            prec = AND if e.op == "&&" else OR
            word = "and" if e.op == "&&" else "or"
            return f"{self.condition(e.left, prec)} {word} {self.condition(e.right, prec + 1)}", prec
        if e.op in ("==", "!=", "=") and isinstance(e.right, n.Null) != isinstance(e.left, n.Null):
            # `x == null` is true only for null (docs/semantics.md), exactly Python's `is None`.
            operand = e.left if isinstance(e.right, n.Null) else e.right
            op = "is not" if e.op == "!=" else "is"
            return f"{self.expr(operand, CMP + 1)} {op} None", CMP
        both_literal = is_literal(e.left) and is_literal(e.right)
        plain = fastpaths.plain_compare(self, e)
        if plain is not None:
            return plain, CMP
        if e.op in COMPARE:
            prec, left_need, right_need, op = CMP, CMP + 1, CMP + 1, COMPARE[e.op]
        elif e.op in ARITH:
            prec = ARITH[e.op]
            left_need, right_need, op = prec, prec + 1, e.op
        else:
            raise self.owner.gen.error(DelugeError, f"unknown operator '{e.op}'", e.pos)
        # A plain str or float on the left would answer the operator itself ("a" + None is a
        # TypeError, 1.5 * Number(2) a float): wrap it (docs/architecture.md, Values).
        if e.op in ARITH and self.may_be_bool(e.left):
            # A boolean is a Python int: ``True + 1`` would be 2 (docs/semantics.md).
            checked = self.owner.need(CHECKED[e.op])
            return f"{checked}({self.expr(e.left, LAMBDA)}, {self.expr(e.right, LAMBDA)})", \
                PRIMARY
        # A plain int would also take a boolean on the right (``5 + True`` is 6).
        wrap_left = both_literal or (e.op in ARITH and (str_or_decimal(e.left) or (
            is_literal(e.left) and self.may_be_bool(e.right))))
        left = self.literal(e.left, wrap=True) if wrap_left else self.expr(e.left, left_need)
        return f"{left} {op} {self.expr(e.right, right_need)}", prec

    def may_be_bool(self, e) -> bool:
        """True when the left operand ``e`` of arithmetic may hold a boolean, which needs a
        checked operator (docs/semantics.md)."""
        return _may_be_bool(e) and not self.declared_not_bool(e) \
            and not fastpaths.not_boolean(self, e)

    def declared_not_bool(self, e) -> bool:
        """True for a parameter the header declares with a type other than boolean (a
        variable keeps its type: reference deluge-language.md §3.1)."""
        if self.fn is None or not (isinstance(e, n.Name) or names.is_input_attr(e)):
            return False
        wanted = e.name
        for p in self.fn.params:
            if p.name == wanted:
                return p.type.name.lower() not in ("bool", "boolean")
        return False

    def call(self, e: n.Call) -> str:
        local = self.owner.functions.get(e.name)
        if local is not None:
            return f"{local}({self.args(e.args)})"
        canonical = canonical_function(e.name)
        if canonical is not None:
            return f"{self.owner.need(canonical)}({self.args(e.args)})"
        self.owner.warn(f"unknown function '{e.name}'; it is called as thisapp.{e.name}",
                        e.pos)
        return f"{self.owner.need('thisapp')}.{names.attr_name(e.name)}({self.args(e.args)})"

    def method_call(self, e: n.MethodCall) -> str:
        if names.namespace_root(e.receiver, self.variables) \
                and not names.is_system_value(e.receiver):
            return members.namespace_call(self, e, self.args(e.args))
        if e.args and all(isinstance(a, n.Pair) for a in e.args):
            args = self.dict_text(e.args)  # c.insert("k": v) -> c.insert({"k": v})
        else:
            args = self.args(e.args)
        method = canonical_method(e.method)
        function = null_safe_function(method) if method and _may_be_null_or_bool(e.receiver) \
            else None
        if function is not None:
            receiver = self.expr(e.receiver, LAMBDA)
            return f"{self.owner.need(function)}({receiver}{', ' + args if args else ''})"
        fast = fastpaths.method(self, e, method) or fastcalls.method(self, e, method)
        if fast is not None:
            return fast
        if is_literal(e.receiver):
            receiver = self.literal(e.receiver, wrap=True)
        else:
            receiver = self.expr(e.receiver, PRIMARY)
        return members.value_method(self, e, receiver, args, method)

    def constructor(self, e: n.Constructor) -> str:
        kind = CONSTRUCTORS.get(e.type_name.lower())
        if kind is None:
            raise self.owner.gen.error(DelugeError, f"unknown constructor '{e.type_name}'", e.pos)
        cls = self.owner.need(kind)
        args = e.args
        if args and all(isinstance(a, n.Pair) for a in args):
            parts = [self.dict_text(args)]
        elif len(args) == 1 and kind == "Map" and isinstance(args[0], n.MapLit):
            parts = [self.map_text(args[0].items)]
        elif len(args) == 1 and kind == "List" and isinstance(args[0], n.ListLit):
            parts = [f"[{self.args(args[0].items)}]"]
        else:
            parts = [self.args(args)] if args else []
        if e.element_type:
            element = e.element_type[:1].upper() + e.element_type[1:]
            parts.append(f"element_type={py_str(element)}")
        return f"{cls}({', '.join(parts)})"

    def task(self, e: n.Task) -> str:
        kind = e.kind.lower()
        if kind not in TASKS:
            raise self.owner.gen.error(DelugeError, f"unknown task '{e.kind}'", e.pos)
        parts, seen = [], set()
        for param in e.params:
            key = names.attr_name(re.sub(r"\W+", "_", param.key.strip()) or "_")
            if key in seen:
                raise self.owner.gen.error(DelugeError, f"duplicate key '{param.key_text}' in "
                                           f"{kind}", param.pos)
            seen.add(key)
            values = [self.task_value(param.key, v) for v in param.values]
            value = values[0] if len(values) == 1 else f"[{', '.join(values)}]"
            parts.append(f"{key}={value}")
        return f"{self.owner.need(kind)}({', '.join(parts)})"

    def task_value(self, key: str, value) -> str:
        if key in names.SYMBOLIC_TASK_KEYS and isinstance(value, n.Name):
            return py_str(value.name)
        if isinstance(value, n.Pair):  # `attachments: file: x` -> {"file": x}
            return self.dict_text((n.Pair(value.pos, n.String(value.key.pos, value.key.name),
                                          value.value),))
        return self.expr(value, LAMBDA)

    def criteria(self, criteria) -> str:
        saved = self.fields
        self.fields = saved | names.criteria_fields(criteria)
        try:
            return f"lambda {RECORD_VAR}: {self.condition(criteria, LAMBDA)}"
        finally:
            self.fields = saved

    def fetch(self, e: n.Fetch) -> str:
        if e.form in self.variables and e.criteria is not None \
                and not self.is_boolean(e.criteria):
            # `items[i]` where `items` is a variable of the function: not a Creator form.
            # (`Deals = Deals[Stage == "Won"]` is still a fetch: its criteria is a condition.)
            raise self.owner.gen.error(
                DelugeError, f"Deluge has no indexing: use {e.form}.get(...) instead of "
                f"{e.form}[...]", e.pos)
        parts = [py_str(e.form)]
        if e.criteria is not None:
            parts.append(self.criteria(e.criteria))
        if e.sort_by:
            keys = ", ".join(f"({py_str(k.field)}, {k.descending})" for k in e.sort_by)
            parts.append(f"sort_by=[{keys}]")
        if e.range_from is not None:
            parts.append(f"range_from={self.expr(e.range_from, LAMBDA)}")
        if e.range_to is not None:
            parts.append(f"range_to={self.expr(e.range_to, LAMBDA)}")
        return f"{self.owner.need('creator')}.fetch({', '.join(parts)})"


def _may_be_null_or_bool(e) -> bool:
    """False for receivers that are statically a text, number, list, map, collection
    or record set; True for everything else (variables, calls, ``null``, ``true``)."""
    if is_literal(e):
        return isinstance(e, (n.Bool, n.Null))
    return not isinstance(e, (n.ListLit, n.MapLit, n.EmptyBraces, n.Constructor, n.Fetch))


def _may_be_bool(e) -> bool:
    """False for operands that are statically no boolean: number and text literals, null,
    arithmetic results, list/map literals, constructors, record sets."""
    if isinstance(e, n.Bool):
        return True
    if is_literal(e):
        return False
    if isinstance(e, n.BinOp):
        return e.op not in ARITH
    if isinstance(e, n.Conditional):
        return _may_be_bool(e.then) or _may_be_bool(e.otherwise)
    return not isinstance(e, (n.ListLit, n.MapLit, n.EmptyBraces, n.Constructor, n.Fetch))


def _type_text(t: n.TypeRef) -> str:
    return t.name.lower() + (f":{t.element.lower()}" if t.element else "")
