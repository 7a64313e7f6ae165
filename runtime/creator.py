"""Zoho Creator's data and form tasks against an in-memory Creator store.

Generated code calls these as ``creator.<task>(...)`` (docs/architecture.md, Stage 2):

* ``fetch("Form", criteria, sort_by=[("Field", descending)], range_from=a, range_to=b)``:
  ``Form[criteria] sort by ... range from a to b``; ``criteria`` is a function of a record.
* ``insert_into("Form", {...})``: the new record's ``ID``.
* ``delete_from("Form", criteria)``.
* form actions: ``alert``, ``cancel_submit``, ``cancel_delete``, ``success_message``,
  ``openUrl``, ``hide``/``show``/``enable``/``disable``/``clear``; they are recorded on the
  store (``store().actions``) for tests to read.

The store belongs to the current context (one per ``Context``), and starts empty unless
``store().load({"Form": [records...]})`` fills it.
"""

from __future__ import annotations

import itertools
import weakref

from .errors import DelugeRuntimeError
from .values import List, Number, to_deluge

FIRST_ID = 4_000_000_000_000_000_001  # Creator IDs are long numbers


class CreatorStore:
    """Forms of records (Deluge maps with an ``ID``), and the form actions a script took."""

    def __init__(self):
        self.forms: dict[str, list] = {}
        self.actions: list[tuple] = []
        self.cancelled = False
        self._ids = itertools.count(FIRST_ID)

    def load(self, data: dict) -> "CreatorStore":
        for form, records in data.items():
            for record in records:
                rec = to_deluge(dict(record))
                rec["ID"] = Number(int(rec["ID"])) if rec.get("ID") is not None else Number(next(self._ids))
                self.form(form).append(rec)
        return self

    def form(self, name: str) -> list:
        return self.forms.setdefault(str(name), [])

    @property
    def alerts(self) -> list:
        return [args[0] for action, *args in self.actions if action == "alert"]

    @property
    def opened_url(self):
        """The last ``openUrl`` (only the last one takes effect in Creator)."""
        urls = [tuple(args) for action, *args in self.actions if action == "openUrl"]
        return urls[-1] if urls else None


_stores: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_stores_by_id: dict[int, CreatorStore] = {}


def store(ctx=None) -> CreatorStore:
    """The Creator store of ``ctx`` (default: the current context)."""
    if ctx is None:
        from .context import current

        ctx = current()
    try:
        found = _stores.get(ctx)
        if found is None:
            found = _stores[ctx] = CreatorStore()
        return found
    except TypeError:  # a context that takes no weak references
        return _stores_by_id.setdefault(id(ctx), CreatorStore())


class Records(List):
    """A fetched Creator collection: its records in order.

    ``records.Field`` is the first record's field (Creator's ``Form[...].Field``);
    ``records.getall("Field")`` every record's; ``count()``, ``sum("F")``, ``avg("F")``,
    ``maximum("F")``, ``minimum("F")`` aggregate; ``put("F", v)`` updates every record.
    """

    def _values(self, field: str) -> list:
        return [rec.get(field) for rec in self if rec.get(field) is not None]

    def __getattr__(self, field: str):
        if field.startswith("_"):
            raise AttributeError(field)
        return self[0].get(field) if self else None

    def get_field(self, field: str):
        return self[0].get(field) if self else None

    def getall(self, field: str):
        return List(rec.get(field) for rec in self)

    def count(self, field: str | None = None):
        return Number(len(self) if field is None else len(self._values(field)))

    def sum(self, field: str):
        return to_deluge(sum(self._values(field))) if self._values(field) else to_deluge(0)

    def avg(self, field: str):
        values = self._values(field)
        return to_deluge(sum(values) / len(values)) if values else None

    def maximum(self, field: str):
        values = self._values(field)
        return max(values) if values else None

    def minimum(self, field: str):
        values = self._values(field)
        return min(values) if values else None

    def distinct(self, field: str):
        seen = []
        for value in self._values(field):
            if value not in seen:
                seen.append(value)
        return List(seen)

    def put(self, field: str, value) -> None:
        for rec in self:
            rec[field] = to_deluge(value)



def fetch(form, criteria=None, sort_by=(), range_from=None, range_to=None) -> Records:
    """``Form[criteria] sort by ... range from a to b`` (range bounds are 1-based, inclusive)."""
    records = [rec for rec in store().form(form) if criteria is None or _matches(criteria, rec)]
    # Stable sorts from the last key to the first give a multi-key order.
    for field, descending in reversed(list(sort_by or ())):
        present = [r for r in records if r.get(field) is not None]
        missing = [r for r in records if r.get(field) is None]
        present.sort(key=lambda r: r.get(field), reverse=bool(descending))
        records = present + missing
    if range_from is not None or range_to is not None:
        start = max(int(range_from if range_from is not None else 1), 1) - 1
        end = int(range_to) if range_to is not None else len(records)
        records = records[start:end]
    return Records(records)


def insert_into(form, fields: dict):
    """``insert into Form [ F = v ... ]``: store a record and return its ``ID``."""
    st = store()
    record = to_deluge(dict(fields))
    record["ID"] = Number(next(st._ids))
    st.form(form).append(record)
    return record["ID"]


def delete_from(form, criteria) -> None:
    """``delete from Form[criteria]`` (Creator requires the criteria)."""
    if criteria is None:
        raise DelugeRuntimeError(f"delete from {form}: a criteria is mandatory")
    records = store().form(form)
    records[:] = [rec for rec in records if not _matches(criteria, rec)]


def _matches(criteria, record) -> bool:
    result = criteria(record)
    if result is None:
        return False
    if not isinstance(result, bool):
        raise DelugeRuntimeError("The criteria of a Creator fetch must be a boolean expression")
    return result


def _act(action: str, *args) -> None:
    store().actions.append((action, *args))


def alert(message) -> None:
    _act("alert", message)


def cancel_submit() -> None:
    st = store()
    st.cancelled = True
    _act("cancel submit")


def cancel_delete() -> None:
    st = store()
    st.cancelled = True
    _act("cancel delete")


def success_message(message) -> None:
    _act("success message", message)


def openUrl(url, window="same window", params=None) -> None:  # noqa: N802 (Deluge's name)
    _act("openUrl", url, window, params)


def hide(field) -> None:
    _act("hide", field)


def show(field) -> None:
    _act("show", field)


def enable(field) -> None:
    _act("enable", field)


def disable(field) -> None:
    _act("disable", field)


def clear(field) -> None:
    _act("clear", field)
