"""The commands that make a file ledger close it when the run ends, however it ends:
called in-process (``deluge2py.cli.main``), a run leaves no ledger file open for the
garbage collector to find (no ``ResourceWarning``), and every charge it made is in the file."""

import gc
import io
import json
import os
import warnings

import pytest

from deluge2py.cli import main
from deluge2py.cmd_run import execute
from deluge2py.runtime.backends.sandbox import SandboxCRM

SOURCE = """\
string touch(string id, bool fail)
{
	deal = zoho.crm.getRecordById("Deals", id);
	if(fail)
	{
		x = 1 / 0;
	}
	return deal.get("Deal_Name");
}
"""
FIXTURES = {"Deals": [{"id": "4876876000000100001", "Deal_Name": "Harbour"}]}


@pytest.fixture
def script(tmp_path, monkeypatch):
    monkeypatch.setenv("DELUGE2PY_HOME", str(tmp_path / "home"))
    (tmp_path / "touch.dg").write_text(SOURCE)
    (tmp_path / "fixtures.json").write_text(json.dumps(FIXTURES))
    return tmp_path


def unclosed_files(call):
    """``call()``'s result and the ResourceWarnings its leftovers raise once collected."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        result = call()
        gc.collect()
    return result, [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)]


def open_on(path):
    """This process's file descriptors open on ``path`` (Linux's /proc; what is still held
    by a live object, which the garbage collector would not report)."""
    if not os.path.isdir("/proc/self/fd"):
        return []
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{fd}") == str(path):
                found.append(fd)
        except OSError:
            pass  # the descriptor listdir itself used
    return found


def entries(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def run(folder, *extra, fail=False):
    return main(["run", str(folder / "touch.dg"), "--fixtures", str(folder / "fixtures.json"),
                 "--arg", "id=4876876000000100001", "--arg", f"fail={str(fail).lower()}",
                 "--ledger", str(folder / "ledger.jsonl"), *extra])


@pytest.mark.parametrize("fail", [False, True], ids=["returns", "fails"])
def test_run_in_process_closes_its_ledger_with_every_charge_written(script, capsys, fail):
    code, warned = unclosed_files(lambda: run(script, fail=fail))
    assert code == (1 if fail else 0)
    assert warned == [] and open_on(script / "ledger.jsonl") == []
    written = entries(script / "ledger.jsonl")
    assert [(e["kind"], e["task"]) for e in written] == [
        ("function", None), ("api", "zoho.crm.getRecordById"), ("run", None)]
    assert written[-1]["status"] == ("failed" if fail else "ok")


def test_run_interrupted_by_ctrl_c_closes_its_ledger_with_the_charges_made(script, capsys,
                                                                         monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt  # Ctrl-C while the sandbox answers the call

    monkeypatch.setattr(SandboxCRM, "get_record", interrupted)
    code, warned = unclosed_files(lambda: run(script))
    assert code == 130
    assert warned == []
    assert [e["kind"] for e in entries(script / "ledger.jsonl")] == ["function", "api"]


def test_run_json_and_a_second_run_append_to_the_closed_ledger(script, capsys):
    code, warned = unclosed_files(lambda: (run(script, "--json"), run(script)))
    assert code == (0, 0) and warned == []
    assert [e["kind"] for e in entries(script / "ledger.jsonl")].count("run") == 2


def test_execute_closes_the_default_ledger_it_made(script):
    error, warned = unclosed_files(lambda: execute(  # the result (and its meter) let go
        script / "touch.dg", args={"id": "4876876000000100001", "fail": "false"},
        fixtures=str(script / "fixtures.json")).error)
    assert error is None and warned == []
    assert len(entries(script / "home" / "ledger.jsonl")) == 3


def test_debug_with_a_ledger_closes_it(script, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("continue\n"))
    code, warned = unclosed_files(lambda: main(
        ["debug", str(script / "touch.dg"), "--fixtures", str(script / "fixtures.json"),
         "--arg", "id=4876876000000100001", "--arg", "fail=false",
         "--ledger", str(script / "ledger.jsonl")]))
    assert code == 0 and warned == [] and open_on(script / "ledger.jsonl") == []
    assert [e["kind"] for e in entries(script / "ledger.jsonl")] == ["function", "api"]
