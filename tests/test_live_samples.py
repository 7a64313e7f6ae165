"""The six samples and their tests, unchanged, with the live backend pointed at
``deluge2py serve-sandbox`` over HTTP (``--deluge-live``), and ``run --live`` from the CLI."""

import json
import os
import re
import subprocess
import sys

from live_support import SAMPLES, env_for, serve_sandbox_process

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


def test_run_live_against_serve_sandbox_prints_what_the_org_did(tmp_path):
    fixtures = os.path.join(DEAL, "fixtures.json")
    with serve_sandbox_process("--fixtures", fixtures) as url:
        command = [sys.executable, "-m", "deluge2py", "run", os.path.join(DEAL, "deal_stage_automation.dg"),
                   "--arg", "dealId=6600000000000701001", "--live", "--ledger", str(tmp_path / "l.jsonl")]
        text = subprocess.run(command, env=env_for(url), capture_output=True, text=True, timeout=60)
        as_json = subprocess.run(command[:-2] + ["--ledger", str(tmp_path / "l.jsonl"), "--json"],
                                 env=env_for(url), capture_output=True, text=True, timeout=60)
    assert text.returncode == 0, text.stderr
    assert "Deal Northwind fleet telematics at Closed Won: probability 100" in text.stdout
    assert "credits: 3 API" in text.stdout
    report = json.loads(as_json.stdout)
    assert report["error"] is None
    assert report["credits"]["by_task"] == {"zoho.crm.getRecordById": 1,
                                            "zoho.crm.createRecord": 1,
                                            "zoho.crm.updateRecord": 1}


def test_run_live_without_credentials_says_how_to_get_them(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DELUGE2PY_")}
    env["DELUGE2PY_CREDENTIALS"] = str(tmp_path / "none.toml")
    done = subprocess.run([sys.executable, "-m", "deluge2py", "run",
                           os.path.join(DEAL, "deal_stage_automation.dg"), "--arg", "dealId=1",
                           "--live"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "no Zoho credentials for profile 'default'" in done.stderr
    assert "deluge2py auth" in done.stderr and "Traceback" not in done.stderr


def test_live_crm_keeps_the_backend_contract():
    import inspect

    from deluge2py.runtime.backends.base import CrmBackend
    from deluge2py.runtime.backends.live import LiveCRM

    for name, member in inspect.getmembers(CrmBackend, inspect.isfunction):
        if name.startswith("_"):
            continue
        expected = list(inspect.signature(member).parameters)
        actual = list(inspect.signature(getattr(LiveCRM, name)).parameters)
        assert actual[:len(expected)] == expected, name
