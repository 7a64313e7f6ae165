"""Starter fixtures that follow the script: ``deluge2py run FILE --make-fixtures OUT``.

A function pasted from Zoho's editor reads records the user has not written fixtures
for yet. ``StarterCRM`` wraps an empty sandbox: when the function reads a record that
is not there (``getRecordById`` of an id, a module with no records for ``getRecords``,
``searchRecords`` or a related list, an org variable), it first adds one plausible record
for it (its mandatory fields, a name, typed sample values, lookups to records it also
makes, one line item on inventory records) and then answers as the sandbox does. After
the run, ``fixtures()`` is the document of everything it made: the starting data, not
what the function wrote, ready for the user to edit.
"""

from __future__ import annotations

import json
import os

from deluge2py.runtime.backends.modules import LEGACY_LINE_ITEMS, STANDARD, ModuleInfo
from deluge2py.runtime.backends.sandbox import DEFAULT_USER, SandboxCRM

from .files import write_atomic

SAMPLE_VALUES = {
    "email": "sample@example.com", "phone": "+1 555 0100", "website": "https://example.com",
    "currency": 100.0, "double": 1.0, "integer": 1, "bigint": 1, "boolean": False,
    "date": "2025-01-15", "datetime": "2025-01-15T10:00:00+00:00", "text": "Sample",
}
# Totals CRM computes on inventory records: left for the sandbox to compute.
COMPUTED = {"Sub_Total", "Grand_Total", "Tax", "Adjustment", "Discount"}
PICKLISTS = {"Stage": "Qualification", "Call_Type": "Outbound", "Status": "Not Started",
             "Lead_Status": "Not Contacted", "Lead_Source": "Web Site", "Industry": "Retail"}


class StarterCRM:
    """A ``CrmBackend``: an empty sandbox that makes up what the function reads."""

    def __init__(self):
        self.sandbox = SandboxCRM()
        self.made: dict[str, list[dict]] = {}
        self.variables: dict[str, str] = {}

    def __getattr__(self, name):  # every other task: the sandbox's
        return getattr(self.sandbox, name)

    # reads that make up what is missing ---------------------------------------
    def get_record(self, module, record_id, options=None, *, family="v2"):
        self._ensure_id(module, record_id)
        return self.sandbox.get_record(module, record_id, options, family=family)

    def get_records(self, module, page=None, per_page=None, options=None, *, family="v2"):
        self._ensure_any(module)
        return self.sandbox.get_records(module, page, per_page, options, family=family)

    def get_records_page(self, module, page=None, per_page=None, options=None, *,
                         family="v2"):
        self._ensure_any(module)
        return self.sandbox.get_records_page(module, page, per_page, options, family=family)

    def search_records(self, module, criteria, page=None, per_page=None, options=None, *,
                       family="v2"):
        self._ensure_any(module)
        return self.sandbox.search_records(module, criteria, page, per_page, options,
                                           family=family)

    def get_related_records(self, relation, parent_module, parent_id, page=None,
                            per_page=None, options=None, *, family="v2"):
        parent = self._ensure_id(parent_module, parent_id)
        info = self._info(relation)
        if parent is not None and info is not None and not self.sandbox.records(info.api_name):
            link = next((field for field, target in info.lookups.items()
                         if target == parent["module"]), None)
            extra = {link: {"name": parent["name"], "id": parent["id"]}} if link else {}
            self._make(info, extra=extra)
        return self.sandbox.get_related_records(relation, parent_module, parent_id, page,
                                                per_page, options, family=family)

    def get_org_variable(self, name):
        value = self.sandbox.get_org_variable(name)
        if value is None and isinstance(name, str) and name:
            value = self.variables[name] = "sample"
            self.sandbox.set_org_variable(name, value)
        return value

    def bind_clock(self, clock) -> None:
        self.sandbox.bind_clock(clock)

    # the document --------------------------------------------------------------
    def fixtures(self) -> dict:
        document = {"$users": [dict(DEFAULT_USER)]}
        if self.variables:
            document["$variables"] = dict(self.variables)
        document.update(self.made)
        return document

    def write(self, path) -> None:
        write_atomic(os.fspath(path), json.dumps(self.fixtures(), indent=2) + "\n")

    # making records ----------------------------------------------------------------
    def _info(self, module) -> ModuleInfo | None:
        if not isinstance(module, str) or not module.strip():
            return None
        return self.sandbox._module_or_none(module) or ModuleInfo(module)

    def _ensure_id(self, module, record_id):
        info = self._info(module)
        text = str(record_id).strip() if record_id is not None else ""
        if info is None or not text.isdigit() or len(text) > 19:
            return None  # the sandbox answers the bad argument as Zoho would
        for record in self.made.get(info.api_name, ()):
            if record["id"] == text:
                return {"module": info.api_name, "id": text, "name": _name_of(info, record)}
        if self.sandbox.store.get(info.api_name, text) is not None:
            return None  # the function created it
        record = self._make(info, record_id=text)
        return {"module": info.api_name, "id": text, "name": _name_of(info, record)}

    def _ensure_any(self, module):
        info = self._info(module)
        if info is not None and not self.sandbox.records(info.api_name):
            self._make(info)

    def _make(self, info: ModuleInfo, record_id: str | None = None, extra=None,
              depth: int = 0) -> dict:
        record = {} if record_id is None else {"id": record_id}
        made = self.made.setdefault(info.api_name, [])
        number = len(made) + 1
        label = info.api_name.rstrip("s").replace("_", " ")
        if info.name_field == "Full_Name":
            record.update(First_Name="Sam", Last_Name=f"Sample {number}")
        else:
            record[info.name_field] = f"Sample {label} {number}"
        for field in info.mandatory:
            if field not in record and field not in info.lookups:
                kind = info.field_types.get(field, "text")
                record[field] = PICKLISTS.get(field, SAMPLE_VALUES.get(kind, "Sample"))
        for field, kind in info.field_types.items():
            if field not in record and kind in SAMPLE_VALUES and kind != "text" and not (
                    info.line_items and field in COMPUTED):
                record[field] = PICKLISTS.get(field, SAMPLE_VALUES[kind])
        if depth < 2:
            for field, target in info.lookups.items():
                target_info = STANDARD.get(target) if target else None
                if target_info is None or target_info is info:
                    continue
                if depth > 0 and field not in info.mandatory:
                    continue  # the record read gets all its lookups; the ones made for it, what they need
                other = self._reuse_or_make(target_info, depth + 1)
                record[field] = {"name": _name_of(target_info, other), "id": other["id"]}
            if info.line_items:
                product = self._reuse_or_make(STANDARD["Products"], depth + 1)
                record[LEGACY_LINE_ITEMS] = [{
                    "product": {"name": product["Product_Name"], "id": product["id"]},
                    "quantity": 1, "list_price": product.get("Unit_Price", SAMPLE_VALUES["currency"])}]
        record.update(extra or {})
        if "id" not in record:
            record["id"] = self.sandbox._new_id()
        made.append(record)
        self.sandbox.load({info.api_name: [dict(record)]})
        return record

    def _reuse_or_make(self, info: ModuleInfo, depth: int) -> dict:
        existing = self.made.get(info.api_name)
        return existing[0] if existing else self._make(info, depth=depth)


def _name_of(info: ModuleInfo, record: dict):
    if info.name_field == "Full_Name":
        return " ".join(str(record.get(k)) for k in ("First_Name", "Last_Name") if record.get(k))
    return record.get(info.name_field)
