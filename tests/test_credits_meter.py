"""The credit meter: pools per edition, the rolling ledger, hooks, function credits."""

import json

import pytest

from deluge2py.runtime.credits import (WINDOW_SECONDS, FunctionCreditsExhausted, Ledger,
                                       Meter, get_edition)
from deluge2py.runtime.zoho.tasks import api_credits
from deluge2py.runtime.errors import DelugeLimitError, DelugeRuntimeError


class FakeClock:
    def __init__(self, start=1_700_000_000.0):
        self.now = start

    def __call__(self):
        return self.now


@pytest.mark.parametrize("task, records, credits", [
    ("getRecordById", 1, 1), ("zoho.crm.searchRecords", 1, 1), ("getOrgVariable", 1, 1),
    ("createRecord", 1, 1), ("bulkCreate", 1, 1), ("bulkCreate", 10, 1),
    ("bulkCreate", 11, 2), ("zoho.crm.v8.bulkUpdate", 100, 10), ("upsert", 25, 3),
    ("convertLead", 1, 5), ("zoho.crm.v8.convertLead", 1, 5),
])
def test_api_credits_per_task(task, records, credits):
    assert api_credits(task, records) == credits


@pytest.mark.parametrize("edition, users, api, function", [
    ("free", 10, 5_000, 0),
    ("standard", 10, 52_500, 7_000),           # the API-limits page's worked example
    ("starter", 100, 75_000, 10_000),          # function pool capped
    ("professional", 10, 55_000, 7_000),
    ("enterprise", 100, 150_000, 70_000),      # the function-credit page's example
    ("Zoho One", 10, 60_000, 25_000),
    ("ultimate", 500, 1_050_000, 520_000),     # no cap
    ("enterprise", 10_000, 5_000_000, 400_000),
])
def test_edition_pools(edition, users, api, function):
    meter = Meter(edition, users=users)
    assert (meter.api_limit, meter.function_limit) == (api, function)


def test_unknown_edition():
    with pytest.raises(ValueError):
        get_edition("platinum")
    assert get_edition("CRM Plus").name == "ultimate"
    assert get_edition("enterprise").concurrency == 20


def test_charge_counts_by_task_and_records_charges():
    meter = Meter()
    assert meter.charge("zoho.crm.getRecordById", 1, function="f", line=4) is None
    assert meter.charge("zoho.crm.bulkCreate", 3) is None
    assert (meter.api, meter.function) == (4, 0)
    assert meter.by_task == {"zoho.crm.getRecordById": 1, "zoho.crm.bulkCreate": 3}
    first = meter.charges[0]
    assert (first.task, first.credits, first.function, first.line, first.vetoed) == (
        "zoho.crm.getRecordById", 1, "f", 4, False)


def test_exhaustion_returns_too_many_requests():
    meter = Meter(api_limit=5)
    assert meter.charge("convertLead", 5) is None
    refusal = meter.charge("getRecords", 1)
    assert refusal["code"] == "TOO_MANY_REQUESTS" and refusal["status"] == "error"
    assert meter.api == 5 and meter.charges[-1].vetoed
    assert meter.charges[-1].reason == "exhausted"
    assert meter.api_remaining == 0


def test_a_charge_larger_than_what_remains_is_refused():
    meter = Meter(api_limit=4)
    assert meter.charge("getRecords", 1) is None
    assert meter.charge("convertLead", 5)["code"] == "TOO_MANY_REQUESTS"
    assert meter.charge("getRecords", 3) is None


def test_rolling_window_frees_credits_24_hours_later():
    clock = FakeClock()
    meter = Meter(api_limit=3, clock=clock)
    for _ in range(3):
        assert meter.charge("getRecords", 1) is None
        clock.now += 3600
    assert meter.charge("getRecords", 1) is not None
    clock.now = 1_700_000_000.0 + WINDOW_SECONDS - 1   # first charge still counts
    assert meter.charge("getRecords", 1) is not None
    clock.now = 1_700_000_000.0 + WINDOW_SECONDS       # first charge has rolled off
    assert meter.charge("getRecords", 1) is None
    assert meter.api_used == 3
    clock.now += 10 * WINDOW_SECONDS
    assert meter.api_used == 0


def test_ledger_file_carries_usage_to_the_next_run(tmp_path):
    path = tmp_path / "ledger.jsonl"
    clock = FakeClock()
    first = Meter(api_limit=10, function_limit=2, ledger=Ledger(path), clock=clock,
                  run_id="run1")
    first.charge_function("automation.sync")
    first.charge("zoho.crm.getRecords", 4, function="automation.sync", line=7)
    lines = [json.loads(l) for l in path.read_text().splitlines()]
    assert lines[1] == {"task": "zoho.crm.getRecords", "credits": 4, "kind": "api",
                        "function": "automation.sync", "line": 7, "time": clock.now,
                        "run": "run1"}
    clock.now += 600
    second = Meter(api_limit=10, function_limit=2, ledger=Ledger(path), clock=clock)
    assert second.api_used == 4 and second.function_used == 1
    assert second.charge("zoho.crm.bulkCreate", 7)["code"] == "TOO_MANY_REQUESTS"
    second.charge_function("automation.sync")
    with pytest.raises(FunctionCreditsExhausted):
        second.charge_function("automation.sync")
    assert [e["run"] for e in Ledger(path).entries()] == ["run1", "run1", second.run_id]
    assert len(Ledger(path).entries(since=clock.now)) == 1
    clock.now += WINDOW_SECONDS
    third = Meter(api_limit=10, function_limit=2, ledger=Ledger(path), clock=clock)
    assert third.function_used == 0 and third.api_used == 0


def test_ledger_skips_a_truncated_line(tmp_path):
    path = tmp_path / "ledger.jsonl"
    path.write_text('{"kind":"api","credits":2,"time":5,"run":"a","task":"t"}\n{"kind":')
    assert Ledger(path).spent("api", 10) == 2


def test_default_ledger_path_follows_deluge2py_home(tmp_path, monkeypatch):
    monkeypatch.setenv("DELUGE2PY_HOME", str(tmp_path))
    assert Ledger.default().path == tmp_path / "ledger.jsonl"


def test_in_memory_ledger_by_default():
    meter = Meter()
    meter.charge("getRecords", 2)
    assert meter.ledger.path is None
    assert [e["credits"] for e in meter.ledger.entries()] == [2]


def test_function_credits():
    meter = Meter(function_limit=2)
    meter.charge_function("a")
    meter.charge_function("b")
    with pytest.raises(FunctionCreditsExhausted) as info:
        meter.charge_function("c")
    assert isinstance(info.value, DelugeLimitError)
    assert isinstance(info.value, DelugeRuntimeError)
    assert meter.function == 2 and meter.api == 0


def test_free_edition_runs_no_functions():
    with pytest.raises(FunctionCreditsExhausted):
        Meter("free").charge_function("f")


def test_hooks_observe_and_veto():
    seen = []
    meter = Meter()
    meter.add_hook(lambda charge: seen.append((charge.kind, charge.task, charge.credits,
                                               charge.function, charge.line)))
    meter.charge("zoho.crm.createRecord", 1, function="fn", line=3)
    meter.charge_function("fn")
    assert seen == [("api", "zoho.crm.createRecord", 1, "fn", 3),
                    ("function", None, 1, "fn", None)]

    @meter.add_hook
    def no_search(charge):
        if charge.task and "search" in charge.task:
            raise RuntimeError("searches are not allowed in this test")

    refusal = meter.charge("zoho.crm.searchRecords", 1)
    assert refusal == {"code": "TOO_MANY_REQUESTS", "details": {},
                       "message": "searches are not allowed in this test", "status": "error"}
    meter.remove_hook(no_search)
    meter.add_hook(lambda charge: {"code": "LIMIT_EXCEEDED", "details": {},
                                   "message": "m", "status": "error"})
    assert meter.charge("zoho.crm.getRecords", 1)["code"] == "LIMIT_EXCEEDED"
    meter.add_hook(lambda charge: False)
    with pytest.raises(FunctionCreditsExhausted):
        meter.charge_function("fn")
    assert meter.api == 1 and meter.function == 1
    assert [c.vetoed for c in meter.charges] == [False, False, True, True, True]


def test_disabled_meter_allows_everything_and_counts_nothing():
    meter = Meter(api_limit=0, function_limit=0, enabled=False)
    assert meter.charge("getRecords", 1) is None
    meter.charge_function("f")
    assert meter.api == 0 and meter.charges == []


def test_report():
    meter = Meter("professional", users=2, run_id="r")
    meter.charge("zoho.crm.getRecords", 1)
    report = meter.report()
    assert report["run"] == "r" and report["edition"] == "professional"
    assert report["api"] == 1 and report["api_limit"] == 51_000
    assert report["by_task"] == {"zoho.crm.getRecords": 1}
