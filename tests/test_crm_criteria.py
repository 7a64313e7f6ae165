"""The searchRecords criteria parser and matcher."""

import pytest

from deluge2py.runtime.backends.criteria import (BoolOp, Condition, CriteriaError,
                                                 compile_criteria, infer_type, parse)

TYPES = {"Name": "text", "Email": "email", "Stage": "picklist", "Amount": "currency",
         "Closing": "date", "Start": "datetime", "Active": "boolean", "Account": "lookup",
         "Tags": "multiselect", "Owner": "userlookup"}
RECORDS = [
    {"id": "1", "Name": "Alpha (UK), Ltd", "Email": "a@x.test", "Stage": "Won",
     "Amount": 100, "Closing": "2024-01-10", "Start": "2024-01-10T10:00:00+05:30",
     "Active": True, "Account": {"name": "Acme", "id": "77"}, "Tags": ["red", "blue"],
     "Owner": {"name": "Ann", "id": "9"}},
    {"id": "2", "Name": "Beta", "Email": "b@x.test", "Stage": "Lost", "Amount": 250.5,
     "Closing": "2024-02-01", "Start": "2024-01-10T05:00:00Z", "Active": False,
     "Account": {"name": "Globex", "id": "78"}, "Tags": ["green"],
     "Owner": {"name": "Bob", "id": "10"}},
    {"id": "3", "Name": None, "Email": None, "Stage": None, "Amount": None, "Closing": None,
     "Start": None, "Active": None, "Account": None, "Tags": [], "Owner": None},
]


def run(text, contains=False):
    match = compile_criteria(text, TYPES.get, equals_contains=contains)
    return [r["id"] for r in RECORDS if match(r)]


def test_parse_tree_and_precedence():
    tree = parse("(A:equals:1) or (B:equals:2) and (C:equals:3)")
    assert tree == BoolOp("or", (Condition("A", "equals", ("1",)),
                                 BoolOp("and", (Condition("B", "equals", ("2",)),
                                                Condition("C", "equals", ("3",))))))
    nested = parse("((A:equals:1) or (B:equals:2)) AND (C:in:x,y)")
    assert nested.op == "and" and nested.items[1].values == ("x", "y")


def test_escapes_in_values():
    assert parse(r"(Name:equals:Alpha \(UK\)\, Ltd)").values == ("Alpha (UK), Ltd",)
    assert parse(r"(Name:in:a\,b,c)").values == ("a,b", "c")
    assert run(r"(Name:equals:alpha \(uk\)\, ltd)") == ["1"]


def test_values_may_hold_colons():
    assert run("(Start:equals:2024-01-10T10:00:00+05:30)") == ["1"]


@pytest.mark.parametrize("text, ids", [
    ("(Email:equals:B@X.TEST)", ["2"]),
    ("(Email:not_equal:b@x.test)", ["1"]),          # null is never returned
    ("(Name:starts_with:be)", ["2"]),
    ("(Stage:in:Won,Lost)", ["1", "2"]),
    ("(Amount:greater_than:100)", ["2"]),
    ("(Amount:greater_equal:100)", ["1", "2"]),
    ("(Amount:less_than:100)", []),
    ("(Amount:less_equal:100.0)", ["1"]),
    ("(Amount:between:50,150)", ["1"]),
    ("(Closing:between:2024-01-01,2024-01-31)", ["1"]),
    ("(Closing:in:2024-02-01)", ["2"]),
    ("(Start:less_than:2024-01-10T05:00:00Z)", ["1"]),  # 04:30 UTC is earlier
    ("(Active:equals:true)", ["1"]),
    ("(Active:not_equal:true)", ["2"]),
    ("(Account:equals:78)", ["2"]),
    ("(Account:equals:acme)", ["1"]),
    ("(Tags:equals:blue)", ["1"]),
    ("(Owner:in:10,11)", ["2"]),
    ("((Stage:equals:Won) or (Stage:equals:Lost)) and (Amount:greater_than:200)", ["2"]),
])
def test_operators(text, ids):
    assert run(text) == ids


def test_equals_contains_only_for_text_when_asked():
    assert run("(Name:equals:alp)") == []
    assert run("(Name:equals:alp)", contains=True) == ["1"]
    assert run("(Stage:equals:Wo)", contains=True) == []  # picklists stay exact


@pytest.mark.parametrize("text, reason", [
    ("", "empty"),
    ("Name:equals:x", "expected '('"),
    ("(Name:equals:x", "expected ')'"),
    ("(Name:equals:x) (Stage:equals:y)", "unexpected text"),
    ("(Name:like:x)", "invalid operator"),
    ("(Name equals x)", "expected a condition"),
    ("(Name:equals:a(b)", "unescaped '('"),
    ("(Amount:between:1)", "between"),
    ("(Amount:greater_than:abc)", "number"),
    ("(Closing:equals:01-Jan-2024)", "yyyy-MM-dd"),
    ("(Start:equals:2024-01-10T10:00:00)", "date-time"),
    ("(Active:equals:yes)", "boolean"),
    ("(Name:greater_than:a)", "invalid operator"),
    ("(Stage:starts_with:W)", "invalid operator"),
    ("(Missing:equals:1)", "field"),
    (" or ".join(["(Name:equals:x)"] * 11), "more than 10"),
])
def test_errors(text, reason):
    with pytest.raises(CriteriaError) as info:
        run(text)
    assert reason in info.value.reason
    error = info.value.error_map()
    assert error["code"] == "INVALID_QUERY" and error["status"] == "error"


def test_ten_conditions_are_allowed():
    assert run(" or ".join(["(Stage:equals:Won)"] * 10)) == ["1"]


def test_infer_type():
    assert [infer_type(v) for v in (None, True, 3, 2.5, {"id": "1"}, ["a"], "2024-01-02",
                                    "2024-01-02T10:00:00+01:00", "x")] == [
        None, "boolean", "integer", "double", "lookup", "multiselect", "date", "datetime",
        "text"]
