"""Arguments of a bare script (no header), as a user reaches them: ``run --arg``,
``debug --arg``, ``load_deluge`` and ``credits --estimate`` on the founding example as
Zoho's article prints it: a bare body that reads ``input.soId``."""

import json
import os
import subprocess
import sys

import pytest

from deluge2py.cli import main
from deluge2py.runtime.credits import Ledger

pytest_plugins = ["pytester"]

from test_run_cli import ROOT, SO_ID, private_ledger  # noqa: F401  (an autouse fixture)

BARE = os.path.join(ROOT, "tests", "bare_scripts", "so_to_po.dg")
FIXTURES = os.path.join(ROOT, "samples", "sales_order_to_purchase_order", "fixtures.json")


def test_the_founding_example_runs_with_its_argument(capsys):
    code = main(["run", BARE, "--fixtures", FIXTURES, "--arg", f"soId={SO_ID}", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0, out
    assert out["function"] == "so_to_po"
    assert out["error"] is None
    assert out["credits"]["api"] == 2
    assert out["credits"]["function"] == 1
    sent = json.loads(out["info"][0])
    assert [row["product"]["id"] for row in sent["Product_Details"]] == [
        "4876876000000401001", "4876876000000401002"]
    created = json.loads(out["info"][1])
    assert created["id"]


def test_the_text_report_names_the_credits(capsys):
    assert main(["run", BARE, "--fixtures", FIXTURES, "--arg", f"soId={SO_ID}"]) == 0
    out = capsys.readouterr().out
    assert "credits: 2 API" in out and "1 function" in out


def test_debug_accepts_the_argument(tmp_path):
    env = dict(os.environ, TERM="dumb", PYTHONBREAKPOINT="0", DELUGE2PY_HOME=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-m", "deluge2py", "debug", BARE, "--fixtures", FIXTURES,
         "--arg", f"soId={SO_ID}"], input="continue\n", capture_output=True, text=True,
        env=env, timeout=60, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert '"Product_Details"' in result.stdout  # info paramap ran
    assert "has no parameter" not in result.stderr


def test_credits_estimate_reads_the_bare_script(capsys):
    assert main(["credits", "--estimate", BARE]) == 0
    out = capsys.readouterr().out
    assert "zoho.crm.getRecordById" in out and "zoho.crm.createRecord" in out
    assert "2 API credits" in out


def test_load_deluge_takes_the_argument(pytester):
    pytester.makepyfile(test_bare=f"""
        import pytest

        @pytest.mark.deluge_fixtures({FIXTURES!r})
        def test_bare(load_deluge, deluge_crm, credits):
            so_to_po = load_deluge({BARE!r})
            assert so_to_po.__deluge__["params"] == {{"soId": None}}
            so_to_po({SO_ID!r})
            orders = deluge_crm.records("Purchase_Orders")
            assert len(orders) == 1
            po = deluge_crm.get_record("Purchase_Orders", orders[0]["id"])
            assert len(po["Product_Details"]) == 2
            assert (credits.api, credits.function) == (2, 1)
    """)
    result = pytester.runpytest("-q", "-p", "no:hypothesispytest")
    result.assert_outcomes(passed=1)


def test_a_bare_script_gets_its_arguments_as_text(tmp_path, capsys):
    script = tmp_path / "concat.dg"
    script.write_text("info input.n + 1;\ninfo m + 1;\n")
    assert main(["run", str(script), "--arg", "n=5", "--arg", "m=5", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["info"] == ["51", "51"]


def test_a_value_the_declared_type_rejects_is_a_usage_error(tmp_path, capsys, private_ledger):
    script = tmp_path / "twice.dg"
    script.write_text("int standalone.twice(int n)\n{\n\treturn n * 2;\n}\n")
    assert main(["run", str(script), "--arg", "n=abc"]) == 2
    err = capsys.readouterr().err
    assert "Argument 'n'" in err and "int" in err
    assert "Traceback" not in err
    charged = [e for e in Ledger(private_ledger).entries() if e.get("kind") == "function"]
    assert charged == []  # the run never started
    assert main(["run", str(script), "--arg", "n=21", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["result"] == 42


def test_a_map_argument_is_given_as_json(tmp_path, capsys):
    script = tmp_path / "keys.dg"
    script.write_text("list standalone.keys(map m)\n{\n\treturn m.keys();\n}\n")
    assert main(["run", str(script), "--arg", 'm={"a": 1, "b": 2}', "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["result"] == ["a", "b"]
    assert main(["run", str(script), "--arg", "m=not json"]) == 2
    assert "give it as JSON" in capsys.readouterr().err


def test_a_list_argument_is_json_or_comma_separated_text(tmp_path, capsys):
    # JSON keeps its types; any other text splits on commas as List("a,b,c") does.
    script = tmp_path / "count.dg"
    script.write_text("text standalone.count(list tags)\n{\n"
                      "\treturn tags.size() + \":\" + tags.get(0) + \":\" + tags;\n}\n")
    for given, result in (("[1, 2]", "2:1:1,2"), ("a,b,c", "3:a:a,b,c"), ("solo", "1:solo:solo"),
                          (" [\"x\"]", "1:x:x")):
        assert main(["run", str(script), "--arg", f"tags={given}", "--json"]) == 0, given
        assert json.loads(capsys.readouterr().out)["result"] == result
    assert main(["run", str(script), "--arg", "tags=[1,"]) == 2
    assert "give it as JSON" in capsys.readouterr().err
