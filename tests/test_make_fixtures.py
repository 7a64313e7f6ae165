"""`deluge2py run --make-fixtures OUT`: a pasted bare script runs in one step and leaves
starter fixtures with one plausible record for every module and id it read."""

import json
import subprocess
import sys

from deluge2py.runtime.backends.sandbox import SandboxCRM

PASTED = """\
respMap = zoho.crm.getRecordById("Sales_Orders", input.soId.toLong());
pdlist = List();
for each eachProd in ifnull(respMap.get("Product_Details"), List())
{
\tmp = Map();
\tmp.put("product", {"id": eachProd.get("product").get("id")});
\tmp.put("quantity", eachProd.get("quantity"));
\tpdlist.add(mp);
}
po = Map();
po.put("Subject", respMap.get("Subject"));
po.put("Account_Name", respMap.get("Account_Name").get("id"));
po.put("Product_Details", pdlist);
rate = zoho.crm.getOrgVariable("markup");
leads = zoho.crm.searchRecords("Leads", "(Last_Name:starts_with:S)");
created = zoho.crm.createRecord("Purchase_Orders", po);
info created.get("id") != null;
info leads.size();
"""
SO_ID = "5725767000000423001"


def _run(tmp_path, *args):
    script = tmp_path / "so_to_po.dg"
    script.write_text(PASTED)
    return subprocess.run([sys.executable, "-m", "deluge2py", "run", str(script),
                           "--arg", f"soId={SO_ID}", "--ledger", str(tmp_path / "l.jsonl"),
                           *args], capture_output=True, text=True, timeout=60, cwd=tmp_path)


def test_a_pasted_script_runs_in_one_step_and_leaves_fixtures(tmp_path):
    out = tmp_path / "fixtures.json"
    first = _run(tmp_path, "--make-fixtures", str(out))
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[:2] == ["true", "1"]
    assert f"wrote starter fixtures to {out}" in first.stderr
    made = json.loads(out.read_text())
    (order,) = made["Sales_Orders"]
    assert order["id"] == SO_ID and order["Subject"]
    (row,) = order["Product_Details"]
    assert row["product"]["id"] == made["Products"][0]["id"]
    assert order["Account_Name"]["id"] == made["Accounts"][0]["id"]
    assert len(made["Leads"]) == 1 and made["$variables"] == {"markup": "sample"}
    assert "Purchase_Orders" not in made  # what the function wrote is not starting data
    assert SandboxCRM(fixtures=str(out)).fixture_warnings == []  # valid, all resolved

    edited = dict(made, Leads=[])  # the user edits the data, then runs with it
    out.write_text(json.dumps(edited))
    second = _run(tmp_path, "--fixtures", str(out))
    assert second.returncode == 0, second.stderr
    assert second.stdout.splitlines()[:2] == ["true", "0"]
    assert "created Purchase_Orders" in second.stdout and "Product_Details: 1 row" in second.stdout


def test_it_never_overwrites_and_starts_empty(tmp_path):
    out = tmp_path / "fixtures.json"
    out.write_text("{}")
    refused = _run(tmp_path, "--make-fixtures", str(out))
    assert refused.returncode == 2 and "exists" in refused.stderr and out.read_text() == "{}"
    other = tmp_path / "other.json"
    refused = _run(tmp_path, "--make-fixtures", str(other), "--fixtures", str(out))
    assert refused.returncode == 2 and "drop --fixtures" in refused.stderr
    assert not other.exists()
