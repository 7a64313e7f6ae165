"""Values: the classes, to_deluge / to_python, Collection and File."""

import datetime

import pytest

from deluge2py.runtime import (Collection, DateTime, Decimal, DelugeRuntimeError, File, List,
                               Map, Number, Text, to_deluge, to_python)


def test_to_deluge_converts_plain_values_recursively():
    value = to_deluge({"a": [1, 2.5, "x", None, True, (3,)], "b": {"c": "d"}})
    assert type(value) is Map
    items = value["a"]
    assert type(items) is List
    assert [type(v) for v in items] == [Number, Decimal, Text, type(None), bool, List]
    assert type(next(iter(value))) is Text
    assert type(value["b"]) is Map and type(value["b"]["c"]) is Text


def test_to_deluge_returns_deluge_values_unchanged():
    for value in (Text("a"), Number(1), Decimal(1.5), Map(), List(), None, True):
        assert to_deluge(value) is value


def test_to_deluge_converts_datetime():
    value = to_deluge(datetime.datetime(2020, 1, 2, 3, 4, 5))
    assert isinstance(value, DateTime)


def test_to_deluge_rejects_numbers_beyond_64_bits():
    assert to_deluge(2**63 - 1) == 2**63 - 1
    with pytest.raises(DelugeRuntimeError):
        to_deluge(2**63)


def test_to_python_gives_plain_types():
    plain = to_python(Map({"a": List([1, Decimal(2.5), Text("x"), None, False])}))
    assert plain == {"a": [1, 2.5, "x", None, False]}
    assert type(plain) is dict and type(next(iter(plain))) is str
    assert [type(v) for v in plain["a"]] == [int, float, str, type(None), bool]


def test_map_is_ordered_and_case_sensitive():
    m = Map({"b": 1, "a": 2})
    m["B"] = Number(3)
    assert list(m) == ["b", "a", "B"]
    assert m.get("A") is None


def test_list_from_text_splits_on_commas():
    assert List("a,b,,c") == ["a", "b", "", "c"]
    assert List("") == []
    assert List([1], element_type="String").element_type == "String"


def test_collection_kinds():
    index = Collection("a", "b")
    keyed = Collection({"k": 1})
    assert index.keyed is False and list(index) == ["a", "b"]
    assert keyed.keyed is True and list(keyed) == [1]
    assert Collection().keyed is None and len(Collection()) == 0


def test_file_holds_bytes():
    f = File("a.txt", "hé")
    assert f.content == "hé".encode() and f.deluge_str() == "a.txt"
    assert f == File("a.txt", "hé".encode())
