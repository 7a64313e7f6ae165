"""A file ledger holds a run's charges and writes them when the run ends: returned,
failed, interrupted with Ctrl-C (SIGINT, in a subprocess), or after FLUSH_EVERY lines
(docs/semantics.md, "When charges reach the ledger file")."""

import json
import os
import signal
import subprocess
import sys
import textwrap

import pytest

from deluge2py import convert
from deluge2py.runtime import Context
from deluge2py.runtime.backends.sandbox import SandboxCRM
from deluge2py.runtime.credits import FLUSH_EVERY, Ledger, Meter

SOURCE = """\
void automation.touch(list ids, bool fail)
{
	for each id in ids
	{
		lead = zoho.crm.getRecordById("Leads", id);
	}
	if(fail)
	{
		throw "stopped after the calls";
	}
}
"""
FIXTURES = {"Leads": [{"id": "701", "Last_Name": "Ito", "Company": "Kanto Ltd"}]}


def load(tmp_path):
    """The converted function, from a real generated file (its lines are in the ledger)."""
    generated = tmp_path / "touch_generated.py"
    generated.write_text(convert(SOURCE, filename="touch.dg"))
    namespace = {"__name__": "touch_generated"}
    exec(compile(generated.read_text(), str(generated), "exec"), namespace)
    return namespace["touch"]


def lines(path):
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_a_run_writes_its_charges_when_it_returns(tmp_path):
    path = tmp_path / "ledger.jsonl"
    meter = Meter(ledger=Ledger(path))
    seen_during_run = []
    meter.add_hook(lambda charge: seen_during_run.append(len(lines(path))))
    with Context(meter=meter, crm=SandboxCRM(fixtures=FIXTURES)):
        load(tmp_path)(["701", "701", "701"], False)
        written = lines(path)
    assert seen_during_run == [0, 0, 0, 0]  # another reader sees nothing while it runs
    assert [(e["kind"], e["task"], e["function"]) for e in written] == \
        [("function", None, "automation.touch")] + \
        [("api", "zoho.crm.getRecordById", "automation.touch")] * 3
    assert [e["line"] for e in written[1:]] == [5, 5, 5]
    assert Ledger(path).spent("api", written[-1]["time"] + 1) == 3


def test_a_run_that_fails_writes_its_charges(tmp_path):
    path = tmp_path / "ledger.jsonl"
    with Context(meter=Meter(ledger=Ledger(path)), crm=SandboxCRM(fixtures=FIXTURES)):
        with pytest.raises(Exception, match="stopped after the calls"):
            load(tmp_path)(["701", "701"], True)
        assert [e["kind"] for e in lines(path)] == ["function", "api", "api"]


def test_a_long_run_writes_every_flush_every_lines(tmp_path):
    path = tmp_path / "ledger.jsonl"
    meter = Meter(ledger=Ledger(path))
    counts = []
    meter.add_hook(lambda charge: counts.append(len(lines(path))))
    with Context(meter=meter, crm=SandboxCRM(fixtures=FIXTURES)):
        load(tmp_path)(["701"] * (FLUSH_EVERY + 10), False)
    assert counts[FLUSH_EVERY - 1] == 0 and counts[FLUSH_EVERY] == FLUSH_EVERY
    assert len(lines(path)) == FLUSH_EVERY + 11


def test_a_ledger_of_the_same_process_sees_held_charges(tmp_path):
    path = tmp_path / "ledger.jsonl"
    meter = Meter(ledger=Ledger(path))
    other = []
    meter.add_hook(lambda charge: other.append(len(Ledger(path).entries())))
    with Context(meter=meter, crm=SandboxCRM(fixtures=FIXTURES)):
        load(tmp_path)(["701", "701"], False)
    assert other == [0, 1, 2]


def test_a_closed_ledger_opens_its_file_again(tmp_path):
    path = tmp_path / "ledger.jsonl"
    ledger = Ledger(path)
    meter = Meter(ledger=ledger)
    meter.charge("zoho.crm.getRecords", 1)
    ledger.close()
    meter.charge("zoho.crm.getRecords", 2)
    assert [e["credits"] for e in lines(path)] == [1, 2]


DRIVER = """\
import signal, sys, time
# A process started from a background job inherits SIGINT ignored, and Python then installs
# no KeyboardInterrupt handler: restore it, as a terminal's Ctrl-C would find it.
signal.signal(signal.SIGINT, signal.default_int_handler)
from deluge2py import convert
from deluge2py.runtime import Context
from deluge2py.runtime.backends.sandbox import SandboxCRM
from deluge2py.runtime.credits import Ledger, Meter

source, ledger_path = sys.argv[1], sys.argv[2]
namespace = {}
exec(compile(convert(open(source).read(), filename="touch.dg"), "touch_generated.py", "exec"),
     namespace)
meter = Meter(ledger=Ledger(ledger_path))

def hook(charge):
    if len(meter.charges) == 4:  # the function credit and three calls are charged
        print("ready", flush=True)
        time.sleep(60)  # Ctrl-C arrives here, during the fourth call

meter.add_hook(hook)
crm = SandboxCRM(fixtures={"Leads": [{"id": "701", "Last_Name": "Ito", "Company": "K"}]})
with Context(meter=meter, crm=crm):
    namespace["touch"](["701"] * 10, False)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process")
def test_ctrl_c_mid_run_writes_the_charges_made(tmp_path):
    source = tmp_path / "touch.dg"
    source.write_text(SOURCE)
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER)
    path = tmp_path / "ledger.jsonl"
    child = subprocess.Popen([sys.executable, str(driver), str(source), str(path)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=dict(os.environ, PYTHONUNBUFFERED="1"))
    try:
        assert child.stdout.readline().strip() == "ready"
        assert lines(path) == []  # held while the run goes on
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert "KeyboardInterrupt" in err
    assert [e["kind"] for e in lines(path)] == ["function", "api", "api", "api"]


def test_charges_outside_a_run_are_written_at_once(tmp_path):
    path = tmp_path / "ledger.jsonl"
    meter = Meter(ledger=Ledger(path))
    meter.charge("zoho.crm.getRecords", 3)
    assert [e["credits"] for e in lines(path)] == [3]


def test_a_ledger_that_cannot_be_written_is_a_clear_error_and_keeps_its_charges(tmp_path):
    (tmp_path / "not_a_folder").write_text("")
    script = tmp_path / "touch.dg"
    script.write_text(SOURCE)
    run = subprocess.run(
        [sys.executable, "-m", "deluge2py", "run", str(script), "--arg", "ids=[\"701\"]",
         "--arg", "fail=false", "--ledger", str(tmp_path / "not_a_folder" / "ledger.jsonl")],
        capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert run.returncode != 0
    assert "Cannot write the credit ledger" in run.stderr and "Traceback" not in run.stderr
    assert "2 credit charge(s) not written" in run.stderr  # held, not silently dropped
