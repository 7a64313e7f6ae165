"""Scheduled cleanup: getRecords paging, an update per junk lead, a summary email."""

import json
import os

import pytest

HERE = os.path.dirname(__file__)


def fixture_leads():
    with open(os.path.join(HERE, "fixtures.json"), encoding="utf-8") as fh:
        return json.load(fh)["Leads"]


@pytest.mark.deluge_fixtures("fixtures.json")
def test_junk_leads_are_archived_page_by_page(load_deluge, deluge_crm, credits, outbox, info_log):
    stale_lead_cleanup = load_deluge("stale_lead_cleanup.dg")
    stale_lead_cleanup()

    leads = fixture_leads()
    junk = [lead for lead in leads if lead["Lead_Status"] in ("Junk Lead", "Not Qualified")]
    archived = [r for r in deluge_crm.records("Leads") if r["Lead_Status"] == "Closed - Archived"]
    assert sorted(r["id"] for r in archived) == sorted(lead["id"] for lead in junk)

    pages = -(-len(leads) // 10)  # 23 leads, 10 a page: the third page is short and ends the loop
    assert credits.by_task["zoho.crm.getRecords"] == pages
    assert credits.by_task["zoho.crm.updateRecord"] == len(junk)
    assert credits.api == pages + len(junk)

    assert len(outbox) == 1
    mail = outbox[0]
    assert mail["to"] == ["sales-ops@example.com"]
    assert mail["subject"] == "Nightly lead cleanup"
    assert mail["message"].startswith(f"Scanned {len(leads)} leads, archived {len(junk)}: ")
    assert info_log == [mail["message"]]
