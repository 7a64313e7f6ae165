"""Operators: Deluge's rules through Python's own operators, and the language helpers."""

import pytest

from deluge2py.runtime import (Collection, Context, Decimal, DelugeRuntimeError, List, Map,
                               Number, Text, contains_op, datetime_literal, each, each_index,
                               set_field, truth)


def test_plus_concatenates_with_text_on_either_side():
    assert Number(1) + "2" == "12" and type(Number(1) + "2") is Text
    assert "a" + Number(1) == "a1"
    assert Text("a") + Decimal(2.5) == "a2.5"
    assert Text("x") + None == "xnull" and None + Text("x") == "nullx"
    assert Text("v") + True == "vtrue"
    assert Text("l:") + List([1, "a"]) == "l:1,a"
    assert Map({"k": 1}) + "!" == '{"k":1}!'
    assert Number(1) + Number(2) + "x" == "3x"
    assert "x" + Number(1) + Number(2) == "x12"


def test_arithmetic_types():
    assert type(Number(2) + 3) is Number and Number(2) + 3 == 5
    assert type(3 + Number(2)) is Number
    assert type(Number(2) * Decimal(1.5)) is Decimal and Number(2) * Decimal(1.5) == 3.0
    assert type(2 + Decimal(0.5)) is Decimal
    assert type(Number(5) - 7) is Number and Number(5) - 7 == -2
    assert type(-Number(5)) is Number and type(-Decimal(1.5)) is Decimal


def test_division():
    half = Number(5) / 2
    assert type(half) is Decimal and half == 2.5
    whole = Number(4) / 2
    assert type(whole) is Number and whole == 2
    assert type(Decimal(4.0) / 2) is Decimal
    assert Number(20) / 100 == 0.2
    assert type(7 / Number(7)) is Number
    for zero in (0, Decimal(0.0)):
        with pytest.raises(DelugeRuntimeError, match="Division by zero"):
            Number(1) / zero
        with pytest.raises(DelugeRuntimeError, match="Division by zero"):
            Number(1) % zero


def test_remainder_takes_the_dividends_sign():
    assert Number(-7) % 3 == -1 and Number(7) % -3 == 1
    assert Decimal(-7.5) % 2 == -1.5


def test_overflow_is_an_error():
    with pytest.raises(DelugeRuntimeError, match="64-bit"):
        Number(2**62) * 2
    with pytest.raises(DelugeRuntimeError):
        Number(2**63 - 1) + 1


@pytest.mark.parametrize("expr", [
    lambda: Text("a") - 1, lambda: Text("a") * 3, lambda: "a" * Number(3),
    lambda: Number(1) + None, lambda: None + Number(1), lambda: Number(1) + True,
    lambda: Map() - Map(), lambda: List() * 2, lambda: List() + List(), lambda: -Text("a"),
    lambda: Decimal(1.0) + None, lambda: Map() + Number(1),
])
def test_unsupported_pairs_raise_the_zoho_message(expr):
    with pytest.raises(DelugeRuntimeError, match="Left expression is of type|not valid"):
        expr()


def test_date_plus_number_is_the_documented_error():
    with pytest.raises(DelugeRuntimeError, match="TIMESTAMP and right expression is of type BIGINT"):
        datetime_literal("01-Jan-2020") + Number(1)


def test_equality():
    assert Number(200) == "200" and Text("200") == Number(200) and "200" == Number(200)
    assert Number(1) == Decimal(1.0)
    assert Number(1) != "one" and Number(1) != True  # noqa: E712
    assert Text("a") != "A"
    assert (None == Text("")) is False  # noqa: E711
    assert Number(0) != None  # noqa: E711
    assert Map({"a": 1}) == Map({"a": Number(1)}) and List([1, 2]) == List([1, 2])


def test_ordering():
    assert Number(3) < "10" and Text("b") > "a" and Decimal(1.5) < Number(2)
    with pytest.raises(DelugeRuntimeError):
        Number(1) < None
    with pytest.raises(DelugeRuntimeError):
        Number(1) < "abc"
    with pytest.raises(DelugeRuntimeError):
        Map() < Map()


def test_truth_accepts_only_booleans():
    assert truth(True) is True and truth(False) is False
    for value in (1, Text("true"), None, List(), Number(0)):
        with pytest.raises(DelugeRuntimeError, match="BOOLEAN"):
            truth(value)


def test_contains_op():
    assert contains_op(Number(1), List([1, 2]))
    assert not contains_op(Text("1"), List([1, 2]))
    assert contains_op("a", Map({"a": 1})) and not contains_op("A", Map({"a": 1}))
    assert contains_op("ell", Text("hello"))
    assert contains_op("b", Collection("a", "b"))
    with pytest.raises(DelugeRuntimeError):
        contains_op(1, None)


def test_set_field():
    rec = Map()
    set_field(rec, "Name", "x")
    assert rec == {"Name": "x"} and type(rec["Name"]) is Text
    with pytest.raises(DelugeRuntimeError):
        set_field(None, "Name", "x")


def test_each_iterates_a_snapshot():
    items = List([1, 2, 3])
    seen = []
    for v in each(items, 1):
        items.append(v)
        seen.append(v)
    assert seen == [1, 2, 3]


def test_each_splits_text_and_gives_map_keys():
    assert list(each(Text("a,b,c"), 1)) == ["a", "b", "c"]
    assert list(each(Text(""), 1)) == []
    assert list(each(Map({"k": 1, "j": 2}), 1)) == ["k", "j"]
    assert list(each(Collection({"k": 1}), 1)) == [1]
    assert list(each_index(List(["x", "y"]), 1)) == [0, 1]
    assert type(next(iter(each_index(List(["x"]), 1)))) is Number


@pytest.mark.parametrize("value", [None, Number(3), Decimal(1.5), True])
def test_each_rejects_values_that_are_not_iterable(value):
    with pytest.raises(DelugeRuntimeError, match="iterate"):
        each(value, 1)


def test_each_charges_statements_per_iteration():
    with Context(meter=None) as ctx:
        ctx.limits.begin("standalone.f")
        list(each(List([1, 2, 3]), 4))
        assert ctx.limits.executed == 12
