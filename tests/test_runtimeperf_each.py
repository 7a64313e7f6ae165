"""``each()`` made cheap: lists copied by ``list.copy``, ``Limits.iterate`` written out in it,
a loop that fits before the next check point chained at C speed with its passes not begun
given back when the count is next read or charged.  Each must answer exactly as the plain
forms did: the same elements (a snapshot), the same errors, the same statement counts at
every charge, at the limit error and at the end."""

from dataclasses import dataclass
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deluge2py.runtime import (Collection, Context, Decimal, DelugeRuntimeError, List, Map, Number,
                               Text, each, each_index, to_deluge)
from deluge2py.runtime.errors import DelugeLimitError
from deluge2py.runtime import limits as limits_module
from deluge2py.runtime.limits import Limits
from deluge2py.runtime.ops import _snapshot


class PassByPass(Limits):
    """The reference: every pass charged as it begins (what ``_counted`` did, one by one)."""

    def _counted(self, items, n):
        for item in items:
            self.executed += n
            if self.executed > self._check_at:
                self._check()
            yield item


def plain_each(x, n, limits):
    """``each`` as it was: ``_snapshot``, then ``Limits.iterate``."""
    return limits.iterate(_snapshot(x), n)


# --- the elements --------------------------------------------------------------------------

plain_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 300) | st.floats(allow_nan=False)
    | st.text(alphabet="ab, ", max_size=6),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text("abc", max_size=2),
                                                                 inner, max_size=4),
    max_leaves=12)


def iterables():
    lists = st.lists(plain_values, max_size=8)
    return st.one_of(
        lists.map(to_deluge), lists, lists.map(tuple),
        st.text(alphabet="ab,", max_size=8), st.text(alphabet="ab,", max_size=8).map(Text),
        st.dictionaries(st.text("abc", max_size=2), plain_values, max_size=5).map(to_deluge),
        lists.map(lambda items: Collection(*items) if items else Collection()),
        st.none(), st.integers(), st.floats(allow_nan=False), st.booleans(),
    )


def outcome(make, x, n):
    try:
        items = list(make(x, n))
    except DelugeRuntimeError as error:
        return ("error", type(error), str(error))
    return ("ok", [type(item) for item in items], items)


@settings(max_examples=400, deadline=None)
@given(iterables(), st.integers(0, 3), st.booleans())
def test_each_gives_what_the_plain_form_gives(x, n, counting):
    limits = Limits() if counting else Limits(enabled=False)
    with Context(meter=None, limits=limits):
        limits.begin("standalone.f")
        ours = outcome(each, x, n)
        after_ours = limits.executed
        limits.begin("standalone.f")
        theirs = outcome(lambda x, n: plain_each(x, n, limits), x, n)
        assert ours == theirs
        assert after_ours == limits.executed


@settings(max_examples=200, deadline=None)
@given(iterables(), st.integers(0, 3))
def test_each_index_gives_what_the_plain_form_gives(x, n):
    with Context(meter=None) as ctx:
        ctx.limits.begin("standalone.f")
        ours = outcome(each_index, x, n)
        try:
            size = len(_snapshot(x))
            theirs = outcome(lambda x, n: ctx.limits.iterate(
                tuple(Number(i) for i in range(size)), n), x, n)
        except DelugeRuntimeError as error:
            theirs = ("error", type(error), str(error))
        assert ours == theirs


def test_each_iterates_a_snapshot():
    with Context(meter=None):
        for make in (lambda: List([1, 2, 3]), lambda: [1, 2, 3]):
            items, seen = make(), []
            for item in each(items, 1):
                items.append(item)
                items.remove(items[0])
                seen.append(item)
            assert seen == [1, 2, 3]
        keys, seen = Map({"a": 1, "b": 2}), []
        for key in each(keys, 1):
            keys.put(key + "x", 1)
            seen.append(key)
        assert seen == ["a", "b"]


def test_each_index_over_many_items_counts_past_the_shared_numbers():
    with Context(meter=None):
        indexes = list(each_index(List(range(300)), 1))
    assert indexes == list(range(300)) and {type(i) for i in indexes} == {Number}


def test_null_and_numbers_are_the_documented_errors():
    with Context(meter=None):
        with pytest.raises(DelugeRuntimeError, match="Cannot iterate over null with for each"):
            each(None, 1)
        for value, name in ((Number(3), "BIGINT"), (Decimal(2.5), "DECIMAL"), (True, "BOOLEAN")):
            with pytest.raises(DelugeRuntimeError) as raised:
                each(value, 1)
            assert str(raised.value) == f"Cannot iterate over a value of type {name} with for each"


def test_null_in_converted_code_is_the_error_with_its_deluge_line(tmp_path, capsys):
    from deluge2py.cli import main

    path = tmp_path / "null_loop.dg"
    path.write_text('void null_loop()\n{\n\tm = Map();\n\tfor each x in m.get("none")\n'
                    '\t{\n\t\tinfo x;\n\t}\n}\n')
    assert main(["run", str(path)]) == 1
    err = capsys.readouterr().err
    assert "null_loop.dg:4: error: Cannot iterate over null with for each" in err


def test_a_loop_with_an_empty_body_runs(tmp_path, capsys):
    """``for each x in items {}``: a pass charges 0 statements (it was a division by zero)."""
    from deluge2py.cli import main

    path = tmp_path / "empty_body.dg"
    path.write_text('void empty_body(list items)\n{\n\tfor each x in items\n\t{\n\t}\n'
                    '\tinfo "done";\n}\n')
    assert main(["run", str(path), "--arg", "items=[1,2,3]"]) == 0
    out = capsys.readouterr().out
    assert "done" in out and "2 statements counted" in out


# --- the counts ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Loop:
    size: int
    n: int
    body: tuple
    break_at: int | None = None
    fail_at: int | None = None
    returns_at: int | None = None


@dataclass(frozen=True)
class Call:
    statements: int


class Failed(Exception):
    pass


class Returned(Exception):
    pass


def run(limits, program, kind):
    """Interpret *program* as converted code runs it, through ``each``: what it observes.
    The count is read only where converted code reads it: after a charge (a call) and at
    the end, never right after a loop (nothing would settle a chunk there)."""
    trace = []

    def body(steps):
        for step in steps:
            if isinstance(step, Call):
                limits.charge(step.statements)
                trace.append(("call", limits.executed))
            else:
                loop(step)

    def loop(spec):
        items = List(range(spec.size)) if kind == "list" else ",".join("x" * spec.size)
        try:
            for i, _ in enumerate(each(items, spec.n)):
                trace.append(("pass", i))
                if i == spec.break_at:
                    break
                if i == spec.fail_at:
                    raise Failed
                if i == spec.returns_at:
                    raise Returned
                body(spec.body)
        except Failed:
            trace.append("failed")

    with Context(meter=None, limits=limits):
        limits.begin("standalone.f")
        try:
            body(program)
        except DelugeLimitError as error:
            trace.append(("limit", str(error)))
        except Returned:
            trace.append("returned")
        trace.append(("end", limits.executed))
    return trace


def loops(depth):
    step = st.builds(Call, st.integers(0, 5))
    if depth > 0:
        step = step | loops(depth - 1)
    maybe_index = st.none() | st.integers(0, 2) | st.integers(0, 12)
    return st.builds(Loop, st.integers(0, 12), st.integers(0, 6),
                     st.lists(step, max_size=3).map(tuple), maybe_index, maybe_index,
                     maybe_index)


programs = st.lists(st.builds(Call, st.integers(0, 5)) | loops(2), min_size=1, max_size=4)


@settings(max_examples=300, deadline=None)
@given(programs, st.integers(0, 400), st.sampled_from(["list", "text"]))
def test_each_counts_what_pass_by_pass_counting_counts(program, limit, kind):
    expected = run(PassByPass(statements=limit, seconds=None), program, kind)
    assert run(Limits(statements=limit, seconds=None), program, kind) == expected


@settings(max_examples=150, deadline=None)
@given(programs, st.sampled_from(["list", "text"]), st.integers(1, 9))
def test_each_reads_the_clock_where_pass_by_pass_counting_reads_it(program, kind, every):
    def clock_readings(limits_class):
        readings = []

        def clock():
            readings.append(limits.executed)
            return 0.0

        limits = limits_class(statements=None, seconds=1e9, clock=clock)
        return run(limits, program, kind), readings

    with mock.patch.object(limits_module, "CLOCK_EVERY", every):
        assert clock_readings(Limits) == clock_readings(PassByPass)


def test_an_abandoned_chunk_is_given_back_before_the_next_check():
    """A loop left early leaves its passes not begun charged until something reads or
    charges: the next check must not see them (the limit error's count is exact)."""
    limits = Limits(statements=12, seconds=None)
    with Context(meter=None, limits=limits):
        limits.begin("standalone.f")
        for item in each(List(range(10)), 1):
            if item == 1:
                break  # 2 passes begun, 8 charged ahead
        limits.charge(10)  # 12: at the limit, not past it
        with pytest.raises(DelugeLimitError, match=r"statements executed: 13\)"):
            for _ in each(List(range(5)), 1):
                pass


def test_an_inner_loop_left_early_does_not_count_in_the_outer_loops_check():
    """The outer loop reaches the limit pass by pass; the inner loop it runs breaks at once,
    leaving a pass charged ahead: the outer loop's next pass must not count it."""
    program = [Loop(2, 3, (Loop(2, 1, (), break_at=0),))]
    trace = run(Limits(statements=5, seconds=None), program, "list")
    assert trace == run(PassByPass(statements=5, seconds=None), program, "list")
    assert ("limit", "Execution exceeded the limit of 5 statements (statements executed: 7)") \
        in trace
