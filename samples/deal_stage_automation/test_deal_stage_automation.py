"""Deal stage automation: probability follows the stage; won deals get a follow-up task."""

import pytest

WON, LOST, OPEN = "6600000000000701001", "6600000000000701002", "6600000000000701003"


@pytest.mark.deluge_fixtures("fixtures.json")
def test_won_deal_gets_probability_and_follow_up_task(load_deluge, deluge_crm, credits, info_log):
    deal_stage_automation = load_deluge("deal_stage_automation.dg")
    deal_stage_automation(WON)

    deal = deluge_crm.get_record("Deals", WON)
    assert deal["Probability"] == 100
    assert deal["Next_Step"] == "Hand over to onboarding"
    tasks = deluge_crm.records("Tasks")
    assert len(tasks) == 1
    assert tasks[0]["Subject"] == "Onboarding kickoff: Northwind fleet telematics"
    assert info_log[-1] == "Deal Northwind fleet telematics at Closed Won: probability 100"
    assert credits.by_task == {"zoho.crm.getRecordById": 1, "zoho.crm.createRecord": 1,
                               "zoho.crm.updateRecord": 1}


@pytest.mark.deluge_fixtures("fixtures.json")
def test_lost_deal_keeps_the_reason(load_deluge, deluge_crm, credits):
    deal_stage_automation = load_deluge("deal_stage_automation.dg")
    deal_stage_automation(LOST)

    deal = deluge_crm.get_record("Deals", LOST)
    assert deal["Probability"] == 0
    assert deal["Description"] == "Pilot went well. Lost reason: Budget frozen"
    assert deluge_crm.records("Tasks") == []
    assert credits.api == 2


@pytest.mark.deluge_fixtures("fixtures.json")
def test_open_deal_only_moves_probability(load_deluge, deluge_crm, credits):
    deal_stage_automation = load_deluge("deal_stage_automation.dg")
    deal_stage_automation(OPEN)

    assert deluge_crm.get_record("Deals", OPEN)["Probability"] == 80
    assert credits.api == 2
    assert credits.function == 1
