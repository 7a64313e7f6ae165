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


DECLARED = f"""{{
  "$lookups": {{"Deals": {{"Vendor_Lookup": "Vendors", "Project": "Projects"}}}},
  "Vendors": [{{"id": "{VENDOR}", "Vendor_Name": "Acme Supplies"}}],
  "Accounts": [{{"id": "{ACCOUNT}", "Account_Name": "Harbour Ltd"}}],
  "Projects": [{{"id": "{PROJECT}", "Name": "Dock rebuild"}}],
  "Deals": [
    {{"id": "{HARBOUR}", "Deal_Name": "Harbour", "Stage": "Qualification"}},
    {{"id": "{QUAY}", "Deal_Name": "Quay", "Stage": "Qualification", "Vendor_Lookup": null}}
  ]
}}
"""


def test_a_fixtures_file_declares_custom_lookups_no_record_shows(folder, capsys):
    # No record gives Vendor_Lookup or Project as a {name, id} map: $lookups says what they are.
    (folder / "declared.json").write_text(DECLARED)
    fixtures = str(folder / "declared.json")
    result = run(folder, "set_from_ids", SET_FROM_IDS, capsys, "--fixtures", fixtures)
    assert result["quay"]["Vendor_Lookup"] == {"name": "Acme Supplies", "id": VENDOR}
    assert result["quay"]["Project"] == {"name": "Dock rebuild", "id": PROJECT}
    assert result["fresh"]["Vendor_Lookup"] == {"name": "Acme Supplies", "id": VENDOR}
    refused = run(folder, "refused", REFUSED, capsys, "--fixtures", fixtures)
    assert refused["wrong_module"]["details"] == {"api_name": "Vendor_Lookup"}  # an Account
    fields = run(folder, "fields", FIELDS, capsys, "--fixtures", fixtures)
    assert fields["Vendor_Lookup"] == {"type": "lookup",
                                       "lookup": {"module": {"api_name": "Vendors"}}}
    assert fields["Project"]["lookup"] == {"module": {"api_name": "Projects"}}


def test_a_declared_lookup_is_not_relearnt_from_records_naming_other_modules(folder, capsys):
    # Records pointing at two modules would make a learnt lookup point "anywhere".
    text = DECLARED.replace('"Stage": "Qualification"}},', '"Stage": "Qualification", '
                            f'"Vendor_Lookup": {{"name": "Harbour Ltd", "id": "{ACCOUNT}"}}}},')
    (folder / "declared.json").write_text(text)
    refused = run(folder, "refused", REFUSED, capsys, "--fixtures", str(folder / "declared.json"))
    assert refused["wrong_module"]["code"] == "INVALID_DATA"


@pytest.mark.parametrize("declaration, message", [
    ('{"Deals": {"Owner": "Users"}}',
     "$lookups.Deals.Owner: Owner is a user lookup (to $users), not a record lookup"),
    ('{"Deals": {"Account_Name": "Vendors"}}',
     "$lookups.Deals.Account_Name: Deals.Account_Name is a lookup to Accounts"),
    ('{"Deals": {"Vendor_Lookup": "Vendor s"}}',
     '$lookups.Deals.Vendor_Lookup: "Vendor s" is not a module\'s api name'),
    ('{"Deals": ["Vendors"]}', "$lookups.Deals: expected a map, found a list"),
])
def test_a_wrong_declaration_is_a_fixtures_error_with_its_position(folder, capsys, declaration,
                                                                   message):
    (folder / "bad.json").write_text('{\n  "$lookups": ' + declaration + "\n}\n")
    (folder / "f.dg").write_text('info "never";\n')
    assert main(["run", str(folder / "f.dg"), "--fixtures", str(folder / "bad.json")]) == 2
    err = capsys.readouterr().err
    assert f"deluge2py run: error: {folder / 'bad.json'}:2:" in err and message in err


def test_a_declared_target_module_nothing_knows_is_a_warning(folder, capsys):
    (folder / "typo.json").write_text('{\n  "$lookups": {"Deals": {"Vendor_Lookup": "Vendorz"}}\n}\n')
    (folder / "f.dg").write_text('info "ran";\n')
    assert main(["run", str(folder / "f.dg"), "--fixtures", str(folder / "typo.json")]) == 0
    captured = capsys.readouterr()
    assert (f"{folder / 'typo.json'}:2:43: warning: $lookups.Deals.Vendor_Lookup: no module "
            "Vendorz in the fixtures or the sandbox") in captured.err
    assert captured.out.startswith("ran")
