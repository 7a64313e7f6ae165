"""The credit meter: Zoho CRM API credits and function credits.

Contract (see docs/architecture.md, Stage 4)::

    meter = Meter(edition="enterprise", users=10, ledger=None, hooks=(), enabled=True)
    err = meter.charge("getRecordById", 1, function="deal_update", line=3)
    if err is not None:          # refused: a Zoho error map (plain dict) for Deluge
        return err
    meter.charge_function("automation.deal_update")   # raises when function credits ran out

* ``meter.api`` / ``meter.function``: credits spent through this meter (this run);
  ``meter.by_task``: task name -> API credits; ``meter.charges``: every ``Charge``,
  refused ones included (``vetoed=True``, ``reason``).
* Pools are per edition (``EDITIONS``) and are checked against a rolling 24-hour
  ``Ledger``: a credit spent at time t counts until t + 24 h, as Zoho does.
  ``Ledger(path)`` appends one JSON line per charge; ``Ledger(None)`` keeps them in
  memory; ``Ledger.default()`` uses ``$DELUGE2PY_HOME/ledger.jsonl`` or
  ``~/.local/share/deluge2py/ledger.jsonl``.
* Hooks: ``meter.add_hook(cb)``; ``cb(charge)`` sees every charge before it is applied.
  Returning ``False`` or raising refuses it (a ``TOO_MANY_REQUESTS`` map, the
  exception text as message); returning a mapping refuses it with that error map.
* ``api_credits(task, records)`` gives what a CRM task costs (reference §3.2).
"""

from __future__ import annotations

import bisect
import json
import math
import os
import time
import uuid
from collections import deque
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Mapping

from .errors import DelugeLimitError

WINDOW_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class Edition:
    """Daily credit pools of a CRM edition: ``base + users * per_user`` capped at ``max``
    (``None``: no cap). Add-on credits count on top of the formula, inside the cap."""

    name: str
    api_base: int
    api_per_user: int
    api_max: int | None
    function_base: int
    function_per_user: int
    function_max: int | None
    concurrency: int


# Reference §3.3 (API), §4.1 (function), §3.4 (concurrency). Free has no functions.
EDITIONS = {
    "free": Edition("free", 5_000, 0, 5_000, 0, 0, 0, 5),
    "starter": Edition("starter", 50_000, 250, 100_000, 5_000, 200, 10_000, 10),
    "standard": Edition("standard", 50_000, 250, 100_000, 5_000, 200, 15_000, 10),
    "professional": Edition("professional", 50_000, 500, 3_000_000, 5_000, 200, 20_000, 15),
    "enterprise": Edition("enterprise", 50_000, 1_000, 5_000_000, 20_000, 500, 400_000, 20),
    "ultimate": Edition("ultimate", 50_000, 2_000, None, 20_000, 1_000, None, 25),
}
_ALIASES = {"zoho one": "enterprise", "zohoone": "enterprise", "zoho_one": "enterprise",
            "crm plus": "ultimate", "crmplus": "ultimate", "crm_plus": "ultimate"}

# API credits of the CRM tasks that do not write records (reference §3.2: default 1).
_FLAT_COSTS = {"convertlead": 5}
_PER_TEN_RECORDS = frozenset({"createrecord", "updaterecord", "upsert", "bulkcreate",
                              "bulkupdate"})


def get_edition(name: str) -> Edition:
    key = str(name).strip().lower()
    key = _ALIASES.get(key, key)
    try:
        return EDITIONS[key]
    except KeyError:
        raise ValueError(f"unknown Zoho CRM edition {name!r}; known: "
                         + ", ".join(EDITIONS)) from None


def api_credits(task: str, records: int = 1) -> int:
    """API credits one execution of a ``zoho.crm`` task costs: writes cost 1 per 10
    records (at least 1), convertLead 5, everything else 1."""
    key = task.lower().rsplit(".", 1)[-1]
    if key in _PER_TEN_RECORDS:
        return max(1, math.ceil(records / 10))
    return _FLAT_COSTS.get(key, 1)


def too_many_requests(message: str = "API credits exhausted: the 24-hour limit of the "
                      "organization has been reached", **details) -> dict:
    """Zoho's answer when the credit pool is exhausted (HTTP 429)."""
    return {"code": "TOO_MANY_REQUESTS", "details": dict(details), "message": message,
            "status": "error"}


class FunctionCreditsExhausted(DelugeLimitError):
    """No function credit is left in the 24-hour window (or a hook refused the run):
    the function does not run, so Deluge's try/catch cannot see it."""


@dataclass(slots=True)
class Charge:
    """One attempted charge. ``kind`` is ``"api"`` or ``"function"``; ``task`` is the
    task name as called (``None`` for a function credit); ``time`` is epoch seconds."""

    task: str | None
    credits: int
    kind: str
    function: str | None
    line: int | None
    time: float
    vetoed: bool = False
    reason: str | None = None


def default_home() -> Path:
    home = os.environ.get("DELUGE2PY_HOME")
    if home:
        return Path(home)
    return Path.home() / ".local" / "share" / "deluge2py"


class Ledger:
    """Credits spent, per kind, in a rolling 24-hour window; one JSON line per charge.

    Entries are dicts ``{"run", "kind", "function", "task", "credits", "time", "line"}``.
    Several processes may append to one file; each ledger reads the file when it is
    opened and then counts its own appends.
    """

    def __init__(self, path: str | os.PathLike | None = None):
        self.path = Path(path) if path is not None else None
        self._memory: list[dict] = []
        self._window: dict[str, deque] = {"api": deque(), "function": deque()}
        self._totals = {"api": 0, "function": 0}
        if self.path is not None and self.path.exists():
            # ``spent`` drops old entries relative to the meter's clock, which may
            # be a fake one, so every entry is counted here.
            for entry in sorted(self._read(), key=lambda e: e.get("time", 0)):
                self._count(entry)

    @classmethod
    def default(cls) -> "Ledger":
        return cls(default_home() / "ledger.jsonl")

    def _count(self, entry: dict) -> None:
        kind = entry.get("kind", "api")
        if kind not in self._window:
            return
        item = (float(entry["time"]), int(entry["credits"]))
        window = self._window[kind]
        if window and item[0] < window[-1][0]:  # a clock that went back: keep order
            bisect.insort(window, item)
        else:
            window.append(item)
        self._totals[kind] += int(entry["credits"])

    def _read(self) -> list[dict]:
        entries = []
        with open(self.path, encoding="utf-8") as fh:
            for raw in fh:
                raw = raw.strip()
                if not raw:
                    continue
                try:
                    entries.append(json.loads(raw))
                except json.JSONDecodeError:
                    continue  # a line cut short by a crash; the rest is still good
        return entries

    def record(self, entry: dict) -> None:
        self._count(entry)
        if self.path is None:
            self._memory.append(entry)
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry, separators=(",", ":")) + "\n")

    def spent(self, kind: str, now: float) -> int:
        """Credits of ``kind`` spent in the 24 hours before ``now``."""
        window = self._window[kind]
        cutoff = now - WINDOW_SECONDS
        # Entries are appended in time order, so the old ones are at the left.
        while window and window[0][0] <= cutoff:
            self._totals[kind] -= window.popleft()[1]
        return self._totals[kind]

    def entries(self, since: float | None = None) -> list[dict]:
        """Every recorded entry (from the file when there is one), oldest first,
        optionally only those at or after ``since`` (epoch seconds)."""
        if self.path is None:
            items = list(self._memory)
        elif self.path.exists():
            items = self._read()
        else:
            items = []
        if since is not None:
            items = [e for e in items if e.get("time", 0) >= since]
        return items


Hook = Callable[[Charge], object]


class Meter:
    """Counts API and function credits of one run against an edition's pools."""

    def __init__(self, edition: str = "enterprise", users: int = 10,
                 ledger: Ledger | None = None, hooks=(), enabled: bool = True, *,
                 api_limit: int | None = None, function_limit: int | None = None,
                 api_addon: int = 0, function_addon: int = 0,
                 clock: Callable[[], float] = time.time, run_id: str | None = None):
        self.edition = get_edition(edition)
        self.users = int(users)
        self.ledger = ledger if ledger is not None else Ledger(None)
        self.hooks: list[Hook] = list(hooks)
        self.enabled = enabled
        self.clock = clock
        self.run_id = run_id or uuid.uuid4().hex[:12]
        e = self.edition
        self.api_limit = api_limit if api_limit is not None else _pool(
            e.api_base, e.api_per_user, e.api_max, self.users, api_addon)
        self.function_limit = function_limit if function_limit is not None else _pool(
            e.function_base, e.function_per_user, e.function_max, self.users,
            function_addon)
        self.api = 0
        self.function = 0
        self.by_task: dict[str, int] = {}
        self.charges: list[Charge] = []

    def add_hook(self, callback: Hook) -> Hook:
        self.hooks.append(callback)
        return callback

    def remove_hook(self, callback: Hook) -> None:
        self.hooks.remove(callback)

    @property
    def api_used(self) -> int:
        """API credits spent by everyone sharing the ledger in the last 24 hours."""
        return self.ledger.spent("api", self.clock())

    @property
    def function_used(self) -> int:
        return self.ledger.spent("function", self.clock())

    @property
    def api_remaining(self) -> float:
        return max(0, self.api_limit - self.api_used)

    @property
    def function_remaining(self) -> float:
        return max(0, self.function_limit - self.function_used)

    def charge(self, task: str, credits: int, *, function: str | None = None,
               line: int | None = None) -> dict | None:
        """Charge ``credits`` API credits for one execution of ``task``.
        Returns None when allowed, else the error map the task must return."""
        if not self.enabled:
            return None
        now = self.clock()
        charge = Charge(task, credits, "api", function, line, now)
        refusal = self._ask_hooks(charge)
        if refusal is None and self.ledger.spent("api", now) + credits > self.api_limit:
            refusal = too_many_requests(limit=self.api_limit)
            charge.reason = "exhausted"
        self.charges.append(charge)
        if refusal is not None:
            charge.vetoed = True
            return refusal
        self.api += credits
        self.by_task[task] = self.by_task.get(task, 0) + credits
        self._record(charge)
        return None

    def charge_function(self, function_name: str) -> None:
        """Charge the one function credit of a Deluge execution, or raise
        ``FunctionCreditsExhausted`` (or the hook's refusal) so it does not run."""
        if not self.enabled:
            return
        now = self.clock()
        charge = Charge(None, 1, "function", function_name, None, now)
        refusal = self._ask_hooks(charge)
        if refusal is None and self.ledger.spent("function", now) + 1 > self.function_limit:
            charge.reason = "exhausted"
            refusal = {"message": (
                f"Function credits exhausted: the {self.edition.name} edition allows "
                f"{self.function_limit} function executions per 24 hours")}
        self.charges.append(charge)
        if refusal is not None:
            charge.vetoed = True
            raise FunctionCreditsExhausted(str(refusal.get("message")))
        self.function += 1
        self._record(charge)

    def _ask_hooks(self, charge: Charge) -> dict | None:
        for hook in self.hooks:
            try:
                answer = hook(charge)
            except Exception as exc:  # a hook refusing by raising
                charge.reason = f"vetoed: {exc}"
                return too_many_requests(str(exc) or "refused by a credit hook")
            if answer is False:
                charge.reason = "vetoed"
                return too_many_requests("refused by a credit hook")
            if isinstance(answer, Mapping):
                charge.reason = "vetoed"
                return dict(answer)
        return None

    def _record(self, charge: Charge) -> None:
        entry = asdict(charge)
        del entry["vetoed"], entry["reason"]
        entry["run"] = self.run_id
        self.ledger.record(entry)

    def report(self) -> dict:
        """A summary for reports (``deluge2py credits``)."""
        return {"run": self.run_id, "edition": self.edition.name, "users": self.users,
                "api": self.api, "function": self.function, "by_task": dict(self.by_task),
                "refused": sum(1 for c in self.charges if c.vetoed),
                "api_limit": self.api_limit, "api_used_24h": self.api_used,
                "function_limit": self.function_limit,
                "function_used_24h": self.function_used}


def _pool(base: int, per_user: int, cap: int | None, users: int, addon: int) -> float:
    total = base + per_user * users + addon
    return total if cap is None else min(total, cap)
