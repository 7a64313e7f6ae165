"""Worst cases and bulk hints on top of ``estimate``: how often each loop can run, what
a function costs at most, and which per-record writes in a loop could be one bulk call.

A loop's bound is known when it walks a literal list (``for each x in {1, 2, 3}``) or
a page of records: ``zoho.crm.getRecords``/``searchRecords``/``getRelatedRecords``
return at most their ``per_page`` argument (a number literal) or 200, Zoho's default
and maximum (reference zoho-crm-runtime.md, getRecords "Paging").  The list may be
the loop's own expression or a variable last assigned one before the loop.  Anything
else (a list built at run time, a field of a record) has no known bound.

A ``createRecord``/``updateRecord`` inside a loop costs 1 credit per record; the
records could be collected in a list and written with ``bulkCreate``/``bulkUpdate``,
which cost 1 credit per 10 records and take at most 100 records a call (reference
§3.2).  For N records that is ``ceil(N / 10)`` credits instead of N.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from . import nodes
from .estimate import FunctionEstimate, _dotted
from .words import counted

PAGE_DEFAULT = 200
# Task -> index of its per_page argument (0-based, after the module name etc.).
PAGED_TASKS = {"getrecords": 2, "searchrecords": 3, "getrelatedrecords": 4}
BULK_OF = {"updaterecord": "bulkUpdate", "createrecord": "bulkCreate"}
BULK_MAX = 100


@dataclass
class LoopBound:
    line: int
    bound: int | None  # None: not known statically
    why: str  # "a list of 3 items", "a getRecords page (at most 200 records)", ...


@dataclass
class BulkHint:
    line: int  # the per-record task
    task: str
    loop_line: int
    bulk: str  # the bulk task to use instead
    records: int | None  # the loop's bound, when known

    @property
    def credits_now(self) -> int | None:
        return self.records

    @property
    def credits_bulk(self) -> int | None:
        return None if self.records is None else max(1, math.ceil(self.records / 10))

    @property
    def saved(self) -> int | None:
        return None if self.records is None else self.credits_now - self.credits_bulk

    def text(self) -> str:
        calls = (f"{math.ceil(self.records / BULK_MAX)} {self.bulk} call"
                 + ("s" if self.records > BULK_MAX else "")) if self.records else f"{self.bulk}"
        if self.records is None:
            return (f"line {self.line}: {self.task} once per pass of the loop at line {self.loop_line}: "
                    f"collect the records and call {self.bulk} (1 credit per 10 records, "
                    f"100 a call) to save about 9 of every 10 credits")
        return (f"line {self.line}: {self.task} once per pass of the loop at line {self.loop_line} "
                f"(up to {counted(self.records, 'record')}, {counted(self.credits_now, 'credit')}): collect them and use "
                f"{calls} for {counted(self.credits_bulk, 'credit')}, saving {self.saved}")

    def to_json(self) -> dict:
        return {"line": self.line, "task": self.task, "loop_line": self.loop_line, "bulk": self.bulk,
                "records": self.records, "credits_now": self.credits_now,
                "credits_bulk": self.credits_bulk, "saved": self.saved}


@dataclass
class WorstCase:
    function: str
    credits: int | None  # API credits of one run at most; None when a loop is unbounded
    unbounded: list = field(default_factory=list)  # LoopBound of loops without a bound
    hints: list = field(default_factory=list)  # BulkHint

    def to_json(self) -> dict:
        return {"worst_case_api_credits": self.credits,
                "unbounded_loops": [{"line": b.line, "why": b.why} for b in self.unbounded],
                "bulk_hints": [h.to_json() for h in self.hints]}


def loop_bounds(module: nodes.Module) -> dict[int, LoopBound]:
    """The bound of every ``for each`` in the module, by its line."""
    bounds: dict[int, LoopBound] = {}
    bodies = [fn.body for fn in module.functions]
    if module.script is not None:
        bodies.append(module.script)
    for body in bodies:
        assigned: dict[str, list[tuple[int, object]]] = {}
        for node in nodes.walk(body):
            if isinstance(node, nodes.Assign) and isinstance(node.target, nodes.Name) and node.op == "=":
                assigned.setdefault(node.target.name.lower(), []).append((node.pos.line, node.value))
        for node in nodes.walk(body):
            if isinstance(node, nodes.ForEach):
                bounds[node.pos.line] = _bound(node, assigned)
    return bounds


def _bound(loop: nodes.ForEach, assigned) -> LoopBound:
    expr, via = loop.iterable, ""
    if isinstance(expr, nodes.Name):
        earlier = [value for line, value in assigned.get(expr.name.lower(), []) if line < loop.pos.line]
        if not earlier:
            return LoopBound(loop.pos.line, None, f"{expr.name} is not assigned before the loop")
        if len(assigned[expr.name.lower()]) > len(earlier):
            return LoopBound(loop.pos.line, None, f"{expr.name} is assigned inside or after the loop")
        expr, via = earlier[-1], f"{expr.name} = "
    if isinstance(expr, nodes.ListLit):
        count = len(expr.items)
        return LoopBound(loop.pos.line, count, f"{via}a list of {count} item{'s' * (count != 1)}")
    page = _page_size(expr)
    if page is not None:
        task, size = page
        return LoopBound(loop.pos.line, size, f"{via}a {task} page (at most {size} records)")
    return LoopBound(loop.pos.line, None, "the list is built at run time")


def _page_size(expr) -> tuple[str, int] | None:
    if not isinstance(expr, nodes.MethodCall):
        return None
    path = _dotted(expr.receiver)
    if not path or [p.lower() for p in path[:2]] != ["zoho", "crm"]:
        return None
    index = PAGED_TASKS.get(expr.method.lower())
    if index is None:
        return None
    size = PAGE_DEFAULT
    if len(expr.args) > index and isinstance(expr.args[index], nodes.Number):
        try:
            size = min(PAGE_DEFAULT, int(expr.args[index].text))
        except ValueError:
            pass
    return expr.method, size


def worst_case(estimate: FunctionEstimate, bounds: dict[int, LoopBound]) -> WorstCase:
    """The most API credits one run of ``estimate``'s function can spend, and its hints."""
    result = WorstCase(estimate.name, 0)
    for site in estimate.sites:
        times = 1
        for loop in site.loops:
            bound = bounds.get(loop.line)
            if bound is None or bound.bound is None:
                times = None
                if bound is not None and bound not in result.unbounded:
                    result.unbounded.append(bound)
                break
            times *= bound.bound
        if times is None:
            result.credits = None
        elif result.credits is not None:
            result.credits += site.credits[1] * times
        bulk = BULK_OF.get(site.task.rsplit(".", 1)[-1].lower())
        if bulk and site.loops and not site.via:
            inner = bounds.get(site.loops[-1].line)
            result.hints.append(BulkHint(site.line, site.task, site.loops[-1].line, bulk,
                                         inner.bound if inner else None))
    return result
