"""The criteria language of ``searchRecords`` (reference §1.3, searchRecords).

    criteria  := group (("and" | "or") group)*      ("and" binds tighter than "or")
    group     := "(" (condition | criteria) ")"
    condition := Field_API_Name ":" operator ":" value

A value runs to the first unescaped ``)``; ``\\,``, ``\\(``, ``\\)`` and ``\\\\`` escape.
``in`` takes comma-separated values, ``between`` exactly two. At most 10 conditions.

``compile_criteria(text, type_of, equals_contains)`` parses, checks every operator
against the field's type and returns a predicate over record dicts. Problems raise
``CriteriaError``; ``error_map()`` gives Zoho's ``INVALID_QUERY`` map.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Callable

MAX_CONDITIONS = 10
MAX_IN_VALUES = 100

_TEXT = {"equals", "not_equal", "starts_with", "in"}
_ORDERED = {"equals", "not_equal", "greater_than", "greater_equal", "less_than",
            "less_equal", "between", "in"}
OPERATORS_BY_TYPE = {
    "text": _TEXT, "textarea": _TEXT, "email": _TEXT, "phone": _TEXT, "website": _TEXT,
    "picklist": {"equals", "not_equal", "in"},
    "multiselect": {"equals", "not_equal", "in"},
    "date": _ORDERED, "datetime": _ORDERED, "integer": _ORDERED, "bigint": _ORDERED,
    "double": _ORDERED, "currency": _ORDERED,
    "boolean": {"equals", "not_equal"},
    "lookup": {"equals", "not_equal", "in"}, "userlookup": {"equals", "not_equal", "in"},
}
ALL_OPERATORS = set().union(*OPERATORS_BY_TYPE.values())
_NUMERIC = {"integer", "bigint", "double", "currency"}


_JOIN_RE = re.compile(r"(and|or)\b", re.I)
_CONDITION_RE = re.compile(r"\s*([A-Za-z0-9_$.]+)\s*:\s*([A-Za-z_]+)\s*:")


class CriteriaError(Exception):
    def __init__(self, reason: str, **details):
        super().__init__(reason)
        self.reason = reason
        self.details = details

    def error_map(self) -> dict:
        return {"code": "INVALID_QUERY", "details": {"reason": self.reason, **self.details},
                "message": "invalid query formed", "status": "error"}


@dataclass(frozen=True)
class Condition:
    field: str
    operator: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class BoolOp:
    op: str  # "and" | "or"
    items: tuple


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.pos = 0
        self.conditions = 0

    def fail(self, reason: str):
        raise CriteriaError(reason, position=self.pos + 1)

    def skip_spaces(self):
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def parse(self):
        self.skip_spaces()
        if self.pos >= len(self.text):
            self.fail("the criteria is empty")
        node = self.criteria()
        self.skip_spaces()
        if self.pos < len(self.text):
            self.fail(f"unexpected text {self.text[self.pos:self.pos + 10]!r}")
        return node

    def criteria(self):
        terms = [[self.group()]]  # a list of and-groups joined by or
        while True:
            self.skip_spaces()
            match = _JOIN_RE.match(self.text, self.pos)
            if not match:
                break
            self.pos = match.end()
            if match.group(1).lower() == "and":
                terms[-1].append(self.group())
            else:
                terms.append([self.group()])
        ands = [t[0] if len(t) == 1 else BoolOp("and", tuple(t)) for t in terms]
        return ands[0] if len(ands) == 1 else BoolOp("or", tuple(ands))

    def group(self):
        self.skip_spaces()
        if self.pos >= len(self.text) or self.text[self.pos] != "(":
            self.fail("expected '(' to open a condition")
        self.pos += 1
        self.skip_spaces()
        if self.pos < len(self.text) and self.text[self.pos] == "(":
            node = self.criteria()
            self.skip_spaces()
        else:
            node = self.condition()
        if self.pos >= len(self.text) or self.text[self.pos] != ")":
            self.fail("expected ')' to close a condition")
        self.pos += 1
        return node

    def condition(self) -> Condition:
        match = _CONDITION_RE.match(self.text, self.pos)
        if not match:
            self.fail("expected a condition (Field_API_Name:operator:value)")
        field, operator = match.group(1), match.group(2).lower()
        if operator not in ALL_OPERATORS:
            raise CriteriaError("invalid operator found", api_name=field, operator=operator)
        self.pos = match.end()
        raw = []
        while self.pos < len(self.text) and self.text[self.pos] != ")":
            char = self.text[self.pos]
            if char == "\\" and self.pos + 1 < len(self.text):
                raw.append(self.text[self.pos:self.pos + 2])
                self.pos += 2
                continue
            if char == "(":
                self.fail("an unescaped '(' inside a value (write \\()")
            raw.append(char)
            self.pos += 1
        self.conditions += 1
        if self.conditions > MAX_CONDITIONS:
            self.fail(f"more than {MAX_CONDITIONS} conditions in one criteria")
        return Condition(field, operator, _split_values("".join(raw).strip(), operator,
                                                        field))


def _split_values(raw: str, operator: str, field: str) -> tuple[str, ...]:
    if operator in ("in", "between"):
        parts = [_unescape(p).strip() for p in re.split(r"(?<!\\),", raw)]
    else:
        parts = [_unescape(raw)]
    if operator == "between" and len(parts) != 2:
        raise CriteriaError("between needs two comma-separated values", api_name=field)
    if operator == "in" and len(parts) > MAX_IN_VALUES:
        raise CriteriaError(f"more than {MAX_IN_VALUES} values for in", api_name=field)
    return tuple(parts)


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def parse(text: str):
    """The criteria's tree of ``Condition`` and ``BoolOp`` nodes."""
    if not isinstance(text, str):
        raise CriteriaError("the criteria must be text")
    return _Parser(text).parse()


# ---- matching -------------------------------------------------------------------

def _number(text: str, field: str):
    try:
        return Decimal(str(text).strip())
    except InvalidOperation:
        raise CriteriaError("invalid value for a number field", api_name=field,
                            value=text) from None


def _date(text: str, field: str):
    try:
        return _dt.date.fromisoformat(str(text).strip()[:10])
    except ValueError:
        raise CriteriaError("invalid date; expected yyyy-MM-dd", api_name=field,
                            value=text) from None


def _datetime(text: str, field: str):
    try:
        value = _dt.datetime.fromisoformat(str(text).strip())
    except ValueError:
        value = None
    if value is None or value.tzinfo is None:
        raise CriteriaError("invalid date-time; expected yyyy-MM-ddTHH:mm:ss+hh:mm",
                            api_name=field, value=text)
    return value


def _boolean(text: str, field: str):
    lowered = str(text).strip().lower()
    if lowered not in ("true", "false"):
        raise CriteriaError("invalid value for a boolean field", api_name=field,
                            value=text)
    return lowered == "true"


_CONVERT = {"date": _date, "datetime": _datetime, "boolean": _boolean}
for _kind in _NUMERIC:
    _CONVERT[_kind] = _number


def _comparable(kind: str, value, field: str):
    """A record value converted like the criteria value, or None when it cannot be."""
    if value is None:
        return None
    try:
        if kind in _NUMERIC:
            if isinstance(value, bool):
                return None
            return Decimal(str(value))
        return _CONVERT[kind](value, field)
    except (CriteriaError, InvalidOperation):
        return None


def _condition_predicate(cond: Condition, kind: str, equals_contains: bool):
    field, op = cond.field, cond.operator
    if kind in _CONVERT:
        wanted = [_CONVERT[kind](v, field) for v in cond.values]

        def test(record):
            value = _comparable(kind, record.get(field), field)
            if value is None:
                return False
            return _ordered(op, value, wanted)
        return test

    wanted = [v.lower() for v in cond.values]

    def texts(value):
        if isinstance(value, dict):  # a lookup: its id or its name
            return [str(value.get("id", "")).lower(), str(value.get("name", "")).lower()]
        if isinstance(value, (list, tuple)):
            return [str(v).lower() for v in value]
        return [str(value).lower()]

    def equal(candidates, target):
        if equals_contains and kind in ("text", "textarea", "email", "phone", "website"):
            return any(target in c for c in candidates)
        return target in candidates

    def test(record):
        value = record.get(field)
        if value is None or value == [] or value == "":
            return False
        candidates = texts(value)
        if op == "equals":
            return equal(candidates, wanted[0])
        if op == "not_equal":
            return not equal(candidates, wanted[0])
        if op == "starts_with":
            return any(c.startswith(wanted[0]) for c in candidates)
        return any(equal(candidates, w) for w in wanted)  # in
    return test


def _ordered(op: str, value, wanted: list) -> bool:
    first = wanted[0]
    if op == "equals":
        return value == first
    if op == "not_equal":
        return value != first
    if op == "greater_than":
        return value > first
    if op == "greater_equal":
        return value >= first
    if op == "less_than":
        return value < first
    if op == "less_equal":
        return value <= first
    if op == "between":
        return first <= value <= wanted[1]
    return value in wanted  # in


def compile_criteria(text: str, type_of: Callable[[str], str | None],
                     equals_contains: bool = False) -> Callable[[dict], bool]:
    """A predicate over records for ``text``. ``type_of(field)`` gives a field's type
    (a key of ``OPERATORS_BY_TYPE``) or None for a field the module does not have.
    ``equals_contains``: REST v7+ matches ``equals`` on text as "contains"."""

    def build(node):
        if isinstance(node, Condition):
            kind = type_of(node.field)
            if kind is None:
                raise CriteriaError("the field given seems to be invalid",
                                    api_name=node.field)
            if node.operator not in OPERATORS_BY_TYPE.get(kind, _TEXT):
                raise CriteriaError("invalid operator found", api_name=node.field,
                                    operator=node.operator)
            return _condition_predicate(node, kind, equals_contains)
        parts = [build(item) for item in node.items]
        if node.op == "and":
            return lambda record: all(p(record) for p in parts)
        return lambda record: any(p(record) for p in parts)

    return build(parse(text))


DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)$")


def infer_type(value) -> str | None:
    """The field type a stored value suggests (None for null)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "double"
    if isinstance(value, dict):
        return "lookup"
    if isinstance(value, (list, tuple)):
        return "multiselect"
    text = str(value)
    if DATE_RE.match(text):
        return "date"
    if DATETIME_RE.match(text):
        return "datetime"
    return "text"
