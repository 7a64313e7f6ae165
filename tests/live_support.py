"""Helpers for the live-backend tests: a fake Zoho server on loopback and clients for it.

No HTTP client is mocked: every test talks to ``deluge2py.fakezoho`` over a real socket."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys

from deluge2py.runtime.backends.live import LiveCRM, Profile, ZohoClient

CLIENT_ID = "1000.TESTCLIENTID"
CLIENT_SECRET = "s3cr3t-client-value-0f9e8d"
REFRESH_TOKEN = "1000.refresh-token-value-7a6b5c"
SAMPLES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "samples")


def profile_for(server_url: str, name: str = "test") -> Profile:
    return Profile(name, CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN, accounts_url=server_url)


def client_for(server_url: str, **options) -> ZohoClient:
    options.setdefault("backoff", 0.01)
    options.setdefault("max_backoff", 0.05)
    return ZohoClient(profile_for(server_url), **options)


def live_crm(server, **options) -> LiveCRM:
    return LiveCRM(client=client_for(server.url, **options))


def live_crm_for_url(url: str, **options) -> LiveCRM:
    return LiveCRM(client=client_for(url, **options))


def env_for(server_url: str) -> dict:
    env = dict(os.environ)
    env.update(DELUGE2PY_CLIENT_ID=CLIENT_ID, DELUGE2PY_CLIENT_SECRET=CLIENT_SECRET,
               DELUGE2PY_REFRESH_TOKEN=REFRESH_TOKEN, DELUGE2PY_ACCOUNTS_URL=server_url)
    return env


def use_env(monkeypatch, server_url: str, **extra) -> None:
    """The environment credentials for ``server_url`` (in-process CLI runs)."""
    for key in [k for k in os.environ if k.startswith("DELUGE2PY_") and k != "DELUGE2PY_HOME"]:
        monkeypatch.delenv(key)
    for key, value in {**env_for(server_url), **extra}.items():
        if key.startswith("DELUGE2PY_"):
            monkeypatch.setenv(key, value)


def cli(capsys, *argv):
    """``deluge2py ARGV`` in this process: (exit code, stdout, stderr)."""
    from deluge2py.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@contextlib.contextmanager
def serve_sandbox_process(*args: str):
    """``deluge2py serve-sandbox --port 0 ARGS`` as a user starts it; yields its URL."""
    proc = subprocess.Popen([sys.executable, "-m", "deluge2py", "serve-sandbox", "--port", "0",
                             *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = proc.stdout.readline()
        if "serving" not in first:
            raise RuntimeError(f"serve-sandbox did not start: {first}{proc.stderr.read()}")
        yield first.split()[-1]
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
