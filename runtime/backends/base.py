"""The contract every CRM backend keeps: ``CrmBackend``.

``zoho/crm.py`` resolves a ``zoho.crm`` task, meters it, converts its arguments to plain
Python values (``str``, ``int``, ``float``, ``bool``, ``None``, ``dict``, ``list``,
``datetime.date``/``datetime.datetime``; ids may come as text or numbers) and calls one
method of ``context.current().crm``. The backend answers with plain Python values in
the shapes Zoho's tasks return (reference ``zoho-crm-runtime.md`` §1); the layer turns
them into Deluge values. Two backends implement it: ``SandboxCRM`` (``sandbox/``, the
default, in memory or SQLite) and ``LiveCRM`` (``live/``, Zoho's REST API).

Rules every backend follows:

* **Errors are answers.** A task that fails returns Zoho's error map
  (``{"code", "details", "message", "status": "error"}``, see ``CrmError``); it never
  raises for anything Zoho answers with an error. An exception that escapes is a
  backend defect (``zoho/crm.py`` reports it as a Deluge error naming the task).
* **Family.** ``family`` is ``"v2"`` for the classic ``zoho.crm.*`` tasks and ``"v8"``
  for ``zoho.crm.v8.*``: it selects line-item subform names, error details and
  ``equals`` matching, as Zoho's two API versions differ.
* **Threads.** One backend may be shared by threads; each call is atomic.
* **Clock.** The context hands a backend its clock with ``bind_clock(clock)``: a
  callable returning the current moment as an aware ``datetime`` in the org's time
  zone (honouring a run's ``zoho.currenttime``). A backend never imports the context.

Shapes (plain Python):

=========================  =================================================================
method                     answer
=========================  =================================================================
``get_record``             the record map (v2: lookups ``{"name","id"}``, ``Owner`` with
                           ``email``; line items under ``Product_Details``)
``get_records``            a list of record maps (``[]`` when none)
``get_records_page``       ``{"data": [...], "info": {...}}`` the REST envelope with
                           ``per_page``, ``count``, ``page``, ``more_records`` and (v8)
                           ``next_page_token``; serves ``invokeurl`` to the CRM REST API
``search_records``         a list of record maps
``get_related_records``    a list of record maps
``create_record``          the write details map (``id``, ``Created_Time``, ``Modified_Time``,
                           ``Created_By``, ``Modified_By``)
``update_record``          the write details map
``bulk_create``            ``{"data": [one result per record, in order]}`` (each a success
                           map ``{"code": "SUCCESS", "details", "message", "status"}`` or an
                           error map)
``bulk_update``            as ``bulk_create``
``upsert``                 the write details map plus ``action`` (``"insert"``/``"update"``)
                           and ``duplicate_field``
``update_related_record``  a success map with ``details: {"id"}``
``convert_lead``           ``{"Contacts", "Deals", "Accounts"}``: ids (v2) or
                           ``{"name","id"}`` maps (v8), ``None`` when not created
``attach_file``            a success map with the attachment's write details
``get_org_variable``       the variable's value (text), or ``None``
``get_fields``             ``{"fields": [field maps]}`` (v8 only)
=========================  =================================================================
"""

from __future__ import annotations

import datetime as _dt
from typing import Callable, Literal, Protocol, runtime_checkable

__all__ = ["Clock", "CrmBackend", "CrmError", "Family", "error_map", "success_map"]

Family = Literal["v2", "v8"]
Clock = Callable[[], _dt.datetime]


def error_map(code: str, message: str, details: dict | None = None) -> dict:
    """Zoho's error answer."""
    return {"code": code, "details": details or {}, "message": message, "status": "error"}


def success_map(details: dict, message: str) -> dict:
    """Zoho's per-record success answer (bulk writes, relations, attachments)."""
    return {"code": "SUCCESS", "details": details, "message": message, "status": "success"}


class CrmError(Exception):
    """An error answer raised inside a backend; ``map`` is what the task returns."""

    def __init__(self, code: str, message: str, details: dict | None = None):
        super().__init__(message)
        self.map = error_map(code, message, details)


@runtime_checkable
class CrmBackend(Protocol):
    """What answers ``zoho.crm`` tasks (see the module docstring for shapes and rules)."""

    def bind_clock(self, clock: Clock) -> None:
        """Use ``clock`` for ``Created_Time``/``Modified_Time`` and friends."""

    # reads ------------------------------------------------------------------
    def get_record(self, module, record_id, options=None, *, family: Family = "v2"): ...

    def get_records(self, module, page=None, per_page=None, options=None, *,
                    family: Family = "v2"): ...

    def get_records_page(self, module, page=None, per_page=None, options=None, *,
                         family: Family = "v2"): ...

    def search_records(self, module, criteria, page=None, per_page=None, options=None, *,
                       family: Family = "v2"): ...

    def get_related_records(self, relation, parent_module, parent_id, page=None,
                            per_page=None, options=None, *, family: Family = "v2"): ...

    def get_org_variable(self, name): ...

    def get_fields(self, module, *, family: Family = "v8"): ...

    # writes -----------------------------------------------------------------
    def create_record(self, module, data, options=None, *, family: Family = "v2"): ...

    def update_record(self, module, record_id, data, options=None, *,
                      family: Family = "v2"): ...

    def bulk_create(self, module, records, options=None, *, family: Family = "v2"): ...

    def bulk_update(self, module, records, options=None, *, family: Family = "v2"): ...

    def upsert(self, module, data, options=None, *, family: Family = "v2"): ...

    def update_related_record(self, relation, related_id, parent_module, parent_id,
                              values=None, *, family: Family = "v2"): ...

    def convert_lead(self, lead_id, values=None, *, family: Family = "v2"): ...

    def attach_file(self, module, record_id, name, content: bytes, *,
                    family: Family = "v2"): ...
