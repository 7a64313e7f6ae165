"""Lead assignment: existing account owner first, then the territory, then the fallback queue."""

import pytest

ACCOUNT_OWNER = "5500000000000011004"


def owner_of(crm, lead_id):
    return crm.get_record("Leads", lead_id)["Owner"]["id"]


@pytest.mark.deluge_fixtures("fixtures.json")
@pytest.mark.parametrize("lead_id, owner, reason", [
    ("5500000000000501001", ACCOUNT_OWNER, "existing account Brightwater Analytics"),
    ("5500000000000501002", "5500000000000011002", "territory NY"),
    ("5500000000000501003", "5500000000000011003", "fallback queue"),
])
def test_lead_gets_an_owner(load_deluge, deluge_crm, credits, info_log, lead_id, owner, reason):
    lead_assignment = load_deluge("lead_assignment.dg")
    lead_assignment(lead_id)

    assert owner_of(deluge_crm, lead_id) == owner
    lead = deluge_crm.get_record("Leads", lead_id)
    assert lead["Lead_Status"] == "Assigned"
    assert lead["Description"] == "Auto-assigned: " + reason
    assert info_log[0] == f"Lead {lead_id} assigned to {owner} ({reason})"
    searched = 0 if lead_id.endswith("003") else 1  # a lead without a company skips the search
    assert credits.by_task.get("zoho.crm.searchRecords", 0) == searched
    assert credits.api == 2 + searched
    assert credits.function == 1


@pytest.mark.deluge_fixtures("fixtures.json")
def test_unknown_lead_is_reported_not_updated(load_deluge, credits, info_log):
    lead_assignment = load_deluge("lead_assignment.dg")
    lead_assignment("5500000000000599999")

    assert info_log == ["Lead 5500000000000599999 not found: the id given seems to be invalid"]
    assert credits.api == 1
