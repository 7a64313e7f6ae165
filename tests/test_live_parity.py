"""A function cannot tell the backends apart except by data: the same task calls, made
through ``zoho.crm`` against the in-process sandbox and against the live backend talking
to serve-sandbox over HTTP, give the same answers (timestamps aside)."""

from deluge2py.fakezoho import running
from deluge2py.runtime import Context, zoho
from deluge2py.runtime.backends.sandbox import SandboxCRM
from deluge2py.runtime.credits import Meter
from deluge2py.runtime.values import File, to_python

from live_support import live_crm

FIXTURES = {
    "$variables": {"region": "EMEA"},
    "Accounts": [{"id": "900000000000000101", "Account_Name": "Fjordworks"}],
    "Contacts": [{"id": "900000000000000201", "Last_Name": "Berg", "Email": "berg@example.com",
                  "Account_Name": {"name": "Fjordworks", "id": "900000000000000101"}}],
    "Leads": [{"id": "900000000000000301", "Last_Name": "Lund", "Company": "Lund AB",
               "Email": "lund@example.com"},
              {"id": "900000000000000302", "Last_Name": "Moe", "Company": "Moe AS"}],
    "Products": [{"id": "900000000000000401", "Product_Name": "Pump", "Unit_Price": 100}],
}
ACCOUNT, CONTACT, LEAD, LEAD2 = ("900000000000000101", "900000000000000201",
                                 "900000000000000301", "900000000000000302")


def script(crm):
    """The calls, in order (writes change what later reads see)."""
    v8 = crm.v8
    return [
        lambda: crm.getRecordById("Contacts", CONTACT),
        lambda: crm.getRecordById("Contacts", "1"),
        lambda: crm.getRecords("Leads", 1, 1),
        lambda: crm.searchRecords("Leads", "(Company:equals:Lund AB)"),
        lambda: crm.searchRecords("Leads", "(Company:starts_with:Nobody)"),
        lambda: crm.getRelatedRecords("Contacts", "Accounts", ACCOUNT),
        lambda: crm.createRecord("Tasks", {"Subject": "Call back"}),
        lambda: crm.createRecord("Nope", {"Subject": "x"}),
        lambda: crm.createRecord("Leads", {"Company": "no last name"}),
        lambda: crm.updateRecord("Leads", LEAD2, {"Lead_Status": "Contacted"}),
        lambda: crm.bulkCreate("Tasks", [{"Subject": "a"}, {"Subject": "b"}]),
        lambda: crm.bulkUpdate("Tasks", [{"id": "1", "Subject": "c"}]),
        lambda: crm.upsert("Contacts", {"Last_Name": "Berg", "Email": "berg@example.com",
                                        "Title": "CTO"}, {"duplicate_check_fields": ["Email"]}),
        lambda: crm.updateRelatedRecord("Contacts", CONTACT, "Accounts", ACCOUNT,
                                        {"Contact_Role": "Buyer"}),
        lambda: crm.getOrgVariable("region"),
        lambda: crm.convertLead(LEAD, {"overwrite": True}),
        lambda: crm.attachFile("Leads", LEAD2, File("note.txt", b"hello")),
        lambda: v8.getRecordById("Leads", LEAD2),
        lambda: v8.getRecords("Tasks", 1, 10, {"sort_order": "asc"}),
        lambda: v8.searchRecords("Contacts", "(Email:equals:berg@example.com)"),
        lambda: v8.createRecord("Sales_Orders", {"Subject": "SO", "Product_Details": []}),
        lambda: v8.upsert("Leads", {"Last_Name": "Ny", "Company": "Ny AS"}),
        lambda: v8.getFields("Accounts", "crm"),
        lambda: v8.getRelatedRecords("Attachments", "Leads", LEAD2),
    ]


def _run(backend):
    answers = []
    with Context(crm=backend, meter=Meter()) as ctx:
        for call in script(zoho.crm):
            answers.append(_stable(to_python(call())))
    return answers, ctx.meter.by_task


def _stable(value):
    if isinstance(value, dict):
        return {k: ("<time>" if k.endswith("_Time") else _stable(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_stable(v) for v in value]
    return value


def test_live_answers_are_the_sandboxs_answers():
    local, local_credits = _run(SandboxCRM(fixtures=FIXTURES))
    with running(fixtures=FIXTURES) as server:
        remote, remote_credits = _run(live_crm(server))
    for index, (mine, theirs) in enumerate(zip(local, remote)):
        assert theirs == mine, f"call #{index + 1}"
    assert remote_credits == local_credits


def test_invokeurl_with_a_crm_connection_goes_through_the_same_client():
    with running(fixtures=FIXTURES) as server:
        crm = live_crm(server)
        with Context(crm=crm, meter=Meter()) as ctx:
            from deluge2py.runtime.http import invokeurl

            answer = invokeurl(url=f"https://www.zohoapis.eu/crm/v8/Contacts/{CONTACT}",
                               type="GET", connection="crm")
            created = invokeurl(url="https://www.zohoapis.eu/crm/v8/Tasks", type="POST",
                                body='{"data": [{"Subject": "via invokeurl"}]}', connection="crm")
        stored = [r["Subject"] for r in server.state.crm.records("Tasks")]
    assert answer["data"][0]["Last_Name"] == "Berg"
    assert created["data"][0]["code"] == "SUCCESS" and stored == ["via invokeurl"]
    assert sum(ctx.meter.by_task.values()) == 2


def test_the_meter_records_the_credits_zoho_says_remain():
    with running(fixtures=FIXTURES, credits=6) as server:
        crm = live_crm(server, attempts=1)
        with Context(crm=crm, meter=Meter()) as ctx:
            zoho.crm.getRecordById("Contacts", CONTACT)
            zoho.crm.getRecordById("Contacts", CONTACT)
            assert ctx.meter.zoho_remaining is None  # Zoho says nothing below half use
            zoho.crm.getRecordById("Contacts", CONTACT)
            assert ctx.meter.zoho_remaining == 3
            for _ in range(3):
                zoho.crm.getRecordById("Contacts", CONTACT)
            refused = to_python(zoho.crm.getRecordById("Contacts", CONTACT))
    assert refused["code"] == "TOO_MANY_REQUESTS"
    assert ctx.meter.zoho_remaining == 0 and ctx.meter.report()["zoho_remaining"] == 0
