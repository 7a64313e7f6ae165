"""sendmail: captured into the outbox, validated, and limited to 1,000 a day."""

import pytest

from deluge2py.runtime import Context, List, Map, sendmail
from deluge2py.runtime.credits import Ledger, Meter
from deluge2py.runtime.errors import DelugeRuntimeError
from deluge2py.runtime.limits import Limits


@pytest.fixture
def ctx():
    with Context(meter=Meter()) as context:
        yield context


def test_message_lands_in_the_outbox(ctx):
    sendmail(from_="admin@example.com", to="ops@example.com, lead@example.com",
             subject="Daily", message="Hello", cc=List(["c@example.com"]),
             reply_to="Sales Desk <desk@example.com>")
    assert len(ctx.outbox) == 1
    mail = ctx.outbox[0]
    assert isinstance(mail, Map)
    assert mail["from"] == "admin@example.com"
    assert mail["to"] == ["ops@example.com", "lead@example.com"]
    assert mail["cc"] == ["c@example.com"]
    assert mail["bcc"] == []
    assert mail["reply_to"] == ["Sales Desk <desk@example.com>"]
    assert mail["subject"] == "Daily"
    assert mail["message"] == "Hello"
    assert mail["content_type"] == "HTML"


def test_message_values_are_rendered_as_deluge_text(ctx):
    sendmail(from_="a@example.com", to=["b@example.com"], subject=5,
             message=Map({"total": 3}), content_type="plain text")
    mail = ctx.outbox[0]
    assert mail["subject"] == "5"
    assert mail["message"] == '{"total":3}'
    assert mail["content_type"] == "PLAIN TEXT"


@pytest.mark.parametrize("kwargs, fragment", [
    ({"to": "b@example.com"}, "'from' is mandatory"),
    ({"from_": "a@example.com"}, "'to' needs at least one address"),
    ({"from_": "a@example.com", "to": "not-an-address"}, "not a valid email address"),
    ({"from_": "a@example.com", "to": "b@example.com", "cc": "x@"}, "in 'cc'"),
])
def test_bad_messages_are_deluge_errors(ctx, kwargs, fragment):
    with pytest.raises(DelugeRuntimeError) as err:
        sendmail(subject="s", message="m", **kwargs)
    assert fragment in str(err.value.message)
    assert ctx.outbox == []


def test_daily_limit_is_shared_through_the_ledger(tmp_path):
    ledger_path = tmp_path / "ledger.jsonl"
    with Context(meter=Meter(ledger=Ledger(ledger_path)), limits=Limits(sendmail=2)):
        sendmail(from_="a@example.com", to="b@example.com", subject="1", message="")
    # A later run sees the first run's email in the rolling 24 hours.
    with Context(meter=Meter(ledger=Ledger(ledger_path)), limits=Limits(sendmail=2)) as ctx:
        sendmail(from_="a@example.com", to="b@example.com", subject="2", message="")
        with pytest.raises(DelugeRuntimeError) as err:
            sendmail(from_="a@example.com", to="b@example.com", subject="3", message="")
    assert "daily limit of 2 emails" in str(err.value.message)
    assert [m["subject"] for m in ctx.outbox] == ["2"]


def test_default_limit_is_zohos_thousand():
    from deluge2py.runtime import quota

    with Context(meter=Meter()) as ctx:
        assert quota.limit_of(ctx, "sendmail") == 1_000
        assert quota.limit_of(ctx, "webhook") == 50_000
