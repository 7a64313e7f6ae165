"""The CrmBackend contract: the sandbox keeps it, every task the ``zoho.crm`` layer
calls is part of it, and the context hands the backend its clock."""

import datetime as dt
import inspect

import pytest

from deluge2py.runtime import Context, zoho
from deluge2py.runtime.backends.base import CrmBackend
from deluge2py.runtime.backends.sandbox import SandboxCRM
from deluge2py.runtime.zoho.crm import LEGACY_TASKS, V8_TASKS


class Recorder:
    """Records which backend method each task calls."""

    def __init__(self):
        self.called = []
        self.clock = None

    def bind_clock(self, clock):
        self.clock = clock

    def __getattr__(self, name):
        def method(*args, **kwargs):
            self.called.append(name)
            return {}
        return method


def test_sandbox_is_a_crm_backend():
    assert isinstance(SandboxCRM(), CrmBackend)


@pytest.mark.parametrize("backend", ["sandbox", "live"])
def test_backend_signatures_match_the_protocol(backend):
    if backend == "live":
        from deluge2py.runtime.backends.live import LiveCRM as cls
    else:
        cls = SandboxCRM
    for name, member in inspect.getmembers(CrmBackend, inspect.isfunction):
        if name.startswith("_"):
            continue
        expected = list(inspect.signature(member).parameters)
        actual = list(inspect.signature(getattr(cls, name)).parameters)
        assert actual[:len(expected)] == expected, name


def test_every_task_calls_a_protocol_method():
    protocol = {n for n, _ in inspect.getmembers(CrmBackend, inspect.isfunction)}
    for tasks in (LEGACY_TASKS, V8_TASKS):
        for spec in tasks.values():
            backend = Recorder()
            args = [None] * spec.max_args
            if spec.name == "attachFile":
                continue  # checks its File argument before asking the backend
            spec.call(backend, args, "v2")
            assert backend.called and set(backend.called) <= protocol, spec.name


def test_context_hands_the_backend_its_clock():
    backend = Recorder()
    with Context(crm=backend, system={"currenttime": dt.datetime(2024, 5, 6, 7, 8, 9)},
                 time_zone="Asia/Kolkata"):
        moment = backend.clock()
    assert moment.isoformat() == "2024-05-06T07:08:09+05:30"


def test_sandbox_stamps_records_with_the_context_clock():
    crm = SandboxCRM()
    with Context(crm=crm, system={"currenttime": "01-Feb-2023 10:20:30"},
                 time_zone="Europe/Paris"):
        answer = zoho.crm.createRecord("Leads", {"Last_Name": "Clock"})
    assert answer["Created_Time"] == "2023-02-01T10:20:30+01:00"
