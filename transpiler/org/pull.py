"""``pull``: the org's Deluge functions into ``<category>/<api_name>.dg`` plus the lock.

Nothing is written until everything is downloaded and checked: when a file that would
change holds local edits (its text differs from what the lock says was pulled, or it is
not in the lock at all), the pull stops and names the files; ``force`` overwrites them.
A file edited locally whose function did not change in the org is left alone.
A function whose modification time matches the lock and whose file is untouched is not
downloaded again, so a second pull with nothing new costs one list call and writes
nothing.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field

from . import lock as lockfile
from .files import read_text, sha256_text, write_atomic
from .source import category_key, file_path, with_header


@dataclass
class PullReport:
    written: list[str] = field(default_factory=list)  # relpaths written (new or changed)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # local edits, the org unchanged since the pull
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (api_name, runtime)
    gone: list[str] = field(default_factory=list)  # relpaths whose function left the org
    blocked: list[str] = field(default_factory=list)  # relpaths with local edits (not forced)


def local_state(lock: lockfile.Lock, relpath: str) -> str:
    """``missing``, ``clean`` (as pulled), ``edited`` or ``untracked``."""
    path = lock.abspath(relpath)
    if not os.path.exists(path):
        return "missing"
    entry = lock.by_path(relpath)
    if entry is None:
        return "untracked"
    return "clean" if sha256_text(read_text(path)) == entry.sha256 else "edited"


def pull(api, root: str, *, category: str | None = None, name: str | None = None,
         force: bool = False) -> PullReport:
    lock = lockfile.load(root)
    report = PullReport()
    wanted_category = category_key(category) if category else None
    listing = api.list_functions()
    plan: list[tuple[dict, str, str]] = []  # (metadata, relpath, text)
    seen: set[str] = set()
    skipped: dict[str, str] = {}
    for meta in sorted(listing, key=lambda m: str(m.get("api_name"))):
        api_name = str(meta.get("api_name"))
        if wanted_category and category_key(str(meta.get("category") or "")) != wanted_category:
            continue
        if name and not fnmatch.fnmatchcase(api_name, name):
            continue
        language = str(meta.get("language") or meta.get("runtime") or "deluge").lower()
        if not language.startswith("deluge"):
            runtime = str(meta.get("runtime") or meta.get("language"))
            report.skipped.append((api_name, runtime))
            skipped[api_name] = runtime
            continue
        seen.add(api_name)
        relpath = file_path(str(meta.get("category") or "standalone"), api_name)
        entry = lock.functions.get(api_name)
        state = local_state(lock, relpath)
        org_unchanged = (entry is not None and entry.path == relpath
                         and entry.modified_time == str(meta.get("modified_time")))
        if org_unchanged and state == "clean":
            if lock.read_base(relpath) is None:  # a fresh clone: the file is the pulled text
                lock.write_base(relpath, read_text(lock.abspath(relpath)))
            report.unchanged.append(relpath)
            continue
        if org_unchanged and state == "edited" and not force:
            report.kept.append(relpath)  # nothing new in the org: the edits stay
            continue
        text = with_header(api.get_code(str(meta.get("id") or api_name), function=api_name), meta)
        current = read_text(lock.abspath(relpath)) if state != "missing" else None
        if current == text:
            if (entry is None or entry.sha256 != sha256_text(text)
                    or entry.modified_time != str(meta.get("modified_time"))):
                plan.append((meta, relpath, text))  # same text: only the lock learns it
            else:
                report.unchanged.append(relpath)
            continue
        if state in ("edited", "untracked") and not force:
            report.blocked.append(relpath)
            continue
        plan.append((meta, relpath, text))
    if report.blocked:
        return report  # write nothing: the caller names the files
    for meta, relpath, text in plan:
        path = lock.abspath(relpath)
        if not (os.path.exists(path) and read_text(path) == text):
            write_atomic(path, text)
            report.written.append(relpath)
        else:
            report.unchanged.append(relpath)
        lock.write_base(relpath, text)
        api_name = str(meta["api_name"])
        lock.functions[api_name] = lockfile.Entry(
            api_name=api_name, id=str(meta.get("id") or ""),
            category=category_key(str(meta.get("category") or "standalone")), path=relpath,
            modified_time=str(meta.get("modified_time") or ""), sha256=sha256_text(text),
            name=str(meta.get("name") or api_name))
    if not (category or name):  # a full pull also learns what left the org
        for api_name in sorted(set(lock.functions) - seen):
            report.gone.append(lock.functions.pop(api_name).path)
        lock.skipped = skipped
    else:
        lock.skipped.update(skipped)
    origin = api.origin() if hasattr(api, "origin") else {}
    if origin:
        lock.org = origin
    if not os.path.exists(lock.path) or lock.to_text() != read_text(lock.path):
        lock.save()
    return report


def project_files(root: str) -> list[str]:
    """The ``.dg`` files of the project, relative and ``/``-separated, sorted."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith(".dg"):
                rel = os.path.relpath(os.path.join(folder, name), root)
                found.append(rel.replace(os.sep, "/"))
    return sorted(found)

