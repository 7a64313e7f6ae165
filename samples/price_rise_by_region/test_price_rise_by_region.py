"""Price rise by region: what a run charges, and what `credits --estimate` predicts."""

import json
import os

import pytest

from deluge2py.cli import main

HERE = os.path.dirname(__file__)
SOURCE = os.path.join(HERE, "price_rise_by_region.dg")


@pytest.mark.deluge_fixtures("fixtures.json")
def test_prices_rise_and_each_region_gets_a_note(load_deluge, deluge_crm, credits, info_log):
    price_rise_by_region = load_deluge("price_rise_by_region.dg")
    price_rise_by_region()

    prices = {r["Product_Name"]: r["Unit_Price"] for r in deluge_crm.records("Products")}
    assert prices["North item 1"] == 105 and prices["South item 4"] == 41.2
    assert prices["West item 6"] == 1040
    notes = sorted(r["Note_Title"] for r in deluge_crm.records("Notes"))
    assert notes == ["Price rise North", "Price rise South", "Price rise West"]
    assert info_log == ["raised 6 prices"]
    # 3 searches, 6 one-record updates, 3 notes.
    assert credits.by_task == {"zoho.crm.searchRecords": 3, "zoho.crm.updateRecord": 6,
                               "zoho.crm.createRecord": 3}


def test_estimate_gives_the_worst_case_and_a_bulk_hint(capsys):
    assert main(["credits", "--estimate", SOURCE]) == 0
    out = capsys.readouterr().out
    # 3 regions x (1 search + 50 updates + 1 note) at most.
    assert ("worst case: 156 API credits per run (loop at line 9: a list of 3 items; "
            "loop at line 13: products = a searchRecords page (at most 50 records))") in out
    assert ("hint: line 17: zoho.crm.updateRecord once per pass of the loop at line 13 "
            "(up to 50 records, 50 credits): collect them and use 1 bulkUpdate call for "
            "5 credits, saving 45") in out
    assert main(["credits", "--estimate", SOURCE, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    (function,) = data["functions"]
    assert function["worst_case_api_credits"] == 156
    assert function["bulk_hints"] == [
        {"line": 17, "task": "zoho.crm.updateRecord", "loop_line": 13, "bulk": "bulkUpdate",
         "records": 50, "credits_now": 50, "credits_bulk": 5, "saved": 45},
        {"line": 20, "task": "zoho.crm.createRecord", "loop_line": 9, "bulk": "bulkCreate",
         "records": 3, "credits_now": 3, "credits_bulk": 1, "saved": 2}]
