"""The sandbox's ground: its store, modules, users, ids, clock and how a stored
record is answered."""

from __future__ import annotations

import datetime as _dt
import threading
import zoneinfo

from .. import criteria as _criteria
from ..base import CrmError
from ..modules import LEGACY_LINE_ITEMS, LINE_ITEM_SUBFORMS, STANDARD, USER_LOOKUPS, ModuleInfo
from ..store import Store
from .common import (DEFAULT_USER, FIRST_RECORD_NUMBER, ORG_ID_BASE, _full_name, _legacy_row, _name_id,
                     _parse_id, invalid_id)


class SandboxCore:
    """State and lookups every task part uses."""

    def __init__(self, fixtures=None, path=None, *, clock=None, time_zone=None,
                 user=None):
        self.store = Store(path)
        self._lock = threading.RLock()
        self._clock = clock
        self._time_zone = time_zone
        self._bound_clock = None
        # One write transaction: of many processes opening a new file at once, exactly
        # one loads the fixtures, and the others then see them all.
        try:
            self._custom: dict[str, ModuleInfo] = self._stored_modules()
            with self.store.transaction(write=True):
                fresh = self.store.claim_fresh()
                stored_users = self.store.get_meta("users")
                if user is not None:
                    self.store.set_meta("users", [dict(user)] + (stored_users or [])[1:])
                elif stored_users is None:
                    self.store.set_meta("users", [DEFAULT_USER])
                if fixtures is not None and fresh:
                    self.load(fixtures)
        except BaseException:  # fixtures that do not load: no connection left open
            self.store.close()
            raise

    def close(self) -> None:
        """Close the store's SQLite connection; the sandbox is unusable afterwards."""
        self.store.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def add_module(self, api_name: str, *, name_field="Name", mandatory=(),
                   duplicate_check=None, unique=(), lookups=None,
                   field_types=None) -> ModuleInfo:
        """Declare a custom module (kept in the store)."""
        info = ModuleInfo(api_name, name_field, tuple(mandatory),
                          tuple(duplicate_check or (name_field,)), tuple(unique),
                          dict(lookups or {}), None, dict(field_types or {}))
        with self._lock, self.store.transaction(write=True):
            self._custom = self._stored_modules()  # another process may have added some
            self._custom[api_name] = info
            self.store.set_meta("modules", {n: m.to_json() for n, m in self._custom.items()})
        return info

    def _stored_modules(self) -> dict[str, ModuleInfo]:
        return {name: ModuleInfo.from_json(data)
                for name, data in (self.store.get_meta("modules") or {}).items()}

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

    def _module_or_none(self, name) -> ModuleInfo | None:
        if not isinstance(name, str):
            return None
        if name in STANDARD:
            return STANDARD[name]
        if name in self._custom:
            return self._custom[name]
        lowered = name.lower()
        for attempt in range(2):
            for known in (*STANDARD, *self._custom):
                if known.lower() == lowered:
                    return STANDARD.get(known) or self._custom[known]
            if attempt == 0 and self.store.path is not None:
                self._custom = self._stored_modules()  # declared by another process?
        return None

    def _module(self, name) -> ModuleInfo:
        info = self._module_or_none(name)
        if info is None:
            raise CrmError("INVALID_MODULE", "the module name given seems to be invalid",
                           {"resource_path_index": 0})
        return info

    def _lookups(self, info: ModuleInfo) -> dict:
        """The module's lookup fields -> their target module (None: any module): the
        declared ones (standard modules, ``add_module``) and the custom ones its records
        showed as ``{"name", "id"}`` maps, in the fixtures or in a write (docs/semantics.md,
        "Custom lookups")."""
        learned = (self.store.get_meta("lookups") or {}).get(info.api_name)
        declared = self._declared_lookups(info)
        if not learned and not declared:
            return info.lookups
        return {**(learned or {}), **declared, **info.lookups}

    def _declared_lookups(self, info: ModuleInfo) -> dict:
        """The lookup fields a fixtures file's ``$lookups`` declares for the module."""
        return (self.store.get_meta("declared_lookups") or {}).get(info.api_name) or {}

    def _learn_lookups(self, info: ModuleInfo, found: dict) -> None:
        """Remember ``found`` (field -> the module of the record it pointed at) as lookup
        fields of the module; a field seen pointing at two modules may point at any."""
        known = self.store.get_meta("lookups") or {}
        mine = known.setdefault(info.api_name, {})
        declared = self._declared_lookups(info)
        changed = False
        for field, target in found.items():
            if field in info.lookups or field in USER_LOOKUPS or field in declared:
                continue
            if field not in mine:
                mine[field] = target
            elif mine[field] not in (None, target):
                mine[field] = None
            else:
                continue
            changed = True
        if changed:
            self.store.set_meta("lookups", known)

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
        if info.name_field == "Full_Name" and not (keep and record.get("Full_Name")):
            record["Full_Name"] = _full_name(record)

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
            elif key in USER_LOOKUPS and isinstance(value, dict):
                # name, id and email in both families' reads (docs/semantics.md)
                value = {"name": value.get("name"), "id": value.get("id"),
                         "email": value.get("email")}
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
        lookups = self._lookups(info)

        def type_of(field: str):
            if field in USER_LOOKUPS:
                return "userlookup"
            if field == "id":
                return "bigint"
            if field in info.field_types:
                return info.field_types[field]
            if field in lookups:
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
