"""invokeurl: blocked by default, recorded responses, callables, detailed answers, error bodies,
CRM REST calls answered by the sandbox, and the daily webhook quota."""

import json

import pytest

from deluge2py.runtime import Context, Map, invokeapi, invokeurl
from deluge2py.runtime.backends.sandbox import SandboxCRM
from deluge2py.runtime.credits import Meter
from deluge2py.runtime.errors import DelugeRuntimeError
from deluge2py.runtime.http import (BlockedTransport, HttpResponse, RecordedTransport, getUrl,
                                    postUrl)
from deluge2py.runtime.limits import Limits

RATES = "https://rates.example.com/v1/latest"


@pytest.fixture
def ctx():
    with Context(crm=SandboxCRM(), meter=Meter()) as context:
        yield context


def test_blocked_by_default_with_a_hint(ctx):
    with pytest.raises(DelugeRuntimeError) as err:
        invokeurl(url=RATES, type="GET")
    message = str(err.value.message)
    assert "blocked" in message and RATES in message
    assert "--responses" in message and "--allow-network" in message


def test_blocked_transport_is_also_explicit(ctx):
    ctx.transport = BlockedTransport()
    with pytest.raises(DelugeRuntimeError):
        invokeurl(url=RATES)


def test_recorded_json_body_becomes_a_map(ctx, tmp_path):
    path = tmp_path / "responses.json"
    path.write_text(json.dumps([
        {"url": RATES + "?symbols=EUR&base=USD", "method": "GET", "status": 200,
         "headers": {"Content-Type": "application/json"}, "body": {"rates": {"EUR": 0.92}}},
    ]))
    ctx.transport = RecordedTransport.from_file(path)
    answer = invokeurl(url=RATES, type="GET", parameters=Map({"base": "USD", "symbols": "EUR"}))
    assert isinstance(answer, Map)
    assert answer.get("rates").get("EUR") == 0.92


def test_recorded_text_and_sequence(ctx):
    ctx.transport = RecordedTransport([
        {"url": "https://api.example.com/page", "method": "GET", "body": "first"},
        {"url": "https://api.example.com/page", "method": "GET", "body": "second"},
    ])
    answers = [invokeurl(url="https://api.example.com/page") for _ in range(3)]
    assert answers == ["first", "second", "second"]  # the last one repeats


def test_record_matches_method(ctx):
    ctx.transport = RecordedTransport([{"url": "https://api.example.com/x", "method": "POST",
                                        "body": "posted"}])
    assert invokeurl(url="https://api.example.com/x", type="POST", body="a") == "posted"
    with pytest.raises(DelugeRuntimeError) as err:
        invokeurl(url="https://api.example.com/x", type="GET")
    assert "no recorded response matches" in str(err.value.message)
    assert "POST https://api.example.com/x" in str(err.value.message)


def test_callable_sees_the_request(ctx):
    seen = []

    def answer(request):
        seen.append(request)
        return {"status": 201, "body": {"id": "77", "echo": request.json()}}

    ctx.transport = answer
    body = Map({"name": "Zylker", "tags": ["a", "b"]}).toString()
    result = invokeurl(url="https://api.example.com/items", type="POST", body=body,
                       headers=Map({"Content-Type": "application/json", "X-Token": 5}))
    assert result.get("id") == "77"
    assert result.get("echo") == {"name": "Zylker", "tags": ["a", "b"]}
    request = seen[0]
    assert request.method == "POST"
    assert request.headers["X-Token"] == "5"
    assert request.headers["Content-Type"] == "application/json"


def test_map_parameters_are_form_encoded_on_post(ctx):
    requests = []
    ctx.transport = lambda request: requests.append(request) or "ok"
    invokeurl(url="https://api.example.com/form", type="POST",
              parameters=Map({"q": "a b", "n": 2, "flag": True}))
    request = requests[0]
    assert request.text() == "q=a+b&n=2&flag=true"
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert request.url == "https://api.example.com/form"


def test_detailed_gives_code_text_and_lower_case_headers(ctx):
    ctx.transport = lambda request: HttpResponse(200, {"Content-Type": "application/json",
                                                       "X-Request-Id": "r1"}, '{"ok":true}')
    answer = invokeurl(url="https://api.example.com/ok", detailed=True)
    assert answer.get("responseCode") == 200
    assert answer.get("responseText") == {"ok": True}
    assert answer.get("responseHeader") == {"content-type": "application/json", "x-request-id": "r1"}


@pytest.mark.parametrize("status", [400, 404, 500, 503])
def test_error_statuses_return_the_body(ctx, status):
    ctx.transport = lambda request: HttpResponse(status, {}, '{"error":"nope"}')
    assert invokeurl(url="https://api.example.com/bad") == {"error": "nope"}
    detailed = invokeurl(url="https://api.example.com/bad", detailed=True)
    assert detailed.get("responseCode") == status
    assert detailed.get("responseText").get("error") == "nope"


def test_response_format_file(ctx):
    ctx.transport = lambda request: HttpResponse(
        200, {"Content-Disposition": 'attachment; filename="q.pdf"'}, b"%PDF-1.4\xff")
    answer = invokeurl(url="https://files.example.com/q.pdf", response_format="FILE")
    assert answer.name == "q.pdf"
    assert answer.content == b"%PDF-1.4\xff"


def test_bad_method_is_a_deluge_error(ctx):
    with pytest.raises(DelugeRuntimeError):
        invokeurl(url=RATES, type="FETCH")


def test_crm_connection_is_answered_by_the_sandbox(ctx):
    ctx.crm.load({"Deals": [{"id": "1001", "Deal_Name": "Fleet", "Stage": "Qualification"}]})
    ctx.transport = lambda request: pytest.fail("a CRM REST call reached the transport")
    got = invokeurl(url="https://www.zohoapis.com/crm/v8/Deals/1001", type="GET", connection="crm")
    assert got.get("data").get(0).get("Deal_Name") == "Fleet"

    body = Map({"data": [{"Deal_Name": "Refit", "Stage": "Closed Won"}]}).toString()
    created = invokeurl(url="https://www.zohoapis.com/crm/v8/Deals", type="POST", body=body,
                        connection="crm", detailed=True)
    assert created.get("responseCode") == 201
    new_id = created.get("responseText").get("data").get(0).get("details").get("id")
    assert ctx.crm.get_record("Deals", new_id)["Deal_Name"] == "Refit"

    found = invokeurl(url="https://www.zohoapis.com/crm/v8/Deals/search",
                      parameters=Map({"criteria": "(Stage:equals:Closed Won)"}), connection="crm")
    assert [r.get("id") for r in found.get("data")] == [new_id]
    assert found.get("info").get("count") == 1

    update = Map({"data": [{"Stage": "Closed Lost"}]}).toString()
    invokeurl(url=f"https://www.zohoapis.com/crm/v8/Deals/{new_id}", type="PUT", body=update,
              connection="crm")
    assert ctx.crm.get_record("Deals", new_id)["Stage"] == "Closed Lost"
    assert ctx.meter.api == 4  # one API credit per REST call, as the REST API charges


def test_crm_rest_errors_come_back_as_maps(ctx):
    answer = invokeurl(url="https://www.zohoapis.com/crm/v2/Deals/999", connection="crm",
                       detailed=True)
    assert answer.get("responseCode") == 400
    assert answer.get("responseText").get("code") == "INVALID_DATA"
    empty = invokeurl(url="https://www.zohoapis.com/crm/v2/Deals", connection="crm", detailed=True)
    assert empty.get("responseCode") == 204
    assert ctx.meter.api == 2  # failures are charged too


def test_crm_url_without_connection_goes_to_the_transport(ctx):
    with pytest.raises(DelugeRuntimeError) as err:
        invokeurl(url="https://www.zohoapis.com/crm/v8/Deals")
    assert "blocked" in str(err.value.message)


def test_unmapped_crm_endpoint_is_a_clear_error(ctx):
    with pytest.raises(DelugeRuntimeError) as err:
        invokeurl(url="https://www.zohoapis.com/crm/v8/Deals?ids=1", type="DELETE", connection="crm")
    assert "does not answer this endpoint" in str(err.value.message)


def test_webhook_quota_counts_every_call():
    limits = Limits(webhook=2)
    with Context(meter=Meter(), limits=limits, transport=lambda r: "ok") as ctx:
        invokeurl(url="https://a.example.com")
        invokeurl(url="https://b.example.com")
        with pytest.raises(DelugeRuntimeError) as err:
            invokeurl(url="https://c.example.com")
    assert "daily limit of 2 webhook" in str(err.value.message)
    kinds = [e["kind"] for e in ctx.meter.ledger.entries()]
    assert kinds.count("webhook") == 2


def test_invokeapi_resolves_the_service(ctx):
    urls = []
    ctx.transport = lambda request: urls.append(request.url) or "{}"
    invokeapi(service="zohobooks", path="/v3/invoices", parameters=Map({"organization_id": 5}))
    assert urls == ["https://www.zohoapis.com/books/v3/invoices?organization_id=5"]
    with pytest.raises(DelugeRuntimeError):
        invokeapi(service="nosuchapp", path="x")


def test_legacy_geturl_and_posturl(ctx):
    ctx.transport = lambda request: HttpResponse(200, {"Content-Type": "application/json"},
                                                 f'{{"m":"{request.method}"}}')
    assert getUrl("https://api.example.com/x") == '{"m":"GET"}'  # text, not parsed
    detailed = postUrl("https://api.example.com/x", Map({"a": 1}), False)
    assert detailed.get("responseCode") == 200
    assert detailed.get("responseText") == '{"m":"POST"}'


def test_files_are_sent_as_multipart(ctx):
    from deluge2py.runtime import File

    requests = []
    ctx.transport = lambda request: requests.append(request) or '{"ok":true}'
    invokeurl(url="https://upload.example.com/docs", type="POST",
              files=File("quote.txt", "hello", "text/plain"), parameters=Map({"folder": "q"}))
    request = requests[0]
    assert request.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    assert b'name="folder"\r\n\r\nq\r\n' in request.body
    assert b'filename="quote.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n' in request.body
    with pytest.raises(DelugeRuntimeError):
        invokeurl(url="https://upload.example.com/docs", type="POST", files="not a file")
