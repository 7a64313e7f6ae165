"""Common built-ins: conversions, the null/blank/empty table, type checks, ifnull."""

import pytest

from deluge2py.runtime import Decimal, DelugeRuntimeError, List, Map, Number, Text
from deluge2py.runtime.builtins import functions as F


@pytest.mark.parametrize("value, is_null, is_blank, is_empty", [
    (" ", False, True, False),        # isEmpty(" "): the collection page (false), see semantics.md
    ("", True, True, True),           # isEmpty(""): true, see semantics.md
    (None, True, False, None),
    ([], False, True, True),
    ([" "], False, False, False),
    ({"": ""}, None, False, False),
])
def test_null_blank_empty_table(value, is_null, is_blank, is_empty):
    assert F.isNull(value) is is_null
    assert F.isBlank(value) is is_blank
    assert F.isEmpty(value) is is_empty


def test_method_forms_of_checks():
    assert Text(" ").isNull() is False
    assert Map().isEmpty() is True
    assert Text("Zoho").isValidObject() and not Text("").isValidObject()
    assert F.isValidObject(None) is False


def test_ifnull_treats_only_null_as_null():
    assert F.ifnull(None, "Not found") == "Not found"
    assert F.ifnull("", "x") == ""
    assert F.ifnull(0, 5) == 0
    assert type(F.ifnull(None, "a")) is Text


def test_to_number_and_to_long():
    assert F.toLong(99.9) == 99 and type(F.toLong(99.9)) is Number
    assert Decimal(123.25).toNumber() == 123
    assert Decimal(-1.9).toNumber() == -1
    assert Text("100").toLong() == 100
    assert Text(" 42 ").toNumber() == 42
    for bad in ("134A123B", "", "12.7", "9223372036854775808"):
        with pytest.raises(DelugeRuntimeError):
            Text(bad).toNumber()
    for receiver in (None, True, [1]):
        with pytest.raises(DelugeRuntimeError):
            F.toNumber(receiver)


def test_to_decimal():
    assert F.toDecimal("100") == 100.0 and type(F.toDecimal("100")) is Decimal
    assert Number(3).toDecimal() == 3.0
    with pytest.raises(DelugeRuntimeError):
        Text("").toDecimal()


def test_to_string_renders_like_info():
    assert F.toString(None) == "null"
    assert F.toString(True) == "true"
    assert Decimal(2.5).toString() == "2.5"
    assert Map({"a": 1}).toString() == '{"a":1}'
    assert type(Number(5).toText()) is Text
    assert Text("1234.5").toString("#,##0.00") == "1,234.50"
    with pytest.raises(DelugeRuntimeError):
        Text("abc").toString("0.00")


def test_equals_is_type_strict_and_case_sensitive():
    assert not Text("Zoho").equals("zoho")
    assert Text("Zoho").equals("Zoho")
    assert not Number(1).equals("1")
    assert not Number(1).equals(1.0)
    assert List([1, 2]).equals([1, 2])


def test_is_text_is_number_by_content():
    assert F.isText("Hello") is True
    assert F.isText("123") is False
    assert F.isText("") is True
    assert F.isText([1]) is None and F.isText({"a": 1}) is None and F.isText(True) is None
    assert F.isNumber(5) and F.isNumber("12") and F.isNumber(2.5) and not F.isNumber("12a")
    assert F.isDecimal(2.5) and F.isDecimal("2.5") and not F.isDecimal(2)
    assert F.isNumber([1]) is None


def test_is_date():
    assert F.isDate("01-Jan-2020") is True
    assert F.isDate("hello") is False
    assert F.isDate(5) is False
    assert F.isDate([1]) is None
    assert F.isText("01-02-2020") is False
