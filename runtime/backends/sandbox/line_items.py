"""Inventory line items: stored in the v8 shape under the module's subform, totalled."""

from __future__ import annotations

from ..base import CrmError
from ..modules import LEGACY_LINE_ITEMS, LEGACY_TO_V8_ROW, STANDARD, ModuleInfo
from .common import _as_number, _field_details, _parse_id


class LineItems:
    """Line-item rows of Quotes, Sales_Orders, Purchase_Orders and Invoices."""

    def _store_line_items(self, info: ModuleInfo, record: dict, data: dict, family: str,
                          index: int, required: bool) -> None:
        """Keep line items in the v8 shape under the v8 subform name and total them."""
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
            if record is data and LEGACY_LINE_ITEMS in record:  # fixtures
                record.pop(LEGACY_LINE_ITEMS)
            self._totals(record)
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
            row_id = str(row["id"]) if row.get("id") else None
            merged = dict(old.get(row_id, {})) if row_id in old else {}
            merged.update(row)
            merged["id"] = row_id if row_id in old else (
                row_id if row_id and record is data else self._new_id())
            rows.append(self._line_item(merged, subform, family, index))
        record.pop(LEGACY_LINE_ITEMS, None)
        record[info.line_items] = rows
        self._totals(record)

    def _line_item(self, row: dict, subform: str, family: str, index: int) -> dict:
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
        if stored is None:
            raise bad
        row["Product_Name"] = {"name": stored.get("Product_Name"), "id": product_id}
        if stored.get("Product_Code") is not None:
            row["Product_Name"]["Product_Code"] = stored["Product_Code"]
        quantity = _as_number(row.get("Quantity", 1))
        price = _as_number(row.get("List_Price", stored.get("Unit_Price") or 0))
        discount = _as_number(row.get("Discount") or 0)
        if quantity is None or price is None or discount is None:
            raise bad
        taxes = row.get("Line_Tax") or []
        percent = sum(float(_as_number(t.get("percentage")) or 0)
                      for t in taxes if isinstance(t, dict))
        total = float(quantity) * float(price)
        after = total - float(discount)
        tax = round(after * percent / 100, 2)
        row.update({"Quantity": float(quantity), "List_Price": float(price),
                    "Discount": float(discount), "Total": round(total, 2),
                    "Total_After_Discount": round(after, 2), "Tax": tax,
                    "Net_Total": round(after + tax, 2)})
        return row

    def _totals(self, record: dict) -> None:
        info = next((m for m in STANDARD.values() if m.line_items in record), None)
        if info is None:
            return
        sub_total = round(sum(r.get("Net_Total", 0) for r in record[info.line_items]), 2)
        discount = float(_as_number(record.get("Discount") or 0) or 0)
        tax = float(_as_number(record.get("Tax") or 0) or 0)
        adjustment = float(_as_number(record.get("Adjustment") or 0) or 0)
        record["Sub_Total"] = sub_total
        record["Grand_Total"] = round(sub_total - discount + tax + adjustment, 2)
