"""No network unless asked: every sample runs with the sockets booby-trapped."""

import glob
import json
import os
import socket

import pytest

from deluge2py.cmd_run import execute
from deluge2py.runtime import Context, invokeurl
from deluge2py.runtime.credits import Ledger
from deluge2py.runtime.errors import DelugeRuntimeError

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE_DIRS = sorted(os.path.dirname(p) for p in glob.glob(os.path.join(ROOT, "samples", "*", "*.dg")))

# Arguments for each sample's function: the first record of the module it reads.
FIRST_RECORD = {"soId": "Sales_Orders", "leadId": "Leads", "dealId": "Deals", "contactId": "Contacts"}


class NetworkTouched(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch):
    touched = []

    def refuse(*args, **kwargs):
        touched.append(args)
        raise NetworkTouched(f"network used: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return touched


def sample_args(folder, fixtures):
    from deluge2py.host import runner

    path = glob.glob(os.path.join(folder, "*.dg"))[0]
    params = runner.pick(runner.load(path, fresh=True)).__deluge__["params"]
    return path, {name: fixtures[FIRST_RECORD[name]][0]["id"] for name in params}


@pytest.mark.parametrize("folder", SAMPLE_DIRS, ids=os.path.basename)
def test_sample_runs_without_network(folder, no_network):
    fixtures_path = os.path.join(folder, "fixtures.json")
    with open(fixtures_path, encoding="utf-8") as fh:
        fixtures = json.load(fh)
    path, args = sample_args(folder, fixtures)
    responses = os.path.join(folder, "responses.json")
    run = execute(path, args=args, fixtures=fixtures_path, ledger=Ledger(None),
                  responses=responses if os.path.exists(responses) else None)
    assert run.error is None, run.error
    assert run.meter.function == 1
    assert no_network == []


def test_invokeurl_without_a_transport_never_opens_a_socket(no_network):
    with Context():
        with pytest.raises(DelugeRuntimeError) as err:
            invokeurl(url="https://example.com/")
    assert "blocked" in str(err.value.message)
    assert no_network == []


def test_the_guard_does_catch_the_network_transport(no_network):
    from deluge2py.runtime.http import NetworkTransport

    with Context(transport=NetworkTransport(timeout=1)):
        with pytest.raises((NetworkTouched, DelugeRuntimeError)):
            invokeurl(url="https://example.com/")
    assert no_network  # the guard saw the attempt: it would catch a real leak
