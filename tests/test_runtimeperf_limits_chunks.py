"""The statement counter's chunks (``Limits._counted``) count exactly what charging every
pass one by one counts: at every charge, at the limit error, and after every loop, with
nested loops, function calls inside loops, ``break`` and errors."""

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from deluge2py.runtime.errors import DelugeLimitError
from deluge2py.runtime.limits import Limits


class PassByPass(Limits):
    """The reference: every pass charged as it begins."""

    def _counted(self, items, n):
        for item in items:
            self.executed += n
            if self.executed > self._check_at:
                self._check()
            yield item


@dataclass(frozen=True)
class Loop:
    size: int
    n: int
    body: tuple
    break_at: int | None = None
    fail_at: int | None = None


@dataclass(frozen=True)
class Call:
    statements: int


class Failed(Exception):
    pass


def run(limits, program):
    """Interpret *program*; the trace of counts seen at every observable point."""
    trace = []

    def body(steps):
        for step in steps:
            if isinstance(step, Call):
                limits.charge(step.statements)
                trace.append(("call", limits.executed))
            else:
                loop(step)

    def loop(spec):
        try:
            for i in limits.iterate(tuple(range(spec.size)), spec.n):
                if i == spec.break_at:
                    break
                if i == spec.fail_at:
                    raise Failed
                body(spec.body)
        except Failed:
            trace.append(("failed", limits.executed))
        trace.append(("loop done", limits.executed))

    limits.begin("standalone.f")
    try:
        body(program)
    except DelugeLimitError as error:
        trace.append(("limit", str(error)))
    trace.append(("end", limits.executed))
    return trace


def loops(depth):
    step = st.builds(Call, st.integers(0, 5))
    if depth > 0:
        step = step | loops(depth - 1)
    maybe_index = st.none() | st.integers(0, 12)
    return st.builds(Loop, st.integers(0, 12), st.integers(1, 6),
                     st.lists(step, max_size=3).map(tuple), maybe_index, maybe_index)


programs = st.lists(st.builds(Call, st.integers(0, 5)) | loops(2), min_size=1, max_size=3)


@settings(max_examples=200, deadline=None)
@given(programs, st.integers(0, 400))
def test_chunks_count_what_pass_by_pass_counting_counts(program, limit):
    expected = run(PassByPass(statements=limit, seconds=None), program)
    assert run(Limits(statements=limit, seconds=None), program) == expected


def test_a_long_loop_stops_at_the_exact_pass_that_passes_the_limit():
    limits = Limits(statements=1000, seconds=None)
    limits.begin("standalone.f")
    passes = 0
    try:
        for _ in limits.iterate(tuple(range(10_000)), 7):
            passes += 1
    except DelugeLimitError:
        pass
    assert passes == 1000 // 7 and limits.executed == (1000 // 7 + 1) * 7


def test_the_clock_is_still_read_every_thousand_statements():
    readings = []

    def clock():
        readings.append(1)
        return 0.0

    limits = Limits(seconds=60, clock=clock)
    limits.begin("standalone.f")
    for _ in limits.iterate(tuple(range(5_000)), 3):
        pass
    assert limits.executed == 15_000
    assert len(readings) >= 15
