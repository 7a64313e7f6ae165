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
* Concurrency (reference §3.4): ``with meter.call(task, credits, ...) as refusal:``
  holds one of the edition's concurrent-call slots (and one of the 10 "complex API"
  slots with ``complex_api=True``) while the backend answers, then charges; when every
  slot is taken the call is refused, uncharged, with a ``TOO_MANY_REQUESTS`` map.
  The meter is thread-safe: threads sharing it share its slots and pools.
* what each CRM task costs is on its task spec (``zoho/tasks.py``, reference §3.2).
"""

from __future__ import annotations

import atexit
import bisect
import json
import os
import sys
import threading
import time
import uuid
import weakref
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

from .errors import DelugeLimitError, DelugeRuntimeError
from .quota import WINDOW_SECONDS  # noqa: F401  (the rolling 24-hour window, shared)
# Sub-concurrency of "complex APIs" (writes of more than 10 records), every edition (§3.4).
COMPLEX_CONCURRENCY = 10
# How far out of time order ledger lines may be (several processes appending) and still
# be found when the ledger reads only the end of its file.
LEDGER_SLACK_SECONDS = 60 * 60
_TAIL_BLOCK = 64 * 1024
# A file ledger writes its lines at the end of a run, or after this many (docs/semantics.md).
FLUSH_EVERY = 256


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


def get_edition(name: str) -> Edition:
    key = str(name).strip().lower()
    key = _ALIASES.get(key, key)
    try:
        return EDITIONS[key]
    except KeyError:
        raise ValueError(f"unknown Zoho CRM edition {name!r}; known: "
                         + ", ".join(EDITIONS)) from None


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
    Several processes may append to one file. The window is loaded when first asked
    about (``spent``), from the end of the file only: the lines of the 24 hours before
    the time asked about, so a start costs the same however long the file grows (a line
    up to ``LEDGER_SLACK_SECONDS`` out of time order is still found). After that the
    ledger counts its own appends; asking about an earlier time reloads. ``entries()``
    reads the whole file, for reports. Thread-safe.
    """

    def __init__(self, path: str | os.PathLike | None = None):
        self.path = Path(path) if path is not None else None
        self._memory: list[dict] = []
        self._lock = threading.RLock()
        self._file = None  # opened for appending on the first charge, kept open
        self._pending: list[str] = []  # lines not yet written (see ``flush``)
        self._holding = 0  # runs in progress (``hold``)
        self._window: dict[str, deque] = {"api": deque(), "function": deque()}
        self._totals = {"api": 0, "function": 0}
        self._cutoff: float | None = None  # entries at or before it are not in the window

    @classmethod
    def default(cls) -> "Ledger":
        return cls(default_home() / "ledger.jsonl")

    def _load(self, cutoff: float) -> None:
        self._window = {kind: deque() for kind in self._window}
        self._totals = dict.fromkeys(self._totals, 0)
        for entry in sorted(self._since(cutoff, skip_runs=True), key=lambda e: e.get("time", 0)):
            self._count(entry)
        self._cutoff = cutoff

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

    def _since(self, since: float, skip_runs: bool = False) -> list[dict]:
        """The entries at or after ``since - LEDGER_SLACK_SECONDS`` (at least), oldest
        first; a file is read backwards from its end until a line older than that.
        ``skip_runs`` leaves out the lines that record a run (``"kind":"run"``, half of a
        ledger, no credits) without parsing them: the window only counts charges."""
        if self.path is None:
            return [e for e in self._memory if e.get("time", 0) >= since]
        flush_all(self.path)
        if not self.path.exists():
            return []
        stop = since - LEDGER_SLACK_SECONDS
        found: list[dict] = []
        with open(self.path, "rb") as fh:
            position = fh.seek(0, os.SEEK_END)
            rest = b""
            while position > 0:
                step = min(_TAIL_BLOCK, position)
                position -= step
                fh.seek(position)
                lines = (fh.read(step) + rest).split(b"\n")
                rest = lines.pop(0) if position > 0 else b""  # may be a partial line
                for raw in reversed(lines):
                    # As ``_dumps`` writes it; inside a JSON text its quotes would be escaped.
                    if skip_runs and _RUN_LINE in raw:
                        continue
                    entry = _parse_line(raw)
                    if entry is None:
                        continue
                    if entry.get("time", 0) < stop:
                        return found[::-1]
                    found.append(entry)
        return found[::-1]

    def _read(self) -> list[dict]:
        with open(self.path, "rb") as fh:
            return [entry for entry in map(_parse_line, fh) if entry is not None]

    def record(self, entry: dict) -> None:
        """Add one entry. While a run holds the ledger (``hold``) a file ledger keeps the
        line until the run ends (``release``: the top-level function returning or failing,
        Ctrl-C included) or ``FLUSH_EVERY`` lines are held; otherwise it is written at once."""
        with self._lock:
            if self._cutoff is not None:
                self._count(entry)
            if self.path is None:
                self._memory.append(entry)
                return
            self._pending.append(_dumps(entry))
            if not self._holding or len(self._pending) >= FLUSH_EVERY:
                self.flush()
            elif len(self._pending) == 1:
                _unflushed.add(self)

    def hold(self) -> None:
        """A run starts: keep its lines until ``release`` (calls nest)."""
        with self._lock:
            self._holding += 1

    def release(self) -> None:
        """A run ends: write the lines it held once no run holds the ledger."""
        with self._lock:
            self._holding = max(0, self._holding - 1)
            if not self._holding:
                self.flush()

    def flush(self) -> None:
        """Append the held lines to the file, in one write (other processes appending to
        the same file never see half a line of ours)."""
        with self._lock:
            if not self._pending:
                return
            data = memoryview("".join(self._pending).encode("utf-8"))
            try:
                if self._file is None:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                    self._file = open(self.path, "ab", buffering=0)  # noqa: SIM115 (kept open)
                while data:
                    data = data[self._file.write(data):]
            except OSError as error:  # the lines stay held: a later flush may write them
                raise DelugeRuntimeError(f"Cannot write the credit ledger {self.path}: "
                                         f"{error.strerror or error}") from None
            self._pending.clear()
            _unflushed.discard(self)

    def close(self) -> None:
        """Flush and close the file (a later charge opens it again). Whoever makes a file
        ledger closes it (``with Ledger(path) as ledger:``); if the lines cannot be
        written the file is closed all the same and they stay held for a later flush."""
        with self._lock:
            try:
                self.flush()
            finally:
                if self._file is not None:
                    self._file.close()
                    self._file = None

    def __enter__(self) -> "Ledger":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def spent(self, kind: str, now: float) -> int:
        """Credits of ``kind`` spent in the 24 hours before ``now``."""
        cutoff = now - WINDOW_SECONDS
        with self._lock:
            if self._cutoff is None or cutoff < self._cutoff:
                self._load(cutoff)
            window = self._window[kind]
            # Entries are kept in time order, so the old ones are at the left.
            while window and window[0][0] <= cutoff:
                self._totals[kind] -= window.popleft()[1]
            self._cutoff = cutoff
            return self._totals[kind]

    def try_record(self, entry: dict, limit: float) -> bool:
        """Record ``entry`` unless it would take its kind past ``limit`` in the 24 hours
        before its time; one step, so two threads cannot both take the last credit."""
        with self._lock:
            if self.spent(entry["kind"], entry["time"]) + entry["credits"] > limit:
                return False
            self.record(entry)
            return True

    def entries(self, since: float | None = None) -> list[dict]:
        """Every recorded entry (from the file when there is one), oldest first,
        optionally only those at or after ``since`` (epoch seconds)."""
        if since is not None:
            return [e for e in self._since(since) if e.get("time", 0) >= since]
        if self.path is None:
            return list(self._memory)
        flush_all(self.path)
        return self._read() if self.path.exists() else []


def _dumps(entry: dict) -> str:
    return json.dumps(entry, separators=(",", ":")) + "\n"


#: File ledgers holding lines not yet written; flushed when the interpreter exits.
_unflushed: "weakref.WeakSet[Ledger]" = weakref.WeakSet()


def flush_all(path: Path | None = None) -> None:
    """Write the held lines of every ledger (of every ledger on ``path``): before a ledger
    reads its file, so that all ledgers of this process see each other's charges, and
    when the interpreter exits."""
    for ledger in list(_unflushed):
        if path is None or ledger.path == path:
            ledger.flush()


def _flush_at_exit() -> None:
    for ledger in list(_unflushed):
        held = len(ledger._pending)
        try:
            ledger.flush()
        except DelugeRuntimeError as error:
            print(f"deluge2py: {held} credit charge(s) not written: {error}", file=sys.stderr)


atexit.register(_flush_at_exit)


_RUN_LINE = b'"kind":"run"'


def _parse_line(raw: bytes) -> dict | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        entry = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None  # a line cut short by a crash; the rest is still good
    return entry if isinstance(entry, dict) else None


Hook = Callable[[Charge], object]


class Meter:
    """Counts API and function credits of one run against an edition's pools, and the
    integration calls in flight against its concurrency (thread-safe)."""

    def __init__(self, edition: str = "enterprise", users: int = 10,
                 ledger: Ledger | None = None, hooks=(), enabled: bool = True, *,
                 api_limit: int | None = None, function_limit: int | None = None,
                 api_addon: int = 0, function_addon: int = 0,
                 concurrency: int | None = None, complex_concurrency: int | None = None,
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
        self.concurrency = e.concurrency if concurrency is None else int(concurrency)
        self.complex_concurrency = (COMPLEX_CONCURRENCY if complex_concurrency is None
                                    else int(complex_concurrency))
        self.in_flight = 0
        self.complex_in_flight = 0
        self.peak_in_flight = 0
        self.api = 0
        self.function = 0
        self.by_task: dict[str, int] = {}
        self.charges: list[Charge] = []
        self.zoho_remaining: int | None = None  # what Zoho last reported (live backend)
        self._lock = threading.Lock()

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

    @contextmanager
    def call(self, task: str, credits: int, *, function: str | None = None,
             line: int | None = None, complex_api: bool = False):
        """One integration call: ``with meter.call(...) as refusal:`` takes a concurrency
        slot (a complex-API slot too with ``complex_api``) for the body, where the
        backend answers, and charges ``credits``. ``refusal`` is None when the call may
        go ahead, else the error map to return: ``TOO_MANY_REQUESTS`` uncharged when
        every slot is taken, or ``charge``'s refusal."""
        if not self.enabled:
            yield None
            return
        refusal = self._take_slot(task, credits, function, line, complex_api)
        if refusal is not None:
            yield refusal
            return
        try:
            yield self.charge(task, credits, function=function, line=line)
        finally:
            with self._lock:
                self.in_flight -= 1
                if complex_api:
                    self.complex_in_flight -= 1

    def _take_slot(self, task, credits, function, line, complex_api) -> dict | None:
        with self._lock:
            if self.in_flight >= self.concurrency:
                limit, message = self.concurrency, (
                    f"concurrency limit exceeded: the {self.edition.name} edition allows "
                    f"{self.concurrency} API calls at the same time")
            elif complex_api and self.complex_in_flight >= self.complex_concurrency:
                limit, message = self.complex_concurrency, (
                    f"sub-concurrency limit exceeded: at most {self.complex_concurrency} "
                    "complex API calls (writes of more than 10 records) at the same time")
            else:
                self.in_flight += 1
                self.complex_in_flight += bool(complex_api)
                self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
                return None
            self.charges.append(Charge(task, credits, "api", function, line, self.clock(),
                                       vetoed=True, reason="concurrency"))
        return too_many_requests(message, limit=limit)

    def charge(self, task: str, credits: int, *, function: str | None = None,
               line: int | None = None) -> dict | None:
        """Charge ``credits`` API credits for one execution of ``task``.
        Returns None when allowed, else the error map the task must return."""
        if not self.enabled:
            return None
        charge = Charge(task, credits, "api", function, line, self.clock())
        refusal = self._ask_hooks(charge)
        if refusal is None and not self.ledger.try_record(self._entry(charge),
                                                          self.api_limit):
            refusal = too_many_requests(limit=self.api_limit)
            charge.reason = "exhausted"
        with self._lock:
            self.charges.append(charge)
            if refusal is not None:
                charge.vetoed = True
                return refusal
            self.api += credits
            self.by_task[task] = self.by_task.get(task, 0) + credits
        return None

    def note_zoho_remaining(self, remaining: int) -> None:
        """Record the API credits Zoho says are left (``X-API-CREDITS-REMAINING``; Zoho
        sends it once half the day's credits are used)."""
        self.zoho_remaining = int(remaining)

    def charge_function(self, function_name: str) -> None:
        """Charge the one function credit of a Deluge execution, or raise
        ``FunctionCreditsExhausted`` (or the hook's refusal) so it does not run."""
        if not self.enabled:
            return
        charge = Charge(None, 1, "function", function_name, None, self.clock())
        refusal = self._ask_hooks(charge)
        if refusal is None and not self.ledger.try_record(self._entry(charge),
                                                          self.function_limit):
            charge.reason = "exhausted"
            refusal = {"message": (
                f"Function credits exhausted: the {self.edition.name} edition allows "
                f"{self.function_limit} function executions per 24 hours")}
        with self._lock:
            self.charges.append(charge)
            if refusal is None:
                self.function += 1
                return
            charge.vetoed = True
        raise FunctionCreditsExhausted(str(refusal.get("message")))

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

    def _entry(self, charge: Charge) -> dict:
        """The ledger line of a charge."""
        return {"task": charge.task, "credits": charge.credits, "kind": charge.kind,
                "function": charge.function, "line": charge.line, "time": charge.time,
                "run": self.run_id}

    def hold(self) -> None:
        """A run starts: its charges may be written to the ledger file when it ends."""
        hold = getattr(self.ledger, "hold", None)
        if hold is not None:
            hold()

    def release(self) -> None:
        """The run ended (returned, failed or was interrupted): write its charges."""
        release = getattr(self.ledger, "release", None)
        if release is not None:
            release()

    def flush(self) -> None:
        """Write every charge the ledger holds."""
        flush = getattr(self.ledger, "flush", None)
        if flush is not None:
            flush()

    def report(self) -> dict:
        """A summary for reports (``deluge2py credits``)."""
        return {"run": self.run_id, "edition": self.edition.name, "users": self.users,
                "api": self.api, "function": self.function, "by_task": dict(self.by_task),
                "refused": sum(1 for c in self.charges if c.vetoed),
                "api_limit": self.api_limit, "api_used_24h": self.api_used,
                "function_limit": self.function_limit,
                "function_used_24h": self.function_used,
                "concurrency": self.concurrency, "peak_in_flight": self.peak_in_flight,
                "zoho_remaining": self.zoho_remaining}


def _pool(base: int, per_user: int, cap: int | None, users: int, addon: int) -> float:
    total = base + per_user * users + addon
    return total if cap is None else min(total, cap)
