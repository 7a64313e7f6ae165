"""The ledger reads only the end of its file for the 24-hour pools, and everything for reports."""

import json

import pytest

from deluge2py.runtime import credits
from deluge2py.runtime.credits import (LEDGER_SLACK_SECONDS, WINDOW_SECONDS, Ledger, Meter)

NOW = 1_700_000_000.0
DAY = 24 * 60 * 60


def line(time, credits_=1, kind="api", run="r"):
    return json.dumps({"run": run, "kind": kind, "function": "f", "task": "t",
                       "credits": credits_, "time": time, "line": 1}) + "\n"


@pytest.fixture
def month_file(tmp_path):
    """30 days of charges, one an hour (2 credits each), oldest first."""
    path = tmp_path / "ledger.jsonl"
    start = NOW - 30 * DAY
    path.write_text("".join(line(start + h * 3600, 2) for h in range(30 * 24)))
    return path


def count_parsed(monkeypatch):
    parsed = []
    original = credits._parse_line

    def counting(raw):
        parsed.append(raw)
        return original(raw)

    monkeypatch.setattr(credits, "_parse_line", counting)
    return parsed


def test_pools_read_only_the_last_day(month_file, monkeypatch):
    parsed = count_parsed(monkeypatch)
    ledger = Ledger(month_file)
    # Entries are at NOW - 1 h, NOW - 2 h, ...: 24 of them in the day before NOW - 1 h + 1 s.
    assert ledger.spent("api", NOW - 3600 + 1) == 2 * 24
    assert len(parsed) < 24 * 3  # the last day and its slack, not the month
    assert len(ledger.entries()) == 30 * 24  # the report still sees the whole month


def test_tail_reading_matches_a_whole_read(month_file, monkeypatch):
    monkeypatch.setattr(credits, "_TAIL_BLOCK", 37)  # lines straddle every block
    for now in (NOW, NOW - 5 * DAY + 1234, NOW + DAY / 2):
        whole = sum(e["credits"] for e in Ledger(month_file).entries()
                    if now - WINDOW_SECONDS < e["time"])
        assert Ledger(month_file).spent("api", now) == whole


def test_entries_since_reads_from_the_end_too(month_file, monkeypatch):
    parsed = count_parsed(monkeypatch)
    recent = Ledger(month_file).entries(since=NOW - 2 * 3600)
    assert [e["time"] for e in recent] == [NOW - 2 * 3600, NOW - 3600]
    assert len(parsed) < 10


def test_lines_slightly_out_of_order_are_still_counted(tmp_path):
    path = tmp_path / "ledger.jsonl"
    inside = NOW - WINDOW_SECONDS + 60
    # Another process wrote a line half an hour older than the one before it.
    path.write_text(line(NOW - 3 * DAY) + line(inside, 5)
                    + line(NOW - WINDOW_SECONDS - 1800) + line(NOW - 10))
    assert Ledger(path).spent("api", NOW) == 5 + 1
    # More out of order than the slack: the older part of the file is not looked at.
    far = tmp_path / "far.jsonl"
    far.write_text(line(NOW - 10, 3) + line(NOW - WINDOW_SECONDS - LEDGER_SLACK_SECONDS - 1)
                   + line(NOW - 5))
    assert Ledger(far).spent("api", NOW) == 1


def test_asking_about_an_earlier_time_reloads(month_file):
    ledger = Ledger(month_file)
    assert ledger.spent("api", NOW + 3 * DAY) == 0
    assert ledger.spent("api", NOW) == 2 * 23


def test_own_appends_count_once_before_and_after_loading(tmp_path):
    path = tmp_path / "ledger.jsonl"
    path.write_text(line(NOW - 60, 4))
    ledger = Ledger(path)
    ledger.record(json.loads(line(NOW - 30, 3)))  # before the window is loaded
    assert ledger.spent("api", NOW) == 7
    ledger.record(json.loads(line(NOW - 20, 2)))  # after
    assert ledger.spent("api", NOW) == 9
    assert Ledger(path).spent("api", NOW) == 9


def test_a_meter_on_a_long_ledger_counts_the_day(month_file):
    meter = Meter(api_limit=50, ledger=Ledger(month_file), clock=lambda: NOW + 1)
    assert meter.api_used == 2 * 23
    assert meter.charge("zoho.crm.getRecords", 4) is None
    assert meter.charge("zoho.crm.getRecords", 1)["code"] == "TOO_MANY_REQUESTS"
    assert len(Ledger(month_file).entries()) == 30 * 24 + 1


def test_run_lines_are_skipped_but_never_a_charge(tmp_path):
    # The window skips the lines that record runs without parsing them; a charge whose
    # texts mention "kind":"run" (escaped inside JSON) still counts, and so does a line
    # written by another tool with spaces after its colons.
    path = tmp_path / "ledger.jsonl"
    now = 1_800_000_000.0
    lines = [
        {"run": "a", "kind": "run", "function": "f", "status": "ok", "credits": 0, "time": now - 50},
        {"run": "a", "kind": "api", "function": 'say "kind":"run"', "task": "t", "credits": 2,
         "time": now - 40},
        {"run": "a", "kind": "function", "function": "f", "credits": 1, "time": now - 30,
         "error": '{"kind":"run"}'},
    ]
    text = "".join(json.dumps(e, separators=(",", ":")) + "\n" for e in lines)
    text += json.dumps({"kind": "api", "credits": 5, "time": now - 20}) + "\n"
    path.write_text(text)
    ledger = Ledger(path)
    assert (ledger.spent("api", now), ledger.spent("function", now)) == (7, 1)
    assert [e["kind"] for e in Ledger(path).entries(since=now - 60)] == [
        "run", "api", "function", "api"]  # reports still see every line
