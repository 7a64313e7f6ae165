"""No secret leaks: every log line, error, ledger entry and --json output of a faulted
live run is searched for the client secret, the refresh token and every access token
the fake server issued."""

import json
import logging
import os

from deluge2py.fakezoho import running
from deluge2py.runtime import Context, zoho
from deluge2py.runtime.backends.live import LiveCRM, Profile, ZohoClient
from deluge2py.runtime.credits import Ledger, Meter
from deluge2py.runtime.errors import DelugeRuntimeError

from live_support import CLIENT_SECRET, REFRESH_TOKEN, SAMPLES, cli, client_for, use_env

DEAL_DIR = os.path.join(SAMPLES, "deal_stage_automation")


def _leaks(text: str, secrets) -> list:
    return [s for s in secrets if s and s in text]


def test_a_faulted_run_leaks_no_secret_in_logs_errors_or_ledger(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)  # every logger: ours, httpx, httpcore, uvicorn
    ledger_path = tmp_path / "ledger.jsonl"
    errors = []
    faults = "429=0.2,500=0.1,503=0.1,drop=0.1,expire=7,seed=5"
    with running(fixtures=os.path.join(DEAL_DIR, "fixtures.json"), faults=faults) as server:
        crm = LiveCRM(client=client_for(server.url, attempts=3))
        meter = Meter(ledger=Ledger(ledger_path))
        with Context(crm=crm, meter=meter):
            for i in range(30):
                try:
                    zoho.crm.getRecordById("Deals", "6600000000000701001")
                    zoho.crm.createRecord("Tasks", {"Subject": f"t{i}"})
                except DelugeRuntimeError as exc:
                    errors.append(f"{exc}\n{exc!r}")
        # refused credentials: the error names the profile, never the token
        revoked = Profile("revoked", "id", CLIENT_SECRET, "revoked-" + REFRESH_TOKEN,
                          accounts_url=server.url)
        try:
            LiveCRM(client=ZohoClient(revoked)).get_record("Deals", "1")
        except DelugeRuntimeError as exc:
            errors.append(str(exc))
        issued = list(server.state.issued)
    meter.flush()
    secrets = [CLIENT_SECRET, REFRESH_TOKEN, *issued]
    assert len(issued) >= 3 and server.state.faults.counts.get("expire")
    assert any("refused the credentials" in e for e in errors)
    logs = "\n".join(r.getMessage() + " " + repr(r.args) for r in caplog.records)
    assert logs and "retry" in logs
    assert _leaks(logs, secrets) == []
    assert _leaks("\n".join(errors), secrets) == []
    assert _leaks(repr(crm.client.profile) + repr(crm), secrets) == []
    ledger = ledger_path.read_text()
    assert "zoho.crm.createRecord" in ledger
    assert _leaks(ledger + json.dumps(meter.report()), secrets) == []


def test_cli_json_output_and_stderr_of_a_faulted_run_hold_no_secret(tmp_path, capsys, monkeypatch):
    dg = os.path.join(DEAL_DIR, "deal_stage_automation.dg")
    with running(fixtures=os.path.join(DEAL_DIR, "fixtures.json"),
                 faults="429=0.3,503=0.2,seed=2") as server:
        use_env(monkeypatch, server.url)
        ledger = str(tmp_path / "ledger.jsonl")
        runs = [cli(capsys, "run", dg, "--arg", f"dealId={deal}", "--live", "--json", "-v",
                    "--ledger", ledger)
                for deal in ("6600000000000701001", "6600000000000701002")]
        monkeypatch.setenv("DELUGE2PY_REFRESH_TOKEN", "revoked-" + REFRESH_TOKEN)
        refused = cli(capsys, "run", dg, "--arg", "dealId=6600000000000701003", "--live",
                      "--json", "--ledger", ledger)
        issued = list(server.state.issued)
    assert json.loads(runs[0][1])["error"] is None
    assert "refused the credentials" in json.loads(refused[1])["error"]["message"]
    text = "".join(out + err for _, out, err in (*runs, refused))
    assert "access token refreshed" in text and "retry" in text  # -v shows the client's work
    text += (tmp_path / "ledger.jsonl").read_text()
    assert _leaks(text, [CLIENT_SECRET, REFRESH_TOKEN, "revoked-" + REFRESH_TOKEN, *issued]) == []
    assert "Traceback" not in text
