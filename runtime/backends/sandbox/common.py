"""Constants and small helpers shared by the sandbox's parts."""

from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation

from .. import criteria as _criteria
from ..base import CrmError, success_map
from ..modules import V8_TO_LEGACY_ROW

ORG_ID_BASE = 4_876_876_000_000_000_000  # ids are ORG_ID_BASE + n: 19 digits
FIRST_RECORD_NUMBER = 100_001
DEFAULT_USER = {"name": "Sandbox User", "id": str(ORG_ID_BASE + 1),
                "email": "sandbox.user@example.com"}
MAX_PER_PAGE = 200
MAX_DISCRETE_RECORDS = 2_000
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


def _task(method, write: bool):
    """Run a task method as one store transaction (a write one takes the write lock
    first, so writers in other threads and processes never interleave) and turn a
    ``CrmError`` raised inside it into its error map. An error map is an answer: what
    a bulk write stored before it stays stored, as in Zoho."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with self._lock, self.store.transaction(write=write):
            try:
                return method(self, *args, **kwargs)
            except CrmError as err:
                return err.map
            except _criteria.CriteriaError as err:
                return err.error_map()

    return wrapper


def _answer(method):
    """A read task (see ``_task``)."""
    return _task(method, write=False)


def _write(method):
    """A write task (see ``_task``)."""
    return _task(method, write=True)


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
