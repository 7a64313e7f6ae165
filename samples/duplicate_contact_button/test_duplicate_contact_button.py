"""A button that answers with a message."""

import pytest


@pytest.mark.deluge_fixtures("fixtures.json")
def test_duplicates_are_listed(load_deluge, credits):
    button = load_deluge("duplicate_contact_button.dg")
    message = button("3300000000000302001")

    assert message == ("2 other contact(s) use ada@fjordworks.example.com: "
                       "Ada Lindgren-Berg, A. Lindgren")
    assert credits.api == 2
    assert credits.function == 1


@pytest.mark.deluge_fixtures("fixtures.json")
def test_unique_contact(load_deluge):
    button = load_deluge("duplicate_contact_button.dg")
    assert button("3300000000000302004") == "No other contact uses rui.costa@example.com."


@pytest.mark.deluge_fixtures("fixtures.json")
def test_contact_without_email_skips_the_search(load_deluge, credits):
    button = load_deluge("duplicate_contact_button.dg")
    message = button("3300000000000302005")

    assert message == "This contact has no email address, so there is nothing to compare."
    assert credits.by_task == {"zoho.crm.getRecordById": 1}
