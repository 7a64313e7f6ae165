"""Inventory line items: stored in the v8 shape under the module's subform, totalled.

A write gets CRM's arithmetic: each row's ``Total``, ``Total_After_Discount``, ``Tax``
and ``Net_Total`` and the record's ``Sub_Total``/``Grand_Total`` are computed from the
quantity, list price, discount and taxes (reference §1.2: "computed by CRM"). Fixtures
are different: they are what the org already holds, so every value a fixture gives is
kept as given, and only what it leaves out is computed (docs/semantics.md).
"""

from __future__ import annotations

from ..base import CrmError
from ..modules import LEGACY_LINE_ITEMS, LEGACY_TO_V8_ROW, STANDARD, ModuleInfo
from .common import _as_number, _field_details, _parse_id

# Legacy row keys Zoho's own examples write in lower case (the sales-order-to-purchase-
# order article writes "discount"): accepted on writes for the key of the same name.
_WRITE_ALIASES = {"discount": "Discount", "tax": "Tax"}


class LineItems:
    """Line-item rows of Quotes, Sales_Orders, Purchase_Orders and Invoices."""

    def _store_line_items(self, info: ModuleInfo, record: dict, data: dict, family: str,
                          index: int, required: bool, as_given: bool = False) -> None:
        """Keep line items in the v8 shape under the v8 subform name and total them;
        ``as_given`` (fixtures) keeps every value given and computes only the rest."""
        given = None
        for key in (info.line_items, LEGACY_LINE_ITEMS):
            if data.get(key) is not None:
                given, legacy = data[key], key == LEGACY_LINE_ITEMS
                break
        subform = LEGACY_LINE_ITEMS if family == "v2" else info.line_items
        if given is None:
            if required and not record.get(info.line_items):
                raise CrmError("MANDATORY_NOT_FOUND", "required field not found",
                               _field_details(subform, family, index))
            if as_given:
                record.pop(LEGACY_LINE_ITEMS, None)
            self._totals(record, as_given)
            return
        if not isinstance(given, list) or (required and not given):
            raise CrmError("MANDATORY_NOT_FOUND" if not given else "INVALID_DATA",
                           "required field not found" if not given else "invalid data",
                           _field_details(subform, family, index))
        old = {row.get("id"): row for row in record.get(info.line_items) or []}
        rows = []
        for raw in given:
            if not isinstance(raw, dict):
                raise CrmError("INVALID_DATA", "invalid data",
                               _field_details(subform, family, index))
            row = {LEGACY_TO_V8_ROW.get(k, k) if legacy else k: v for k, v in raw.items()}
            if not as_given:
                for alias, key in _WRITE_ALIASES.items():
                    if alias in row and key not in row:
                        row[key] = row.pop(alias)
            row_id = str(row["id"]) if row.get("id") else None
            merged = dict(old.get(row_id, {})) if row_id in old else {}
            merged.update(row)
            merged["id"] = row_id if row_id in old else (
                row_id if row_id and as_given else self._new_id())
            rows.append(self._line_item(merged, subform, family, index, as_given))
        record.pop(LEGACY_LINE_ITEMS, None)
        record[info.line_items] = rows
        self._totals(record, as_given)

    def _line_item(self, row: dict, subform: str, family: str, index: int,
                   as_given: bool) -> dict:
        bad = CrmError("INVALID_DATA", "invalid data", _field_details(subform, family, index))
        product = row.get("Product_Name")
        if product is None:
            raise CrmError("MANDATORY_NOT_FOUND", "required field not found",
                           _field_details(subform, family, index))
        raw = product.get("id") if isinstance(product, dict) else product
        try:
            product_id = _parse_id(raw)
        except CrmError:
            raise bad from None
        stored = self.store.get("Products", product_id)
        if stored is None and not as_given:
            raise bad
        stored = stored or {}
        if not (as_given and isinstance(product, dict)):
            row["Product_Name"] = {"name": stored.get("Product_Name"), "id": product_id}
            if stored.get("Product_Code") is not None:
                row["Product_Name"]["Product_Code"] = stored["Product_Code"]
        quantity = _as_number(_first(row, "Quantity", default=1))
        price = _as_number(_first(row, "List_Price", default=stored.get("Unit_Price") or 0))
        discount = _as_number(_first(row, "Discount", "discount", default=0) or 0)
        if quantity is None or price is None or discount is None:
            raise bad
        taxes = row.get("Line_Tax") or []
        percent = sum(float(_as_number(t.get("percentage")) or 0)
                      for t in taxes if isinstance(t, dict))
        total = float(quantity) * float(price)
        after = total - float(discount)
        tax = round(after * percent / 100, 2)
        computed = {"Quantity": float(quantity), "List_Price": float(price),
                    "Discount": float(discount), "Total": round(total, 2),
                    "Total_After_Discount": round(after, 2), "Tax": tax,
                    "Net_Total": round(after + tax, 2)}
        for key, value in computed.items():
            if not as_given or row.get(key) is None:
                row[key] = value
        return row

    def _totals(self, record: dict, as_given: bool = False) -> None:
        info = next((m for m in STANDARD.values() if m.line_items in record), None)
        if info is None:
            return
        sub_total = round(sum(float(_as_number(r.get("Net_Total")) or 0)
                              for r in record[info.line_items]), 2)
        discount = float(_as_number(record.get("Discount") or 0) or 0)
        tax = float(_as_number(record.get("Tax") or 0) or 0)
        adjustment = float(_as_number(record.get("Adjustment") or 0) or 0)
        if not as_given or record.get("Sub_Total") is None:
            record["Sub_Total"] = sub_total
        if not as_given or record.get("Grand_Total") is None:
            sub_total = float(_as_number(record["Sub_Total"]) or 0)
            record["Grand_Total"] = round(sub_total - discount + tax + adjustment, 2)


def _first(row: dict, *keys, default=None):
    """The first of ``keys`` the row holds a value for."""
    for key in keys:
        if row.get(key) is not None:
            return row[key]
    return default
