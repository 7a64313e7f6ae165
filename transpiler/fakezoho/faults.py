"""Fault injection for the fake Zoho server: ``--faults SPEC``.

SPEC is a comma-separated list of ``name=value`` items; the faults hit CRM API
requests only (the token endpoint and ``/__sandbox__`` are spared)::

    429=0.2          answer 429 TOO_MANY_REQUESTS to 20% of requests (before handling)
    burst=3          each 429 starts a run of 3 (a burst)
    retry-after=1    send ``Retry-After: 1`` with each 429
    503=0.1          answer 503 before handling (nothing applied)
    500=0.1          handle the request (a write is applied), then answer 500
    drop=0.1         handle the request, then drop the connection mid-answer
    slow=0.1:2.5     delay 10% of answers by 2.5 s
    expire=50        invalidate every access token after each 50 requests (401 INVALID_TOKEN)
    seed=7           the random seed (default 0: every run of a spec is the same)

A value ``every:N`` instead of a fraction hits every N-th request (``500=every:4``).
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field

KINDS = ("429", "503", "500", "drop", "slow")


class FaultSpecError(ValueError):
    pass


@dataclass
class Decision:
    """What happens to one request."""

    before: int | None = None      # answer this status without handling (429, 503)
    after: str | None = None       # "500" or "drop": handle, then fail
    delay: float = 0.0
    expire_tokens: bool = False


@dataclass
class Faults:
    rates: dict = field(default_factory=dict)    # kind -> ("p", fraction) | ("every", n)
    burst: int = 1
    retry_after: int | None = None
    slow_seconds: float = 0.0
    expire_every: int | None = None
    seed: int = 0
    counts: dict = field(default_factory=dict)   # what was injected so far

    def __post_init__(self):
        self._rng = random.Random(self.seed)
        self._lock = threading.Lock()
        self._requests = 0
        self._burst_left = 0

    @classmethod
    def parse(cls, spec: str | None) -> "Faults":
        faults = cls()
        for item in filter(None, (part.strip() for part in (spec or "").split(","))):
            name, sep, value = item.partition("=")
            name = name.strip().lower()
            if not sep:
                raise FaultSpecError(f"fault {item!r}: expected NAME=VALUE")
            try:
                if name in KINDS:
                    if name == "slow":  # slow=RATE:SECONDS
                        value, _, seconds = value.rpartition(":")
                        faults.slow_seconds = float(seconds)
                    faults.rates[name] = _rate(value)
                elif name == "burst":
                    faults.burst = max(1, int(value))
                elif name == "retry-after":
                    faults.retry_after = max(0, int(value))
                elif name == "expire":
                    faults.expire_every = max(1, int(value))
                elif name == "seed":
                    faults.seed = int(value)
                else:
                    raise FaultSpecError(f"unknown fault {name!r}; known: "
                                         + ", ".join((*KINDS, "burst", "retry-after", "expire",
                                                      "seed")))
            except ValueError as exc:
                if isinstance(exc, FaultSpecError):
                    raise
                raise FaultSpecError(f"fault {item!r}: {exc}") from None
        faults.__post_init__()
        return faults

    def decide(self) -> Decision:
        """The fate of the next API request (thread-safe)."""
        with self._lock:
            self._requests += 1
            n = self._requests
            decision = Decision()
            if self.expire_every and n % self.expire_every == 0:
                decision.expire_tokens = True
                self._count("expire")
            if self._burst_left > 0 or self._hit("429", n):
                self._burst_left = (self._burst_left or self.burst) - 1
                decision.before = 429
            elif self._hit("503", n):
                decision.before = 503
            elif self._hit("500", n):
                decision.after = "500"
            elif self._hit("drop", n):
                decision.after = "drop"
            if self._hit("slow", n):
                decision.delay = self.slow_seconds
                self._count("slow")
            for kind in (decision.before, decision.after):
                if kind is not None:
                    self._count(str(kind))
            return decision

    def _hit(self, kind: str, n: int) -> bool:
        rate = self.rates.get(kind)
        if rate is None:
            return False
        mode, value = rate
        if mode == "every":
            return n % value == 0
        return self._rng.random() < value

    def _count(self, kind: str) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + 1


def _rate(value: str):
    value = value.strip()
    if value.startswith("every:"):
        n = int(value.split(":", 1)[1])
        if n < 1:
            raise ValueError("every:N needs N >= 1")
        return ("every", n)
    fraction = float(value)
    if not 0 <= fraction <= 1:
        raise ValueError("a rate is a fraction between 0 and 1")
    return ("p", fraction)
