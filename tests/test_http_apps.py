"""Other apps' tasks (zoho.books, zoho.desk, ...): pluggable backends, clear errors without one."""

import pytest

from deluge2py.runtime import Context, Map
from deluge2py.runtime.credits import Meter
from deluge2py.runtime.errors import DelugeRuntimeError
from deluge2py.runtime.zoho import apps


@pytest.fixture
def ctx():
    with Context(meter=Meter()) as context:
        yield context


def test_no_backend_is_a_clear_deluge_error(ctx):
    with pytest.raises(DelugeRuntimeError) as err:
        apps.get_app("books").createRecord("invoices", "600", Map({"customer_id": "1"}))
    message = str(err.value.message)
    assert "zoho.books.createRecord" in message
    assert "Zoho Books" in message
    assert 'register_backend("books"' in message
    assert ctx.meter.charges == []  # nothing answered, nothing charged


class FakeDesk:
    def __init__(self):
        self.tickets = []

    def create(self, org_id, module, record, connection=None):
        self.tickets.append((org_id, module, record))
        return {"id": str(len(self.tickets)), "subject": record["subject"]}


def test_object_backend_matches_task_names_case_insensitively(ctx):
    desk = FakeDesk()
    with apps.using_backend("desk", desk):
        answer = apps.get_app("desk").CREATE("700", "tickets", Map({"subject": "Printer on fire"}))
    assert answer.get("id") == "1"
    assert isinstance(answer, Map)
    assert desk.tickets == [("700", "tickets", {"subject": "Printer on fire"})]  # plain values
    assert ctx.meter.by_task == {"zoho.desk.CREATE": 0}  # no CRM API credits
    with pytest.raises(DelugeRuntimeError):
        apps.get_app("desk").create("700", "tickets", Map())  # backend gone after the block


def test_callable_backend_gets_the_task_name(ctx):
    calls = []

    def cliq(task, *args):
        calls.append((task, args))
        return {"status": "ok"}

    with apps.using_backend("cliq", cliq):
        assert apps.get_app("cliq").postToChannel("sales", "hi") == {"status": "ok"}
    assert calls == [("postToChannel", ("sales", "hi"))]


def test_unknown_task_of_a_backend(ctx):
    with apps.using_backend("desk", FakeDesk()):
        with pytest.raises(DelugeRuntimeError) as err:
            apps.get_app("desk").closeEverything()
    assert "no task 'closeEverything'" in str(err.value.message)


def test_backend_crash_becomes_a_deluge_error(ctx):
    class Broken:
        def getRecords(self, *args):
            raise KeyError("boom")

    with apps.using_backend("books", Broken()):
        with pytest.raises(DelugeRuntimeError) as err:
            apps.get_app("books").getRecords("invoices", "1")
    assert "failed in its backend" in str(err.value.message)


def test_a_hook_can_veto_other_apps_calls(ctx):
    ctx.meter.add_hook(lambda charge: False)
    with apps.using_backend("books", lambda task, *a: pytest.fail("vetoed call ran")):
        answer = apps.get_app("books").getRecords("invoices", "1")
    assert answer.get("code") == "TOO_MANY_REQUESTS"
