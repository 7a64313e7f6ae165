"""The runtime's fast paths give exactly what the general code gives.

Each fast path (compiled date patterns, digit-string rounding, the specialised
``@builtin`` wrapper, the forwarders' per-type method cache, ``java_double``'s
positional case) is checked against the general rule it short-cuts.
"""

import datetime as dt
import decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deluge2py.runtime import Context, DateTime, Decimal, DelugeRuntimeError, Map, Text, toString
from deluge2py.runtime.builtins import TEXT, builtin
from deluge2py.runtime.builtins.dates_fn import (
    PatternError,
    _format_field,
    compile_pattern,
    format_pattern,
    resolve_zone,
    tokenize,
)
from deluge2py.runtime.builtins.number import _round_decimal, _round_digits
from deluge2py.runtime.render import java_double

LETTERS = "GyYMLwWDdFEuaHkKhmsSzZX"


def interpreted(moment, pattern):
    """The pattern read field by field, as the formatter did before it was compiled."""
    return "".join(token if isinstance(token, str) else _format_field(moment, *token)
                   for token in tokenize(pattern))


field = st.tuples(st.sampled_from(LETTERS), st.integers(1, 5)).map(lambda t: t[0] * t[1])
literal = st.sampled_from(["-", " ", "/", ":", "%", "%d", "{0}", "'at'", "''", ".", ",", "T"])
patterns = st.lists(st.one_of(field, literal), min_size=1, max_size=6).map("".join)
moments = st.datetimes(min_value=dt.datetime(2, 1, 1), max_value=dt.datetime(9998, 12, 31))
zones = st.sampled_from(["UTC", "Asia/Kolkata", "America/New_York", "GMT-03:30"])


@settings(max_examples=300, deadline=None)
@given(patterns, moments, zones)
def test_a_compiled_pattern_prints_what_the_field_by_field_reading_prints(pattern, moment, zone):
    aware = moment.replace(tzinfo=resolve_zone(zone))
    try:
        expected = interpreted(aware, pattern)
    except PatternError:
        with pytest.raises(PatternError):
            compile_pattern(pattern)
        return
    assert format_pattern(aware, pattern) == expected
    format_moment, zoned = compile_pattern(pattern)
    assert zoned == any(isinstance(t, tuple) and t[0] in "zZX" for t in tokenize(pattern))
    if not zoned:  # the wall clock alone gives the same text
        assert format_moment(moment) == expected


@settings(max_examples=150, deadline=None)
@given(patterns, moments, zones)
def test_to_string_without_a_zone_prints_the_org_zone_moment(pattern, moment, zone):
    value = DateTime(moment)
    with Context(meter=None, time_zone=zone):
        try:
            expected = Text(interpreted(moment.replace(microsecond=value.value.microsecond,
                                                       tzinfo=resolve_zone(zone)), pattern))
        except PatternError:
            expected = None
        assert value.toString(pattern) == expected
        assert toString(value, pattern) == expected


@settings(max_examples=500, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False), st.integers(1, 25),
       st.sampled_from([decimal.ROUND_HALF_UP, decimal.ROUND_DOWN]))
def test_digit_string_rounding_equals_decimal_rounding(value, digits, mode):
    fast = _round_digits(value, digits, mode)
    if fast is None:
        assert "e" in repr(value)
        return
    assert repr(fast) == repr(float(_round_decimal(value, digits, mode)))


@pytest.mark.parametrize("value, digits", [(2.675, 2), (-2.675, 2), (218.5, 0), (-0.004, 2),
                                           (0.125, 2), (999.995, 2), (1e-7, 3)])
def test_round_and_truncate_agree_with_the_decimal_rule(value, digits):
    for method, mode in (("round", decimal.ROUND_HALF_UP), ("truncate", decimal.ROUND_DOWN)):
        result = getattr(Decimal(value), method)(digits)
        expected = _round_decimal(value, digits, mode)
        assert type(result) is type(expected) and repr(result) == repr(expected)


@given(st.floats())
def test_java_double_positional_range_is_python_repr(x):
    text = java_double(x)
    if 1e-3 <= abs(x) < 1e7:
        assert text == repr(x)
    else:
        assert text in ("NaN", "Infinity", "-Infinity", "0.0", "-0.0") or "E" in text


class _Probe:
    @builtin
    def plain(self, a, b=None):
        return len(a)  # a TypeError from inside, for an argument without len

    @builtin
    def typed(self, a: TEXT, b: TEXT = None):
        return a + (b or "")


def test_a_wrong_argument_count_is_the_deluge_arity_error():
    probe = _Probe()
    for call in (lambda: probe.plain(), lambda: probe.plain("x", 1, 2),
                 lambda: probe.typed(), lambda: probe.typed("a", "b", "c")):
        with pytest.raises(DelugeRuntimeError, match="No. of arguments mismatches"):
            call()


def test_a_type_error_inside_a_builtin_is_not_reported_as_a_wrong_count():
    with pytest.raises(TypeError):
        _Probe().plain(5)


def test_converters_apply_only_to_the_arguments_given():
    probe = _Probe()
    assert probe.typed(12) == "12" and probe.typed("a", 3) == "a3"
    with pytest.raises(DelugeRuntimeError, match="argument 2 of the function 'typed'"):
        probe.typed("a", Map())


def test_a_forwarder_dispatches_on_each_receiver_type_it_sees():
    day = DateTime(dt.date(2024, 3, 5))
    assert toString(day, "yyyy/MM/dd") == "2024/03/05"
    assert toString(Decimal(2.5)) == "2.5"
    assert toString(day, "dd") == "05"
    assert toString(None) == "null"  # null reaches the common toString
    with pytest.raises(DelugeRuntimeError, match="No. of arguments mismatches"):
        toString(day, "dd", "UTC", "extra")


def test_map_get_of_an_unhashable_key_is_null():
    m = Map({"a": 1})
    assert m.get(Map()) is None and m.get("a") == 1 and m.get("b") is None
