"""deluge2py run: the Python API (execute) and the command, text and --json."""

import json
import os

import pytest

from deluge2py.cli import main
from deluge2py.cmd_run import RunError, execute, parse_args
from deluge2py.runtime.credits import Ledger

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED_DIR = os.path.join(ROOT, "samples", "sales_order_to_purchase_order")
SEED = os.path.join(SEED_DIR, "sales_order_to_purchase_order.dg")
SEED_FIXTURES = os.path.join(SEED_DIR, "fixtures.json")
SO_ID = "4876876000000624001"


@pytest.fixture(autouse=True)
def private_ledger(tmp_path, monkeypatch):
    """Every run here writes to a ledger of its own, never the user's."""
    monkeypatch.setenv("DELUGE2PY_HOME", str(tmp_path / "home"))
    return tmp_path / "home" / "ledger.jsonl"


def test_seed_through_the_python_api(private_ledger):
    run = execute(SEED, args={"soId": SO_ID}, fixtures=SEED_FIXTURES)
    assert run.error is None
    orders = run.crm.records("Purchase_Orders")
    assert len(orders) == 1
    po = run.crm.get_record("Purchase_Orders", orders[0]["id"])
    so = run.crm.get_record("Sales_Orders", SO_ID)
    assert [r["product"]["id"] for r in po["Product_Details"]] == \
        [r["product"]["id"] for r in so["Product_Details"]]
    assert run.meter.api == 2
    assert run.meter.by_task == {"zoho.crm.getRecordById": 1, "zoho.crm.createRecord": 1}
    assert run.meter.function == 1
    assert len(run.info) == 2
    # The charges reached the ledger `deluge2py credits` reads.
    kinds = [(e["kind"], e["task"], e["credits"]) for e in Ledger(private_ledger).entries()]
    assert sorted(kinds, key=str) == sorted([("function", None, 1), ("api", "zoho.crm.getRecordById", 1),
                                             ("api", "zoho.crm.createRecord", 1),
                                             ("run", None, 0)], key=str)


def test_seed_through_the_cli_json(capsys):
    code = main(["run", SEED, "--fixtures", SEED_FIXTURES, "--arg", f"soId={SO_ID}", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out["error"] is None
    assert out["credits"]["api"] == 2
    assert out["credits"]["function"] == 1
    assert out["credits"]["by_task"] == {"zoho.crm.getRecordById": 1, "zoho.crm.createRecord": 1}
    created = json.loads(out["info"][1])
    assert created["id"]
    sent = json.loads(out["info"][0])
    assert [row["quantity"] for row in sent["Product_Details"]] == [2, 6]
    assert out["result"] is None
    assert out["statements"] > 0


def test_seed_through_the_cli_text(capsys):
    code = main(["run", SEED, "--fixtures", SEED_FIXTURES, "--arg", f"soId={SO_ID}"])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[0].startswith('{"Product_Details":[')
    assert '"id":"' in out[1]
    credits = out.index("CRM changes: 1 created") - 1  # the report ends with the changes
    assert out[credits].startswith("credits: 2 API (zoho.crm.getRecordById 1, "
                                   "zoho.crm.createRecord 1), 1 function; ")
    assert out[credits + 2].startswith("  created Purchase_Orders ")
    assert out[credits + 3:credits + 4] == ["    Product_Details: 2 rows"]


BROKEN = """\
string standalone.pick(Int index)
{
\titems = {"a", "b", "c"};
\tinfo "picking";
\tchosen = items.get(index);
\treturn chosen;
}
"""


def test_runtime_error_prints_file_line_and_exits_1(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pick.dg").write_text(BROKEN)
    code = main(["run", "pick.dg", "--arg", "index=10"])
    captured = capsys.readouterr()
    assert code == 1
    first, source = captured.err.splitlines()[:2]
    assert first.startswith("pick.dg:5: error: ")
    assert source.strip() == "chosen = items.get(index);"
    assert captured.out.splitlines()[0] == "picking"  # info lines before the error still show


def test_runtime_error_in_json(tmp_path, capsys):
    path = tmp_path / "pick.dg"
    path.write_text(BROKEN)
    code = main(["run", str(path), "--arg", "index=10", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1
    assert out["error"]["file"] == "pick.dg"
    assert out["error"]["line"] == 5
    assert out["error"]["message"]
    assert out["info"] == ["picking"]


def test_return_value_and_typed_arguments(tmp_path, capsys):
    path = tmp_path / "calc.dg"
    path.write_text('string standalone.calc(Int n, String label, List tags)\n{\n'
                    '\treturn label + ":" + (n + 1) + ":" + tags.size();\n}\n')
    code = main(["run", str(path), "--arg", "n=41", "--arg", "label=42", "--arg", 'tags=["x","y"]',
                 "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out["result"] == "42:42:2"  # label=42 parses as JSON but the header says String


def test_function_is_picked_by_name(tmp_path, capsys):
    path = tmp_path / "two.dg"
    path.write_text('string standalone.first()\n{\n\treturn "one";\n}\n'
                    'string standalone.second()\n{\n\treturn "two";\n}\n')
    assert main(["run", str(path), "--json"]) == 2  # several and none named: no guessing
    err = capsys.readouterr().err
    assert "several functions" in err and "standalone.first, standalone.second" in err
    assert main(["run", str(path), "first", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["result"] == "one"
    assert main(["run", str(path), "standalone.second", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["result"] == "two"
    assert main(["run", str(path), "third"]) == 2
    assert "defines: standalone.first, standalone.second" in capsys.readouterr().err


def test_bad_arguments_are_reported(tmp_path, capsys):
    assert main(["run", SEED, "--fixtures", SEED_FIXTURES]) == 2
    assert "--arg soId=VALUE" in capsys.readouterr().err
    assert main(["run", SEED, "--arg", "nope=1"]) == 2
    assert "no parameter 'nope'" in capsys.readouterr().err
    with pytest.raises(RunError):
        parse_args(["novalue"])


def test_syntax_error_is_a_compiler_message(tmp_path, capsys):
    path = tmp_path / "bad.dg"
    path.write_text("x = ;\n")
    assert main(["run", str(path)]) == 1
    assert capsys.readouterr().err.startswith("bad.dg:1:")


def test_responses_and_outbox(tmp_path, capsys):
    sample = os.path.join(ROOT, "samples", "exchange_rate_sync")
    code = main(["run", os.path.join(sample, "exchange_rate_sync.dg"),
                 "--fixtures", os.path.join(sample, "fixtures.json"),
                 "--responses", os.path.join(sample, "responses.json"),
                 "--arg", "dealId=7700000000000701001", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out["info"] == ["ok"]
    assert out["credits"]["api"] == 2

    cleanup = os.path.join(ROOT, "samples", "stale_lead_cleanup")
    code = main(["run", os.path.join(cleanup, "stale_lead_cleanup.dg"),
                 "--fixtures", os.path.join(cleanup, "fixtures.json")])
    text = capsys.readouterr().out
    assert code == 0
    assert "sendmail to sales-ops@example.com: Nightly lead cleanup" in text


def test_db_keeps_state_between_runs(tmp_path, capsys):
    db = str(tmp_path / "crm.sqlite")
    args = ["run", SEED, "--fixtures", SEED_FIXTURES, "--db", db, "--arg", f"soId={SO_ID}", "--json"]
    assert main(args) == 0
    capsys.readouterr()
    assert main(args) == 0
    capsys.readouterr()
    run = execute(SEED, args={"soId": SO_ID}, db=db)
    assert len(run.crm.records("Purchase_Orders")) == 3


@pytest.mark.parametrize("make_db", [
    lambda tmp: tmp / "no-such-folder" / "crm.sqlite",
    lambda tmp: (tmp / "not-sqlite.sqlite").write_text("{}") and tmp / "not-sqlite.sqlite",
])
@pytest.mark.parametrize("command", ["run", "debug"])
def test_a_db_the_sandbox_cannot_use_is_a_usage_error(tmp_path, capsys, make_db, command):
    db = make_db(tmp_path)
    code = main([command, SEED, "--db", str(db), "--arg", f"soId={SO_ID}"])
    out, err = capsys.readouterr()
    assert code == 2
    assert f"deluge2py {command}: error: cannot use {db} as the sandbox database" in err
    assert "Traceback" not in err + out
