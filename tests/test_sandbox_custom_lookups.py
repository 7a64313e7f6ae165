"""A custom lookup field is set from a bare record id as a standard one is (Zoho's REST
API accepts the id alone and answers the lookup as ``{"name", "id"}``): through a Deluge
function run by the CLI on a fixtures file written by hand (docs/semantics.md, sandbox,
"Custom lookups")."""

import json

import pytest

from deluge2py.cli import main

VENDOR, ACCOUNT, PROJECT = "4876876000000123456", "4876876000000200001", "4876876000000300001"
HARBOUR, QUAY = "4876876000000100001", "4876876000000100002"

FIXTURES = f"""{{
  "Vendors": [{{"id": "{VENDOR}", "Vendor_Name": "Acme Supplies"}}],
  "Accounts": [{{"id": "{ACCOUNT}", "Account_Name": "Harbour Ltd"}}],
  "Projects": [{{"id": "{PROJECT}", "Name": "Dock rebuild"}}],
  "Deals": [
    {{"id": "{HARBOUR}", "Deal_Name": "Harbour", "Stage": "Qualification",
      "Vendor_Lookup": {{"name": "Acme Supplies", "id": "{VENDOR}"}},
      "Project": {{"name": "Dock rebuild", "id": "{PROJECT}"}},
      "Reference_No": "4876876000000999999"}},
    {{"id": "{QUAY}", "Deal_Name": "Quay", "Stage": "Qualification",
      "Vendor_Lookup": null, "Project": null}}
  ]
}}
"""

SET_FROM_IDS = f"""map set_from_ids()
{{
	up = zoho.crm.updateRecord("Deals", {QUAY}, {{"Vendor_Lookup": "{VENDOR}", "Project": {PROJECT}, "Account_Name": "{ACCOUNT}", "Reference_No": "{VENDOR}"}});
	quay = zoho.crm.getRecordById("Deals", {QUAY});
	made = zoho.crm.createRecord("Deals", {{"Deal_Name": "New", "Stage": "Qualification", "Vendor_Lookup": {VENDOR}}});
	fresh = zoho.crm.getRecordById("Deals", made.get("id"));
	return {{"quay": quay, "fresh": fresh, "up": up}};
}}
"""

REFUSED = f"""map refused()
{{
	nobody = zoho.crm.updateRecord("Deals", {QUAY}, {{"Vendor_Lookup": "4876876000000777777"}});
	wrong_module = zoho.crm.updateRecord("Deals", {QUAY}, {{"Vendor_Lookup": "{ACCOUNT}"}});
	quay = zoho.crm.getRecordById("Deals", {QUAY});
	return {{"nobody": nobody, "wrong_module": wrong_module, "quay": quay}};
}}
"""


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("DELUGE2PY_HOME", str(tmp_path / "home"))
    (tmp_path / "fixtures.json").write_text(FIXTURES)
    return tmp_path


def run(folder, name, source, capsys, *options):
    (folder / f"{name}.dg").write_text(source)
    code = main(["run", str(folder / f"{name}.dg"), "--json", *options])
    out = json.loads(capsys.readouterr().out)
    assert code == 0, out["error"]
    return out["result"]


def test_custom_lookups_set_from_a_bare_id_read_back_as_name_and_id(folder, capsys):
    result = run(folder, "set_from_ids", SET_FROM_IDS, capsys,
                 "--fixtures", str(folder / "fixtures.json"))
    quay = result["quay"]
    # The standard lookup and the custom ones answer alike.
    assert quay["Account_Name"] == {"name": "Harbour Ltd", "id": ACCOUNT}
    assert quay["Vendor_Lookup"] == {"name": "Acme Supplies", "id": VENDOR}
    assert quay["Project"] == {"name": "Dock rebuild", "id": PROJECT}  # given as a number
    assert result["fresh"]["Vendor_Lookup"] == {"name": "Acme Supplies", "id": VENDOR}
    # A field the fixtures hold as text stays text, digits or not.
    assert quay["Reference_No"] == VENDOR
    assert result["up"]["id"] == QUAY


def test_a_custom_lookup_naming_no_record_of_its_module_is_refused(folder, capsys):
    result = run(folder, "refused", REFUSED, capsys, "--fixtures", str(folder / "fixtures.json"))
    refusal = {"code": "INVALID_DATA", "details": {"api_name": "Vendor_Lookup"},
               "message": "invalid data", "status": "error"}
    assert result["nobody"] == refusal
    assert result["wrong_module"] == refusal  # the fixtures point it at Vendors
    assert result["quay"]["Vendor_Lookup"] is None  # unchanged


def test_custom_lookups_are_known_to_later_runs_on_the_same_db(folder, capsys):
    db = str(folder / "crm.db")
    run(folder, "refused", REFUSED, capsys, "--fixtures", str(folder / "fixtures.json"),
        "--db", db)
    result = run(folder, "set_from_ids", SET_FROM_IDS, capsys, "--db", db)
    assert result["quay"]["Vendor_Lookup"] == {"name": "Acme Supplies", "id": VENDOR}


LEARNED_FROM_A_WRITE = f"""map learned()
{{
	first = zoho.crm.updateRecord("Deals", {HARBOUR}, {{"Supplier": {{"id": "{VENDOR}"}}}});
	then = zoho.crm.updateRecord("Deals", {QUAY}, {{"Supplier": "{VENDOR}"}});
	return zoho.crm.getRecordById("Deals", {QUAY});
}}
"""


def test_a_field_written_once_as_a_lookup_map_takes_a_bare_id_later(folder, capsys):
    quay = run(folder, "learned", LEARNED_FROM_A_WRITE, capsys,
               "--fixtures", str(folder / "fixtures.json"))
    assert quay["Supplier"] == {"name": "Acme Supplies", "id": VENDOR}


FIELDS = """map fields()
{
	found = Map();
	for each field in zoho.crm.v8.getFields("Deals").get("fields")
	{
		found.put(field.get("api_name"), {"type": field.get("data_type"), "lookup": field.get("lookup")});
	}
	return found;
}
"""


def test_get_fields_names_the_target_of_a_custom_lookup(folder, capsys):
    fields = run(folder, "fields", FIELDS, capsys, "--fixtures", str(folder / "fixtures.json"))
    assert fields["Vendor_Lookup"] == {"type": "lookup",
                                       "lookup": {"module": {"api_name": "Vendors"}}}
    assert fields["Project"]["lookup"] == {"module": {"api_name": "Projects"}}
    assert fields["Reference_No"]["type"] == "text"
