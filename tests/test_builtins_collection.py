"""Built-ins B: COLLECTION functions (runtime/builtins/collections.py, CollectionMethods)."""

import pytest

from deluge2py.runtime import Collection, DelugeRuntimeError, List, Map, Number
from deluge2py.runtime.render import render


def names():
    return Collection("name10", "name2", "name6", "name1")


def versions():
    return Collection({"Creator": 5, "CRM": 2, "Mail": 8})


def test_get_by_index_and_by_key():
    assert names().get(0) == "name10"
    with pytest.raises(DelugeRuntimeError, match="Given index 4 is greater than the list size"):
        names().get(4)
    with pytest.raises(DelugeRuntimeError):
        names().get("name1")
    assert versions().get("CRM") == 2 and versions().get("name3") is None
    with pytest.raises(DelugeRuntimeError):
        Collection().get(0)


def test_insert_and_insert_all():
    c = Collection()
    c.insert("a", "b")
    c.insertAll(List(["c"]))
    assert render(c) == "a,b,c"
    with pytest.raises(DelugeRuntimeError, match="index-value"):
        c.insertAll(Map({"k": 1}))
    k = Collection()
    k.insert(Map({"k": 1}))
    k.insert({"k": 2, "j": 3})
    k.insertAll(Map({"z": 0}))
    assert render(k) == '{"k":2,"j":3,"z":0}'
    with pytest.raises(DelugeRuntimeError, match="key-value"):
        k.insert("x")
    with pytest.raises(DelugeRuntimeError):
        k.insertAll(5)
    with pytest.raises(DelugeRuntimeError):
        k.insert()


def test_keys_and_values():
    assert render(versions().keys()) == "Creator,CRM,Mail"
    assert render(versions().values()) == "5,2,8"
    products = Collection("Creator", "CRM", "Mail")
    assert render(products.keys()) == "Creator,CRM,Mail" == render(products.values())
    assert type(products.keys()) is List


def test_size_is_empty_clear():
    c = Collection("Creator", "CRM", "Mail")
    assert c.size() == 3 and type(c.size()) is Number and not c.isEmpty()
    c.clear()
    assert c.isEmpty() and render(c) == "{}"
    c.insert({"now": "keyed"})
    assert c.get("now") == "keyed"


def test_delete_keys_by_index_and_key():
    products = Collection("Creator", "CRM", "Mail")
    products.deleteKeys(List([1, 2]))
    assert render(products) == "Creator"
    products.deleteKey(0)
    assert products.isEmpty()
    with pytest.raises(DelugeRuntimeError):
        products.deleteKey(0)
    v = versions()
    v.deleteKey("CRM")
    v.deleteKeys(List(["Mail", "absent"]))
    assert render(v) == '{"Creator":5}'


def test_delete_by_value_and_update():
    c = Collection("a", "b", "a")
    c.delete("a")
    assert render(c) == "b,a"
    c.deleteAll(List(["a"]))
    assert render(c) == "b"
    c.update(0, "z")
    assert render(c) == "z"
    with pytest.raises(DelugeRuntimeError):
        c.update(3, "y")
    v = versions()
    v.update("CRM", 3)
    v.delete(8)
    assert render(v) == '{"Creator":5,"CRM":3}'
    with pytest.raises(DelugeRuntimeError):
        v.update("absent", 1)


def test_get_key_and_get_last_key():
    products = Collection("Creator", "CRM", "Mail", "CRM")
    assert products.getKey("CRM") == 1 and products.getLastKey("CRM") == 3
    assert products.getKey("crm") == -1
    v = Collection({"a": 1, "b": 2, "c": 1})
    assert v.getKey(1) == "a" and v.getLastKey(1) == "c" and v.getKey(9) is None


def test_contains_key_and_value():
    products = Collection("Creator", "CRM")
    assert products.containsKey(1) and not products.containsKey(2) and not products.containsKey("1")
    assert products.containsValue("CRM") and not products.containsValue("crm")
    assert versions().containsKey("Mail") and versions().containsValue(8)
    assert versions().notContains("mail") and products.notContains("Mail")


def test_duplicate_distinct_intersect():
    products = Collection("Creator", "CRM", "Books")
    assert render(products.duplicate(0, 1)) == "Creator"
    assert render(products.duplicate()) == "Creator,CRM,Books"
    assert render(versions().duplicate(1, 3)) == '{"CRM":2,"Mail":8}'
    with pytest.raises(DelugeRuntimeError):
        products.duplicate(2, 5)
    assert render(Collection("a", "b", "a", 1, "1").distinct()) == "a,b,1,1"
    assert render(products.intersect(Collection("Creator", "CRM", "Mail"))) == "Creator,CRM"
    assert render(products.intersect(List(["Books"]))) == "Books"


def test_sort_and_sort_key():
    assert render(Collection("b", "C", "a").sort()) == "C,a,b"
    assert render(Collection(2, 3, 1).sort(False)) == "3,2,1"
    assert Collection(1, "a").sort() is None
    assert render(versions().sort()) == '{"CRM":2,"Creator":5,"Mail":8}'
    assert render(versions().sortKey(False)) == '{"Mail":8,"Creator":5,"CRM":2}'
    assert Collection({1: "a", "b": 2}).sortKey() is None


def test_numbers_of_a_collection():
    marks = Collection(120.12, 65, 300.46, 600.25, 80.5)
    assert marks.rank(80.5, "asc") == 2 and marks.rank(600.25) == 1
    assert marks.largest() == 600.25 and marks.smallest() == 65
    assert Collection(1, 2).sum() == 3 and Collection(1, 2).contains(2)
    with pytest.raises(DelugeRuntimeError, match="invalid"):
        Collection(1, "x").rank(1)


def test_get_as_string():
    c = Collection(123, 120.46, "x")
    assert c.getAsString(0) == "123" and c.getAsString(1) == "120.46"
    assert Collection({"a": [1, 2]}).getAsString("a") == "1,2"


def test_a_map_inserted_into_an_index_collection_is_an_element():
    c = Collection("a")
    c.insert(Map({"x": 1}))
    assert render(c) == 'a,{"x":1}' and c.size() == 2
    with pytest.raises(DelugeRuntimeError, match="index-value"):
        c.insertAll(Map({"k": 1}))
