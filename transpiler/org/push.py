"""``push``: local changes back to the org, each file checked first.

The plan, for each file asked for (default: every changed ``.dg`` in the project):

* it must parse and be one function whose signature names its category and api name,
  matching the file name; a file that fails is reported as ``file.dg:LINE:COL: error``
  and never sent;
* a file the lock knows is an **update** (by the function's id); a file it does not know
  is a **create**, its metadata taken from the header;
* an update over a function whose org modification time differs from the lock's is a
  **conflict** and refused unless ``force`` — except when the org already holds exactly
  the local text (a push whose answer was lost), which just refreshes the lock;
* a create whose api name already exists in the org is a conflict too.

Each function is one write, then one read of its metadata for the new modification time.
The first network failure stops the push (the rest are reported as not attempted).  The
lock and the pulled copies are updated for the functions that succeeded, and only those,
in one atomic write at the end, however the push ended.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from .api import NetworkError, OrgError, ZohoAPIError
from .files import sha256_text
from .lock import Entry, Lock
from .pull import local_state, project_files
from .source import check_file, namespace_of, path_problem, with_header


@dataclass
class Item:
    relpath: str
    action: str  # "update", "create", "skip"
    api_name: str | None = None
    entry: Entry | None = None
    text: str | None = None
    header: object = None
    outcome: str = "planned"  # planned, pushed, refused, conflict, invalid, failed, not attempted, in sync
    message: str = ""
    org_meta: dict | None = None  # the org's metadata when it already holds the text


@dataclass
class PushReport:
    items: list[Item] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return all(i.outcome in ("pushed", "planned", "in sync") for i in self.items)


def select(lock: Lock, paths: list[str] | None) -> list[str]:
    """The relative paths to consider: the ones named, else every changed or new file."""
    if paths:
        return [lock.relpath(p) for p in paths]
    chosen = [e.path for e in lock.functions.values() if local_state(lock, e.path) == "edited"]
    chosen += [p for p in project_files(lock.root) if lock.by_path(p) is None]
    return sorted(set(chosen))


def plan(lock: Lock, relpaths: list[str]) -> list[Item]:
    items = []
    for relpath in relpaths:
        path = lock.abspath(relpath)
        entry = lock.by_path(relpath)
        if not os.path.exists(path):
            items.append(Item(relpath, "skip", entry.api_name if entry else None, entry,
                              outcome="invalid", message="no such file (push never deletes "
                              "functions in the org)"))
            continue
        text, header, error = check_file(path, relpath)
        if error is not None:
            items.append(Item(relpath, "skip", outcome="invalid", message=error.format()))
            continue
        item = Item(relpath, "update" if entry else "create", header.api_name, entry, text, header)
        problem = path_problem(relpath, header, new=entry is None)
        if problem is not None:
            item.action, item.outcome, item.message = "skip", "invalid", problem
        elif entry is not None and header.api_name != entry.api_name:
            item.action, item.outcome = "skip", "invalid"
            item.message = (f"{relpath}: the signature renames {entry.api_name} to "
                            f"{header.api_name}; Zoho cannot change a function's api name")
        elif entry is not None and header.category != entry.category:
            item.action, item.outcome = "skip", "invalid"
            item.message = (f"{relpath}: the signature moves the function from "
                            f"{namespace_of(entry.category)} to {namespace_of(header.category)}; "
                            "Zoho cannot change a function's category")
        elif entry is not None and sha256_text(text) == entry.sha256:
            item.action, item.outcome, item.message = "skip", "in sync", "unchanged since the pull"
        items.append(item)
    return items


def push(api, lock: Lock, paths: list[str] | None = None, *, dry_run: bool = False,
         force: bool = False) -> PushReport:
    report = PushReport(items=plan(lock, select(lock, paths)), dry_run=dry_run)
    todo = [i for i in report.items if i.action in ("update", "create")]
    if not todo:
        return report
    remote = {str(m.get("api_name")): m for m in api.list_functions()}
    try:
        for item in todo:
            _check_conflict(api, lock, item, remote.get(item.api_name), force)
        if dry_run:
            return report
        for item in todo:
            if item.org_meta is not None:
                _record(lock, item, item.org_meta)
        for item in todo:
            if item.outcome != "planned":
                continue
            try:
                _send(api, lock, item)
            except NetworkError as exc:
                item.outcome, item.message = "failed", str(exc)
                for rest in todo[todo.index(item) + 1:]:
                    if rest.outcome == "planned":
                        rest.outcome = "not attempted"
                        rest.message = "stopped after the network error"
                break
            except ZohoAPIError as exc:
                item.outcome, item.message = "refused", _describe(exc)
            except OrgError as exc:
                item.outcome, item.message = "failed", str(exc)
    finally:
        if not dry_run and any(i.outcome in ("pushed", "in sync") and i.text is not None
                               for i in todo):
            lock.save()
    return report


def _check_conflict(api, lock: Lock, item: Item, meta: dict | None, force: bool) -> None:
    if item.action == "update":
        if meta is None:
            item.outcome = "conflict"
            item.message = (f"{item.api_name} is no longer in the org; push does not recreate "
                            "it unasked (pull drops it from the lock; a push after that creates "
                            "it again)")
            return
        if str(meta.get("modified_time")) == item.entry.modified_time:
            return
        org_text = with_header(api.get_code(str(meta.get("id") or item.api_name),
                                            function=item.api_name), meta)
        if org_text == item.text:  # the org already has it (an answer lost on the way)
            item.outcome, item.message = "in sync", "the org already holds this text"
            item.org_meta = meta  # the lock learns it unless this is a dry run
            return
        if not force:
            item.outcome = "conflict"
            item.message = (f"{item.api_name} was changed in the org at {meta.get('modified_time')} "
                            f"(pulled at {item.entry.modified_time}); see `deluge2py diff "
                            f"{item.relpath}`, bring the org's change into the file and push "
                            "--force (pull --force takes the org's version instead)")
    elif meta is not None:
        if force:
            item.action, item.entry = "update", None
            item.message = "exists in the org: updated (--force)"
            return
        item.outcome = "conflict"
        item.message = (f"{item.api_name} already exists in the org but not in the lock; pull it "
                        "first, or push --force to overwrite it")


def _send(api, lock: Lock, item: Item) -> None:
    filename = f"{item.api_name}.ds"
    if item.action == "update":
        ident = item.entry.id if item.entry is not None else item.api_name
        api.update(ident, item.text, filename, function=item.api_name)
    else:
        header = item.header
        api.create({"name": item.api_name, "api_name": item.api_name,
                    "category": header.category, "runtime": "Deluge 1.0",
                    "return_type": header.return_type, "arguments": header.arguments()},
                   item.text, filename)
    meta = api.get_function(item.api_name)
    item.outcome = "pushed"
    _record(lock, item, meta)


def _record(lock: Lock, item: Item, meta: dict) -> None:
    lock.functions[item.api_name] = Entry(
        api_name=item.api_name, id=str(meta.get("id") or ""),
        category=item.header.category, path=item.relpath,
        modified_time=str(meta.get("modified_time") or ""), sha256=sha256_text(item.text),
        name=str(meta.get("name") or item.api_name))
    lock.write_base(item.relpath, item.text)


def _describe(exc: ZohoAPIError) -> str:
    text = f"the org refused it: {exc.code}"
    if exc.message:
        text += f": {exc.message}"
    errors = exc.details.get("errors") if isinstance(exc.details, dict) else None
    for err in errors or []:
        text += f"\n    line {err.get('line')}: {err.get('message')}"
    return text


def format_report(report: PushReport) -> str:
    lines = []
    for item in report.items:
        if item.outcome == "in sync" and item.message == "unchanged since the pull":
            continue
        if report.dry_run and item.outcome == "planned":
            lines.append(f"would {item.action} {item.relpath} ({item.api_name})")
            continue
        verb = {"pushed": f"{item.action}d", "planned": "planned"}.get(item.outcome, item.outcome)
        line = f"{verb:<14}{item.relpath}"
        if item.outcome != "pushed" and item.message:
            line += f": {item.message}" if "\n" not in item.message else "\n" + item.message
        lines.append(line)
    counts: dict[str, int] = {}
    for item in report.items:
        counts[item.outcome] = counts.get(item.outcome, 0) + 1
    if not lines:
        return "nothing to push: every file is as pulled\n"
    summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
    return "\n".join(lines + [("dry run: " if report.dry_run else "") + summary]) + "\n"
