"""The catalog of ``zoho.crm`` tasks: names, argument counts, how each asks the backend,
and what each costs in API credits (reference ``zoho-crm-runtime.md`` §1.3, §3.2).

This is the one cost table: the meter (``zoho/crm.py``, ``zoho/crm_rest.py``) charges
``spec.credits.charge(records)`` and the static estimate (``deluge2py.estimate``) reports
``spec.credits.range()``; ``tests/test_credit_rules.py`` walks every task and checks
that the two agree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

from ..values import File


@dataclass(frozen=True)
class CreditRule:
    """API credits one execution charges: ``flat``, or with ``per_records`` one credit
    per that many records of the call (ceil, at least 1, at most ``max_records``
    records a call)."""

    flat: int = 1
    per_records: int | None = None
    max_records: int = 100

    def charge(self, records: int = 1) -> int:
        if self.per_records is None:
            return self.flat
        records = min(max(int(records), 1), self.max_records)
        return max(1, math.ceil(records / self.per_records))

    def range(self) -> tuple[int, int]:
        """(fewest, most) credits of one execution, whatever the data."""
        return self.charge(1), self.charge(self.max_records)

    @property
    def note(self) -> str:
        return f"1 credit per {self.per_records} records" if self.per_records else ""


READ = CreditRule()                    # one call, 1 credit (the default of every API)
WRITE = CreditRule(per_records=10)     # insert/update/upsert: 1 per 10 records (§3.2)
CONVERT = CreditRule(flat=5)           # lead conversion: 5 credits (§3.2)


@dataclass(frozen=True)
class TaskSpec:
    name: str                # canonical spelling
    min_args: int
    max_args: int
    call: Callable           # call(backend, args, family) -> plain answer
    credits: CreditRule = READ
    records_arg: int | None = None  # index of the list whose size sets the credits

    def records(self, args: list) -> int:
        """How many records one call with these (plain) arguments writes (1 unless the
        task takes a list, at most the rule's ``max_records``)."""
        if self.records_arg is not None and isinstance(args[self.records_arg], list):
            return min(len(args[self.records_arg]), self.credits.max_records)
        return 1

    def charge(self, args: list) -> int:
        """The credits of one call with these (plain) arguments."""
        return self.credits.charge(self.records(args))

    def credit_range(self) -> tuple[int, int]:
        """(fewest, most) credits one call can charge: what the static estimate shows."""
        if self.records_arg is None:
            return (self.credits.charge(1),) * 2
        return self.credits.range()


def _pad(args, n):
    return list(args) + [None] * (n - len(args))


def _get_record(crm, a, family):
    module, record_id, query = _pad(a, 3)[:3]
    return crm.get_record(module, record_id, query, family=family)


def _get_records(crm, a, family):
    module, page, per_page, query = _pad(a, 4)[:4]
    return crm.get_records(module, page, per_page, query, family=family)


def _search_records(crm, a, family):
    module, criteria, page, per_page, options = _pad(a, 5)[:5]
    return crm.search_records(module, criteria, page, per_page, options, family=family)


def _get_related_records(crm, a, family):
    relation, parent_module, parent_id, page, per_page, query = _pad(a, 6)[:6]
    return crm.get_related_records(relation, parent_module, parent_id, page, per_page,
                                   query, family=family)


def _create_record(crm, a, family):
    module, data, options = _pad(a, 3)[:3]
    return crm.create_record(module, data, options, family=family)


def _update_record(crm, a, family):
    module, record_id, data, options = _pad(a, 4)[:4]
    return crm.update_record(module, record_id, data, options, family=family)


def _bulk_create(crm, a, family):
    module, records, options = _pad(a, 3)[:3]
    return crm.bulk_create(module, records, options, family=family)


def _bulk_update(crm, a, family):
    module, records, options = _pad(a, 3)[:3]
    return crm.bulk_update(module, records, options, family=family)


def _upsert(crm, a, family):
    module, data, options = _pad(a, 3)[:3]
    return crm.upsert(module, data, options, family=family)


def _update_related_record(crm, a, family):
    relation, related_id, parent_module, parent_id, values = a[:5]
    return crm.update_related_record(relation, related_id, parent_module, parent_id,
                                     values, family=family)


def _convert_lead(crm, a, family):
    lead_id, values = _pad(a, 2)[:2]
    return crm.convert_lead(lead_id, values, family=family)


def _attach_file(crm, a, family):
    module, record_id, file = a[:3]
    if not isinstance(file, File):
        return {"code": "INVALID_DATA", "details": {"api_name": "file"},
                "message": "the file given seems to be invalid", "status": "error"}
    return crm.attach_file(module, record_id, file.name, file.content, family=family)


def _get_org_variable(crm, a, family):
    return crm.get_org_variable(a[0])


def _get_fields(crm, a, family):
    return crm.get_fields(a[0], family=family)


_COMMON = [
    TaskSpec("getRecordById", 2, 4, _get_record),
    TaskSpec("getRecords", 1, 5, _get_records),
    TaskSpec("searchRecords", 2, 6, _search_records),
    TaskSpec("getRelatedRecords", 3, 7, _get_related_records),
    TaskSpec("createRecord", 2, 4, _create_record, WRITE),
    TaskSpec("updateRecord", 3, 5, _update_record, WRITE),
    TaskSpec("bulkCreate", 2, 4, _bulk_create, WRITE, records_arg=1),
    TaskSpec("bulkUpdate", 2, 4, _bulk_update, WRITE, records_arg=1),
    TaskSpec("upsert", 2, 4, _upsert, WRITE),
    # relation, related id, parent module, parent id, values, [connection], [userAccess]
    TaskSpec("updateRelatedRecord", 5, 7, _update_related_record),
    TaskSpec("convertLead", 2, 3, _convert_lead, CONVERT),
    TaskSpec("attachFile", 3, 4, _attach_file),
]
# getOrgVariable's credits are not documented (reference "Open questions"): charged as
# the 1-credit REST read it makes (GET /settings/variables), docs/semantics.md.
LEGACY_TASKS = {t.name.lower(): t for t in _COMMON + [
    TaskSpec("getOrgVariable", 1, 2, _get_org_variable)]}
V8_TASKS = {t.name.lower(): t for t in _COMMON + [TaskSpec("getFields", 1, 2, _get_fields)]}


def task_spec(task: str) -> TaskSpec | None:
    """The spec of a task named as Deluge spells it (``getRecords``, ``zoho.crm.getRecords``,
    ``zoho.crm.v8.getFields``; any case), or None when the family has no such task."""
    parts = task.lower().split(".")
    tasks = V8_TASKS if "v8" in parts[:-1] else LEGACY_TASKS
    return tasks.get(parts[-1])


def api_credits(task: str, records: int = 1) -> int:
    """API credits one execution of a ``zoho.crm`` task costs with ``records`` records."""
    spec = task_spec(task)
    return (spec.credits if spec is not None else READ).charge(records)
