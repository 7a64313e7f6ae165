"""The live backend under faults, over real sockets to the fake Zoho server: retries end
in success or Zoho's error map, a write is never applied twice, an expired token is
refreshed once, a dead or silent server gives a Deluge error instead of a hang."""

import socket
import threading

import pytest

from deluge2py.fakezoho import running
from deluge2py.runtime import Context, zoho
from deluge2py.runtime.backends.live import ZohoUnavailable
from deluge2py.runtime.credits import Meter
from deluge2py.runtime.errors import DelugeRuntimeError

from live_support import live_crm

DEAL = "6600000000000701001"
FIXTURES = {"Deals": [{"id": DEAL, "Deal_Name": "Northwind", "Stage": "Qualification"}]}


def _is_zoho_error(answer) -> bool:
    return isinstance(answer, dict) and answer.get("status") == "error" and "code" in answer


def test_under_429s_and_5xx_every_call_ends_in_success_or_zohos_error_map():
    faults = "429=0.25,burst=2,500=0.1,503=0.1,seed=3"
    with running(fixtures=FIXTURES, faults=faults) as server:
        crm = live_crm(server, attempts=4)
        outcomes = []
        with Context(crm=crm, meter=Meter()):
            for i in range(40):
                if i % 2:
                    answer = zoho.crm.getRecordById("Deals", DEAL)
                    outcomes.append("ok" if answer.get("Deal_Name") == "Northwind" else answer)
                else:
                    answer = zoho.crm.createRecord("Tasks", {"Subject": f"call {i}"})
                    outcomes.append("ok" if answer.get("id") else answer)
        injected = server.state.faults.counts
    assert injected.get("429", 0) > 5 and injected.get("500", 0) > 0 and injected.get("503", 0) > 0
    failures = [o for o in outcomes if o != "ok"]
    assert all(_is_zoho_error(f) for f in failures)
    assert outcomes.count("ok") > 25  # 429s and read failures were retried away
    assert crm.client.retries > 0


def test_a_retried_write_is_never_applied_twice():
    # 500 and drop strike after the server applied the write: those must not be retried.
    faults = "429=0.2,500=0.15,503=0.1,drop=0.15,seed=11"
    with running(faults=faults) as server:
        crm = live_crm(server, attempts=5)
        succeeded, maybe = [], []
        with Context(crm=crm, meter=Meter()):
            for i in range(40):
                subject = f"purchase order {i}"
                try:
                    answer = zoho.crm.createRecord("Tasks", {"Subject": subject})
                except ZohoUnavailable as exc:
                    assert "may have been applied, so it was not retried" in str(exc)
                    maybe.append(subject)
                    continue
                (succeeded if answer.get("id") else maybe).append(subject)
        stored = [r["Subject"] for r in server.state.crm.records("Tasks")]
        injected = server.state.faults.counts
    assert injected.get("drop", 0) > 0 and injected.get("500", 0) > 0 and injected.get("429", 0) > 0
    assert len(stored) == len(set(stored))                 # nothing created twice
    assert set(succeeded) <= set(stored)                   # every success is there once
    assert set(stored) <= set(succeeded) | set(maybe)      # nothing appeared from nowhere
    assert len(stored) == len(succeeded) + injected.get("500", 0) + injected.get("drop", 0)


def test_429_and_unsent_writes_are_retried_and_land_once():
    with running(faults="429=every:2") as server:
        crm = live_crm(server)
        with Context(crm=crm, meter=Meter()) as ctx:
            answers = [zoho.crm.createRecord("Tasks", {"Subject": f"t{i}"}) for i in range(6)]
        assert all(a.get("id") for a in answers)
        assert len(server.state.crm.records("Tasks")) == 6
        assert ctx.meter.by_task == {"zoho.crm.createRecord": 6}  # a task is charged once


def test_reads_are_retried_over_dropped_connections():
    with running(fixtures=FIXTURES, faults="drop=every:2") as server:
        crm = live_crm(server)
        with Context(crm=crm, meter=Meter()):
            names = [zoho.crm.getRecordById("Deals", DEAL).get("Deal_Name") for _ in range(6)]
    assert names == ["Northwind"] * 6
    assert crm.client.retries >= 3


def test_token_expiry_mid_run_refreshes_once_and_continues():
    with running(fixtures=FIXTURES, faults="expire=5") as server:
        crm = live_crm(server)
        with Context(crm=crm, meter=Meter()):
            names = [zoho.crm.getRecordById("Deals", DEAL).get("Deal_Name") for _ in range(8)]
        stats = dict(server.state.stats)
    assert names == ["Northwind"] * 8
    # the first token, then one refresh when the 5th request found it expired
    assert crm.client.refreshes == 2 and stats["refreshes"] == 2
    assert stats["unauthorised"] == 1 and crm.client.retries == 0


def test_a_dead_server_is_a_clear_deluge_error_not_a_hang():
    with running(fixtures=FIXTURES) as server:
        crm = live_crm(server, attempts=3, timeout=5)
        with Context(crm=crm, meter=Meter()):
            assert zoho.crm.getRecordById("Deals", DEAL)["Deal_Name"] == "Northwind"
    # the server is gone: its port refuses connections
    outcome = {}

    def call():
        with Context(crm=crm, meter=Meter()):
            try:
                zoho.crm.getRecordById("Deals", DEAL)
            except DelugeRuntimeError as exc:
                outcome["error"] = exc

    worker = threading.Thread(target=call, daemon=True)
    worker.start()
    worker.join(30)
    assert not worker.is_alive(), "the call hung"
    message = str(outcome["error"])
    assert "no answer from Zoho" in message and "connection refused" in message
    assert "after 3 attempts" in message


def test_a_silent_server_times_out_within_the_call_timeout():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)  # accepts connections (the kernel does) and never answers
    url = "http://127.0.0.1:%d" % listener.getsockname()[1]
    try:
        from live_support import client_for
        from deluge2py.runtime.backends.live import LiveCRM, ZohoAuthError

        crm = LiveCRM(client=client_for(url, timeout=0.4, attempts=2))
        with pytest.raises(ZohoAuthError, match="cannot get an access token"):
            crm.get_record("Deals", DEAL)
    finally:
        listener.close()


def test_slow_answers_past_the_timeout_end_in_an_error_for_writes():
    with running(fixtures=FIXTURES, faults="slow=every:1:0.8") as server:
        crm = live_crm(server, timeout=0.3, attempts=2)
        crm.client._access_token(crm.client._clock() + 5)  # the token endpoint is not slowed
        with Context(crm=crm, meter=Meter()):
            with pytest.raises(ZohoUnavailable, match="not retried"):
                zoho.crm.createRecord("Tasks", {"Subject": "slow"})
            with pytest.raises(ZohoUnavailable, match="no answer from Zoho"):
                zoho.crm.getRecordById("Deals", DEAL)


def test_retry_after_is_honoured():
    waits = []
    with running(fixtures=FIXTURES, faults="429=every:2,retry-after=2") as server:
        from live_support import client_for
        from deluge2py.runtime.backends.live import LiveCRM

        crm = LiveCRM(client=client_for(server.url, sleep=waits.append))
        for _ in range(3):
            assert crm.get_record("Deals", DEAL)["Deal_Name"] == "Northwind"
    assert waits and all(w >= 2 for w in waits)  # at least what Zoho asked for


def test_a_bad_fault_spec_is_refused_by_the_command(capsys):
    from live_support import cli

    code, out, err = cli(capsys, "serve-sandbox", "--port", "0", "--faults", "429=2")
    assert code == 2 and "--faults: fault '429=2': a rate is a fraction between 0 and 1" in err
    code, out, err = cli(capsys, "serve-sandbox", "--port", "0", "--faults", "flood=0.1")
    assert code == 2 and "unknown fault 'flood'" in err
