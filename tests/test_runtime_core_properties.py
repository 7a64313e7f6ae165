"""Property tests: every operator on any pair of Deluge values gives a Deluge value or a
DelugeRuntimeError, never another exception."""

import datetime
import operator

from hypothesis import given, settings
from hypothesis import strategies as st

from deluge2py.runtime import (Collection, Context, DateTime, Decimal, DelugeRuntimeError,
                               File, List, Map, Number, Text, deluge_function)
from deluge2py.runtime.render import render
from deluge2py.runtime.values import NUMBER_MAX, NUMBER_MIN

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.text(max_size=8).map(Text),
    st.sampled_from(["0", "12", "-3.5", " 7 "]).map(Text),
    st.integers(NUMBER_MIN, NUMBER_MAX).map(Number),
    st.integers(-5, 5).map(Number),
    st.floats(allow_nan=False, allow_infinity=False).map(Decimal),
    st.datetimes(datetime.datetime(1900, 1, 1), datetime.datetime(2100, 1, 1)).map(DateTime),
    st.just(File("f.txt", b"x")),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(List),
        st.dictionaries(st.text(max_size=3), inner, max_size=3).map(Map),
        st.lists(inner, max_size=3).map(lambda items: Collection(*items)),
    ),
    max_leaves=6,
)

DELUGE_TYPES = (Text, Number, Decimal, Map, List, Collection, File, DateTime, bool, type(None))
ARITHMETIC = [operator.add, operator.sub, operator.mul, operator.truediv, operator.mod]
COMPARISONS = [operator.eq, operator.ne, operator.lt, operator.le, operator.gt, operator.ge]


@deluge_function(source="properties.dg", name="standalone.apply_operator")
def apply_operator(op, a, b):
    """Generated code applies Python operators directly; the wrapper catches what the value
    classes cannot see (both operands None or bool)."""
    return op(a, b)


def _check(op, a, b):
    with Context(meter=None):
        try:
            result = apply_operator(op, a, b)
        except DelugeRuntimeError:
            return
    if op in COMPARISONS:
        assert type(result) is bool
    else:
        assert type(result) in DELUGE_TYPES, (op, a, b, result)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(ARITHMETIC + COMPARISONS), values, values)
def test_binary_operators_stay_in_deluge(op, a, b):
    if op in ARITHMETIC and type(a) is bool and isinstance(b, int) and type(b) is not bool:
        return  # bool's own int arithmetic answers first: see docs/semantics.md
    _check(op, a, b)


@settings(max_examples=150, deadline=None)
@given(values, values)
def test_direct_dunders_never_raise_python_errors(a, b):
    """Without the wrapper: when either side is a value class, its dunder decides."""
    if not isinstance(a, DELUGE_TYPES[:8]) and not isinstance(b, DELUGE_TYPES[:8]):
        return
    if type(a) is bool and isinstance(b, int):
        return
    for op in ARITHMETIC + COMPARISONS:
        try:
            result = op(a, b)
        except DelugeRuntimeError:
            continue
        assert type(result) in DELUGE_TYPES, (op, a, b, result)


@settings(max_examples=200, deadline=None)
@given(values)
def test_unary_minus_and_render(a):
    try:  # dates.py's own classes define their unary operators (or not) themselves
        result = -a if isinstance(a, DELUGE_TYPES[:7]) else None
    except DelugeRuntimeError:
        result = None
    assert type(result) in DELUGE_TYPES
    assert isinstance(render(a), str)


@settings(max_examples=200, deadline=None)
@given(values, st.text(max_size=5))
def test_plus_text_always_concatenates_the_rendering(a, s):
    text = Text(s)
    assert text + a == s + render(a)
    assert a + text == render(a) + s


left_operands = st.one_of(
    st.integers(NUMBER_MIN, NUMBER_MAX).map(Number),
    st.integers(-300, 300).map(Number),
    st.sampled_from([NUMBER_MIN, NUMBER_MAX, 255, 256, -1, 0]).map(Number),
    st.floats(allow_nan=False, allow_infinity=False).map(Decimal),
    st.booleans(),
    st.none(),
    st.text(max_size=3).map(Text),
)
# generated code passes plain ints and floats on the right only (literals; a literal on the
# left is wrapped when the right may be a boolean)
right_operands = st.one_of(left_operands, st.integers(-300, 300), st.floats(-1e3, 1e3))


def _outcome(function, a, b):
    try:
        result = function(a, b)
    except DelugeRuntimeError as error:
        return "error", str(error)
    return type(result), repr(result)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(["plus", "minus", "times", "modulo"]), left_operands, right_operands)
def test_checked_operators_agree_with_the_reference_rules(name, a, b):
    """``plus``/``minus``/``times``/``modulo`` compute numbers in their own frame; the
    result (type and value) or the error is what ``ops.add``... give, and what the value
    classes' own dunders give (a shared small Number is still a Number)."""
    from deluge2py.runtime import ops

    checked = getattr(ops, name)
    reference = {"plus": ops.add, "minus": ops.sub, "times": ops.mul, "modulo": ops.mod}[name]
    if type(a) is bool or a is None or (isinstance(a, (int, float)) and b is None) \
            or isinstance(b, str) or isinstance(a, str) or type(b) is bool:
        expected = _outcome(reference, a, b)
    else:
        dunder = {"plus": operator.add, "minus": operator.sub, "times": operator.mul,
                  "modulo": operator.mod}[name]
        expected = _outcome(dunder, a, b)
        if type(a) in (Number, Decimal):
            assert expected == _outcome(reference, a, b)
    assert _outcome(checked, a, b) == expected
