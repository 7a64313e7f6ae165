"""`credits --estimate` worst cases and bulk hints: loop bounds from literal lists and
record pages, unknown bounds said as such, and the whole samples folder at once."""

import json
import os
import textwrap

from deluge2py.cli import main

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLES = os.path.join(ROOT, "samples")

BOUNDS = textwrap.dedent("""\
    void automation.bounds(Int id)
    {
    \tleads = zoho.crm.getRecords("Leads");
    \tfor each lead in leads
    \t{
    \t\tzoho.crm.createRecord("Tasks", {"Subject": lead.get("Last_Name")});
    \t}
    \tfor each x in {1, 2}
    \t{
    \t\tzoho.crm.getRecordById("Deals", id);
    \t}
    }
    void automation.open_ended(List ids)
    {
    \tfor each id in ids
    \t{
    \t\tzoho.crm.updateRecord("Deals", id, {"Stage": "Closed Won"});
    \t}
    }
    """)


def test_bounds_worst_cases_and_hints(tmp_path, capsys):
    path = tmp_path / "bounds.dg"
    path.write_text(BOUNDS)
    assert main(["credits", "--estimate", str(path), "--json"]) == 0
    bounded, open_ended = json.loads(capsys.readouterr().out)["functions"]
    # 1 page read + 200 creates (Zoho's default and largest page) + 2 reads
    assert bounded["worst_case_api_credits"] == 1 + 200 + 2
    assert [h["bulk"] for h in bounded["bulk_hints"]] == ["bulkCreate"]
    assert bounded["bulk_hints"][0]["saved"] == 200 - 20
    assert open_ended["worst_case_api_credits"] is None
    assert open_ended["unbounded_loops"] == [{"line": 15, "why": "ids is not assigned before the loop"}]
    assert open_ended["bulk_hints"][0]["records"] is None
    assert main(["credits", "--estimate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "worst case: unbounded (loop at line 15: ids is not assigned before the loop)" in out
    assert "to save about 9 of every 10 credits" in out


def test_estimate_of_the_whole_samples_folder(capsys):
    assert main(["credits", "--estimate", SAMPLES]) == 0
    out = capsys.readouterr().out
    samples = sorted(d for d in os.listdir(SAMPLES) if os.path.isdir(os.path.join(SAMPLES, d)))
    headers = [line for line in out.splitlines() if line.startswith(SAMPLES)]
    assert sorted({h.split("/")[-2] for h in headers}) == samples  # every sample's function
    assert out.count("  worst case: ") == len(headers)  # each with its worst case
    assert "hint: line 17: zoho.crm.updateRecord" in out  # price_rise_by_region's bulk hint
    assert f"{len(headers)} functions in {len(samples)} files" in out.splitlines()[-1]
