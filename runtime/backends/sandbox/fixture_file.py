"""Reading a fixtures file: JSON, checked against ``runtime/data/fixtures.schema.json``.

Whatever is wrong with the file (not JSON, not UTF-8, a list where a map belongs, an id
that is not one) is one ``FixtureError`` naming the file, the line and column, the path
of the value inside the document and what was expected; never a Python traceback.

The schema uses a small part of JSON Schema (``type``, ``properties``,
``patternProperties``, ``additionalProperties``, ``items``, ``required``, ``pattern``,
``minimum``, local ``$ref``); ``validate`` implements exactly that part, so the runtime
needs no schema library.
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
#: (os.path, not pathlib: ``import deluge2py.runtime`` stays lean)
SCHEMA_PATH = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.realpath(__file__)))), "data", "fixtures.schema.json")

_JSON_TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}


class FixtureError(ValueError):
    """A fixtures file the sandbox cannot load: ``file:line:col: error: detail``;
    ``message`` is ``file:line:col: detail`` (for a tool's own ``error:`` prefix)."""

    def __init__(self, file: str, line: int | None, column: int | None, detail: str):
        self.file, self.line, self.column, self.detail = file, line, column, detail
        where = file if line is None else f"{file}:{line}:{column}"
        self.message = f"{where}: {detail}"
        super().__init__(f"{where}: error: {detail}")


@lru_cache(maxsize=1)
def schema() -> dict:
    with open(SCHEMA_PATH, encoding="utf-8") as fh:
        return json.load(fh)


def read(path) -> tuple[dict, str]:
    """(document, its text) of a fixtures file, checked against the schema."""
    name = os.fspath(path)
    try:
        with open(name, "rb") as file:
            raw = file.read()
    except OSError as exc:
        raise FixtureError(name, None, None, f"cannot read the fixtures file: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        prefix = raw[:exc.start].decode("utf-8", "replace")
        line, column = _position(prefix, len(prefix))
        raise FixtureError(name, line, column, "the fixtures file is not UTF-8 text") from None
    try:
        document = json.loads(text, parse_constant=_no_constant)
    except _NotJson as exc:
        line, column = _position(text, max(text.find(exc.args[0]), 0))
        raise FixtureError(name, line, column, f"not valid JSON: {exc.args[0]} is not a "
                           "JSON number") from None
    except json.JSONDecodeError as exc:
        raise FixtureError(name, exc.lineno, exc.colno, f"not valid JSON: {exc.msg}") from None
    except RecursionError:
        raise FixtureError(name, None, None, "not valid JSON: nested too deeply") from None
    check(document, name, text)
    return document, text


class _NotJson(ValueError):
    pass


def _no_constant(name: str):
    """Python's json reads NaN and Infinity; JSON (and Zoho) has no such numbers."""
    raise _NotJson(name)


def check(document, name: str = "<fixtures>", text: str | None = None) -> None:
    """Raise ``FixtureError`` for the first place ``document`` breaks the schema, or
    for a record id given twice in one module (the second would silently replace the
    first)."""
    problem = validate(document, schema()) or _duplicate_id(document)
    if problem is not None:
        path, message = problem
        line, column = locate(text, path) if text is not None else (None, None)
        where = describe(path)
        raise FixtureError(name, line, column, f"{where}: {message}" if where else message)


def _duplicate_id(document):
    """``(path, message)`` of the first record id seen twice in one module, or None."""
    for module, records in document.items() if isinstance(document, dict) else ():
        if module.startswith("$") or not isinstance(records, list):
            continue
        seen = {}
        for index, record in enumerate(records):
            rid = record.get("id") if isinstance(record, dict) else None
            if rid is None:
                continue
            if str(rid) in seen:
                return ((module, index, "id"),
                        f"duplicate id {json.dumps(rid)} (also {module}[{seen[str(rid)]}])")
            seen[str(rid)] = index
    return None


def validate(value, rule: dict, path: tuple = ()):
    """The first ``(path, message)`` where ``value`` breaks ``rule``, or None."""
    root = schema()
    while "$ref" in rule:
        rule = _resolve(root, rule["$ref"])
    kinds = rule.get("type")
    if kinds is not None:
        kinds = [kinds] if isinstance(kinds, str) else kinds
        if not any(_is(value, kind) for kind in kinds):
            return path, f"expected {_names(kinds)}, found {kind_of(value)}"
    if isinstance(value, str) and "pattern" in rule and not re.search(rule["pattern"], value):
        return path, f"{json.dumps(value)} is not {rule.get('description', 'valid here').split(':')[0].lower()}"
    if _is(value, "number") and "minimum" in rule and value < rule["minimum"]:
        return path, f"{value} is below {rule['minimum']}"
    if isinstance(value, dict):
        for key in rule.get("required", ()):
            if key not in value:
                return path, f"missing \"{key}\""
        for key, item in value.items():
            sub = _property_rule(rule, key)
            if sub is False:
                return path + (key,), (f"\"{key}\" is not a module name, \"$users\", "
                                       "\"$variables\" or \"$lookups\"")
            if sub is not None:
                found = validate(item, sub, path + (key,))
                if found is not None:
                    return found
    if isinstance(value, list) and "items" in rule:
        for index, item in enumerate(value):
            found = validate(item, rule["items"], path + (index,))
            if found is not None:
                return found
    return None


def _property_rule(rule: dict, key: str):
    if key in rule.get("properties", {}):
        return rule["properties"][key]
    for pattern, sub in rule.get("patternProperties", {}).items():
        if re.search(pattern, key):
            return sub
    extra = rule.get("additionalProperties", True)
    return None if extra is True else extra


def _resolve(root: dict, ref: str) -> dict:
    node = root
    for part in ref.lstrip("#/").split("/"):
        node = node[part]
    return node


def _is(value, kind: str) -> bool:
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, _JSON_TYPES[kind])


def kind_of(value) -> str:
    """How a message names a JSON value's kind: ``a text``, ``a list``..."""
    for kind in ("null", "boolean", "integer", "number", "string", "array", "object"):
        if _is(value, kind):
            return {"null": "null", "boolean": "a boolean", "integer": "a number",
                    "number": "a number", "string": "a text", "array": "a list",
                    "object": "a map"}[kind]
    return type(value).__name__


def _names(kinds) -> str:
    words = {"object": "a map", "array": "a list", "string": "a text", "integer": "a whole number",
             "number": "a number", "boolean": "a boolean", "null": "null"}
    names = [words[k] for k in kinds]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def describe(path) -> str:
    """``("Deals", 0, "Owner")`` -> ``Deals[0].Owner``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# ---------------------------------------------------------------- positions
_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def locate(text: str, path) -> tuple[int, int]:
    """(line, column), both from 1, where the value at ``path`` starts in ``text`` (the
    nearest enclosing value when the path cannot be followed)."""
    index = _WS.match(text, 0).end()
    if text.startswith("\ufeff"):
        index = _WS.match(text, 1).end()
    for part in path:
        found = _child(text, index, part)
        if found is None:
            break
        index = found
    return _position(text, index)


def _child(text: str, index: int, wanted):
    """Where the member ``wanted`` (a key or an index) of the container at ``index`` starts."""
    try:
        opener = text[index]
        if opener not in "{[":
            return None
        index = _WS.match(text, index + 1).end()
        position = 0
        while text[index] not in "}]":
            if opener == "{":
                key, index = json.decoder.scanstring(text, index + 1)
                index = _WS.match(text, index).end() + 1  # the colon
                index = _WS.match(text, index).end()
                if key == wanted:
                    return index
            elif position == wanted:
                return index
            _, index = _DECODER.raw_decode(text, index)
            index = _WS.match(text, index).end()
            if text[index] == ",":
                index = _WS.match(text, index + 1).end()
            position += 1
    except (IndexError, ValueError):
        return None
    return None


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1
