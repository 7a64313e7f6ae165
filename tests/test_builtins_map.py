"""Built-ins B: KEY-VALUE functions (runtime/builtins/collections.py, MapMethods)."""

import json
import pickle

import pytest

from deluge2py.runtime import Collection, DelugeRuntimeError, List, Map, Number, Text
from deluge2py.runtime.render import render


def products():
    return Map({"Product": "Creator", "Company": "Zoho"})


def test_put_overwrites_in_place():
    m = Map()
    assert m.put("Creator", 4) is None
    m.put("CRM", 3)
    m.put("Creator", 5)
    assert render(m) == '{"Creator":5,"CRM":3}'
    m.put(1, [1, 2])
    assert type(m[1]) is List and type(list(m.keys())[2]) is Number


def test_put_all_merges_with_the_argument_winning():
    one = Map({"Anchorage": "99501", "Phoenix": "85001"})
    one.putAll(Map({"Little Rock": "72201", "Phoenix": "1"}))
    assert render(one) == '{"Anchorage":"99501","Phoenix":"1","Little Rock":"72201"}'
    one.putAll(Collection({"x": 1}))
    assert one.get("x") == 1
    with pytest.raises(DelugeRuntimeError, match="KEY-VALUE"):
        one.putAll(List([1]))


def test_get_is_case_sensitive_and_null_when_missing():
    m = products()
    assert m.get("Product") == "Creator"
    assert m.get("product") is None and m.get("Creator") is None
    assert Map({1: "one"}).get(1) == "one" and Map({1: "one"}).get("1") is None


def test_keys_values_are_lists_in_insertion_order():
    m = Map({"Product": "Zoho Creator", "Version": 5})
    assert type(m.keys()) is List and render(m.keys()) == "Product,Version"
    assert type(m.values()) is List and render(m.values()) == "Zoho Creator,5"


def test_contain_key_and_value_keep_zohos_spellings():
    m = products()
    assert m.containKey("Product") and not m.containKey("product")
    assert m.containValue("Creator") and not m.containValue("creator")
    assert m.containsKey("Company") and m.containsValue("Zoho")
    assert m.notContains("product") and not m.notContains("Product")
    assert not Map({1: "a"}).containKey("1") and not Map({"v": 1}).containValue("1")


def test_remove_size_is_empty_clear():
    m = products()
    assert m.remove("Product") is None
    m.remove("absent")
    assert m.size() == 1 and type(m.size()) is Number and m.isEmpty() is False
    m.clear()
    assert m.size() == 0 and m.isEmpty() is True and render(m) == "{}"


def test_argument_count_is_checked():
    with pytest.raises(DelugeRuntimeError, match="No. of arguments"):
        products().put("a")
    with pytest.raises(DelugeRuntimeError, match="No. of arguments"):
        products().keys(1)


def test_python_protocol_still_works():
    m = Map({"a": 1, "b": [1, {"c": None}]})
    assert dict(m) == {"a": 1, "b": [1, {"c": None}]}
    assert json.loads(json.dumps(m)) == {"a": 1, "b": [1, {"c": None}]}
    assert {**m} == dict(m) and list(m) == ["a", "b"] and list(m.items())[0] == ("a", 1)
    copy = pickle.loads(pickle.dumps(m))
    assert copy == m and type(copy) is Map
    assert m.get("zz", "fallback") == "fallback"
    assert isinstance(m.keys()[0], Text)


def test_null_is_a_key_that_get_contain_key_and_remove_agree_on():
    m = Map({"a": 1})
    m.put(None, 2)
    assert m.get(None) == 2 and m.containKey(None) is True
    m.remove(None)
    assert m.containKey(None) is False and render(m) == '{"a":1}'


def test_totals_by_a_field_some_records_leave_empty(tmp_path, capsys):
    """The totals-by-stage pattern, run as a user runs it: deals without a Stage add up
    under the null key instead of overwriting one another."""
    from deluge2py.cli import main

    (tmp_path / "fixtures.json").write_text(json.dumps({"Deals": [
        {"id": "1", "Deal_Name": "A", "Amount": 100}, {"id": "2", "Deal_Name": "B", "Amount": 20},
        {"id": "3", "Deal_Name": "C", "Stage": "Won", "Amount": 5}]}))
    (tmp_path / "totals.dg").write_text("""\
totals = Map();
for each d in zoho.crm.getRecords("Deals")
{
	stage = d.get("Stage");
	if(totals.containKey(stage))
	{
		totals.put(stage, totals.get(stage) + d.get("Amount"));
	}
	else
	{
		totals.put(stage, d.get("Amount"));
	}
}
return totals.get(null) + "/" + totals.get("Won");
""")
    code = main(["run", str(tmp_path / "totals.dg"), "--fixtures", str(tmp_path / "fixtures.json"),
                 "--ledger", str(tmp_path / "ledger.jsonl"), "--json"])
    assert code == 0
    assert json.loads(capsys.readouterr().out)["result"] == "120/5"
