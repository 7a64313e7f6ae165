"""``status`` and ``diff``: what changed locally and in the org since the last pull.

Local changes are found by hashing each file against the lock; org changes by comparing
the org's modification times (one list call) with the lock's.  ``diff`` shows both as
unified diffs against the pulled copy kept in ``.deluge2py/pulled/``: ``pulled -> local``
for local edits and ``pulled -> org`` (the org's code, downloaded) for org changes.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from .files import read_text
from .lock import Lock
from .pull import local_state, project_files
from .source import file_path
from ..words import counted


@dataclass
class Change:
    relpath: str
    api_name: str | None
    local: str | None = None  # "modified", "new", "deleted"
    org: str | None = None  # "modified", "new", "deleted"
    org_meta: dict | None = None

    @property
    def conflict(self) -> bool:
        return self.local is not None and self.org is not None


def find_changes(lock: Lock, api=None, only: set[str] | None = None) -> list[Change]:
    """Every file or function that differs, sorted by path; ``api=None`` looks locally
    only; ``only`` limits the answer to those relative paths."""
    changes: dict[str, Change] = {}

    def change(relpath, api_name):
        if relpath not in changes:
            changes[relpath] = Change(relpath, api_name)
        return changes[relpath]

    for api_name, entry in lock.functions.items():
        state = local_state(lock, entry.path)
        if state == "missing":
            change(entry.path, api_name).local = "deleted"
        elif state == "edited":
            change(entry.path, api_name).local = "modified"
    for relpath in project_files(lock.root):
        if lock.by_path(relpath) is None:
            change(relpath, None).local = "new"
    if api is not None:
        remote = {str(m.get("api_name")): m for m in api.list_functions()}
        for api_name, entry in lock.functions.items():
            meta = remote.get(api_name)
            if meta is None:
                change(entry.path, api_name).org = "deleted"
            elif str(meta.get("modified_time")) != entry.modified_time:
                item = change(entry.path, api_name)
                item.org, item.org_meta = "modified", meta
        for api_name, meta in remote.items():
            language = str(meta.get("language") or "deluge").lower()
            known = api_name in lock.functions or api_name in lock.skipped
            if known or not language.startswith("deluge"):
                continue
            item = change(file_path(str(meta.get("category") or "standalone"), api_name), api_name)
            item.api_name, item.org, item.org_meta = api_name, "new", meta
    found = [c for path, c in sorted(changes.items()) if only is None or path in only]
    return found


def format_status(changes: list[Change], lock: Lock, *, checked_org: bool) -> str:
    if not changes:
        where = "the org" if checked_org else "the last pull (the org was not asked)"
        return f"in sync with {where}: {counted(len(lock.functions), 'function')}\n"
    lines = [f"{'local':<10}{'org':<10}file"]
    for c in changes:
        note = ""
        if c.conflict:
            note = "  conflict: changed on both sides"
        elif c.org == "modified" and c.org_meta is not None:
            entry = lock.functions.get(c.api_name or "")
            pulled = entry.modified_time if entry else "?"
            note = f"  (org: {c.org_meta.get('modified_time')}, pulled: {pulled})"
        lines.append(f"{c.local or '-':<10}{c.org or '-':<10}{c.relpath}{note}")
    local = sum(1 for c in changes if c.local)
    org = sum(1 for c in changes if c.org)
    conflicts = sum(1 for c in changes if c.conflict)
    summary = f"{local} changed locally"
    if checked_org:
        summary += f", {org} changed in the org"
        if conflicts:
            summary += f", {conflicts} on both sides"
    else:
        summary += " (the org was not asked)"
    lines.append(summary)
    return "\n".join(lines) + "\n"


def unified(old: str | None, new: str | None, old_label: str, new_label: str) -> str:
    a = (old or "").splitlines(keepends=True)
    b = (new or "").splitlines(keepends=True)
    out = []
    for line in difflib.unified_diff(a, b, old_label if old is not None else "/dev/null",
                                     new_label if new is not None else "/dev/null"):
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def format_diff(changes: list[Change], lock: Lock, api=None) -> str:
    parts = []
    for c in changes:
        base = lock.read_base(c.relpath) if c.api_name in lock.functions else None
        if c.local:
            local = None if c.local == "deleted" else read_text(lock.abspath(c.relpath))
            parts.append(unified(base, local, f"pulled/{c.relpath}", f"local/{c.relpath}"))
        if c.org and api is not None:
            org_text = None
            if c.org != "deleted":
                from .source import with_header

                meta = c.org_meta or {}
                org_text = with_header(api.get_code(str(meta.get("id") or c.api_name),
                                                    function=c.api_name), meta)
            parts.append(unified(base, org_text, f"pulled/{c.relpath}", f"org/{c.relpath}"))
    return "".join(parts)
