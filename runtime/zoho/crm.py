"""``zoho.crm.<task>(...)`` and ``zoho.crm.v8.<task>(...)``.

A call resolves the task name case-insensitively, checks the number of arguments
(a wrong count is a Deluge error, as Zoho refuses to save such a script), takes one of
the meter's concurrent-call slots and charges the task's API credits to
``context.current().meter`` with the calling function and Deluge line (a refusal, e.g.
``TOO_MANY_REQUESTS``, is returned as the result), then asks ``context.current().crm``
(the backend: ``SandboxCRM`` by default), holding the slot until it answers, and
returns its answer as Deluge values. Failures are answers (error maps), never exceptions,
and are charged like successes.

Positional arguments follow Zoho's signatures (reference §1.3): the options map
comes before the connection name; the connection is accepted and ignored.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Callable

from .. import context
from ..credits import api_credits
from ..errors import DelugeRuntimeError
from ..sourcemap import caller_line
from ..values import File, to_deluge, to_python


@dataclass(frozen=True)
class TaskSpec:
    name: str                # canonical spelling
    min_args: int
    max_args: int
    call: Callable           # call(backend, args, family) -> plain answer
    records_arg: int | None = None  # index of the list whose size sets the credits


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
    TaskSpec("createRecord", 2, 4, _create_record),
    TaskSpec("updateRecord", 3, 5, _update_record),
    TaskSpec("bulkCreate", 2, 4, _bulk_create, records_arg=1),
    TaskSpec("bulkUpdate", 2, 4, _bulk_update, records_arg=1),
    TaskSpec("upsert", 2, 4, _upsert),
    # relation, related id, parent module, parent id, values, [connection], [userAccess]
    TaskSpec("updateRelatedRecord", 5, 7, _update_related_record),
    TaskSpec("convertLead", 2, 3, _convert_lead),
    TaskSpec("attachFile", 3, 4, _attach_file),
]
LEGACY_TASKS = {t.name.lower(): t for t in _COMMON + [
    TaskSpec("getOrgVariable", 1, 2, _get_org_variable)]}
V8_TASKS = {t.name.lower(): t for t in _COMMON + [TaskSpec("getFields", 1, 2, _get_fields)]}


def _caller() -> tuple[str | None, int | None]:
    """(Deluge function, Deluge line) of the task call: the nearest generated frame."""
    line = caller_line(sys._getframe(2))
    limits = getattr(context.current(), "limits", None)
    return getattr(limits, "function", None), line


class CrmTask:
    """One ``zoho.crm`` task, bound to its family (``"v2"`` legacy or ``"v8"``)."""

    __slots__ = ("spec", "family", "label")

    def __init__(self, spec: TaskSpec, family: str):
        self.spec, self.family = spec, family
        self.label = ("zoho.crm.v8." if family == "v8" else "zoho.crm.") + spec.name

    def __call__(self, *args):
        spec = self.spec
        if not spec.min_args <= len(args) <= spec.max_args:
            expected = (str(spec.min_args) if spec.min_args == spec.max_args
                        else f"{spec.min_args} to {spec.max_args}")
            raise DelugeRuntimeError(
                f"Improper number of arguments for {self.label}: expected {expected}, "
                f"got {len(args)}")
        plain = [to_python(a) for a in args]
        ctx = context.current()
        meter = ctx.meter
        if meter is None or not meter.enabled:
            return to_deluge(self._ask(ctx.crm, plain))
        records = 1
        if spec.records_arg is not None and isinstance(plain[spec.records_arg], list):
            records = min(len(plain[spec.records_arg]), 100)
        function, line = _caller()
        # Writes of more than 10 records are "complex APIs" with their own
        # concurrency limit (reference §3.4).
        with meter.call(self.label, api_credits(spec.name, records), function=function,
                        line=line, complex_api=records > 10) as refusal:
            answer = refusal if refusal is not None else self._ask(ctx.crm, plain)
        return to_deluge(answer)

    def _ask(self, backend, plain: list):
        try:
            return self.spec.call(backend, plain, self.family)
        except DelugeRuntimeError:
            raise
        except Exception as exc:  # a backend bug must not surface as a Python traceback
            raise DelugeRuntimeError(f"{self.label} failed in its backend: {exc}") from exc

    def __repr__(self):
        return self.label


class CrmNamespace:
    """``zoho.crm`` (``family="v2"``) and ``zoho.crm.v8``."""

    def __init__(self, family: str = "v2"):
        self._family = family
        self._tasks = V8_TASKS if family == "v8" else LEGACY_TASKS
        self._bound: dict[str, CrmTask] = {}

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        key = name.lower()
        if key == "v8" and self._family == "v2":
            return V8
        task = self._bound.get(key)
        if task is None:
            spec = self._tasks.get(key)
            if spec is None:
                prefix = "zoho.crm.v8" if self._family == "v8" else "zoho.crm"
                raise DelugeRuntimeError(f"{prefix}.{name} is not a Zoho CRM task")
            task = self._bound[key] = CrmTask(spec, self._family)
        return task

    def __dir__(self):
        return [t.name for t in self._tasks.values()] + (["v8"] if self._family == "v2"
                                                         else [])

    def __repr__(self):
        return "zoho.crm.v8" if self._family == "v8" else "zoho.crm"


V8 = CrmNamespace("v8")
CRM = CrmNamespace("v2")
