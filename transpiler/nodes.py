"""The Deluge abstract syntax tree.

Every node is a frozen dataclass whose first field is its source position.
Names of built-ins, keywords and task keys are stored as written; code
generation canonicalises them (Deluge is case-insensitive there).  User
identifiers are stored verbatim.

Comments are attached to statements: ``leading`` holds the comments on the
lines before a statement, ``trailing`` the comment that ends its last line.
Comments after the last statement of a block live in ``Block.dangling``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from typing import Optional, Union


@dataclass(frozen=True, slots=True)
class Pos:
    """1-based line and column of the first character, and of the character after the last."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True, slots=True)
class Comment:
    pos: Pos
    text: str  # the comment as written, including its // or /* */ markers


# --------------------------------------------------------------------------
# Expressions


@dataclass(frozen=True, slots=True)
class Name:
    """A variable, or a bare word such as ``GET`` or ``HTML`` inside a task block."""

    pos: Pos
    name: str


@dataclass(frozen=True, slots=True)
class String:
    """A text literal.  ``value`` is the decoded text; ``single_quoted`` marks '...' literals,
    which Deluge reads as a date-time when the text is one, and as text otherwise."""

    pos: Pos
    value: str
    single_quoted: bool = False


@dataclass(frozen=True, slots=True)
class Number:
    """A numeric literal.  ``text`` is as written (``.5``, ``10``, ``2.50``)."""

    pos: Pos
    text: str
    is_decimal: bool


@dataclass(frozen=True, slots=True)
class Bool:
    pos: Pos
    value: bool


@dataclass(frozen=True, slots=True)
class Null:
    pos: Pos


@dataclass(frozen=True, slots=True)
class ListLit:
    """``{a, b}`` or ``[a, b]``."""

    pos: Pos
    items: tuple["Expr", ...]


@dataclass(frozen=True, slots=True)
class Pair:
    """``key : value`` inside a map literal or a ``Collection(...)`` argument list."""

    pos: Pos
    key: "Expr"
    value: "Expr"


@dataclass(frozen=True, slots=True)
class MapLit:
    """``{"k": v, ...}`` with at least one pair."""

    pos: Pos
    items: tuple[Pair, ...]


@dataclass(frozen=True, slots=True)
class EmptyBraces:
    """``{}``: a list or a map, decided by how the program uses it."""

    pos: Pos


@dataclass(frozen=True, slots=True)
class Constructor:
    """``Map()``, ``List()``, ``List:String()``, ``Collection(...)``, ``Map:String()``."""

    pos: Pos
    type_name: str  # as written: "Map", "list", "Collection", ...
    element_type: Optional[str]
    args: tuple["Expr", ...]  # may contain Pair for Collection("k": v)


@dataclass(frozen=True, slots=True)
class Attribute:
    """``obj.name`` without a call: ``input.x``, ``zoho.currentdate``, ``rec.Field``."""

    pos: Pos
    obj: "Expr"
    name: str


@dataclass(frozen=True, slots=True)
class Call:
    """``name(args)``: a built-in function, or a function of the same script."""

    pos: Pos
    name: str
    args: tuple["Expr", ...]


@dataclass(frozen=True, slots=True)
class MethodCall:
    """``receiver.method(args)``.  ``zoho.crm.getRecordById(...)`` is a MethodCall whose
    receiver is ``Attribute(Name("zoho"), "crm")``; ``standalone.f(x)`` has receiver
    ``Name("standalone")``."""

    pos: Pos
    receiver: "Expr"
    method: str
    args: tuple["Expr", ...]


@dataclass(frozen=True, slots=True)
class BinOp:
    """Binary operator.  ``op`` is one of ``+ - * / % == != < <= > >= && ||`` or ``=``
    (a single ``=`` used as a comparison inside a condition; the parser warns)."""

    pos: Pos
    op: str
    left: "Expr"
    right: "Expr"


@dataclass(frozen=True, slots=True)
class UnaryOp:
    """``!x``, ``-x`` or ``+x``."""

    pos: Pos
    op: str
    operand: "Expr"


@dataclass(frozen=True, slots=True)
class IsNull:
    """``x is null`` / ``x is not null``."""

    pos: Pos
    operand: "Expr"
    negated: bool


@dataclass(frozen=True, slots=True)
class In:
    """``x in container`` / ``x not in container``."""

    pos: Pos
    item: "Expr"
    container: "Expr"
    negated: bool


@dataclass(frozen=True, slots=True)
class Conditional:
    """The expression ``if(cond, then, otherwise)``."""

    pos: Pos
    cond: "Expr"
    then: "Expr"
    otherwise: "Expr"


@dataclass(frozen=True, slots=True)
class TaskParam:
    """One ``key: value[, value...]`` line of a task block.  ``key`` is normalised to
    lower case with single spaces (``"response-format"``, ``"reply to"``,
    ``"content type"``); ``key_text`` is as written."""

    pos: Pos
    key: str
    key_text: str
    values: tuple["Expr", ...]


@dataclass(frozen=True, slots=True)
class Task:
    """``invokeurl [...]``, ``invokeapi [...]`` or ``sendmail [...]``; ``kind`` is lower case."""

    pos: Pos
    kind: str
    params: tuple[TaskParam, ...]


@dataclass(frozen=True, slots=True)
class SortKey:
    pos: Pos
    field: str
    descending: bool


@dataclass(frozen=True, slots=True)
class Fetch:
    """Creator ``Form[criteria] sort by F desc range from a to b``."""

    pos: Pos
    form: str
    criteria: Optional["Expr"]
    sort_by: tuple[SortKey, ...] = ()
    range_from: Optional["Expr"] = None
    range_to: Optional["Expr"] = None


@dataclass(frozen=True, slots=True)
class FieldAssign:
    pos: Pos
    field: str
    value: "Expr"


@dataclass(frozen=True, slots=True)
class InsertInto:
    """Creator ``insert into Form [ Field = value ... ]`` (an expression: it yields the new ID)."""

    pos: Pos
    form: str
    fields: tuple[FieldAssign, ...]


Expr = Union[
    Name, String, Number, Bool, Null, ListLit, MapLit, EmptyBraces, Pair, Constructor,
    Attribute, Call, MethodCall, BinOp, UnaryOp, IsNull, In, Conditional, Task, Fetch,
    InsertInto,
]


# --------------------------------------------------------------------------
# Statements

_leading = lambda: field(default=(), kw_only=True)  # noqa: E731
_trailing = lambda: field(default=None, kw_only=True)  # noqa: E731


@dataclass(frozen=True, slots=True)
class Block:
    pos: Pos
    body: tuple["Stmt", ...]
    dangling: tuple[Comment, ...] = ()


@dataclass(frozen=True, slots=True)
class Assign:
    """``target op value;`` where target is a Name or an Attribute (``input.x``,
    ``rec.Field``) and op is ``=``, ``+=``, ``-=``, ``*=``, ``/=`` or ``%=``."""

    pos: Pos
    target: Union[Name, Attribute]
    op: str
    value: Expr
    leading: tuple[Comment, ...] = _leading()
    trailing: Optional[Comment] = _trailing()


@dataclass(frozen=True, slots=True)
class ExprStmt:
    """A call (or a task block, or ``insert into``) used as a statement."""

    pos: Pos
    expr: Expr
    leading: tuple[Comment, ...] = _leading()
    trailing: Optional[Comment] = _trailing()


@dataclass(frozen=True, slots=True)
class IfBranch:
    pos: Pos
    cond: Expr
    body: Block


@dataclass(frozen=True, slots=True)
class If:
    """``if / else if ... / else``: ``branches[0]`` is the ``if``."""

    pos: Pos
    branches: tuple[IfBranch, ...]
    orelse: Optional[Block]
    leading: tuple[Comment, ...] = _leading()
    trailing: Optional[Comment] = _trailing()


@dataclass(frozen=True, slots=True)
class ForEach:
    """``for each var in iterable`` or, with ``index=True``, ``for each index var in iterable``."""

    pos: Pos
    var: str
    iterable: Expr
    body: Block
    index: bool = False
    leading: tuple[Comment, ...] = _leading()
    trailing: Optional[Comment] = _trailing()


@dataclass(frozen=True, slots=True)
class Break:
    pos: Pos
    leading: tuple[Comment, ...] = _leading()
    trailing: Optional[Comment] = _trailing()


@dataclass(frozen=True, slots=True)
class Continue:
    pos: Pos
    leading: tuple[Comment, ...] = _leading()
    trailing: Optional[Comment] = _trailing()


@dataclass(frozen=True, slots=True)
class Return:
    pos: Pos
    value: Optional[Expr]
    leading: tuple[Comment, ...] = _leading()
    trailing: Optional[Comment] = _trailing()


@dataclass(frozen=True, slots=True)
class Info:
    pos: Pos
    value: Expr
    leading: tuple[Comment, ...] = _leading()
    trailing: Optional[Comment] = _trailing()


@dataclass(frozen=True, slots=True)
class Throw:
    """``throw expr;``"""

    pos: Pos
    value: Expr
    leading: tuple[Comment, ...] = _leading()
    trailing: Optional[Comment] = _trailing()


@dataclass(frozen=True, slots=True)
class TryCatch:
    pos: Pos
    body: Block
    var: str
    handler: Block
    leading: tuple[Comment, ...] = _leading()
    trailing: Optional[Comment] = _trailing()


@dataclass(frozen=True, slots=True)
class DeleteFrom:
    """Creator ``delete from Form[criteria];``"""

    pos: Pos
    form: str
    criteria: Optional[Expr]
    leading: tuple[Comment, ...] = _leading()
    trailing: Optional[Comment] = _trailing()


@dataclass(frozen=True, slots=True)
class CreatorAction:
    """Creator form statements: ``alert e;``, ``cancel submit;``, ``cancel delete;``,
    ``success message e;``, ``hide f;``, ``show f;``, ``enable f;``, ``disable f;``,
    ``clear f;``.  ``action`` is lower case with single spaces."""

    pos: Pos
    action: str
    args: tuple[Expr, ...]
    leading: tuple[Comment, ...] = _leading()
    trailing: Optional[Comment] = _trailing()


Stmt = Union[
    Assign, ExprStmt, If, ForEach, Break, Continue, Return, Info, Throw, TryCatch,
    DeleteFrom, CreatorAction,
]


# --------------------------------------------------------------------------
# Top level


@dataclass(frozen=True, slots=True)
class TypeRef:
    """A type in a function header: ``string``, ``Int``, ``List:String``, ``map``."""

    pos: Pos
    name: str
    element: Optional[str] = None


@dataclass(frozen=True, slots=True)
class Param:
    pos: Pos
    type: TypeRef
    name: str


@dataclass(frozen=True, slots=True)
class FunctionDef:
    """``void automation.update_deal(Int dealId) { ... }``.  ``qualified_name`` holds the
    dotted parts as written (``("automation", "update_deal")``; Creator functions may
    have just one part)."""

    pos: Pos
    return_type: Optional[TypeRef]
    qualified_name: tuple[str, ...]
    params: tuple[Param, ...]
    body: Block
    leading: tuple[Comment, ...] = _leading()


@dataclass(frozen=True, slots=True)
class Module:
    """A whole source file: either function definitions or a bare script (``script``)."""

    pos: Pos
    functions: tuple[FunctionDef, ...]
    script: Optional[Block]
    leading: tuple[Comment, ...] = ()  # comments before the first function / statement


# --------------------------------------------------------------------------
# Walking the tree

#: Fields that hold positions and comments, not child nodes.
_NOT_CHILDREN = frozenset({"pos", "leading", "trailing", "dangling"})


def children(node):
    """The child nodes of ``node`` (statements, blocks, expressions), in field order."""
    if not is_dataclass(node):
        return
    for f in fields(node):
        if f.name in _NOT_CHILDREN:
            continue
        value = getattr(node, f.name)
        if isinstance(value, tuple):
            for item in value:
                if is_dataclass(item):
                    yield item
        elif is_dataclass(value):
            yield value


def walk(node):
    """``node`` and every node below it, depth first in field order."""
    yield node
    for child in children(node):
        yield from walk(child)
