"""The sandbox CRM: an embedded Zoho CRM that answers ``zoho.crm`` tasks locally.

``SandboxCRM(fixtures=None, path=None, *, clock=None, time_zone=None, user=None)``

* ``fixtures``: a dict, or the path of a JSON file, mapping each module's API name to a
  list of records shaped as the REST API returns them (ids as strings; a record
  without ``id`` gets one). Two extra keys: ``"$variables"`` (org variable name ->
  value, for ``getOrgVariable``) and ``"$users"`` (``{"name","id","email"}`` maps; the
  first is the acting user). Module names not known to the sandbox become custom
  modules. Fixtures are loaded only into a new database.
* ``path``: a SQLite file keeping the state between runs; in memory when None.
* ``clock``: a callable returning a ``datetime`` for ``Created_Time`` and friends;
  by default the context's ``zoho.currenttime`` (or the real clock) in ``time_zone``
  (default: the context's org time zone).

``get_records_page`` answers getRecords in the REST envelope (``{"data", "info"}``, the
``info`` carrying ``next_page_token``) for ``invokeurl``; ``get_records`` is its list.

Each public task method takes plain Python values and returns plain Python values in
Zoho's shapes (the ``zoho.crm`` layer converts to Deluge values and meters credits);
errors are returned as Zoho's error maps, never raised. ``family`` is ``"v2"`` for
the legacy tasks and ``"v8"`` for ``zoho.crm.v8``; it selects line-item subform names,
error details and ``equals`` matching. ``docs/semantics.md`` lists the decisions made
where Zoho's documentation is silent.
"""

from __future__ import annotations

import base64
import binascii
import datetime as _dt
import functools
import json
import os
import re
import threading
import zoneinfo
from decimal import Decimal, InvalidOperation

from . import criteria as _criteria
from .base import CrmError, success_map
from .modules import (ATTACHMENTS, LEGACY_LINE_ITEMS, LEGACY_TO_V8_ROW, LINE_ITEM_SUBFORMS, STANDARD,
                      USER_LOOKUPS, V8_TO_LEGACY_ROW, ModuleInfo)
from .store import Store

ORG_ID_BASE = 4_876_876_000_000_000_000  # ids are ORG_ID_BASE + n: 19 digits
FIRST_RECORD_NUMBER = 100_001
DEFAULT_USER = {"name": "Sandbox User", "id": str(ORG_ID_BASE + 1),
                "email": "sandbox.user@example.com"}
MAX_PER_PAGE = 200
MAX_DISCRETE_RECORDS = 2_000
MAX_TOKEN_RECORDS = 100_000  # reachable through page tokens (reference §1.3)
PAGE_TOKEN_SECONDS = 24 * 60 * 60
MAX_WRITE_RECORDS = 100
MAX_FIELDS = 50
MAX_ATTACHMENT_BYTES = 100 * 1024 * 1024
TRIGGERS = {"workflow", "approval", "blueprint", "orchestration"}
_ID_RE = re.compile(r"^\d{1,19}$")


def _field_details(field: str, family: str, index: int = 0) -> dict:
    if family == "v8":
        return {"api_name": field, "json_path": f"$.data[{index}].{field}"}
    return {"api_name": field}


def invalid_id() -> CrmError:
    return CrmError("INVALID_DATA", "the id given seems to be invalid")


def _answer(method):
    """Turn a ``CrmError`` raised inside a task method into its error map; one task
    at a time per sandbox, so threads sharing it see whole writes."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            with self._lock:
                return method(self, *args, **kwargs)
        except CrmError as err:
            return err.map
        except _criteria.CriteriaError as err:
            return err.error_map()

    return wrapper


class SandboxCRM:
    """An in-process Zoho CRM (see the module docstring)."""

    def __init__(self, fixtures=None, path=None, *, clock=None, time_zone=None,
                 user=None):
        self.store = Store(path)
        self._lock = threading.RLock()
        self._clock = clock
        self._time_zone = time_zone
        self._bound_clock = None
        self._custom: dict[str, ModuleInfo] = {
            name: ModuleInfo.from_json(data)
            for name, data in (self.store.get_meta("modules") or {}).items()}
        stored_users = self.store.get_meta("users")
        if user is not None:
            self.store.set_meta("users", [dict(user)] + (stored_users or [])[1:])
        elif stored_users is None:
            self.store.set_meta("users", [DEFAULT_USER])
        if fixtures is not None and self.store.fresh:
            self.load(fixtures)

    # ------------------------------------------------------------------ setup
    def load(self, fixtures) -> None:
        """Add fixture records (a dict or a JSON file path) to the store."""
        if isinstance(fixtures, (str, os.PathLike)):
            with open(fixtures, encoding="utf-8") as fh:
                fixtures = json.load(fh)
        fixtures = dict(fixtures)
        users = fixtures.pop("$users", None)
        if users:
            self.store.set_meta("users", [dict(u) for u in users])
        for name, value in (fixtures.pop("$variables", None) or {}).items():
            self.store.set_variable(name, value)
        # Modules without line items first: line items refer to Products.
        for module, records in sorted(fixtures.items(),
                                      key=lambda item: item[0] in _INVENTORY):
            info = self._module_or_none(module) or self.add_module(module)
            for record in records:
                record = dict(record)
                record["id"] = str(record["id"]) if record.get("id") else self._new_id()
                self._fill_system_fields(record, info, created=True, keep=True)
                if info.line_items:
                    try:
                        self._store_line_items(info, record, record, "v2", 0,
                                               required=False)
                    except CrmError as err:
                        raise ValueError(f"fixture {module} record {record['id']}: "
                                         f"{err.map['message']} {err.map['details']}") from None
                self.store.put(info.api_name, record)

    def add_module(self, api_name: str, *, name_field="Name", mandatory=(),
                   duplicate_check=None, unique=(), lookups=None,
                   field_types=None) -> ModuleInfo:
        """Declare a custom module (kept in the store)."""
        info = ModuleInfo(api_name, name_field, tuple(mandatory),
                          tuple(duplicate_check or (name_field,)), tuple(unique),
                          dict(lookups or {}), None, dict(field_types or {}))
        self._custom[api_name] = info
        self.store.set_meta("modules", {n: m.to_json() for n, m in self._custom.items()})
        return info

    def set_org_variable(self, name: str, value) -> None:
        self.store.set_variable(name, value)

    @property
    def users(self) -> list[dict]:
        return self.store.get_meta("users") or [DEFAULT_USER]

    @property
    def user(self) -> dict:
        """The acting user: Owner, Created_By and Modified_By of what functions write."""
        return self.users[0]

    def records(self, module: str) -> list[dict]:
        """The stored records of a module, as stored (for tests and tools)."""
        return self.store.all(self._module(module).api_name)

    # ------------------------------------------------------------------ helpers
    def _module_or_none(self, name) -> ModuleInfo | None:
        if not isinstance(name, str):
            return None
        if name in STANDARD:
            return STANDARD[name]
        if name in self._custom:
            return self._custom[name]
        lowered = name.lower()
        for known in (*STANDARD, *self._custom):
            if known.lower() == lowered:
                return STANDARD.get(known) or self._custom[known]
        return None

    def _module(self, name) -> ModuleInfo:
        info = self._module_or_none(name)
        if info is None:
            raise CrmError("INVALID_MODULE", "the module name given seems to be invalid",
                           {"resource_path_index": 0})
        return info

    def _new_id(self) -> str:
        while True:
            number = self.store.next_counter("next_id", FIRST_RECORD_NUMBER)
            candidate = str(ORG_ID_BASE + number)
            if not self.store.exists(candidate):
                return candidate

    def bind_clock(self, clock) -> None:
        """The context's org clock (``CrmBackend.bind_clock``); a ``clock`` given to the
        constructor wins."""
        self._bound_clock = clock

    def now(self) -> _dt.datetime:
        """The current moment, aware, in the org time zone."""
        bound = self._bound_clock() if self._bound_clock is not None else None
        zone = self._zone(bound)
        moment = self._clock() if self._clock is not None else bound
        if moment is None:
            return _dt.datetime.now(zone).replace(microsecond=0)
        if moment.tzinfo is None:
            return moment.replace(tzinfo=zone, microsecond=0)
        return moment.astimezone(zone).replace(microsecond=0)

    def _zone(self, bound):
        if self._time_zone:
            try:
                return zoneinfo.ZoneInfo(self._time_zone)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                return _dt.timezone.utc
        if bound is not None and bound.tzinfo is not None:
            return bound.tzinfo
        return _dt.timezone.utc

    def _timestamp(self) -> str:
        return self.now().isoformat(timespec="seconds")

    def _user_ref(self, with_email=False) -> dict:
        ref = {"name": self.user.get("name"), "id": str(self.user.get("id"))}
        if with_email:
            ref["email"] = self.user.get("email")
        return ref

    def _get(self, info: ModuleInfo, record_id) -> dict:
        record = self.store.get(info.api_name, _parse_id(record_id))
        if record is None:
            raise invalid_id()
        return record

    def _display_name(self, module: str, record: dict):
        info = self._module_or_none(module)
        field = info.name_field if info else "Name"
        value = record.get(field)
        if value is None and field == "Full_Name":
            value = _full_name(record)
        return value

    def _fill_system_fields(self, record: dict, info: ModuleInfo, *, created: bool,
                            keep: bool = False) -> None:
        stamp = self._timestamp()
        owner = self._user_ref(with_email=True)
        if created:
            for key in ("Owner", "Created_By"):
                if not keep or not record.get(key):
                    record[key] = dict(owner)
            if not keep or not record.get("Created_Time"):
                record["Created_Time"] = stamp
        if not keep or not record.get("Modified_By"):
            record["Modified_By"] = dict(owner)
        if not keep or not record.get("Modified_Time"):
            record["Modified_Time"] = stamp
        if info.name_field == "Full_Name":
            record["Full_Name"] = _full_name(record)

    # ------------------------------------------------------------------ writing
    def _lookup(self, info: ModuleInfo, field: str, value, family: str, index: int):
        """The stored ``{"name","id"}`` of a lookup value (an id or a map with one)."""
        if value is None:
            return None
        if field == "Owner":
            wanted = str(value.get("id") if isinstance(value, dict) else value)
            for user in self.users:
                if str(user.get("id")) == wanted:
                    return {"name": user.get("name"), "id": wanted,
                            "email": user.get("email")}
            raise CrmError("INVALID_DATA", "invalid data",
                           _field_details(field, family, index))
        raw = value.get("id") if isinstance(value, dict) else value
        try:
            wanted = _parse_id(raw)
        except CrmError:
            raise CrmError("INVALID_DATA", "invalid data",
                           _field_details(field, family, index)) from None
        target = info.lookups.get(field)
        if target is not None:
            found = self.store.get(target, wanted)
            found = (target, found) if found is not None else None
        else:
            found = self.store.find(wanted)
        if found is None:
            raise CrmError("INVALID_DATA", "invalid data",
                           _field_details(field, family, index))
        return {"name": self._display_name(found[0], found[1]), "id": wanted}

    def _apply(self, info: ModuleInfo, record: dict, data, family: str, index: int,
               created: bool) -> dict:
        """Merge ``data`` (a field map) into ``record`` and validate; returns it."""
        if not isinstance(data, dict):
            raise CrmError("INVALID_DATA", "the record data must be a map", {})
        line_keys = {LEGACY_LINE_ITEMS, info.line_items} if info.line_items else set()
        for field, value in data.items():
            field = str(field)
            if field == "id" or field in ("Created_By", "Modified_By", "Created_Time",
                                          "Modified_Time") or field in line_keys:
                continue
            if field == "Owner" or field in info.lookups or (
                    isinstance(value, dict) and "id" in value):
                record[field] = self._lookup(info, field, value, family, index)
            else:
                record[field] = self._field_value(info, field, value, family, index)
        if info.line_items:
            self._store_line_items(info, record, data, family, index, required=created)
        for field in info.mandatory:
            if record.get(field) in (None, "", []):
                raise CrmError("MANDATORY_NOT_FOUND", "required field not found",
                               _field_details(field, family, index))
        for field in info.unique:
            value = record.get(field)
            if value in (None, ""):
                continue
            for other in self.store.all(info.api_name):
                if other["id"] != record.get("id") and _same(other.get(field), value):
                    details = _field_details(field, family, index)
                    details["id"] = other["id"]
                    raise CrmError("DUPLICATE_DATA", "duplicate data", details)
        return record

    def _field_value(self, info: ModuleInfo, field: str, value, family: str, index: int):
        kind = info.field_types.get(field)
        bad = CrmError("INVALID_DATA", "invalid data", _field_details(field, family, index))
        if isinstance(value, _dt.datetime):
            # A Deluge date-time reaches the API as its text ('09-Dec-2020 17:25:24'),
            # which date and date-time fields reject (semantics.md).
            if kind in ("date", "datetime"):
                raise bad
            return f"{value.day:02d}-{value.strftime('%b')}-{value.year} {value:%H:%M:%S}"
        if isinstance(value, _dt.date):
            if kind == "datetime":
                raise bad
            return value.isoformat()
        if value is None or kind is None:
            return value
        if kind in ("integer", "bigint"):
            number = _as_number(value)
            if number is None or number != int(number):
                raise bad
            return int(number)
        if kind in ("double", "currency"):
            number = _as_number(value)
            if number is None:
                raise bad
            return float(number)
        if kind == "boolean":
            if isinstance(value, bool):
                return value
            if str(value).lower() in ("true", "false"):
                return str(value).lower() == "true"
            raise bad
        if kind == "date" and not _criteria.DATE_RE.match(str(value)):
            raise bad
        if kind == "datetime" and not _criteria.DATETIME_RE.match(str(value)):
            raise bad
        return value

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

    # ------------------------------------------------------------------ reading
    def _render(self, info: ModuleInfo, record: dict, family: str, single: bool,
                fields=None) -> dict:
        """A stored record as a GET answers it (subforms only for a single record)."""
        out = {}
        for key, value in record.items():
            if key in LINE_ITEM_SUBFORMS:
                if not single:
                    continue
                if family == "v2":
                    key = LEGACY_LINE_ITEMS
                    value = [_legacy_row(row) for row in value]
            elif not single and isinstance(value, list) and value and all(
                    isinstance(v, dict) for v in value):
                continue  # other subforms: single-record fetches only
            elif key in USER_LOOKUPS and isinstance(value, dict) and family == "v2":
                value = {"name": value.get("name"), "id": value.get("id")}
            out[key] = value
        if fields is not None:
            out = {k: v for k, v in out.items() if k in fields or k == "id"}
        return out

    @staticmethod
    def _write_details(record: dict) -> dict:
        """What a write answers: times, authors (name and id) and the id."""
        return {"Modified_Time": record["Modified_Time"],
                "Modified_By": _name_id(record["Modified_By"]),
                "Created_Time": record["Created_Time"], "id": record["id"],
                "Created_By": _name_id(record["Created_By"])}

    def _type_of(self, info: ModuleInfo, records: list[dict]):
        def type_of(field: str):
            if field in USER_LOOKUPS:
                return "userlookup"
            if field == "id":
                return "bigint"
            if field in info.field_types:
                return info.field_types[field]
            if field in info.lookups:
                return "lookup"
            seen = False
            for record in records:
                if field in record:
                    seen = True
                    kind = _criteria.infer_type(record[field])
                    if kind is not None:
                        return kind
            # A field no record holds is unknown, unless there is nothing to learn from.
            return "text" if seen or field in info.mandatory or not records else None
        return type_of

    @staticmethod
    def _paging(page, per_page) -> tuple[int, int]:
        page = 1 if page is None else _as_number(page)
        per_page = MAX_PER_PAGE if per_page is None else _as_number(per_page)
        if page is None or page < 1 or page != int(page):
            raise CrmError("INVALID_DATA", "invalid data", {"param_name": "page"})
        if per_page is None or per_page < 1 or per_page != int(per_page):
            raise CrmError("INVALID_DATA", "invalid data", {"param_name": "per_page"})
        return int(page), min(int(per_page), MAX_PER_PAGE)

    @staticmethod
    def _fields_option(options: dict):
        fields = options.get("fields")
        if fields is None:
            return None
        if isinstance(fields, str):
            fields = [f.strip() for f in fields.split(",") if f.strip()]
        fields = [str(f) for f in fields]
        if len(fields) > MAX_FIELDS:
            raise CrmError("LIMIT_EXCEEDED", "the number of fields exceeds the limit",
                           {"limit": MAX_FIELDS, "param_name": "fields"})
        return set(fields)

    @staticmethod
    def _converted_filter(info: ModuleInfo, options: dict):
        if info.api_name != "Leads":
            return lambda record: True
        mode = str(options.get("converted", "false")).lower()
        if mode == "both":
            return lambda record: True
        if mode not in ("true", "false"):
            raise CrmError("INVALID_DATA", "invalid data", {"param_name": "converted"})
        wanted = mode == "true"
        return lambda record: bool(record.get("$converted")) == wanted

    # ------------------------------------------------------------------ tasks
    @_answer
    def get_record(self, module, record_id, options=None, *, family="v2"):
        """getRecordById: the record map, line items included."""
        info = self._module(module)
        record = self._get(info, record_id)
        return self._render(info, record, family, True, self._fields_option(options or {}))

    @_answer
    def get_records(self, module, page=None, per_page=None, options=None, *,
                    family="v2"):
        """getRecords: a list of records (no subforms), sorted and paged."""
        return self._records_page(module, page, per_page, options, family)["data"]

    @_answer
    def get_records_page(self, module, page=None, per_page=None, options=None, *,
                         family="v2"):
        """getRecords as the REST API answers it: ``{"data": [...], "info": {...}}``,
        ``info`` with ``more_records``, ``next_page_token`` (null on the last page) and
        its ``page_token_expiry``."""
        return self._records_page(module, page, per_page, options, family)

    def _records_page(self, module, page, per_page, options, family) -> dict:
        """One page of getRecords, by number or after a ``page_token``: the token is
        bound to the module, sort and filters it was issued for and names the last
        record served, so the next page starts after it."""
        info = self._module(module)
        options = _options(options)
        page, per_page = self._paging(page, per_page)
        fields = self._fields_option(options)
        keep = self._converted_filter(info, options)
        sort_by = str(options.get("sort_by", "id"))
        if sort_by not in ("id", "Created_Time", "Modified_Time"):
            raise CrmError("INVALID_DATA", "invalid data", {"param_name": "sort_by"})
        order = str(options.get("sort_order", "desc")).lower()
        if order not in ("asc", "desc"):
            raise CrmError("INVALID_DATA", "invalid data", {"param_name": "sort_order"})
        wanted = None
        if options.get("ids"):
            ids = options["ids"]
            ids = ids.split(",") if isinstance(ids, str) else ids
            wanted = sorted({str(i).strip() for i in ids})
        query = [info.api_name, sort_by, order, str(options.get("converted", "false")).lower(),
                 wanted]
        token = options.get("page_token")
        after = None
        if token not in (None, ""):
            after, served = self._read_page_token(token, query)
            if served >= MAX_TOKEN_RECORDS:
                raise CrmError("PAGINATION_LIMIT_EXCEEDED",
                               f"cannot fetch more than {MAX_TOKEN_RECORDS} records",
                               {"limit": MAX_TOKEN_RECORDS})
            page = served // per_page + 1
        elif page * per_page > MAX_DISCRETE_RECORDS:
            raise CrmError("DISCRETE_PAGINATION_LIMIT_EXCEEDED",
                           "cannot fetch more than 2000 records without a page_token",
                           {"limit": MAX_DISCRETE_RECORDS})
        else:
            served = (page - 1) * per_page
        records = [r for r in self.store.all(info.api_name) if keep(r)
                   and (wanted is None or r["id"] in wanted)]
        desc = order == "desc"
        keyed = sorted(((_sort_key(r, sort_by), _id_key(r["id"])), r) for r in records)
        if desc:
            keyed.reverse()
        if after is None:
            rest = keyed[served:]
        else:
            rest = [kr for kr in keyed if (kr[0] < after if desc else kr[0] > after)]
        chunk = rest[:min(per_page, MAX_TOKEN_RECORDS - served)]
        more = len(rest) > len(chunk)
        next_token = expiry = None
        if more:
            expires = self.now() + _dt.timedelta(seconds=PAGE_TOKEN_SECONDS)
            next_token = _page_token({"q": query, "after": chunk[-1][0],
                                      "n": served + len(chunk),
                                      "exp": expires.timestamp()})
            expiry = expires.isoformat(timespec="seconds")
        data = [self._render(info, r, family, False, fields) for _, r in chunk]
        return {"data": data, "info": {
            "per_page": per_page, "count": len(data), "page": page, "sort_by": sort_by,
            "sort_order": order, "more_records": more, "next_page_token": next_token,
            "previous_page_token": token if token not in (None, "") else None,
            "page_token_expiry": expiry}}

    def _read_page_token(self, token, query) -> tuple[tuple, int]:
        """(last sort position served, records served) of a token this sandbox issued
        for the same query and not expired."""
        bad = CrmError("INVALID_DATA", "the page_token given is invalid or has expired",
                       {"param_name": "page_token"})
        try:
            text = str(token)
            state = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
            (position, (length, last_id)), served = state["after"], int(state["n"])
            after = (float(position), (int(length), str(last_id)))
            valid = state["q"] == query and self.now().timestamp() < float(state["exp"])
        except (binascii.Error, ValueError, TypeError, KeyError, UnicodeDecodeError):
            raise bad from None
        if not valid:
            raise bad
        return after, served

    @_answer
    def search_records(self, module, criteria, page=None, per_page=None, options=None,
                       *, family="v2"):
        """searchRecords: records matching the criteria (or the email/phone/word of
        the options), in id order, paged; at most 2,000 reachable."""
        info = self._module(module)
        options = _options(options)
        page, per_page = self._paging(page, per_page)
        if (page - 1) * per_page >= MAX_DISCRETE_RECORDS:
            raise CrmError("LIMIT_REACHED", "search results exceed the limit of 2000 records",
                           {"limit": MAX_DISCRETE_RECORDS})
        records = [r for r in self.store.all(info.api_name)
                   if self._converted_filter(info, options)(r)]
        match = self._search_predicate(info, criteria, options, records, family)
        found = [r for r in records if match(r)][:MAX_DISCRETE_RECORDS]
        fields = self._fields_option(options)
        chunk = found[(page - 1) * per_page:page * per_page]
        return [self._render(info, r, family, False, fields) for r in chunk]

    def _search_predicate(self, info, criteria, options, records, family):
        if criteria not in (None, ""):
            return _criteria.compile_criteria(criteria, self._type_of(info, records),
                                              equals_contains=family == "v8")
        for key, kinds in (("email", ("email",)), ("phone", ("phone",)),
                           ("word", None)):
            value = options.get(key)
            if value in (None, ""):
                continue
            wanted = str(value).lower()
            type_of = self._type_of(info, records)

            def match(record, kinds=kinds, wanted=wanted, key=key, type_of=type_of):
                for field, field_value in record.items():
                    if not isinstance(field_value, str):
                        continue
                    if kinds is not None:
                        if (type_of(field) in kinds or key.title() in field) and \
                                field_value.lower() == wanted:
                            return True
                    elif wanted in field_value.lower():
                        return True
                return False
            return match
        raise _criteria.CriteriaError("the criteria is empty")

    def _relation(self, relation) -> str:
        if not isinstance(relation, str):
            raise CrmError("INVALID_DATA", "the relation name given seems to be invalid")
        if relation.lower() == "attachments":
            return "Attachments"
        info = self._module_or_none(relation)
        if info is None:
            raise CrmError("INVALID_DATA", "the relation name given seems to be invalid")
        return info.api_name

    @_answer
    def get_related_records(self, relation, parent_module, parent_id, page=None,
                            per_page=None, options=None, *, family="v2"):
        """getRelatedRecords: records of the related list that point at the parent
        (a lookup, a Notes/Attachments ``Parent_Id``, or a link made by
        updateRelatedRecord)."""
        parent_info = self._module(parent_module)
        parent = self._get(parent_info, parent_id)
        related = self._relation(relation)
        options = _options(options)
        page, per_page = self._paging(page, per_page)
        fields = self._fields_option(options)
        found = []
        if related == "Attachments":
            found = [(ATTACHMENTS, a) for a in self.store.all("Attachments")
                     if (a.get("Parent_Id") or {}).get("id") == parent["id"]]
        else:
            related_info = self._module(related)
            links = dict(self.store.links(related, parent_info.api_name, parent["id"]))
            for record in self.store.all(related):
                if record["id"] in links:
                    found.append((related_info, {**record, **links[record["id"]]}))
                elif record["id"] != parent["id"] and any(
                        isinstance(v, dict) and v.get("id") == parent["id"]
                        and k not in USER_LOOKUPS for k, v in record.items()):
                    found.append((related_info, record))
        chunk = found[(page - 1) * per_page:page * per_page]
        return [self._render(i, r, family, False, fields) for i, r in chunk]

    @_answer
    def create_record(self, module, data, options=None, *, family="v2"):
        """createRecord: the write details map of the new record."""
        info = self._module(module)
        _check_triggers(options)
        record = self._create(info, data, family, 0)
        return self._write_details(record)

    def _create(self, info: ModuleInfo, data, family: str, index: int) -> dict:
        record = {"id": None}
        self._apply(info, record, data, family, index, created=True)
        record["id"] = self._new_id()
        self._fill_system_fields(record, info, created=True)
        if "Owner" in (data or {}):
            record["Owner"] = self._lookup(info, "Owner", data["Owner"], family, index)
        self.store.put(info.api_name, record)
        return record

    def _update(self, info: ModuleInfo, record: dict, data, family: str,
                index: int) -> dict:
        record = self._apply(info, dict(record), data, family, index, created=False)
        self._fill_system_fields(record, info, created=False)
        self.store.put(info.api_name, record)
        return record

    @_answer
    def update_record(self, module, record_id, data, options=None, *, family="v2"):
        """updateRecord: only the given fields change; the write details map."""
        info = self._module(module)
        _check_triggers(options)
        record = self._get(info, record_id)
        return self._write_details(self._update(info, record, data, family, 0))

    def _bulk(self, module, records, options, family, write):
        info = self._module(module)
        _check_triggers(options)
        if not isinstance(records, list) or not records:
            raise CrmError("INVALID_DATA", "the records must be a non-empty list", {})
        if len(records) > MAX_WRITE_RECORDS:
            raise CrmError("LIMIT_EXCEEDED", "cannot process more than 100 records at a time",
                           {"limit": MAX_WRITE_RECORDS})
        results = []
        for index, data in enumerate(records):
            try:
                results.append(write(info, data, index))
            except CrmError as err:
                results.append(err.map)
        return {"data": results}

    @_answer
    def bulk_create(self, module, records, options=None, *, family="v2"):
        """bulkCreate: ``{"data": [one result per record, in order]}``."""
        def write(info, data, index):
            record = self._create(info, data, family, index)
            return _success(self._write_details(record), "record added")
        return self._bulk(module, records, options, family, write)

    @_answer
    def bulk_update(self, module, records, options=None, *, family="v2"):
        """bulkUpdate: each map needs its ``id``; per-record results as bulkCreate."""
        def write(info, data, index):
            if not isinstance(data, dict) or data.get("id") in (None, ""):
                raise CrmError("MANDATORY_NOT_FOUND", "required field not found",
                               _field_details("id", family, index))
            record = self._get(info, data["id"])
            record = self._update(info, record, data, family, index)
            return _success(self._write_details(record), "record updated")
        return self._bulk(module, records, options, family, write)

    @_answer
    def upsert(self, module, data, options=None, *, family="v2"):
        """upsert: update the record matching a duplicate-check field, else insert.
        The write details map plus ``action`` and ``duplicate_field``."""
        info = self._module(module)
        options = _options(options)
        _check_triggers(options)
        if not isinstance(data, dict):
            raise CrmError("INVALID_DATA", "the record data must be a map", {})
        fields = options.get("duplicate_check_fields")
        if isinstance(fields, str):
            fields = [f.strip() for f in fields.split(",") if f.strip()]
        fields = list(fields or (*info.duplicate_check, *info.unique))
        for field in fields:
            value = data.get(field)
            if value in (None, ""):
                continue
            for record in self.store.all(info.api_name):
                if _same(record.get(field), value):
                    updated = self._update(info, record, data, family, 0)
                    return {**self._write_details(updated), "action": "update",
                            "duplicate_field": field}
        created = self._create(info, data, family, 0)
        return {**self._write_details(created), "action": "insert",
                "duplicate_field": None}

    @_answer
    def update_related_record(self, relation, related_id, parent_module, parent_id,
                              values=None, *, family="v2"):
        """updateRelatedRecord: link a record to the parent's related list with the
        relation's own values (e.g. a contact role)."""
        parent_info = self._module(parent_module)
        parent = self._get(parent_info, parent_id)
        related = self._relation(relation)
        if related == "Attachments":
            raise CrmError("INVALID_DATA", "the relation name given seems to be invalid")
        record = self._get(self._module(related), related_id)
        if values is not None and not isinstance(values, dict):
            raise CrmError("INVALID_DATA", "the values must be a map", {})
        self.store.link(related, parent_info.api_name, parent["id"], record["id"],
                        dict(values or {}))
        return _success({"id": record["id"]}, "relation updated")

    @_answer
    def convert_lead(self, lead_id, values=None, *, family="v2"):
        """convertLead: a Contact (and an Account from ``Company``, and a Deal when
        ``Deals`` is given) from the lead; existing ``Accounts``/``Contacts`` ids
        are used instead of new records. Answers the ids by module."""
        leads = self._module("Leads")
        lead = self._get(leads, lead_id)
        if lead.get("$converted"):
            raise CrmError("INVALID_DATA", "the lead has already been converted", {})
        values = _options(values)
        deal_data = values.get("Deals")
        if deal_data is not None and not isinstance(deal_data, dict):
            raise CrmError("INVALID_DATA", "invalid data", _field_details("Deals", family))
        if deal_data is not None:
            for field in STANDARD["Deals"].mandatory:
                if deal_data.get(field) in (None, ""):
                    raise CrmError("MANDATORY_NOT_FOUND", "required field not found",
                                   _field_details(field, family))
        account = self._existing(values.get("Accounts"), "Accounts", family)
        contact = self._existing(values.get("Contacts"), "Contacts", family)
        overwrite = bool(values.get("overwrite"))
        if account is None and lead.get("Company"):
            account = self._create(STANDARD["Accounts"],
                                   {"Account_Name": lead["Company"],
                                    **_copy(lead, ("Phone", "Website", "Industry",
                                                   "Annual_Revenue", "Description"))},
                                   family, 0)
        contact_data = _copy(lead, ("First_Name", "Last_Name", "Email", "Phone", "Mobile",
                                    "Title", "Fax", "Salutation", "Lead_Source",
                                    "Description", "Secondary_Email", "Skype_ID"))
        for lead_key, contact_key in (("Street", "Mailing_Street"), ("City", "Mailing_City"),
                                      ("State", "Mailing_State"),
                                      ("Zip_Code", "Mailing_Zip"),
                                      ("Country", "Mailing_Country")):
            if lead.get(lead_key) is not None:
                contact_data[contact_key] = lead[lead_key]
        if account is not None:
            contact_data["Account_Name"] = account["id"]
        if contact is None:
            contact = self._create(STANDARD["Contacts"], contact_data, family, 0)
        elif overwrite:
            contact = self._update(STANDARD["Contacts"], contact, contact_data, family, 0)
        deal = None
        if deal_data is not None:
            deal_data = dict(deal_data)
            if account is not None:
                deal_data.setdefault("Account_Name", account["id"])
            deal_data.setdefault("Contact_Name", contact["id"])
            deal = self._create(STANDARD["Deals"], deal_data, family, 0)
        lead["$converted"] = True
        lead["$converted_detail"] = {"contact": contact["id"], "deal": deal and deal["id"],
                                     "account": account and account["id"]}
        self.store.put("Leads", lead)
        result = {}
        for module, record in (("Contacts", contact), ("Deals", deal), ("Accounts", account)):
            if record is None:
                result[module] = None
            elif family == "v8":
                result[module] = {"name": self._display_name(module, record),
                                  "id": record["id"]}
            else:
                result[module] = record["id"]
        return result

    def _existing(self, value, module: str, family: str):
        if value in (None, ""):
            return None
        raw = value.get("id") if isinstance(value, dict) else value
        record = self.store.get(module, _parse_id(raw))
        if record is None:
            raise CrmError("INVALID_DATA", "invalid data", _field_details(module, family))
        return record

    @_answer
    def attach_file(self, module, record_id, name, content: bytes, *, family="v2"):
        """attachFile: store the file in the record's Attachments related list."""
        info = self._module(module)
        parent = self._get(info, record_id)
        if str(name).lower().endswith(".exe"):
            raise CrmError("INVALID_DATA", "the file type is not supported", {})
        if len(content) > MAX_ATTACHMENT_BYTES:
            raise CrmError("LIMIT_EXCEEDED", "the file size exceeds the limit of 100 MB", {})
        attachment = {"id": self._new_id(), "File_Name": str(name),
                      "Size": str(len(content)),
                      "Parent_Id": {"name": self._display_name(info.api_name, parent),
                                    "id": parent["id"]},
                      "$se_module": info.api_name}
        self._fill_system_fields(attachment, ATTACHMENTS, created=True)
        self.store.put("Attachments", attachment)
        self.store.put_file(attachment["id"], bytes(content))
        return _success(self._write_details(attachment), "attachment uploaded successfully")

    def attachment_content(self, attachment_id) -> bytes | None:
        return self.store.get_file(str(attachment_id))

    def get_org_variable(self, name):
        """getOrgVariable: the variable's value, or None when it does not exist."""
        return self.store.get_variable(str(name))

    @_answer
    def get_fields(self, module, *, family="v8"):
        """v8.getFields: ``{"fields": [...]}`` from the module's known fields and the
        fields its records hold."""
        info = self._module(module)
        records = self.store.all(info.api_name)
        names = ["id", *USER_LOOKUPS, "Created_Time", "Modified_Time", *info.mandatory,
                 *info.lookups, *info.field_types]
        for record in records:
            names.extend(k for k in record if not k.startswith("$"))
        if info.line_items:
            names.append(info.line_items)
        type_of = self._type_of(info, records)
        fields, seen = [], set()
        for name in names:
            if name in seen or name in LINE_ITEM_SUBFORMS and name != info.line_items:
                continue
            seen.add(name)
            kind = "subform" if name == info.line_items else (type_of(name) or "text")
            field = {"api_name": name, "field_label": name.replace("_", " "),
                     "data_type": _DATA_TYPES.get(kind, kind),
                     "system_mandatory": name in info.mandatory,
                     "read_only": name in ("id", "Created_By", "Modified_By",
                                           "Created_Time", "Modified_Time")}
            target = "Users" if kind == "userlookup" else info.lookups.get(name)
            if target:
                field["lookup"] = {"module": {"api_name": target}}
            fields.append(field)
        return {"fields": fields}


_INVENTORY = {m.api_name for m in STANDARD.values() if m.line_items}
_DATA_TYPES = {"multiselect": "multiselectpicklist", "userlookup": "ownerlookup",
               "double": "double", "bigint": "bigint"}


# ---------------------------------------------------------------------- helpers
def _parse_id(value) -> str:
    if isinstance(value, bool) or value is None:
        raise invalid_id()
    if isinstance(value, float):
        if value != int(value):
            raise invalid_id()
        value = int(value)
    text = str(value).strip()
    if not _ID_RE.match(text):
        raise invalid_id()
    return text


def _as_number(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None


def _same(stored, given) -> bool:
    if isinstance(stored, dict):
        stored = stored.get("id")
    if isinstance(given, dict):
        given = given.get("id")
    if isinstance(stored, str) and isinstance(given, str):
        return stored.strip().lower() == given.strip().lower()
    return stored is not None and str(stored) == str(given)


def _full_name(record: dict) -> str:
    return " ".join(str(p) for p in (record.get("First_Name"), record.get("Last_Name"))
                    if p not in (None, ""))


def _id_key(record_id: str) -> tuple:
    """Ids compare as numbers."""
    return (len(record_id), record_id)


def _sort_key(record: dict, field: str):
    if field == "id":
        return 0.0  # the id, second in every sort key, orders them
    value = record.get(field) or ""
    try:
        return _dt.datetime.fromisoformat(value).timestamp()
    except ValueError:
        return 0.0


def _page_token(state: dict) -> str:
    text = json.dumps(state, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(text).decode().rstrip("=")


def _name_id(ref: dict) -> dict:
    return {"name": ref.get("name"), "id": ref.get("id")}


def _legacy_row(row: dict) -> dict:
    out = {V8_TO_LEGACY_ROW.get(k, k): v for k, v in row.items()}
    return out


def _copy(record: dict, keys) -> dict:
    return {k: record[k] for k in keys if record.get(k) is not None}


def _options(options) -> dict:
    if options is None:
        return {}
    if not isinstance(options, dict):
        raise CrmError("INVALID_DATA", "the options must be a map", {})
    return options


def _check_triggers(options) -> None:
    """Validate ``trigger``; the sandbox runs no automation (semantics.md)."""
    triggers = _options(options).get("trigger")
    if triggers is None:
        return
    if isinstance(triggers, str):
        triggers = [triggers]
    if not isinstance(triggers, list) or any(str(t).lower() not in TRIGGERS
                                              for t in triggers):
        raise CrmError("INVALID_DATA", "invalid data", {"param_name": "trigger"})


_success = success_map
