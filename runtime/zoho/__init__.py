"""The ``zoho`` namespace of generated code.

* ``zoho.crm.<task>(...)``, ``zoho.crm.v8.<task>(...)``: ``crm.py`` (task names in
  any case, as Deluge matches them).
* ``zoho.encryption.<function>(...)``: the functions of ``builtins/encoding.py``.
* System variables, read at each access from ``context.current()``:
  ``zoho.currenttime`` / ``zoho.currentdate`` (``Context.system["currenttime"]`` or
  ``["currentdate"]`` when set: a ``DateTime``, a Python ``datetime``/``date``, a
  date text, or a callable returning one; else the real clock in the context's time
  zone), ``zoho.loginuser`` / ``zoho.loginuserid`` (name / email of the acting user),
  ``zoho.adminuser`` / ``zoho.adminuserid`` (the org owner's name / email),
  ``zoho.appname``, ``zoho.appuri``, ``zoho.ipaddress``; defaults in ``SYSTEM_DEFAULTS``.
* Any other ``zoho.<app>`` is ``apps.get_app(<app>)`` (``zoho.books``, ``zoho.desk``...).
"""

from __future__ import annotations

import datetime as _dt

from .. import context
from ..errors import DelugeRuntimeError
from ..values import to_deluge
from .crm import CRM

# Defaults of the system variables (docs/semantics.md, "zoho.crm sandbox and credits").
# The login user is the sandbox's acting user, who owns what functions create.
SYSTEM_DEFAULTS = {
    "loginuser": "Sandbox User",
    "loginuserid": "sandbox.user@example.com",
    "adminuser": "Sandbox Admin",
    "adminuserid": "sandbox.admin@example.com",
    "appname": None,
    "appuri": None,
    "ipaddress": "127.0.0.1",
}
_CLOCK_VARIABLES = ("currenttime", "currentdate")


def _system_value(name: str):
    system = context.current().system
    for key, value in system.items():
        if str(key).lower() == name:
            return value() if callable(value) else value
    return SYSTEM_DEFAULTS.get(name)


def current_datetime():
    """``zoho.currenttime`` as a ``DateTime`` (see the module docstring)."""
    from ..dates import now, to_datetime

    value = _system_value("currenttime")
    if value is None:
        return now()
    return to_datetime(to_deluge(value)).toDateTime()


def current_date():
    """``zoho.currentdate``: the context's ``currentdate``, else today of ``currenttime``."""
    from ..dates import to_datetime

    value = _system_value("currentdate")
    if value is None:
        return current_datetime().toDate()
    if isinstance(value, _dt.datetime):
        value = value.date()
    return to_datetime(to_deluge(value)).toDate()


class Encryption:
    """``zoho.encryption``: forwards to ``builtins/encoding.py`` by Deluge name."""

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        from ..builtins import encoding

        for attr in encoding.__all__:  # its Deluge functions only, never its imports
            if attr.lower() == name.lower():
                return getattr(encoding, attr)
        raise DelugeRuntimeError(f"zoho.encryption.{name} is not a Deluge function")

    def __repr__(self):
        return "zoho.encryption"


class Zoho:
    """The ``zoho`` object (see the module docstring)."""

    crm = CRM
    encryption = Encryption()

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        key = name.lower()
        if key == "crm":
            return CRM
        if key == "encryption":
            return self.encryption
        if key == "currenttime":
            return current_datetime()
        if key == "currentdate":
            return current_date()
        if key in SYSTEM_DEFAULTS:
            return to_deluge(_system_value(key))
        from .apps import get_app

        return get_app(key)

    def __dir__(self):
        return ["crm", "encryption", *_CLOCK_VARIABLES, *SYSTEM_DEFAULTS]

    def __repr__(self):
        return "zoho"


zoho = Zoho()

__all__ = ["zoho", "Zoho", "SYSTEM_DEFAULTS", "current_datetime", "current_date"]
