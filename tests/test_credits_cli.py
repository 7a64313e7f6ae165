"""deluge2py credits: the dashboard table, the HTML report, and the static estimate."""

import json
import os
import textwrap

import pytest

from deluge2py.cli import main
from deluge2py.cmd_credits import period_bounds
from deluge2py.estimate import estimate_source
from deluge2py.host.report import summarize

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLES = os.path.join(ROOT, "samples")


def sample(name, *parts):
    return os.path.join(SAMPLES, name, *parts)


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("DELUGE2PY_HOME", str(tmp_path))
    return tmp_path


def run_samples(capsys):
    """Two runs of the seed and one cleanup, all charged to the ledger."""
    for _ in range(2):
        assert main(["run", sample("sales_order_to_purchase_order", "sales_order_to_purchase_order.dg"),
                     "--fixtures", sample("sales_order_to_purchase_order", "fixtures.json"),
                     "--arg", "soId=4876876000000624001", "--json"]) == 0
    assert main(["run", sample("stale_lead_cleanup", "stale_lead_cleanup.dg"),
                 "--fixtures", sample("stale_lead_cleanup", "fixtures.json"), "--json"]) == 0
    capsys.readouterr()


def test_table_shows_functions_tasks_and_top_consumers(home, capsys):
    run_samples(capsys)
    assert main(["credits"]) == 0
    out = capsys.readouterr().out
    assert "API credits: 16    function credits: 3    runs: 3" in out
    lines = out.splitlines()
    by_function = lines.index("Credits by function")
    row = next(l for l in lines[by_function:] if "automation.sales_order_to_purchase_order" in l)
    assert row.split()[1:] == ["4", "2", "2", "0"]  # API credits, function credits, runs ok, failed
    row = next(l for l in lines[by_function:] if "schedule.stale_lead_cleanup" in l)
    assert row.split()[1:] == ["12", "1", "1", "0"]
    by_task = lines.index("Credits by integration task")
    row = next(l for l in lines[by_task:] if "zoho.crm.updateRecord" in l)
    assert row.split()[1:] == ["9", "9"]  # calls, credits
    top = lines.index("Most expensive functions")
    assert lines[top + 1].startswith("  1. schedule.stale_lead_cleanup: 12 API credits")
    assert "emails: 1" in out


def test_json_summary(home, capsys):
    run_samples(capsys)
    assert main(["credits", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["api"] == 16 and data["function"] == 3
    assert data["by_task"]["zoho.crm.getRecords"] == {"calls": 3, "credits": 3}
    assert data["most_expensive"][0] == "schedule.stale_lead_cleanup"
    assert data["limits"]["api_used"] == 16


def test_html_report_has_inline_svg_charts(home, capsys, tmp_path):
    run_samples(capsys)
    out_file = tmp_path / "report.html"
    assert main(["credits", "--html", str(out_file)]) == 0
    page = out_file.read_text()
    assert page.startswith("<!DOCTYPE html>")
    assert page.count("<svg") == 4  # per hour, per day, by function, by task
    assert page.count('class="timeline"') == 2
    assert "<script" not in page
    assert "schedule.stale_lead_cleanup: 12</title>" in page  # bar tooltips carry the values
    assert "zoho.crm.updateRecord: 9</title>" in page


def test_empty_ledger(home, capsys):
    assert main(["credits"]) == 0
    assert "No charges recorded yet" in capsys.readouterr().out


def test_summary_filters_by_time():
    entries = [{"run": "a", "kind": "api", "function": "f", "task": "t", "credits": 1, "time": 100},
               {"run": "b", "kind": "api", "function": "f", "task": "t", "credits": 5, "time": 200}]
    assert summarize(entries, since=150).api == 5
    assert summarize(entries, until=150).api == 1
    since, until = period_bounds("yesterday", 10 * 86400.0)
    assert until - since in (86400, 82800, 90000)  # a day (DST days are an hour off)


LOOPS = textwrap.dedent("""\
    void automation.sync_contacts(Int accountId)
    {
    \taccount = zoho.crm.getRecordById("Accounts", accountId);
    \tcontacts = zoho.crm.getRelatedRecords("Contacts", "Accounts", accountId);
    \tfor each contact in contacts
    \t{
    \t\tzoho.crm.updateRecord("Contacts", contact.get("id"), {"Mailing_City": account.get("Billing_City")});
    \t\tfor each tag in {"a", "b"}
    \t\t{
    \t\t\tnotify(tag);
    \t\t}
    \t}
    \tzoho.crm.convertLead(accountId, Map());
    \tresp = invokeurl
    \t[
    \t\turl: "https://www.zohoapis.com/crm/v8/coql"
    \t\ttype: POST
    \t\tconnection: "crm"
    \t];
    }
    void automation.notify(String tag)
    {
    \tzoho.crm.createRecord("Notes", {"Note_Content": tag});
    \tsendmail
    \t[
    \t\tfrom: zoho.adminuserid
    \t\tto: "a@example.com"
    \t\tsubject: tag
    \t\tmessage: tag
    \t]
    }
    """)


def test_estimate_walks_loops_and_calls():
    first, second = estimate_source(LOOPS, "sync.dg")
    assert first.name == "automation.sync_contacts"
    sites = {(s.line, s.task): s for s in first.sites}
    assert not sites[(3, "zoho.crm.getRecordById")].in_loop
    update = sites[(7, "zoho.crm.updateRecord")]
    assert [lp.line for lp in update.loops] == [5]
    note = sites[(10, "zoho.crm.createRecord")]
    assert note.via == ("automation.notify",)
    assert [lp.line for lp in note.loops] == [5, 8]
    assert sites[(13, "zoho.crm.convertLead")].credits == (5, 5)
    assert sites[(14, "invokeurl")].credits == (1, 3)  # COQL through the CRM connection
    assert first.straight_credits() == (1 + 1 + 5 + 1, 1 + 1 + 5 + 3)
    assert first.per_iteration() == {5: (1, 1), 8: (1, 1)}
    assert [s.task for s in second.sites] == ["zoho.crm.createRecord", "sendmail"]


def test_estimate_cli_text_and_json(tmp_path, capsys):
    path = tmp_path / "sync.dg"
    path.write_text(LOOPS)
    assert main(["credits", "--estimate", str(path)]) == 0
    out = capsys.readouterr().out
    row = next(l for l in out.splitlines() if "zoho.crm.updateRecord" in l)
    assert "per iteration of loop at line 5" in row
    assert "per iteration of loop at line 8 in loop at line 5" in out
    assert "total: 8-10 API credits outside loops" in out
    assert main(["credits", "--estimate", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    tasks = data["functions"][0]["tasks"]
    assert any(t["task"] == "zoho.crm.updateRecord" and t["in_loop"] for t in tasks)


def test_estimate_of_the_seed_matches_its_run(capsys):
    assert main(["credits", "--estimate",
                 sample("sales_order_to_purchase_order", "sales_order_to_purchase_order.dg")]) == 0
    out = capsys.readouterr().out
    assert "total: 2 API credits outside loops; 1 function credit per run" in out


def test_estimate_of_a_bad_file(tmp_path, capsys):
    path = tmp_path / "bad.dg"
    path.write_text("x = ;\n")
    assert main(["credits", "--estimate", str(path)]) == 1
    assert capsys.readouterr().err.startswith(f"{path}:1:")


@pytest.mark.parametrize("options, header", [
    (["--since", "1h", "--function", "f"], "Credits of f in the last hour from "),
    (["--since", "90m"], "Credits in the last 90 minutes from "),
    (["--since", "2026-12-01"], "Credits since 2026-12-01 from "),
    (["--period", "7d"], "Credits in the last 7 days from "),
    (["--period", "today"], "Credits today from "),
])
def test_the_header_says_the_period_in_words(tmp_path, capsys, options, header):
    from deluge2py.cli import main

    assert main(["credits", "--ledger", str(tmp_path / "l.jsonl")] + options) == 0
    assert capsys.readouterr().out.startswith(header)
