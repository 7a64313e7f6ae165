"""Loading fixtures into a sandbox: values kept as given, references checked.

The format (README "Fixtures"; ``runtime/data/fixtures.schema.json``): module API name ->
list of records shaped as Zoho's REST API answers them, ``$users`` (the first is the
acting user), ``$variables`` (org variables) and ``$lookups`` (custom lookup fields). A
file is checked against the schema first (``fixture_file``): a malformed one is one
``FixtureError`` with file, line and column. Lookups, user lookups and line-item
products that name nothing the fixtures hold are kept and answered as given, with a
warning in ``fixture_warnings``.
"""

from __future__ import annotations

import os

from ..base import CrmError
from ..modules import LEGACY_LINE_ITEMS, STANDARD, USER_LOOKUPS
from . import fixture_file
from .common import _as_number, _parse_id
from .fixture_file import FixtureError


class Fixtures:
    """``SandboxCRM.load`` and what it checks."""

    fixture_warnings: list[str]

    def load(self, fixtures) -> list[str]:
        """Add fixture records (a dict or a JSON file path) to the store; returns the
        warnings about references it cannot resolve (also kept in ``fixture_warnings``)."""
        text = None
        if isinstance(fixtures, (str, os.PathLike)):
            name = os.fspath(fixtures)
            fixtures, text = fixture_file.read(name)
        else:
            name = "<fixtures>"
            fixture_file.check(fixtures, name)
        with self._lock, self.store.transaction(write=True):
            warnings = self._load(dict(fixtures), name, text)
        self.fixture_warnings = getattr(self, "fixture_warnings", []) + warnings
        return warnings

    def _load(self, fixtures: dict, name: str, text: str | None) -> list[str]:
        users = fixtures.pop("$users", None)
        if users:
            self.store.set_meta("users", [
                {"name": u.get("name"), "id": str(u["id"]), "email": u.get("email")}
                for u in users])
        for variable, value in (fixtures.pop("$variables", None) or {}).items():
            self.store.set_variable(variable, value)
        declared = fixtures.pop("$lookups", None) or {}
        loaded = []
        # Modules without line items first: line items refer to Products.
        for module, records in sorted(fixtures.items(), key=lambda item: item[0] in _INVENTORY):
            info = self._module_or_none(module) or self.add_module(module)
            for position, given in enumerate(records):
                record = dict(given)
                record["id"] = str(record["id"]) if record.get("id") else self._new_id()
                for key in USER_LOOKUPS:
                    if record.get(key) is not None:
                        record[key] = self._given_user(record[key])
                self._fill_system_fields(record, info, created=True, keep=True)
                if info.line_items:
                    try:
                        self._store_line_items(info, record, record, "v2", 0, required=False,
                                               as_given=True)
                    except CrmError as err:
                        path, message = _line_item_fault(given, info, (module, position))
                        raise FixtureError(name, *_where(text, path),
                                           f"{fixture_file.describe(path)}: "
                                           f"{message or 'line items: ' + err.map['message']}"
                                           ) from None
                self.store.put(info.api_name, record)
                loaded.append((module, position, info, given, record))
        warnings = self._declare_lookups(declared, name, text)
        self._learn_fixture_lookups(loaded)
        for module, position, info, given, record in loaded:
            for path, message in self._unresolved(module, position, info, given, record):
                warnings.append(_warning(name, text, path, message))
        return warnings

    def _declare_lookups(self, declared: dict, name: str, text: str | None) -> list[str]:
        """``$lookups``: each module's custom lookup fields and the module each points at
        (kept in the store, ahead of what records teach); warnings for a target module
        nothing knows (a typo?)."""
        if not declared:
            return []
        known = self.store.get_meta("declared_lookups") or {}
        for module, fields in declared.items():
            info = self._module_or_none(module) or self.add_module(module)
            for field, target in fields.items():
                path = ("$lookups", module, field)
                fault = None
                if field in USER_LOOKUPS:
                    fault = f"{field} is a user lookup (to $users), not a record lookup"
                elif field in (LEGACY_LINE_ITEMS, info.line_items) or field == "id":
                    fault = f"{field} cannot be a lookup"
                elif info.lookups.get(field, target) != target:
                    fault = f"{info.api_name}.{field} is a lookup to {info.lookups[field]}"
                if fault is not None:
                    raise FixtureError(name, *_where(text, path),
                                       f"{fixture_file.describe(path)}: {fault}")
                if field not in info.lookups:
                    known.setdefault(info.api_name, {})[field] = target
        self.store.set_meta("declared_lookups", known)
        warnings = []
        for module, fields in declared.items():
            for field, target in fields.items():
                if self._module_or_none(target) is None:
                    warnings.append(_warning(name, text, ("$lookups", module, field),
                                             f"no module {target} in the fixtures or the sandbox"))
        return warnings

    def _given_user(self, value) -> dict:
        """A user lookup as Zoho answers it, filled from ``$users`` where the id is known."""
        given = dict(value) if isinstance(value, dict) else {"id": value}
        wanted = str(given.get("id"))
        known = next((u for u in self.users if str(u.get("id")) == wanted), {})
        return {"name": given.get("name", known.get("name")), "id": wanted,
                "email": given.get("email", known.get("email"))}

    def _learn_fixture_lookups(self, loaded) -> None:
        """A field a fixture record gives as a ``{"name", "id"}`` map is a lookup of its
        module (a later write may set it from a bare id); it points at the module of the
        record it names (any module, when the fixtures do not hold that record)."""
        found: dict = {}
        for _module, _position, info, given, _record in loaded:
            for key, value in given.items():
                if (key in USER_LOOKUPS or key in (LEGACY_LINE_ITEMS, info.line_items)
                        or not (isinstance(value, dict) and value.get("id") not in (None, ""))):
                    continue
                target = self.store.find(str(value["id"]))
                fields = found.setdefault(info.api_name, (info, {}))[1]
                module = target[0] if target else None
                fields[key] = module if fields.get(key, module) == module else None
        for info, fields in found.values():
            self._learn_lookups(info, fields)

    def _unresolved(self, module, position, info, given, record):
        """(path, message) of each reference of a fixture record that names nothing."""
        user_ids = {str(u.get("id")) for u in self.users}
        lookups = self._lookups(info)
        for key in USER_LOOKUPS:
            if key in given and given[key] is not None and record[key]["id"] not in user_ids:
                yield ((module, position, key),
                       f"user {record[key]['id']} is not in $users; answered as given")
        for key, value in given.items():
            if key in USER_LOOKUPS or key in (LEGACY_LINE_ITEMS, info.line_items):
                continue
            if not (key in lookups or (isinstance(value, dict) and "id" in value)):
                continue
            target_id = value.get("id") if isinstance(value, dict) else value
            if target_id in (None, ""):
                continue
            target = lookups.get(key)
            found = (self.store.get(target, str(target_id)) if target
                     else self.store.find(str(target_id)))
            if found is None:
                yield ((module, position, key),
                       f"{target or 'record'} {target_id} is not in the fixtures; "
                       "answered as given")
        for subform in (LEGACY_LINE_ITEMS, info.line_items):
            for row_index, row in enumerate(given.get(subform) or ()):
                product = row.get("product", row.get("Product_Name")) if isinstance(row, dict) else None
                product_id = product.get("id") if isinstance(product, dict) else product
                if product_id is not None and self.store.get("Products", str(product_id)) is None:
                    yield ((module, position, subform, row_index),
                           f"product {product_id} is not in the fixtures' Products; "
                           "answered as given")


def _where(text, path) -> tuple[int | None, int | None]:
    return fixture_file.locate(text, path) if text is not None else (None, None)


def _warning(name, text, path, message) -> str:
    """``fixtures.json:14:16: warning: Deals[0].Owner: message`` (no position for a dict)."""
    line, column = _where(text, path)
    where = name if line is None else f"{name}:{line}:{column}"
    return f"{where}: warning: {fixture_file.describe(path)}: {message}"


# The row fields a line item needs to hold a number (legacy and v8 names).
_NUMBERS = ("quantity", "Quantity", "list_price", "List_Price", "Discount", "discount")


def _line_item_fault(given: dict, info, path: tuple) -> tuple[tuple, str | None]:
    """Where in a fixture record its line items are wrong, and what is wrong (the
    record's path and None when no row field explains the refusal)."""
    for subform in (LEGACY_LINE_ITEMS, info.line_items):
        rows = given.get(subform)
        if rows is None:
            continue
        if not isinstance(rows, list):
            return path + (subform,), f"expected a list of rows, found {fixture_file.kind_of(rows)}"
        for index, row in enumerate(rows):
            where = path + (subform, index)
            if not isinstance(row, dict):
                return where, f"expected a map (one row), found {fixture_file.kind_of(row)}"
            product = row.get("product", row.get("Product_Name"))
            if product is None:
                return where, "a row needs a product (\"product\" or \"Product_Name\")"
            product_id = product.get("id") if isinstance(product, dict) else product
            try:
                _parse_id(product_id)
            except CrmError:
                key = "product" if "product" in row else "Product_Name"
                return where + (key,), (f"expected a record id (digits), found "
                                        f"{fixture_file.kind_of(product_id)}")
            for key in _NUMBERS:
                if row.get(key) is not None and _as_number(row[key]) is None:
                    return where + (key,), (f"expected a number, found "
                                            f"{fixture_file.kind_of(row[key])}")
    return path, None


_INVENTORY = {m.api_name for m in STANDARD.values() if m.line_items}
