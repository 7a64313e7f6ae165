"""`deluge2py run` ends with what the function changed in the CRM."""

import json
import subprocess
import sys

SCRIPT = """\
acme = zoho.crm.createRecord("Accounts", {"Account_Name": "Acme", "Phone": "555"});
zoho.crm.updateRecord("Accounts", acme.get("id"), {"Phone": "556"});
bulk = zoho.crm.bulkCreate("Leads", [{"Last_Name": "One"}, {"First_Name": "No last name"}]);
zoho.crm.upsert("Accounts", {"Account_Name": "Acme", "Website": "acme.test"});
found = zoho.crm.getRecords("Accounts");
info found.size();
"""


def _run(tmp_path, *extra):
    script = tmp_path / "changes.dg"
    script.write_text(SCRIPT)
    return subprocess.run([sys.executable, "-m", "deluge2py", "run", str(script),
                           "--ledger", str(tmp_path / "ledger.jsonl"), *extra],
                          capture_output=True, text=True, timeout=60)


def test_the_report_ends_with_the_changes(tmp_path):
    done = _run(tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    start = lines.index("CRM changes: 2 created, 2 updated")
    assert lines[start - 1].startswith("credits: 5 API")
    body = "\n".join(lines[start + 1:])
    assert "  created Accounts 4876876000000100001 (zoho.crm.createRecord)\n    Account_Name: Acme\n    Phone: 555" in body
    assert "  updated Accounts 4876876000000100001 (zoho.crm.updateRecord)\n    Phone: 556" in body
    assert "  created Leads" in body and "Last_Name: One" in body
    assert "No last name" not in body  # refused by MANDATORY_NOT_FOUND: nothing changed
    assert "  updated Accounts 4876876000000100001 (zoho.crm.upsert)\n    Account_Name: Acme\n    Website: acme.test" in body


def test_json_has_the_changes_and_a_read_only_run_ends_with_its_credits(tmp_path):
    done = _run(tmp_path, "--json")
    changes = json.loads(done.stdout)["changes"]
    assert [(c["action"], c["module"]) for c in changes] == [
        ("created", "Accounts"), ("updated", "Accounts"), ("created", "Leads"),
        ("updated", "Accounts")]
    assert changes[1]["fields"] == {"Phone": "556"}
    reader = tmp_path / "read.dg"
    reader.write_text('r = zoho.crm.getRecords("Leads");\n')
    done = subprocess.run([sys.executable, "-m", "deluge2py", "run", str(reader),
                           "--ledger", str(tmp_path / "ledger.jsonl")],
                          capture_output=True, text=True, timeout=60)
    assert done.stdout.splitlines()[-1].startswith("credits: 1 API")
    assert "CRM changes" not in done.stdout


def test_a_field_with_line_breaks_stays_on_its_line(tmp_path, capsys):
    # One line per field: a multi-line text (an address, a notes field built with "\n")
    # shows its breaks as \n instead of breaking the report's layout.
    from deluge2py.cli import main

    script = tmp_path / "notes.dg"
    script.write_text('zoho.crm.createRecord("Leads", {"Last_Name": "Lee", '
                      '"Description": "line one\\nline two\\tend"});\n')
    assert main(["run", str(script), "--ledger", str(tmp_path / "ledger.jsonl")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "    Description: line one\\nline two\\tend" in lines
    assert "    Last_Name: Lee" in lines
