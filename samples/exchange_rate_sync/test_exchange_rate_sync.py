"""invokeurl with recorded responses: a rate lookup, a chat post, and a failing service."""

import pytest

EUR_DEAL, CAD_DEAL = "7700000000000701001", "7700000000000701002"


@pytest.mark.deluge_fixtures("fixtures.json")
def test_amount_is_converted_and_posted(load_deluge, deluge_crm, invokeurl_responses, credits, info_log):
    invokeurl_responses.load("responses.json")
    exchange_rate_sync = load_deluge("exchange_rate_sync.dg")
    exchange_rate_sync(EUR_DEAL)

    deal = deluge_crm.get_record("Deals", EUR_DEAL)
    assert deal["Exchange_Rate"] == pytest.approx(0.9215)
    assert deal["Local_Amount"] == pytest.approx(23037.5)
    rate_call, chat_call = invokeurl_responses.requests
    assert rate_call.method == "GET"
    assert "symbols=EUR" in rate_call.url and "base=USD" in rate_call.url
    assert chat_call.method == "POST"
    assert chat_call.json() == {"text": "Alpenrose hotel kiosks: 23037.5 EUR at 0.9215"}
    assert info_log == ["ok"]
    # invokeurl spends no CRM API credits: only the two CRM tasks do.
    assert credits.api == 2


@pytest.mark.deluge_fixtures("fixtures.json")
def test_service_error_body_comes_back_without_throwing(load_deluge, deluge_crm, invokeurl_responses,
                                                         credits, info_log):
    invokeurl_responses.load("responses.json")
    exchange_rate_sync = load_deluge("exchange_rate_sync.dg")
    exchange_rate_sync(CAD_DEAL)

    assert info_log == ["Rate service answered 503: upstream feed unavailable"]
    assert "Exchange_Rate" not in deluge_crm.get_record("Deals", CAD_DEAL)
    assert len(invokeurl_responses.requests) == 1
    assert credits.api == 1
