"""Concurrency limits of zoho.crm calls across threads sharing a meter (reference §3.4, §3.5).

Calls are held inside the backend by a gate the test opens, so "in flight at the same
time" is deterministic: no sleeps, every wait bounded.
"""

import threading

import pytest

from deluge2py.runtime import Context, DelugeRuntimeError, Map, invokeurl
from deluge2py.runtime.backends.sandbox import SandboxCRM
from deluge2py.runtime.credits import Meter
from deluge2py.runtime.zoho import zoho

WAIT = 10  # seconds; only reached when something is broken
ACME = "1000000000000000001"
FIXTURES = {"Accounts": [{"id": ACME, "Account_Name": "Acme Corp"}]}


class GateCRM:
    """A sandbox whose ``blocking`` task methods wait at a gate until ``open()``."""

    def __init__(self, blocking=("get_record",)):
        self.inner = SandboxCRM(fixtures=FIXTURES)
        self.blocking = set(blocking)
        self.entered = threading.Semaphore(0)
        self.gate = threading.Event()

    def __getattr__(self, name):
        method = getattr(self.inner, name)
        if name not in self.blocking:
            return method

        def held(*args, **kwargs):
            self.entered.release()
            if not self.gate.wait(WAIT):
                raise RuntimeError("the test never opened the gate")
            return method(*args, **kwargs)
        return held

    def wait_for(self, calls):
        """Block until ``calls`` calls are held at the gate."""
        for _ in range(calls):
            assert self.entered.acquire(timeout=WAIT), "a call never reached the backend"

    def open(self):
        self.gate.set()


def in_threads(count, crm, meter, call):
    """Start ``count`` threads, each running ``call()`` in its own context."""
    results = [None] * count

    def work(index):
        with Context(crm=crm, meter=meter):
            try:
                results[index] = call()
            except Exception as exc:  # reported through results
                results[index] = exc

    threads = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    return threads, results


def join(threads):
    for thread in threads:
        thread.join(WAIT)
        assert not thread.is_alive()


def accounts(n):
    return [{"Account_Name": f"Bulk {i}"} for i in range(n)]


def is_refusal(answer):
    return isinstance(answer, Map) and answer.get("code") == "TOO_MANY_REQUESTS" \
        and answer.get("status") == "error"


def test_the_call_past_the_editions_concurrency_is_refused_uncharged():
    crm, meter = GateCRM(), Meter("free")  # Free: 5 calls at the same time
    assert meter.concurrency == 5
    threads, results = in_threads(5, crm, meter,
                                  lambda: zoho.crm.getRecordById("Accounts", ACME))
    crm.wait_for(5)
    with Context(crm=crm, meter=meter):
        refused = zoho.crm.getRecordById("Accounts", ACME)
    assert is_refusal(refused)
    assert "concurrency" in refused.get("message")
    assert refused.get("details").get("limit") == 5
    # The five in flight were charged; the refused one was not.
    assert meter.api == 5 and meter.in_flight == 5
    assert len(meter.ledger.entries()) == 5
    last = meter.charges[-1]
    assert (last.vetoed, last.reason, last.task) == (
        True, "concurrency", "zoho.crm.getRecordById")
    crm.open()
    join(threads)
    assert all(isinstance(r, Map) and r.get("id") == ACME for r in results)
    assert meter.in_flight == 0 and meter.peak_in_flight == 5
    with Context(crm=crm, meter=meter):  # the slots are free again
        assert zoho.crm.getRecordById("Accounts", ACME).get("id") == ACME
    assert meter.api == 6 and meter.report()["refused"] == 1


def test_complex_writes_have_their_own_limit():
    crm = GateCRM(blocking=("bulk_create",))
    meter = Meter(concurrency=3, complex_concurrency=1)
    threads, results = in_threads(1, crm, meter,
                                  lambda: zoho.crm.bulkCreate("Accounts", accounts(11)))
    crm.wait_for(1)
    with Context(crm=crm, meter=meter):
        refused = zoho.crm.bulkCreate("Accounts", accounts(12))  # complex: more than 10
        assert is_refusal(refused) and "sub-concurrency" in refused.get("message")
        assert zoho.crm.getRecordById("Accounts", ACME).get("id") == ACME  # not complex
        small, small_results = in_threads(1, crm, meter,
                                          lambda: zoho.crm.bulkCreate("Accounts", accounts(10)))
        crm.wait_for(1)  # ten records are not complex: it gets in beside the big one
        assert meter.in_flight == 2 and meter.complex_in_flight == 1
    crm.open()
    join(threads + small)
    assert [len(r.get("data")) for r in results + small_results] == [11, 10]
    assert meter.complex_in_flight == 0
    assert meter.api == 2 + 1 + 1  # 11 records: 2 credits; getRecordById 1; 10 records 1


def test_a_failing_backend_gives_its_slot_back():
    class Broken:
        def get_record(self, *args, **kwargs):
            raise KeyError("boom")

    meter = Meter(concurrency=1)
    with Context(crm=Broken(), meter=meter):
        for _ in range(2):
            with pytest.raises(DelugeRuntimeError):
                zoho.crm.getRecordById("Accounts", ACME)
    assert meter.in_flight == 0


def test_a_refused_charge_gives_its_slot_back():
    meter = Meter(concurrency=1, api_limit=1)
    with Context(crm=SandboxCRM(fixtures=FIXTURES), meter=meter):
        assert zoho.crm.getRecordById("Accounts", ACME).get("id") == ACME
        exhausted = zoho.crm.getRecordById("Accounts", ACME)
    assert is_refusal(exhausted) and "concurrency" not in exhausted.get("message")
    assert meter.in_flight == 0 and meter.charges[-1].reason == "exhausted"


def test_crm_rest_calls_through_invokeurl_share_the_slots():
    crm, meter = GateCRM(), Meter(concurrency=1)
    threads, results = in_threads(1, crm, meter,
                                  lambda: zoho.crm.getRecordById("Accounts", ACME))
    crm.wait_for(1)
    with Context(crm=crm, meter=meter):
        answer = invokeurl(url="https://www.zohoapis.com/crm/v8/Accounts", type="GET",
                           connection="crm")
    assert is_refusal(answer)
    crm.open()
    join(threads)
    assert results[0].get("id") == ACME


def test_a_disabled_meter_does_not_limit_concurrency():
    crm, meter = GateCRM(), Meter(concurrency=1, enabled=False)
    threads, results = in_threads(2, crm, meter,
                                  lambda: zoho.crm.getRecordById("Accounts", ACME))
    crm.wait_for(2)  # both got in
    crm.open()
    join(threads)
    assert [r.get("id") for r in results] == [ACME, ACME]


def test_threads_never_spend_past_the_pool():
    meter = Meter(api_limit=50)
    start = threading.Barrier(8, timeout=WAIT)
    granted = []

    def spend():
        start.wait()
        granted.extend(meter.charge("zoho.crm.getRecords", 1) is None for _ in range(20))

    threads = [threading.Thread(target=spend, daemon=True) for _ in range(8)]
    for thread in threads:
        thread.start()
    join(threads)
    assert granted.count(True) == 50 and meter.api == 50 and meter.api_used == 50


def test_threads_sharing_a_sandbox_get_distinct_records():
    crm, meter = SandboxCRM(), Meter()
    start = threading.Barrier(8, timeout=WAIT)

    def create_ten():
        start.wait()
        return [zoho.crm.createRecord("Accounts", {"Account_Name": "T"}).get("id")
                for _ in range(10)]

    threads, results = in_threads(8, crm, meter, create_ten)
    join(threads)
    made = [record_id for ids in results for record_id in ids]
    assert len(set(made)) == 80 and len(crm.records("Accounts")) == 80
    assert meter.api == 80 and meter.in_flight == 0
