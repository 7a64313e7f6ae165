"""Built-ins B: LIST functions (runtime/builtins/collections.py, ListMethods)."""

import json
import pickle

import pytest

from deluge2py.runtime import Decimal, DelugeRuntimeError, List, Map, Number, Text, datetime_literal
from deluge2py.runtime.render import render


def sample():
    return List([1, "2", "Zoho", "Creator", {"version": 5}, ["India", "USA", "Australia"]])


def test_contains_is_type_strict_and_shallow():
    items = sample()
    assert items.contains(1) and items.contains("2") and items.contains(Map({"version": 5}))
    assert not items.contains("1") and not items.contains(2) and not items.contains("zoho")
    assert not items.contains(List(["India"])) and items.contains(["India", "USA", "Australia"])
    assert not items.contains(1.0) and not items.contains(True)
    assert items.notContains("1") and not items.notContains(1)


def test_add_nests_lists_and_converts_values():
    products = List()
    assert products.add("Creator") is None
    products.add(List(["CRM", "Projects"]))
    products.add({"a": [1]})
    assert render(products) == 'Creator,{"CRM","Projects"},{"a":[1]}'
    assert type(products[0]) is Text and type(products[2]) is Map and type(products[2]["a"]) is List


def test_add_all_appends_each_element():
    items = List([1])
    items.addAll(List([2, List([3])]))
    assert render(items) == "1,2,{3}"
    with pytest.raises(DelugeRuntimeError, match="LIST"):
        items.addAll("a,b")
    with pytest.raises(DelugeRuntimeError, match="25000"):
        items.addAll(List(range(25_001)))


def test_get_and_its_bounds():
    items = List(["Creator", "CRM", ["Projects", "Reports"]])
    assert items.get(0) == "Creator"
    assert render(items.get(2)) == "Projects,Reports"
    with pytest.raises(DelugeRuntimeError, match="Given index 10 is greater than the list size"):
        items.get(10)
    with pytest.raises(DelugeRuntimeError, match="Given index 3 is greater"):
        items.get(3)
    with pytest.raises(DelugeRuntimeError):
        items.get(-1)
    with pytest.raises(DelugeRuntimeError, match="NUMBER"):
        items.get("0")


def test_remove_by_index_returns_the_element():
    product = List(["Creator", "CRM", "Projects"])
    assert product.remove(1) == "CRM"
    assert render(product) == "Creator,Projects"
    for bad in (-1, 2):
        with pytest.raises(DelugeRuntimeError):
            product.remove(bad)


def test_remove_element_and_remove_all():
    product = List(["Creator", "CRM", "Projects", "CRM"])
    product.removeElement("CRM")
    assert render(product) == "Creator,Projects,CRM"
    product.removeElement("absent")
    product.removeElement(1)
    assert render(product) == "Creator,Projects,CRM"
    items = List([1, "1", 2, 1, 3])
    items.removeAll(List([1, 3]))
    assert render(items) == "1,2"
    assert type(items[0]) is Text


def test_clear_size_is_empty():
    items = List(["Projects", "Mail", ["Zoho Creator", "Zoho CRM"]])
    assert items.size() == 3 and type(items.size()) is Number and items.isEmpty() is False
    items.clear()
    assert items.size() == 0 and items.isEmpty() is True


def test_index_of_and_last_index_of():
    items = List(["Creator", "CRM", "Creator", 1])
    assert items.indexOf("Creator") == 0 and items.lastIndexOf("Creator") == 2
    assert items.indexOf("creator") == -1 and items.lastIndexOf("1") == -1
    assert items.indexOf(1) == 3


def test_sub_list():
    items = List([1, 2, 3, 4])
    assert render(items.subList(0, 3)) == "1,2,3"
    assert render(items.subList(2)) == "3,4"
    assert items.subList(2, 2) == []
    for bad in ((-1, 2), (0, 5), (3, 2)):
        with pytest.raises(DelugeRuntimeError):
            items.subList(*bad)


def test_distinct_keeps_types_apart():
    unique = List(["1", 1, 1, 2, 2, 3, 1.0, True]).distinct()
    assert render(unique) == "1,1,2,3,1.0,true"
    assert [type(v) for v in unique[:2]] == [Text, Number]
    assert len(List([{"a": 1}, {"a": 1}, [1], [1]]).distinct()) == 2


def test_intersect_keeps_receiver_order():
    one = List(["Zoho Creator", "Zoho CRM", "Zoho Projects"])
    two = List(["Zoho Mail", "Zoho Analytics", "Zoho Creator"])
    assert render(one.intersect(two)) == "Zoho Creator"
    assert render(List([3, 2, 1, "1"]).intersect(List([1, 3]))) == "3,1"


def test_sort():
    texts = List(["Creator", "crm", "Zoho Creator"])
    assert render(texts.sort(True)) == "Creator,Zoho Creator,crm"
    assert render(texts.sort()) == "Creator,Zoho Creator,crm"
    assert render(texts.sort(False)) == "crm,Zoho Creator,Creator"
    assert render(texts) == "Creator,crm,Zoho Creator"  # the receiver is unchanged
    assert render(List([3, 1.5, 2]).sort()) == "1.5,2,3"
    dates = List([datetime_literal("02-Jan-2020"), datetime_literal("01-Jan-2020 10:00:00")])
    assert render(dates.sort()) == "01-Jan-2020 10:00:00,02-Jan-2020"
    assert List([1, "a"]).sort() is None
    assert List([1, None]).sort() is None
    assert List([[1], [2]]).sort() is None
    assert List().sort() == []
    with pytest.raises(DelugeRuntimeError):
        texts.sort("yes")


def test_numeric_aggregates():
    numbers = List([1, 5, 2, 3])
    assert numbers.smallest() == 1 and numbers.largest() == 5
    assert numbers.sum() == 11 and type(numbers.sum()) is Number
    assert List([1, 2.5]).sum() == 3.5 and type(List([1, 2.5]).sum()) is Decimal
    assert numbers.average() == 2.75 and type(numbers.average()) is Decimal
    assert numbers.median() == 2.5 and List([3, 1, 2]).median() == 2
    assert numbers.nthLargest(2) == 3 and numbers.nthSmallest(2) == 2
    assert List([300, 455, 124, 926, 780]).percentile(50) == 455
    assert List([300, 455, 124, 926, 780]).rank(300) == 4
    assert List([120.12, 65, 300.46, 600.25, 80.5]).rank(80.5, "asc") == 2
    assert List().sum() == 0 and List().average() is None and List().largest() is None
    with pytest.raises(DelugeRuntimeError, match="invalid\\(TEXT\\) entries"):
        List([1, "a"]).sum()
    with pytest.raises(DelugeRuntimeError):
        numbers.rank(7)
    with pytest.raises(DelugeRuntimeError):
        numbers.nthLargest(5)
    with pytest.raises(DelugeRuntimeError):
        numbers.percentile(101)


def test_largest_of_dates():
    dates = List([datetime_literal("02-Jan-2020"), datetime_literal("01-Jan-2020")])
    assert render(dates.largest()) == "02-Jan-2020"
    with pytest.raises(DelugeRuntimeError):
        List(["a", "b"]).largest()


def test_typed_lists_coerce_as_documented():
    texts = List(element_type="String")
    texts.add(1)
    texts.add(2.5)
    texts.add(True)
    texts.add(datetime_literal("01-Jan-2019"))
    assert texts == ["1", "2.5", "true", "01-Jan-2019"] and all(type(v) is Text for v in texts)
    ints = List(element_type="Int")
    ints.add("5")
    ints.add(6)
    assert ints == [5, 6] and all(type(v) is Number for v in ints)
    for bad in ("x", 1.5, True):
        with pytest.raises(DelugeRuntimeError):
            ints.add(bad)
    floats = List(element_type="float")
    floats.add(2)
    assert type(floats[0]) is Decimal
    dates = List(element_type="Date")
    dates.add("01-Jan-2019")
    dates.add(0)
    assert render(dates) == "01-Jan-2019,01-Jan-1970 00:00:00"
    bools = List(element_type="Bool")
    bools.add("true")
    assert bools == [True]
    with pytest.raises(DelugeRuntimeError):
        bools.add(1)


def test_typed_float_list_stores_dates_as_epoch_milliseconds():
    from deluge2py.runtime import Context

    with Context(time_zone="America/Los_Angeles"):
        var = List(element_type="float")
        var.add(datetime_literal("1-Jan-2019"))
        assert var.get(0) == 1546329600000 and type(var.get(0)) is Number


def test_python_protocol_still_works():
    items = List([1, "a", [2]])
    assert list(items) == [1, "a", [2]]
    assert json.loads(json.dumps(items)) == [1, "a", [2]]
    copy = pickle.loads(pickle.dumps(items))
    assert copy == items and type(copy) is List
    assert [x for x in items] == [1, "a", [2]] and len(items) == 3
