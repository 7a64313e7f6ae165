"""Zoho's per-execution limits: statements executed, nested function calls, time.

One ``Limits`` lives in each context.  ``begin`` starts a top-level execution (the
counters reset, the clock starts); ``charge(n)`` counts statements (the function
wrapper charges a body's statements outside loops, ``each`` charges a loop body per
iteration); ``enter``/``leave`` track nested calls.  The check per charge is one
add and one compare: the clock is read only every ``CLOCK_EVERY`` statements.

Values (reference/zoho-crm-runtime.md §4.2): 200,000 statements (CRM), 75 nested
calls, time by function category.  Pass ``None`` to switch one limit off, or
``enabled=False`` for all of them.
"""

from __future__ import annotations

import time
from itertools import chain

from .errors import DelugeLimitError

__all__ = ["Limits", "CATEGORY_SECONDS", "DEFAULT_SECONDS", "CRM_STATEMENTS", "NESTED_CALLS"]

CRM_STATEMENTS = 200_000
NESTED_CALLS = 75
#: Execution time by CRM function category (the category is the first part of the
#: function's name: ``automation.deal_update``).
CATEGORY_SECONDS = {
    "button": 10,
    "related_list": 10,
    "relatedlist": 10,
    "automation": 30,
    "workflow": 30,
    "blueprint": 30,
    "standalone": 60,
    "schedule": 900,
    "schedules": 900,
}
DEFAULT_SECONDS = 60
CLOCK_EVERY = 1000
_chain, _chain_parts = chain, chain.from_iterable


class Limits:
    """Limits and counters of one context.  ``seconds="category"`` takes the time limit
    from the function's category; a number sets it; None switches it off."""

    def __init__(self, *, statements=CRM_STATEMENTS, nested_calls=NESTED_CALLS,
                 seconds="category", enabled=True, clock=time.monotonic,
                 webhook=None, sendmail=None):
        self.statements = statements if enabled else None
        self.nested_calls = nested_calls if enabled else None
        self.seconds = seconds if enabled else None
        self.clock = clock
        self.webhook = webhook  # daily quotas, read by quota.py (None: Zoho's)
        self.sendmail = sendmail
        self._executed = 0  # ``executed``: with the passes a chunk charged ahead
        self.depth = 0
        self.function = None
        self._deadline = None
        self._time_limit = None
        self._next_clock = float("inf")
        self._chunk = None  # the passes a loop charged ahead (``_counted``)
        self._update_check()

    @property
    def counting(self) -> bool:
        """True when statements must be counted (a statement or time limit is on)."""
        return self.statements is not None or self.seconds is not None

    @property
    def executed(self) -> int:
        """The statements executed so far (a loop's passes charged ahead and not begun are
        given back first: ``_settle``)."""
        if self._chunk is not None:
            self._settle()
        return self._executed

    @executed.setter
    def executed(self, value):
        if self._chunk is not None:
            self._settle()
        self._executed = value

    def begin(self, function_name=None):
        """Start a top-level execution of *function_name* (``category.name``)."""
        self._executed = 0
        self._chunk = None
        self.function = function_name
        self._time_limit = self._seconds_for(function_name)
        self._deadline = None if self._time_limit is None else self.clock() + self._time_limit
        self._next_clock = CLOCK_EVERY if self._deadline is not None else float("inf")
        self._update_check()

    def _seconds_for(self, function_name):
        if self.seconds != "category":
            return self.seconds
        name = function_name or ""
        category = name.partition(".")[0].lower() if "." in name else ""
        return CATEGORY_SECONDS.get(category, DEFAULT_SECONDS)

    def _update_check(self):
        limit = self.statements if self.statements is not None else float("inf")
        self._check_at = min(limit, self._next_clock)

    def charge(self, n):
        """Count *n* executed statements."""
        if self._chunk is not None:
            self._settle()
        self._executed += n
        if self._executed > self._check_at:
            self._check()

    def iterate(self, items, n):
        """The items (a tuple or list of its own) of a ``for each``, charging *n* statements
        before each pass.  A loop that charges nothing (no items, an empty body: *n* is 0)
        is a plain iteration, as is every loop when nothing is counted."""
        if self.statements is None and self.seconds is None:
            return iter(items)
        if self._chunk is not None:
            self._settle()
        if not items or not n:
            return iter(items)
        return self._counted(items, n)

    def _counted(self, items, n):
        """Charges each pass as it begins.  Where no check point (the statement limit, the
        next clock reading) falls inside the next passes, they are charged together and
        run as a plain iteration (a *chunk*, ``_chunk``: its iterator, the statements a
        pass, the list its passes are moved to when settled).  Its passes not begun are
        given back when anything else charges or reads the count (``_settle``): while the
        loop goes on (an inner loop, a function call charges), they are then charged one by
        one as they begin (``_begin``); after it ended early (``break``, ``return``, an
        error) they never begin.  So the count is exact whenever it is checked or read.

        A loop whose passes all fit before the next check point, the commonest, is one
        chunk: its iterator chained to those settled passes, no Python code per pass.
        Other loops are chained from the parts ``_passes`` gives."""
        size = len(items)
        if (self._check_at - self._executed) // n >= size:
            passes = iter(items)
            chunk = self._chunk = (passes, n, [])
            self._executed += size * n
            return _chain(passes, self._after(chunk))
        return _chain_parts(self._passes(items, n))

    def _after(self, chunk):
        """What a chunk's loop runs when the chunk's iterator is exhausted: at the end of
        the loop, nothing (the chunk is done); after it was settled, its passes left, each
        charged as it begins."""
        if self._chunk is chunk:
            self._chunk = None
        n = chunk[1]
        for item in chunk[2]:
            self.charge(n)
            yield item

    def _passes(self, items, n):
        """The parts of a loop that reaches a check point: one pass (a 1-tuple) charged as
        it begins, or a chunk's iterator, whose passes not begun it gives back itself when
        the loop ends early (the iteration is dropped, which closes this generator)."""
        size = len(items)
        start = 0
        while start < size:
            if self._chunk is not None:  # an inner loop's, ended: its count made exact
                self._settle()
            room = (self._check_at - self._executed) // n
            if room < 2:
                self._executed += n
                if self._executed > self._check_at:
                    self._check()
                yield (items[start],)
                start += 1
                continue
            stop = size if room >= size - start else start + int(room)
            passes = iter(items[start:stop])
            chunk = (passes, n, [])
            self._executed += (stop - start) * n
            self._chunk = chunk
            try:
                yield passes
            finally:
                if self._chunk is chunk:
                    self._chunk = None
                    self._executed -= passes.__length_hint__() * n  # passes not begun
            start = stop
            for item in chunk[2]:
                yield (self._begin(item, n),)

    def _begin(self, item, n):
        """A pass of a settled chunk begins: charged alone."""
        self.charge(n)
        return item

    def _settle(self):
        """Something charges or reads the count during or after a chunk: take back its
        passes not begun, moved to its list of settled passes."""
        passes, n, rest = self._chunk
        self._chunk = None
        rest.extend(passes)
        self._executed -= len(rest) * n

    def _check(self):
        if self.statements is not None and self._executed > self.statements:
            raise DelugeLimitError(
                f"Execution exceeded the limit of {self.statements} statements "
                f"(statements executed: {self._executed})"
            )
        if self._deadline is not None and self._executed >= self._next_clock:
            self._next_clock = self._executed + CLOCK_EVERY
            if self.clock() > self._deadline:
                raise DelugeLimitError(
                    f"Execution exceeded the time limit of {self._time_limit:g} seconds"
                    + (f" for {self.function}" if self.function else "")
                )
        self._update_check()

    def enter(self, function_name=None):
        """A Deluge function is called (the top-level one included)."""
        self.depth += 1
        if self.nested_calls is not None and self.depth > self.nested_calls + 1:
            self.depth -= 1
            raise DelugeLimitError(
                f"Maximum number of nested function calls ({self.nested_calls}) exceeded"
                + (f" when calling {function_name}" if function_name else "")
            )

    def leave(self):
        self.depth -= 1
