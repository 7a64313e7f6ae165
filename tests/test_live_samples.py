"""The six samples and their tests, unchanged, with the live backend pointed at
``deluge2py serve-sandbox`` over HTTP (``--deluge-live``), and ``run --live`` from the CLI."""

import json
import os
import re
import subprocess
import sys

from deluge2py.fakezoho import running

from live_support import SAMPLES, cli, env_for, serve_sandbox_process, use_env

DEAL = os.path.join(SAMPLES, "deal_stage_automation")


def test_sample_tests_pass_against_serve_sandbox():
    with serve_sandbox_process() as url:
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--deluge-live",
             "-W", "error::pytest.PytestUnknownMarkWarning", SAMPLES],
            env=env_for(url), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    summary = done.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"\d+ passed in .*", summary) and int(summary.split()[0]) >= 14, summary


def test_run_live_against_serve_sandbox_prints_what_the_org_did(tmp_path, capsys, monkeypatch):
    dg = os.path.join(DEAL, "deal_stage_automation.dg")
    with running(fixtures=os.path.join(DEAL, "fixtures.json")) as server:
        use_env(monkeypatch, server.url)
        args = ["run", dg, "--arg", "dealId=6600000000000701001", "--live", "--ledger",
                str(tmp_path / "l.jsonl")]
        code, out, err = cli(capsys, *args)
        json_code, json_out, _ = cli(capsys, *args, "--json")
        tasks = server.state.crm.records("Tasks")
    assert code == 0, err
    assert "Deal Northwind fleet telematics at Closed Won: probability 100" in out
    assert "credits: 3 API" in out
    report = json.loads(json_out)
    assert json_code == 0 and report["error"] is None
    assert report["credits"]["by_task"] == {"zoho.crm.getRecordById": 1,
                                            "zoho.crm.createRecord": 1,
                                            "zoho.crm.updateRecord": 1}
    assert len(tasks) == 2  # one follow-up task per run, written to the server


def test_run_live_without_credentials_says_how_to_get_them(tmp_path, capsys, monkeypatch):
    use_env(monkeypatch, "http://127.0.0.1:9")
    for key in ("DELUGE2PY_CLIENT_ID", "DELUGE2PY_CLIENT_SECRET", "DELUGE2PY_REFRESH_TOKEN"):
        monkeypatch.delenv(key)
    monkeypatch.setenv("DELUGE2PY_CREDENTIALS", str(tmp_path / "none.toml"))
    code, out, err = cli(capsys, "run", os.path.join(DEAL, "deal_stage_automation.dg"),
                         "--arg", "dealId=1", "--live")
    assert code == 2
    assert "no Zoho credentials for profile 'default'" in err
    assert "deluge2py auth" in err and "Traceback" not in err

