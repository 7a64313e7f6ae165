"""What a run changed in the CRM, whatever the backend: one entry per record a write
task created, updated, converted, linked or attached a file to, with the fields the
function sent. ``zoho/crm.py`` notes each write's answer into ``Context.crm_changes``;
``deluge2py run`` ends its report with them.

An entry: ``{"action", "module", "id", "fields", "task"}``; ``action`` is one of
``created``, ``updated``, ``converted``, ``related``, ``attached``. Failed writes (error
maps) change nothing and are not noted here.

``note_errors`` keeps the error maps any task answered, in ``Context.crm_errors``: Zoho
answers a failure as a value and the function goes on, so a refused write is easily never
seen.  An entry: ``{"task", "module", "line", "code", "message", "field"}``.
"""

from __future__ import annotations


def note(changes: list, task: str, args: list, answer) -> None:
    """Append what one write task (``zoho.crm.createRecord``...) changed, from its
    plain ``args`` and ``answer``."""
    handler = _HANDLERS.get(task.lower().rsplit(".", 1)[-1])
    if handler is not None and isinstance(answer, dict):
        handler(changes, task, args, answer)


def note_errors(errors: list, task: str, args: list, answer, line) -> None:
    """Append the error maps in ``answer``: the answer itself (``{"status": "error"...}``)
    or the failed rows of a bulk or v8 answer (``{"data": [...]}``); ``line()`` is the
    Deluge line of the call, asked only when there is one."""
    if answer.get("status") == "error":
        failed = [answer]
    else:
        rows = answer.get("data")
        failed = [row for row in rows if isinstance(row, dict) and row.get("status") == "error"] \
            if isinstance(rows, list) else []
    for error in failed:
        details = error.get("details")
        errors.append({"task": task, "module": str(args[0]) if args else None, "line": line(),
                       "code": error.get("code"), "message": error.get("message"),
                       "field": details.get("api_name") if isinstance(details, dict) else None})


def _entry(changes, task, action, module, record_id, fields):
    if record_id in (None, ""):
        return
    changes.append({"action": action, "module": str(module), "id": str(record_id),
                    "fields": dict(fields) if isinstance(fields, dict) else {},
                    "task": task})


def _create(changes, task, args, answer):
    _entry(changes, task, "created", args[0], answer.get("id"), args[1])


def _update(changes, task, args, answer):
    _entry(changes, task, "updated", args[0], answer.get("id"), args[2])


def _bulk(action):
    def handle(changes, task, args, answer):
        records = args[1] if isinstance(args[1], list) else []
        for index, result in enumerate(answer.get("data") or []):
            if isinstance(result, dict) and result.get("status") == "success":
                fields = records[index] if index < len(records) else {}
                _entry(changes, task, action, args[0],
                       (result.get("details") or {}).get("id"), fields)
    return handle


def _upsert(changes, task, args, answer):
    action = {"insert": "created", "update": "updated"}.get(answer.get("action"))
    if action:
        _entry(changes, task, action, args[0], answer.get("id"), args[1])


def _related(changes, task, args, answer):
    if answer.get("status") == "success":
        relation, related_id, parent_module, parent_id, values = args[:5]
        fields = {str(relation): str(related_id),
                  **(values if isinstance(values, dict) else {})}
        _entry(changes, task, "related", parent_module, parent_id, fields)


def _convert(changes, task, args, answer):
    created = {}
    for module in ("Accounts", "Contacts", "Deals"):
        value = answer.get(module)
        record_id = value.get("id") if isinstance(value, dict) else value
        if record_id is not None:
            created[module] = str(record_id)
    if not created:
        return
    _entry(changes, task, "converted", "Leads", args[0], created)


def _attach(changes, task, args, answer):
    if answer.get("status") == "success":
        name = getattr(args[2], "name", None)
        _entry(changes, task, "attached", args[0], args[1], {"File_Name": name})


_HANDLERS = {
    "createrecord": _create,
    "updaterecord": _update,
    "bulkcreate": _bulk("created"),
    "bulkupdate": _bulk("updated"),
    "upsert": _upsert,
    "updaterelatedrecord": _related,
    "convertlead": _convert,
    "attachfile": _attach,
}
