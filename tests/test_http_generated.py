"""invokeurl and sendmail blocks as the transpiler emits them, run end to end."""

import textwrap

SOURCE = textwrap.dedent("""\
    string standalone.notify_ops(String ticket)
    {
    \tresp = invokeurl
    \t[
    \t\turl :"https://status.example.com/api/tickets/" + ticket
    \t\ttype :PUT
    \t\tparameters:{"state":"escalated"}
    \t\theaders:{"Authorization":"Bearer t0k"}
    \t\tdetailed:true
    \t];
    \tif(resp.get("responseCode") >= 400)
    \t{
    \t\treturn "failed: " + resp.get("responseText").get("reason");
    \t}
    \tsendmail
    \t[
    \t\tfrom :zoho.adminuserid
    \t\tto :"ops@example.com", "lead@example.com"
    \t\treply to :"desk@example.com"
    \t\tsubject :"Ticket " + ticket + " escalated"
    \t\tmessage :resp.get("responseText")
    \t\tcontent type :HTML
    \t]
    \treturn "sent";
    }
    """)


def load(tmp_path, load_deluge):
    path = tmp_path / "notify_ops.dg"
    path.write_text(SOURCE)
    return load_deluge(str(path))


def test_generated_invokeurl_and_sendmail(tmp_path, load_deluge, invokeurl_responses, outbox,
                                          credits, deluge_context):
    invokeurl_responses.add("https://status.example.com/api/tickets/T-9", {"ticket": "T-9"},
                            method="PUT", status=200)
    notify_ops = load(tmp_path, load_deluge)
    assert notify_ops("T-9") == "sent"

    request, = invokeurl_responses.requests
    assert request.method == "PUT"
    assert request.headers["Authorization"] == "Bearer t0k"
    assert request.text() == "state=escalated"
    mail, = outbox
    assert mail["to"] == ["ops@example.com", "lead@example.com"]
    assert mail["reply_to"] == ["desk@example.com"]
    assert mail["subject"] == "Ticket T-9 escalated"
    assert mail["message"] == '{"ticket":"T-9"}'
    assert mail["content_type"] == "HTML"
    assert credits.api == 0 and credits.function == 1
    # Each multi-line block counts as one statement: invokeurl, if (and its return), sendmail,
    # return (the static count includes every branch; docs/architecture.md).
    assert deluge_context.limits.executed == 5
    lines = {e["kind"]: e["line"] for e in credits.ledger.entries()}
    assert lines["webhook"] == 3 and lines["sendmail"] == 15  # charged at their Deluge lines


def test_generated_invokeurl_error_status(tmp_path, load_deluge, invokeurl_responses, outbox):
    invokeurl_responses.add("https://status.example.com/api/tickets/T-1", {"reason": "closed"},
                            method="PUT", status=409)
    notify_ops = load(tmp_path, load_deluge)
    assert notify_ops("T-1") == "failed: closed"
    assert outbox == []


def test_generated_legacy_geturl_and_openurl(tmp_path, load_deluge, invokeurl_responses):
    invokeurl_responses.add("https://status.example.com/ping", "pong")
    path = tmp_path / "legacy.dg"
    path.write_text('string button.ping()\n{\n\tr = getUrl("https://status.example.com/ping");\n'
                    '\topenUrl("https://status.example.com", "new window");\n\treturn r;\n}\n')
    ping = load_deluge(str(path))
    assert ping() == "pong"
    from deluge2py.runtime import creator

    assert creator.store().opened_url == ("https://status.example.com", "new window", None)
