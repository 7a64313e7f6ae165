"""Write tasks: createRecord, updateRecord, bulk writes, upsert, related records and
attachments, with Zoho's validation of fields and lookups."""

from __future__ import annotations

import datetime as _dt

from .. import criteria as _criteria
from ..base import CrmError
from ..modules import ATTACHMENTS, LEGACY_LINE_ITEMS, ModuleInfo
from .common import (MAX_ATTACHMENT_BYTES, MAX_WRITE_RECORDS, _as_number, _check_triggers, _field_details,
                     _options, _parse_id, _same, _success, _write)


class Writes:
    """The write tasks and the field validation they share."""

    def _lookup(self, info: ModuleInfo, field: str, value, family: str, index: int,
                lookups: dict | None = None, learned: dict | None = None):
        """The stored ``{"name","id"}`` of a lookup value (an id or a map with one);
        ``lookups`` are the module's lookup fields (``_lookups``). A map given for a field
        not among them makes it one: its target's module goes into ``learned``."""
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
        target = (info.lookups if lookups is None else lookups).get(field)
        if target is not None:
            found = self.store.get(target, wanted)
            found = (target, found) if found is not None else None
        else:
            found = self.store.find(wanted)
        if found is None:
            raise CrmError("INVALID_DATA", "invalid data",
                           _field_details(field, family, index))
        if learned is not None and lookups is not None and field not in lookups:
            learned[field] = found[0]
        return {"name": self._display_name(found[0], found[1]), "id": wanted}

    def _apply(self, info: ModuleInfo, record: dict, data, family: str, index: int,
               created: bool) -> dict:
        """Merge ``data`` (a field map) into ``record`` and validate; returns it."""
        if not isinstance(data, dict):
            raise CrmError("INVALID_DATA", "the record data must be a map", {})
        line_keys = {LEGACY_LINE_ITEMS, info.line_items} if info.line_items else set()
        lookups, learned = self._lookups(info), {}
        for field, value in data.items():
            field = str(field)
            if field == "id" or field in ("Created_By", "Modified_By", "Created_Time",
                                          "Modified_Time") or field in line_keys:
                continue
            if field == "Owner" or field in lookups or (
                    isinstance(value, dict) and "id" in value):
                record[field] = self._lookup(info, field, value, family, index, lookups,
                                             learned)
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
        if learned:  # only once the record is accepted
            self._learn_lookups(info, learned)
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

    @_write
    def create_record(self, module, data, options=None, *, family="v2"):
        """createRecord: the write details map of the new record."""
        info = self._module(module)
        _check_triggers(options)
        record = self._create(info, data, family, 0)
        return self._write_details(record)

    @_write
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

    @_write
    def bulk_create(self, module, records, options=None, *, family="v2"):
        """bulkCreate: ``{"data": [one result per record, in order]}``."""
        def write(info, data, index):
            record = self._create(info, data, family, index)
            return _success(self._write_details(record), "record added")
        return self._bulk(module, records, options, family, write)

    @_write
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

    @_write
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

    @_write
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

    @_write
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
