"""The hot built-ins (``hot_builtin``: Map.get/put/size, List.add/get/size, round) check
their own arguments; they must answer a wrong call exactly as ``@builtin`` would."""

import pytest

from deluge2py.runtime import Collection, Decimal, DelugeRuntimeError, List, Map, Number, Text
from deluge2py.runtime.builtins import catalog

HOT = [("Map", "get"), ("Map", "put"), ("Map", "size"), ("List", "add"), ("List", "get"),
       ("List", "size"), ("Decimal", "round"), ("Number", "round")]


def receiver(kind):
    return {"Map": Map({"a": 1}), "List": List(["x", "y"]), "Decimal": Decimal(2.675),
            "Number": Number(7)}[kind]


@pytest.mark.parametrize("kind, name", HOT)
def test_hot_builtins_stay_in_the_catalog(kind, name):
    assert catalog.implementation(name, receiver(kind)) is not None


@pytest.mark.parametrize("kind, name, args", [
    ("Map", "get", ()), ("Map", "get", ("a", None, 3)), ("Map", "put", ("a",)),
    ("Map", "put", ()), ("Map", "put", ("a", 1, 2)), ("Map", "size", (1,)),
    ("List", "add", ()), ("List", "add", (1, 2)), ("List", "get", ()), ("List", "get", (0, 1)),
    ("List", "size", (0,)), ("Decimal", "round", (1, 2)), ("Number", "round", (1, 2)),
])
def test_a_wrong_count_is_the_deluge_arity_error(kind, name, args):
    with pytest.raises(DelugeRuntimeError, match=f"No. of arguments mismatches for the function {name}$"):
        getattr(receiver(kind), name)(*args)


@pytest.mark.parametrize("kind, name, bad", [("List", "get", "1"), ("List", "get", 0.5),
                                             ("List", "get", True), ("Decimal", "round", "2"),
                                             ("Number", "round", None), ("Decimal", "round", 1.5)])
def test_a_wrong_type_is_the_deluge_data_type_error(kind, name, bad):
    with pytest.raises(DelugeRuntimeError,
                       match=rf"argument 1 of the function '{name}' .*\[NUMBER\]"):
        getattr(receiver(kind), name)(bad)


def test_whole_numbers_of_any_kind_are_accepted_as_a_number_argument():
    items = List(["x", "y"])
    assert items.get(Number(1)) == items.get(1.0) == items.get(1) == "y"
    amount = Decimal(2.675)
    results = [amount.round(d) for d in (2, Number(2), 2.0)]
    assert all(type(r) is Decimal for r in results) and len({repr(r) for r in results}) == 1
    assert repr(results[0]) == "2.68"  # half-up on the printed digits
    assert amount.round() == 3 and type(amount.round()) is Number


def test_put_stores_deluge_keys_and_values_and_refuses_collection_keys():
    m = Map()
    m.put("k", 1)
    m.put(Text("t"), "v")
    m.put(2, 3.5)
    assert [type(k) for k in m] == [Text, Text, Number]
    assert [type(v) for v in m.values()] == [Number, Text, Decimal]
    with pytest.raises(DelugeRuntimeError, match="cannot be used as a key"):
        m.put(Collection(), 1)


def test_get_and_size_answer_as_before():
    m, items = Map({"a": 1}), List()
    items.add("x")
    items.add(List([1]))
    assert m.get("a") == 1 and m.get("zz") is None and m.get(Map()) is None
    assert type(items[0]) is Text and type(items[1]) is List
    assert m.size() == 1 and items.size() == 2 and type(items.size()) is Number
    with pytest.raises(DelugeRuntimeError, match="greater than the list size"):
        items.get(2)
