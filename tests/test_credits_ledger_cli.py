"""The ledger as `deluge2py credits` shows it: refused runs charge nothing, failed runs
apart, --since/--function/--reset, and an edition over its limit flagged."""

import json
import textwrap

import pytest

from deluge2py.cli import main

FUNCTION = textwrap.dedent("""\
    string automation.touch(Int id)
    {
    \tlead = zoho.crm.getRecordById("Leads", id);
    \tif(lead.get("Last_Name") == "Broken")
    \t{
    \t\tx = lead.get("Last_Name").toLong();
    \t}
    \treturn lead.get("Last_Name");
    }
    """)


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    (tmp_path / "deluge2py.toml").write_text('fixtures = "fixtures.json"\n')
    (tmp_path / "f.dg").write_text(FUNCTION)
    (tmp_path / "fixtures.json").write_text(
        '{"Leads": [{"id": "1", "Last_Name": "Rao"}, {"id": "2", "Last_Name": "Broken"}]}')
    (tmp_path / "bad.json").write_text('{"Leads": [')
    monkeypatch.chdir(tmp_path)
    return tmp_path


def ledger_lines(project):
    path = project / ".deluge2py" / "ledger.jsonl"
    return [json.loads(l) for l in path.read_text().splitlines()] if path.exists() else []


def test_runs_refused_before_they_start_charge_nothing(project, capsys):
    assert main(["run", "f.dg", "--arg", "nope=1"]) == 2
    assert main(["run", "f.dg", "--arg", "id"]) == 2
    assert main(["run", "f.dg", "--arg", "id=1", "--fixtures", "bad.json"]) == 2
    assert main(["run", "f.dg", "--arg", "id=1", "--fixtures", "missing.json"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "deluge2py run: error: automation.touch has no parameter 'nope'; its parameters: id"
    assert all(line.startswith("deluge2py run: error: ") for line in err)
    assert ledger_lines(project) == []


def test_failed_runs_are_shown_apart(project, capsys):
    assert main(["run", "f.dg", "--arg", "id=1"]) == 0
    assert main(["run", "f.dg", "--arg", "id=2"]) == 1
    capsys.readouterr()
    assert main(["credits"]) == 0
    out = capsys.readouterr().out
    assert "runs: 2 (1 failed)" in out
    row = next(l for l in out.splitlines() if l.startswith("  automation.touch"))
    assert row.split()[1:] == ["2", "2", "1", "1"]  # API, function credits, runs ok, failed
    failed = out.split("Failed runs")[1]
    assert "automation.touch  line 6" in failed and "1" in failed
    assert main(["credits", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(r["function"], r["line"], r["api"]) for r in data["failed_runs"]] == [("automation.touch", 6, 1)]


def test_since_function_and_reset(project, capsys):
    old = {"run": "old", "kind": "api", "function": "automation.other", "task": "zoho.crm.getRecords",
           "credits": 7, "time": 1_000_000.0, "line": 3}
    (project / ".deluge2py").mkdir()
    (project / ".deluge2py" / "ledger.jsonl").write_text(json.dumps(old) + "\n")
    assert main(["run", "f.dg", "--arg", "id=1"]) == 0
    capsys.readouterr()
    assert main(["credits", "--period", "all", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["api"] == 8
    assert main(["credits", "--since", "2h", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["api"] == 1
    assert main(["credits", "--since", "1970-01-02", "--function", "other", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["by_function"].keys() == {"automation.other"}
    assert main(["credits", "--since", "last tuesday"]) == 2
    assert "deluge2py credits: error: --since 'last tuesday'" in capsys.readouterr().err
    assert main(["credits", "--reset"]) == 0
    assert "4 ledger lines removed" in capsys.readouterr().out  # the old one, the run's three
    assert ledger_lines(project) == []


def test_an_edition_over_its_limit_is_flagged(project, capsys):
    for _ in range(3):
        assert main(["run", "f.dg", "--arg", "id=1"]) == 0
    capsys.readouterr()
    assert main(["credits", "--edition", "free"]) == 0
    out = capsys.readouterr().out
    assert "3 function credits (the free edition has none -- over the limit)" in out
    assert "3 of 0" not in out
