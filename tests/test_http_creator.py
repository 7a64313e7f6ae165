"""Creator tasks against the context's in-memory Creator store."""

import pytest

from deluge2py.runtime import Context, creator
from deluge2py.runtime.errors import DelugeRuntimeError


@pytest.fixture
def store():
    with Context() as ctx:
        yield creator.store(ctx).load({"Employees": [
            {"Name": "Ana", "Dept": "Sales", "Age": 31},
            {"Name": "Bo", "Dept": "Sales", "Age": 45},
            {"Name": "Cy", "Dept": "Ops", "Age": 28},
            {"Name": "Di", "Dept": "Sales", "Age": 38},
        ]})


def sales(rec):
    return rec.get("Dept") == "Sales"


def test_fetch_sort_and_range(store):
    recs = creator.fetch("Employees", sales, sort_by=[("Age", True)], range_from=1, range_to=2)
    assert [r.get("Name") for r in recs] == ["Bo", "Di"]
    assert recs.Name == "Bo"  # a field of a collection is the first record's
    assert recs.getall("Age") == [45, 38]


def test_aggregates(store):
    recs = creator.fetch("Employees", sales)
    assert recs.count() == 3
    assert recs.sum("Age") == 114
    assert recs.maximum("Age") == 45 and recs.minimum("Age") == 31
    assert creator.fetch("Employees", lambda r: r.get("Dept") == "HR").count() == 0


def test_insert_returns_id_and_delete_removes(store):
    new_id = creator.insert_into("Employees", {"Name": "Ed", "Dept": "Ops"})
    found = creator.fetch("Employees", lambda r: r.get("ID") == new_id)
    assert found.Name == "Ed"
    creator.delete_from("Employees", lambda r: r.get("Dept") == "Ops")
    assert sorted(r.get("Name") for r in creator.fetch("Employees")) == ["Ana", "Bo", "Di"]


def test_update_through_the_collection(store):
    creator.fetch("Employees", lambda r: r.get("Name") == "Cy").put("Dept", "Sales")
    assert creator.fetch("Employees", sales).count() == 4


def test_non_boolean_criteria_is_an_error(store):
    with pytest.raises(DelugeRuntimeError):
        creator.fetch("Employees", lambda r: r.get("Name"))


def test_form_actions_are_recorded(store):
    creator.alert("Age must be positive")
    creator.cancel_submit()
    creator.openUrl("https://a.example.com", "new window")
    creator.openUrl("https://b.example.com", "same window")
    assert store.alerts == ["Age must be positive"]
    assert store.cancelled
    assert store.opened_url == ("https://b.example.com", "same window", None)


def test_each_context_has_its_own_store():
    with Context() as first:
        creator.insert_into("Notes", {"Text": "x"})
    with Context() as second:
        assert creator.fetch("Notes").count() == 0
    assert creator.store(first).form("Notes")[0]["Text"] == "x"
    assert creator.store(second).form("Notes") == []
