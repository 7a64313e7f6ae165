"""The context a Deluge function runs in.

A ``Context`` holds everything a run touches outside its own variables: the info
log, the limits, the credit meter, the CRM backend, the ``invokeurl`` transport,
the sendmail outbox, the organisation's time zone and date format, and system
variables (``zoho.currentdate``, ``zoho.loginuser``...)::

    with Context(print_info=True, time_zone="Asia/Kolkata") as ctx:
        deal_update(42)
    ctx.info_log, ctx.meter.function

``current()`` is the active one (a ``contextvars`` variable, so threads and asyncio
tasks may each have their own); without one, a default context is created on
first use.  The meter and the sandbox CRM are created lazily, from ``credits.py``
and ``backends/sandbox/``.  A context hands its CRM backend the org clock
(``org_now``) through ``bind_clock``; backends never import the context.
"""

from __future__ import annotations

import datetime as _dt
import zoneinfo

from .active import active as _active
from .active import current, reset_default, set_default_factory
from .limits import Limits

__all__ = ["Context", "current", "org_now", "reset_default"]

_UNSET = object()


class Context:
    """One run's world.  Every argument is optional."""

    def __init__(self, *, crm=None, meter=_UNSET, limits=None, transport=None, outbox=None,
                 system=None, print_info=False, time_zone=None, date_format=None):
        self.info_log: list[str] = []
        self.crm_changes: list[dict] = []  # what zoho.crm writes changed (zoho/changes.py)
        self.crm_errors: list[dict] = []  # the error maps zoho.crm tasks answered (same)
        self.print_info = print_info
        self.limits = limits if limits is not None else Limits()
        self.transport = transport
        self.outbox = outbox if outbox is not None else []
        self.system = dict(system or {})
        self.time_zone = time_zone
        self.date_format = date_format
        self._crm = None
        self.crm = crm
        self._meter = meter
        self._tokens = []

    @property
    def meter(self):
        """The credit meter (``credits.Meter()`` by default; ``meter=None`` runs unmetered)."""
        if self._meter is _UNSET:
            from .credits import Meter

            self._meter = Meter()
        return self._meter

    @meter.setter
    def meter(self, value):
        self._meter = value

    @property
    def crm(self):
        """The CRM backend ``zoho.crm`` tasks use (an in-memory ``SandboxCRM()`` by default)."""
        if self._crm is None:
            from .backends.sandbox import SandboxCRM

            self._crm = SandboxCRM()
            self._crm.bind_clock(org_now)
        return self._crm

    @crm.setter
    def crm(self, value):
        self._crm = value
        bind = getattr(value, "bind_clock", None)
        if bind is not None:
            bind(org_now)

    def now(self) -> _dt.datetime:
        """This context's current moment, aware, in the org time zone: the system
        variable ``currenttime`` when the run sets one, else the real clock."""
        zone = _zone(self.time_zone)
        value = next((v for k, v in self.system.items() if str(k).lower() == "currenttime"),
                     None)
        if callable(value):
            value = value()
        if value is None:
            return _dt.datetime.now(zone).replace(microsecond=0)
        if not isinstance(value, _dt.datetime):
            from .dates import to_datetime
            from .values import to_deluge

            value = to_datetime(to_deluge(value)).toDateTime().value
        if value.tzinfo is None:
            return value.replace(tzinfo=zone, microsecond=0)
        return value.astimezone(zone).replace(microsecond=0)

    def __enter__(self):
        self._tokens.append(_active.set(self))
        return self

    def __exit__(self, *exc):
        _active.reset(self._tokens.pop())
        flush = getattr(self._meter, "flush", None)
        if flush is not None:
            flush()  # every charge of the context's runs is in the ledger file
        return False


def org_now() -> _dt.datetime:
    """The active context's ``now()``: the clock every context hands its backend."""
    return current().now()


def _zone(name):
    if name:
        try:
            return zoneinfo.ZoneInfo(str(name))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            pass
    return _dt.timezone.utc


set_default_factory(Context)
