"""The run report lists the error maps zoho.crm tasks answered (Zoho answers a failure as
a value and the function goes on, so a refused write is easily never seen)."""

import json

from deluge2py.cli import main

from test_run_cli import private_ledger  # noqa: F401  (an autouse fixture)

SCRIPT = """\
deal = zoho.crm.getRecordById("Deals", input.dealId);
task = Map();
task.put("Subject", "Onboard " + deal.get("Deal_Name"));
task.put("Due_Date", "next week");
zoho.crm.createRecord("Tasks", task);
rows = zoho.crm.bulkCreate("Deals", [{"Deal_Name": "no stage"}, {"Deal_Name": "ok", "Stage": "Won"}]);
missing = zoho.crm.getRecordById("Deals", 42);
info "done";
"""
FIXTURES = {"Deals": [{"id": "5001", "Deal_Name": "Acme renewal", "Stage": "Closed Won"}]}


def _files(tmp_path):
    (tmp_path / "onboard.dg").write_text(SCRIPT)
    (tmp_path / "fixtures.json").write_text(json.dumps(FIXTURES))
    return [str(tmp_path / "onboard.dg"), "--fixtures", str(tmp_path / "fixtures.json"),
            "--arg", "dealId=5001"]


def test_the_report_names_each_error_map_with_its_line(tmp_path, capsys):
    assert main(["run", *_files(tmp_path)]) == 0  # the function itself went on
    out = capsys.readouterr().out
    report = out[out.index("CRM errors:"):].splitlines()
    assert report == [
        "CRM errors: zoho.crm answered 3 error maps (the function went on)",
        "  line 5: zoho.crm.createRecord Tasks: INVALID_DATA invalid data (Due_Date)",
        "  line 6: zoho.crm.bulkCreate Deals: MANDATORY_NOT_FOUND required field not found "
        "(Stage)",
        "  line 7: zoho.crm.getRecordById Deals: INVALID_DATA the id given seems to be invalid",
    ]
    assert "CRM changes: 1 created" in out  # the bulk's good row is a change, not an error


def test_json_has_them_and_a_clean_run_has_none(tmp_path, capsys):
    assert main(["run", *_files(tmp_path), "--json"]) == 0
    errors = json.loads(capsys.readouterr().out)["crm_errors"]
    assert [(e["line"], e["task"], e["module"], e["code"], e["field"]) for e in errors] == [
        (5, "zoho.crm.createRecord", "Tasks", "INVALID_DATA", "Due_Date"),
        (6, "zoho.crm.bulkCreate", "Deals", "MANDATORY_NOT_FOUND", "Stage"),
        (7, "zoho.crm.getRecordById", "Deals", "INVALID_DATA", None)]
    (tmp_path / "clean.dg").write_text('info zoho.crm.getRecordById("Deals", 5001).get("Stage");\n')
    assert main(["run", str(tmp_path / "clean.dg"), "--fixtures",
                 str(tmp_path / "fixtures.json")]) == 0
    assert "CRM errors" not in capsys.readouterr().out
