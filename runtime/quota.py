"""Daily quotas that are not API credits: webhooks (``invokeurl`` and friends, 50,000 a day)
and ``sendmail`` (1,000 a day) in CRM functions (reference §4.2).

Each use is one ledger entry of its own kind (``"webhook"``, ``"sendmail"``) beside the
meter's API and function credits, so a rolling 24-hour count survives between runs and
``deluge2py credits`` can show it.  Going over the quota stops the function with a Deluge
error, as Zoho does for exhausted per-day task limits.
"""

from __future__ import annotations

import weakref
from collections import deque

from .errors import DelugeRuntimeError

#: Zoho's rolling window for daily limits, credits and quotas alike (``credits`` reads it
#: from here: importing the HTTP functions should not load the credit ledger).
WINDOW_SECONDS = 24 * 60 * 60

LIMITS = {"webhook": 50_000, "sendmail": 1_000}

NAMES = {"webhook": "webhook (invokeurl) calls", "sendmail": "emails sent with sendmail"}

# ledger -> {kind: deque of times}; built from the ledger's entries on first use.
_windows: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def use(ctx, kind: str, *, task: str, line: int | None = None, function: str | None = None) -> None:
    """Count one use of ``kind`` against its daily limit, or raise ``DelugeRuntimeError``."""
    meter = getattr(ctx, "meter", None)
    if meter is None or not getattr(meter, "enabled", True):
        return
    limit = limit_of(ctx, kind)
    now = meter.clock()
    window = _window(meter.ledger, kind)
    while window and window[0] <= now - WINDOW_SECONDS:
        window.popleft()
    if len(window) >= limit:
        raise DelugeRuntimeError(
            f"{task}: the daily limit of {limit:,} {NAMES.get(kind, kind)} has been reached")
    window.append(now)
    meter.ledger.record({"run": meter.run_id, "kind": kind, "function": function or _function(ctx),
                         "task": task, "credits": 1, "time": now, "line": line})


def limit_of(ctx, kind: str) -> int:
    """The limit in force: ``ctx.limits[kind]`` when the context sets one, else Zoho's."""
    limits = getattr(ctx, "limits", None)
    value = None
    if isinstance(limits, dict):
        value = limits.get(kind)
    elif limits is not None:
        value = getattr(limits, kind, None)
    return int(value) if value is not None else LIMITS[kind]


def used(ctx, kind: str) -> int:
    """Uses of ``kind`` in the last 24 hours on the context's ledger."""
    meter = ctx.meter
    window = _window(meter.ledger, kind)
    cutoff = meter.clock() - WINDOW_SECONDS
    return sum(1 for t in window if t > cutoff)


def _window(ledger, kind: str) -> deque:
    per_kind = _windows.get(ledger)
    if per_kind is None:
        per_kind = {}
        _windows[ledger] = per_kind
    if kind not in per_kind:
        times = sorted(float(e.get("time", 0)) for e in ledger.entries() if e.get("kind") == kind)
        per_kind[kind] = deque(times)
    return per_kind[kind]


def _function(ctx) -> str | None:
    """The top-level function being run (``Limits.begin`` records it)."""
    return getattr(getattr(ctx, "limits", None), "function", None)
