"""zoho.crm tasks against the sandbox CRM, called as generated code calls them."""

import datetime as dt
import math

import pytest

from deluge2py.runtime import Context, DelugeRuntimeError, File, List, Map, Text
from deluge2py.runtime.backends.sandbox import SandboxCRM
from deluge2py.runtime.credits import Meter
from deluge2py.runtime.zoho import zoho

ACME = "1000000000000000001"
GLOBEX = "1000000000000000002"
ANN = "1000000000000000011"
BOB = "1000000000000000012"
WIDGET = "1000000000000000021"
LEAD = "1000000000000000031"

FIXTURES = {
    "Accounts": [
        {"id": ACME, "Account_Name": "Acme Corp", "Industry": "Storage",
         "Annual_Revenue": 5000.5, "Employees": 40},
        {"id": GLOBEX, "Account_Name": "Globex", "Industry": "Energy",
         "Annual_Revenue": 100.0, "Employees": 7},
    ],
    "Contacts": [
        {"id": ANN, "First_Name": "Ann", "Last_Name": "Lee", "Email": "ann@acme.test",
         "Account_Name": {"name": "Acme Corp", "id": ACME}, "Date_of_Birth": "1990-04-02"},
        {"id": BOB, "First_Name": "Bob", "Last_Name": "Stone", "Email": "bob@globex.test",
         "Account_Name": {"name": "Globex", "id": GLOBEX}, "Date_of_Birth": "1985-11-30"},
    ],
    "Products": [{"id": WIDGET, "Product_Name": "Widget", "Unit_Price": 12.5,
                  "Product_Code": "W-1"}],
    "Leads": [{"id": LEAD, "First_Name": "Cara", "Last_Name": "Diaz", "Company": "Initech",
               "Email": "cara@initech.test", "Phone": "555-0100", "City": "Austin"}],
    "$variables": {"Discount_Rate": "15"},
}
NOW = dt.datetime(2024, 3, 5, 9, 30, 0)


@pytest.fixture
def ctx():
    crm = SandboxCRM(fixtures=FIXTURES)
    meter = Meter(api_limit=1000)
    with Context(crm=crm, meter=meter, time_zone="America/Los_Angeles",
                 system={"currenttime": NOW}) as context:
        yield context


def is_error(resp, code):
    return isinstance(resp, Map) and resp.get("status") == "error" and resp.get("code") == code


# --- getRecordById ------------------------------------------------------------------------

def test_get_record_by_id_returns_the_flat_record_as_deluge_values(ctx):
    rec = zoho.crm.getRecordById("Contacts", int(ANN))
    assert isinstance(rec, Map) and isinstance(rec.get("Email"), Text)
    assert rec.get("id") == ANN and rec.get("Full_Name") == "Ann Lee"
    assert rec.get("Account_Name") == {"name": "Acme Corp", "id": ACME}
    # classic reads carry the user's email too, as scripts read it (docs/semantics.md)
    assert set(rec.get("Owner")) == {"name", "id", "email"}
    assert set(zoho.crm.v8.getRecordById("Contacts", ANN).get("Owner")) == {"name", "id", "email"}


def test_task_names_are_case_insensitive(ctx):
    assert zoho.crm.getrecordbyid("Contacts", ANN).get("id") == ANN
    assert zoho.CRM.GETRECORDBYID("Contacts", ANN).get("id") == ANN


def test_get_record_errors_are_returned_not_raised(ctx):
    assert is_error(zoho.crm.getRecordById("Contacts", 42), "INVALID_DATA")
    assert zoho.crm.getRecordById("Contacts", "abc").get("message") == \
        "the id given seems to be invalid"
    assert is_error(zoho.crm.getRecordById("Contactz", ANN), "INVALID_MODULE")


def test_wrong_number_of_arguments_is_a_deluge_error(ctx):
    with pytest.raises(DelugeRuntimeError, match="number of arguments"):
        zoho.crm.getRecordById("Contacts")
    with pytest.raises(DelugeRuntimeError):
        zoho.crm.createRecord("Leads", {}, {}, "conn", "extra")
    assert ctx.meter.api == 0  # a call Zoho would not save is not charged


def test_unknown_task_is_a_deluge_error(ctx):
    with pytest.raises(DelugeRuntimeError, match="not a Zoho CRM task"):
        zoho.crm.deleteRecord("Leads", LEAD)
    with pytest.raises(DelugeRuntimeError):
        zoho.crm.getFields("Leads")  # v8 only


def test_connection_argument_is_accepted(ctx):
    assert zoho.crm.getRecordById("Contacts", ANN, Map(), "crm_conn").get("id") == ANN


# --- createRecord / updateRecord ---------------------------------------------------------------

def test_create_record_returns_details_with_times_from_the_context_clock(ctx):
    resp = zoho.crm.createRecord("Leads", {"Last_Name": "Nova", "Company": "Nova Ltd"})
    assert set(resp) == {"Modified_Time", "Modified_By", "Created_Time", "id", "Created_By"}
    assert resp.get("Created_Time") == "2024-03-05T09:30:00-08:00"
    assert len(resp.get("id")) == 19 and resp.get("id").isdigit()
    stored = zoho.crm.getRecordById("Leads", resp.get("id").toLong())
    assert stored.get("Company") == "Nova Ltd"
    assert stored.get("Owner").get("name") == "Sandbox User"


def test_ids_follow_a_deterministic_sequence():
    first = SandboxCRM().create_record("Leads", {"Last_Name": "A"})["id"]
    again = SandboxCRM().create_record("Leads", {"Last_Name": "A"})["id"]
    assert first == again
    crm = SandboxCRM()
    ids = [crm.create_record("Leads", {"Last_Name": "A"})["id"] for _ in range(3)]
    assert [int(i) for i in ids] == sorted(int(i) for i in ids) and len(set(ids)) == 3


def test_create_record_missing_mandatory_field(ctx):
    resp = zoho.crm.createRecord("Deals", {"Deal_Name": "Big"})
    assert is_error(resp, "MANDATORY_NOT_FOUND")
    assert resp.get("details") == {"api_name": "Stage"}
    v8 = zoho.crm.v8.createRecord("Deals", {"Stage": "Won"})
    assert v8.get("details") == {"api_name": "Deal_Name", "json_path": "$.data[0].Deal_Name"}


def test_create_record_resolves_lookups_and_rejects_bad_ones(ctx):
    resp = zoho.crm.createRecord("Deals", {"Deal_Name": "D1", "Stage": "Won",
                                           "Account_Name": int(GLOBEX)})
    deal = zoho.crm.getRecordById("Deals", resp.get("id"))
    assert deal.get("Account_Name") == {"name": "Globex", "id": GLOBEX}
    bad = zoho.crm.createRecord("Deals", {"Deal_Name": "D2", "Stage": "Won",
                                          "Account_Name": {"id": "999"}})
    assert is_error(bad, "INVALID_DATA") and bad.get("details").get("api_name") == "Account_Name"


def test_create_record_rejects_a_deluge_datetime_in_a_datetime_field(ctx):
    resp = zoho.crm.createRecord("Calls", {"Subject": "s", "Call_Type": "Outbound",
                                           "Call_Start_Time": zoho.currenttime})
    assert is_error(resp, "INVALID_DATA")
    ok = zoho.crm.createRecord("Calls", {"Subject": "s", "Call_Type": "Outbound",
                                         "Call_Start_Time": "2024-03-05T10:00:00-08:00"})
    assert ok.get("id") is not None


def test_update_record_changes_only_given_fields(ctx):
    resp = zoho.crm.updateRecord("Contacts", int(ANN), {"Email": "ann@new.test"})
    assert resp.get("id") == ANN
    rec = zoho.crm.getRecordById("Contacts", ANN)
    assert rec.get("Email") == "ann@new.test" and rec.get("Last_Name") == "Lee"
    assert rec.get("Modified_Time") == "2024-03-05T09:30:00-08:00"


def test_update_record_errors(ctx):
    assert is_error(zoho.crm.updateRecord("Contacts", 7, {"Email": "x"}), "INVALID_DATA")
    assert is_error(zoho.crm.updateRecord("Contacts", ANN, {"Last_Name": None}),
                    "MANDATORY_NOT_FOUND")
    assert is_error(zoho.crm.updateRecord("Nope", ANN, {}), "INVALID_MODULE")


def test_invalid_trigger_value(ctx):
    ok = zoho.crm.createRecord("Leads", {"Last_Name": "T"}, {"trigger": ["workflow"]})
    assert ok.get("id") is not None
    assert is_error(zoho.crm.createRecord("Leads", {"Last_Name": "T"}, {"trigger": ["x"]}),
                    "INVALID_DATA")


# --- getRecords -------------------------------------------------------------------------------

def test_get_records_default_sort_is_id_descending_and_pages(ctx):
    for n in range(5):
        zoho.crm.createRecord("Tasks", {"Subject": f"t{n}"})
    all_tasks = zoho.crm.getRecords("Tasks")
    assert isinstance(all_tasks, List)
    assert [t.get("Subject") for t in all_tasks] == ["t4", "t3", "t2", "t1", "t0"]
    page2 = zoho.crm.getRecords("Tasks", 2, 2)
    assert [t.get("Subject") for t in page2] == ["t2", "t1"]
    assert zoho.crm.getRecords("Tasks", 4, 2) == []
    asc = zoho.crm.getRecords("Tasks", 1, 200, {"sort_order": "asc", "fields": "Subject"})
    assert [t.get("Subject") for t in asc][:2] == ["t0", "t1"]
    assert set(asc[0]) == {"Subject", "id"}


def test_get_records_paging_limits(ctx):
    assert len(zoho.crm.getRecords("Accounts", 1, 500)) == 2  # per_page capped at 200
    assert is_error(zoho.crm.getRecords("Accounts", 11, 200),
                    "DISCRETE_PAGINATION_LIMIT_EXCEEDED")
    assert is_error(zoho.crm.getRecords("Accounts", 0), "INVALID_DATA")
    assert is_error(zoho.crm.getRecords("Accounts", 1, 200, {"sort_by": "Email"}),
                    "INVALID_DATA")
    assert is_error(zoho.crm.getRecords("Unknown"), "INVALID_MODULE")


def test_list_results_omit_line_items(ctx):
    zoho.crm.createRecord("Quotes", {"Subject": "Q", "Product_Details": [
        {"product": {"id": WIDGET}, "quantity": 2}]})
    listed = zoho.crm.getRecords("Quotes")[0]
    assert "Product_Details" not in listed and "Quoted_Items" not in listed


# --- searchRecords ----------------------------------------------------------------------------

def test_search_records_with_criteria(ctx):
    found = zoho.crm.searchRecords("Contacts", "(Email:equals:ann@acme.test)")
    assert [r.get("id") for r in found] == [ANN]
    both = zoho.crm.searchRecords(
        "Contacts", "((Last_Name:starts_with:st) or (Email:equals:ann@acme.test))")
    assert {r.get("id") for r in both} == {ANN, BOB}
    assert zoho.crm.searchRecords("Contacts", "(Last_Name:equals:Nobody)") == []


def test_search_records_typed_operators(ctx):
    def ids(criteria):
        return [r.get("id") for r in zoho.crm.searchRecords("Accounts", criteria)]
    assert ids("(Annual_Revenue:greater_than:1000)") == [ACME]
    assert ids("(Employees:between:5,10)") == [GLOBEX]
    assert ids("(Industry:in:Energy,Storage)") == [ACME, GLOBEX]
    assert ids("(Industry:not_equal:Energy)") == [ACME]
    born = [r.get("id") for r in zoho.crm.searchRecords(
        "Contacts", "(Date_of_Birth:less_than:1988-01-01)")]
    assert born == [BOB]
    by_lookup = [r.get("id") for r in zoho.crm.searchRecords(
        "Contacts", "(Account_Name:equals:Globex)")]
    assert by_lookup == [BOB]


def test_search_records_invalid_criteria(ctx):
    for bad in ("Email:equals:x", "(Email:contains:x)", "(Annual_Revenue:starts_with:1)",
                "(Nope_Field:equals:1)", "((Email:equals:x)", "(Employees:greater_than:ten)"):
        assert is_error(zoho.crm.searchRecords("Accounts", bad), "INVALID_QUERY"), bad


def test_v8_equals_on_text_matches_contains(ctx):
    assert zoho.crm.searchRecords("Accounts", "(Account_Name:equals:Acme)") == []
    v8 = zoho.crm.v8.searchRecords("Accounts", "(Account_Name:equals:Acme)")
    assert [r.get("id") for r in v8] == [ACME]


def test_search_records_by_email_option_and_paging(ctx):
    found = zoho.crm.searchRecords("Contacts", "", 1, 200, {"email": "BOB@globex.test"})
    assert [r.get("id") for r in found] == [BOB]
    assert is_error(zoho.crm.searchRecords("Contacts", "(Last_Name:equals:Lee)", 11, 200),
                    "LIMIT_REACHED")
    page = zoho.crm.searchRecords("Contacts", "(Email:starts_with:)", 1, 1)
    assert len(page) == 1


# --- related records ------------------------------------------------------------------------------

def test_get_related_records_from_lookups_and_links(ctx):
    contacts = zoho.crm.getRelatedRecords("Contacts", "Accounts", int(ACME))
    assert [c.get("id") for c in contacts] == [ANN]
    assert zoho.crm.getRelatedRecords("Deals", "Accounts", ACME) == []
    camp = zoho.crm.createRecord("Campaigns", {"Campaign_Name": "Spring"}).get("id")
    resp = zoho.crm.updateRelatedRecord("Contacts", BOB, "Campaigns", camp,
                                        {"Member_Status": "Invited"})
    assert resp.get("status") == "success" and resp.get("details").get("id") == BOB
    members = zoho.crm.getRelatedRecords("Contacts", "Campaigns", camp)
    assert [(m.get("id"), m.get("Member_Status")) for m in members] == [(BOB, "Invited")]


def test_related_record_errors(ctx):
    assert is_error(zoho.crm.getRelatedRecords("Bogus", "Accounts", ACME), "INVALID_DATA")
    assert is_error(zoho.crm.getRelatedRecords("Contacts", "Accounts", 5), "INVALID_DATA")
    assert is_error(zoho.crm.updateRelatedRecord("Contacts", 5, "Campaigns", ACME, {}),
                    "INVALID_DATA")


def test_notes_are_related_by_parent_id(ctx):
    note = zoho.crm.createRecord("Notes", {"Note_Content": "hello", "Parent_Id": ACME,
                                           "se_module": "Accounts"})
    notes = zoho.crm.getRelatedRecords("Notes", "Accounts", ACME)
    assert [n.get("id") for n in notes] == [note.get("id")]


# --- bulk and upsert -----------------------------------------------------------------------------------

def test_bulk_create_reports_each_record_in_order(ctx):
    rows = [{"Last_Name": f"L{i}"} for i in range(12)] + [{"First_Name": "none"}]
    resp = zoho.crm.bulkCreate("Leads", rows)
    data = resp.get("data")
    assert len(data) == 13
    assert all(d.get("code") == "SUCCESS" and d.get("message") == "record added"
               for d in data[:12])
    assert data[12].get("code") == "MANDATORY_NOT_FOUND"
    assert ctx.meter.by_task["zoho.crm.bulkCreate"] == 2  # ceil(13 / 10)


def test_bulk_create_limit_and_bulk_update(ctx):
    too_many = zoho.crm.bulkCreate("Leads", [{"Last_Name": "x"}] * 101)
    assert is_error(too_many, "LIMIT_EXCEEDED")
    resp = zoho.crm.bulkUpdate("Contacts", [{"id": ANN, "Title": "CEO"}, {"Title": "x"},
                                            {"id": "5", "Title": "y"}])
    codes = [d.get("code") for d in resp.get("data")]
    assert codes == ["SUCCESS", "MANDATORY_NOT_FOUND", "INVALID_DATA"]
    assert zoho.crm.getRecordById("Contacts", ANN).get("Title") == "CEO"


def test_upsert_updates_on_duplicate_else_inserts(ctx):
    upd = zoho.crm.upsert("Contacts", {"Email": "ann@acme.test", "Last_Name": "Lee",
                                       "Title": "CTO"})
    assert upd.get("action") == "update" and upd.get("id") == ANN
    assert upd.get("duplicate_field") == "Email"
    ins = zoho.crm.upsert("Contacts", {"Email": "new@x.test", "Last_Name": "New"})
    assert ins.get("action") == "insert" and ins.get("id") not in (ANN, BOB)
    by_name = zoho.crm.upsert("Contacts", {"Last_Name": "Stone", "Title": "Dr"},
                              {"duplicate_check_fields": ["Last_Name"]})
    assert by_name.get("id") == BOB


def test_unique_fields_give_duplicate_data():
    crm = SandboxCRM()
    crm.add_module("Members", unique=["Member_Code"], mandatory=["Name"])
    first = crm.create_record("Members", {"Name": "A", "Member_Code": "M1"})
    dup = crm.create_record("Members", {"Name": "B", "Member_Code": "m1"})
    assert dup["code"] == "DUPLICATE_DATA"
    assert dup["details"] == {"api_name": "Member_Code", "id": first["id"]}
    assert crm.create_record("Members", {"Member_Code": "M2"})["code"] == "MANDATORY_NOT_FOUND"


# --- convertLead, attachFile, org variables, fields -----------------------------------------------

def test_convert_lead_creates_contact_account_and_deal(ctx):
    resp = zoho.crm.convertLead(int(LEAD), {"Deals": {"Deal_Name": "Initech deal",
                                                      "Stage": "Qualification",
                                                      "Closing_Date": "2024-04-01"}})
    contact = zoho.crm.getRecordById("Contacts", resp.get("Contacts"))
    account = zoho.crm.getRecordById("Accounts", resp.get("Accounts"))
    deal = zoho.crm.getRecordById("Deals", resp.get("Deals"))
    assert contact.get("Email") == "cara@initech.test"
    assert contact.get("Mailing_City") == "Austin"
    assert account.get("Account_Name") == "Initech"
    assert deal.get("Contact_Name").get("id") == contact.get("id")
    assert ctx.meter.by_task["zoho.crm.convertLead"] == 5
    assert zoho.crm.getRecords("Leads") == []  # converted leads are hidden by default
    assert len(zoho.crm.getRecords("Leads", 1, 200, {"converted": "true"})) == 1
    assert is_error(zoho.crm.convertLead(LEAD, {}), "INVALID_DATA")  # already converted


def test_convert_lead_into_existing_account_v8_shape(ctx):
    resp = zoho.crm.v8.convertLead(LEAD, {"Accounts": {"id": GLOBEX}}, "conn")
    assert resp.get("Accounts") == {"name": "Globex", "id": GLOBEX}
    assert resp.get("Deals") is None
    bad = zoho.crm.convertLead(ANN, {})
    assert is_error(bad, "INVALID_DATA")


def test_convert_lead_deal_needs_mandatory_fields(ctx):
    resp = zoho.crm.convertLead(LEAD, {"Deals": {"Deal_Name": "x"}})
    assert is_error(resp, "MANDATORY_NOT_FOUND")
    assert zoho.crm.getRecords("Contacts", 1, 200).size() == 2  # nothing was created


def test_attach_file(ctx):
    resp = zoho.crm.attachFile("Accounts", ACME, File("quote.pdf", b"%PDF-1"))
    assert resp.get("status") == "success" and resp.get("code") == "SUCCESS"
    attachments = zoho.crm.getRelatedRecords("Attachments", "Accounts", ACME)
    assert [a.get("File_Name") for a in attachments] == ["quote.pdf"]
    assert ctx.crm.attachment_content(resp.get("details").get("id")) == b"%PDF-1"
    assert is_error(zoho.crm.attachFile("Accounts", ACME, "not a file"), "INVALID_DATA")
    assert is_error(zoho.crm.attachFile("Accounts", 9, File("a.txt", b"")), "INVALID_DATA")
    assert is_error(zoho.crm.attachFile("Accounts", ACME, File("a.exe", b"MZ")),
                    "INVALID_DATA")


def test_get_org_variable(ctx):
    assert zoho.crm.getOrgVariable("Discount_Rate") == "15"
    assert zoho.crm.getOrgVariable("missing") is None


def test_v8_get_fields(ctx):
    fields = zoho.crm.v8.getFields("Contacts", "conn").get("fields")
    by_name = {f.get("api_name"): f for f in fields}
    assert by_name["Last_Name"].get("system_mandatory") is True
    assert by_name["Account_Name"].get("data_type") == "lookup"
    assert by_name["Email"].get("data_type") == "email"
    assert is_error(zoho.crm.v8.getFields("Nope", "conn"), "INVALID_MODULE")


# --- line items -------------------------------------------------------------------------------------

def test_line_items_legacy_and_v8_names(ctx):
    made = zoho.crm.createRecord("Sales_Orders", {
        "Subject": "SO-1", "Account_Name": ACME, "Discount": 5, "Adjustment": 1,
        "Product_Details": [{"product": {"id": WIDGET}, "quantity": 4, "Discount": 10,
                             "line_tax": [{"name": "VAT", "percentage": 10}]}]})
    legacy = zoho.crm.getRecordById("Sales_Orders", made.get("id"))
    row = legacy.get("Product_Details")[0]
    assert row.get("product").get("name") == "Widget" and row.get("list_price") == 12.5
    assert float(row.get("net_total")) == pytest.approx((4 * 12.5 - 10) * 1.1)
    assert float(legacy.get("Grand_Total")) == pytest.approx(float(row.get("net_total")) - 4)
    v8 = zoho.crm.v8.getRecordById("Sales_Orders", made.get("id"))
    assert v8.get("Ordered_Items")[0].get("Product_Name").get("id") == WIDGET
    assert "Product_Details" not in v8


def test_inventory_records_need_line_items(ctx):
    resp = zoho.crm.createRecord("Quotes", {"Subject": "Q"})
    assert is_error(resp, "MANDATORY_NOT_FOUND")
    assert resp.get("details").get("api_name") == "Product_Details"
    v8 = zoho.crm.v8.createRecord("Invoices", {"Subject": "I", "Invoiced_Items": [
        {"Product_Name": {"id": "77"}, "Quantity": 1}]})
    assert is_error(v8, "INVALID_DATA")


# --- credits through tasks ------------------------------------------------------------------------------

def test_every_call_is_charged_failures_included(ctx):
    zoho.crm.getRecordById("Contacts", ANN)
    zoho.crm.getRecordById("Contacts", 1)  # fails, still charged
    zoho.crm.bulkUpdate("Contacts", [{"id": ANN}] * 25)
    assert ctx.meter.api == 1 + 1 + math.ceil(25 / 10)
    assert ctx.meter.by_task == {"zoho.crm.getRecordById": 2, "zoho.crm.bulkUpdate": 3}


def test_exhausted_pool_returns_too_many_requests_and_skips_the_call():
    crm = SandboxCRM()
    with Context(crm=crm, meter=Meter(api_limit=2)) as context:
        assert zoho.crm.createRecord("Leads", {"Last_Name": "a"}).get("id")
        assert zoho.crm.createRecord("Leads", {"Last_Name": "b"}).get("id")
        refused = zoho.crm.createRecord("Leads", {"Last_Name": "c"})
        assert refused.get("code") == "TOO_MANY_REQUESTS" and refused.get("status") == "error"
        assert len(crm.records("Leads")) == 2
        assert context.meter.api == 2 and context.meter.charges[-1].vetoed


def test_hooks_see_task_and_can_veto_one_task():
    seen = []

    def hook(charge):
        seen.append((charge.task, charge.credits))
        return charge.task != "zoho.crm.v8.createRecord"

    with Context(crm=SandboxCRM(), meter=Meter(hooks=[hook])):
        assert zoho.crm.createRecord("Leads", {"Last_Name": "a"}).get("id")
        vetoed = zoho.crm.v8.createRecord("Leads", {"Last_Name": "b"}, Map(), "c")
        assert vetoed.get("code") == "TOO_MANY_REQUESTS"
    assert seen == [("zoho.crm.createRecord", 1), ("zoho.crm.v8.createRecord", 1)]


def test_unmetered_context_runs_tasks():
    with Context(crm=SandboxCRM(), meter=None):
        assert zoho.crm.createRecord("Leads", {"Last_Name": "a"}).get("id")


# --- persistence -----------------------------------------------------------------------------------------------

def test_sqlite_state_survives_a_second_backend(tmp_path):
    path = tmp_path / "crm.sqlite"
    first = SandboxCRM(fixtures=FIXTURES, path=path)
    made = first.create_record("Leads", {"Last_Name": "Kept"})
    first.update_record("Contacts", ANN, {"Title": "VP"})
    first.add_module("Projects_X")
    first.create_record("Projects_X", {"Name": "P"})
    first.store.close()
    second = SandboxCRM(fixtures={"Leads": []}, path=path)  # fixtures: new databases only
    assert second.get_record("Leads", made["id"])["Last_Name"] == "Kept"
    assert second.get_record("Contacts", ANN)["Title"] == "VP"
    assert second.get_records("Projects_X")[0]["Name"] == "P"
    newer = second.create_record("Leads", {"Last_Name": "Next"})
    assert int(newer["id"]) > int(made["id"])


def test_fixtures_from_a_json_file(tmp_path):
    import json
    path = tmp_path / "fixtures.json"
    path.write_text(json.dumps({"Vendors": [{"id": "5", "Vendor_Name": "V"}]}))
    crm = SandboxCRM(fixtures=str(path))
    assert crm.get_record("Vendors", 5)["Vendor_Name"] == "V"


# --- the zoho object ---------------------------------------------------------------------------------------------

def test_system_variables_come_from_the_context():
    with Context(system={"currenttime": dt.datetime(2023, 12, 31, 23, 59, 1),
                         "loginuser": "Ada"}):
        assert str(zoho.currenttime) == "31-Dec-2023 23:59:01"
        assert str(zoho.currentdate) == "31-Dec-2023"
        assert zoho.loginuser == "Ada" and isinstance(zoho.loginuser, Text)
        assert zoho.LoginUserId == "sandbox.user@example.com"
    with Context(system={"currentdate": "01-Feb-2022"}):
        assert str(zoho.currentdate) == "01-Feb-2022"


def test_encryption_forwards_to_the_builtins():
    assert zoho.encryption.base64Encode("hello") == "aGVsbG8="
    assert zoho.encryption.urlencode("a b") == "a%20b"
    with pytest.raises(DelugeRuntimeError):
        zoho.encryption.noSuchThing("x")


GENERATED = '''"""Generated by deluge2py from lookup.dg. Edit the .dg file, not this one."""

from deluge2py.runtime import Map, deluge_function, zoho


@deluge_function(source="lookup.dg", name="standalone.lookup", returns="map",
                 params={"cid": "int"}, statements=2)
def lookup(cid):
    first = zoho.crm.getRecordById("Contacts", cid)  # dg:2
    return zoho.crm.searchRecords(  # dg:4
        "Contacts", "(Email:equals:" + first.get("Email") + ")"
    )
'''


def test_charges_carry_the_deluge_function_and_line(tmp_path, monkeypatch):
    (tmp_path / "gen_lookup_mod.py").write_text(GENERATED)
    monkeypatch.syspath_prepend(str(tmp_path))
    import gen_lookup_mod

    with Context(crm=SandboxCRM(fixtures=FIXTURES), meter=Meter()) as context:
        found = gen_lookup_mod.lookup(int(ANN))
    assert [r.get("id") for r in found] == [ANN]
    charges = [(c.kind, c.task, c.function, c.line) for c in context.meter.charges]
    assert charges == [
        ("function", None, "standalone.lookup", None),
        ("api", "zoho.crm.getRecordById", "standalone.lookup", 2),
        ("api", "zoho.crm.searchRecords", "standalone.lookup", 4),
    ]


def test_fixture_line_items_of_unknown_products_are_kept_with_a_warning():
    crm = SandboxCRM(fixtures={"Quotes": [{"Subject": "Q", "Quoted_Items": [
        {"Product_Name": {"name": "Gone", "id": "404"}, "Quantity": 1, "Net_Total": 7}]}]})
    (warning,) = crm.fixture_warnings
    assert "Quotes[0].Quoted_Items[0]" in warning and "product 404" in warning
    (row,) = crm.records("Quotes")[0]["Quoted_Items"]
    assert row["Product_Name"] == {"name": "Gone", "id": "404"} and row["Net_Total"] == 7
    crm = SandboxCRM(fixtures={"Quotes": [{"id": "9", "Subject": "Q", "Product_Details": [
        {"product": {"id": WIDGET}, "quantity": 2}]}], "Products": FIXTURES["Products"]})
    assert crm.get_record("Quotes", 9, family="v8")["Quoted_Items"][0]["Total"] == 25.0
