"""The active run context: one ``ContextVar`` that every part of the runtime reads.

The value core (values, dates, operators, rendering) needs the active context at
call time (the time zone, the info log, the limits) but must not import
``context.py``, which builds on the core (its default context makes a sandbox and a
credit meter).  So the variable lives here, below both: ``context.py`` registers how
the default context is made, and ``current()`` returns the active context, else that
default.  This module imports nothing.
"""

from __future__ import annotations

from contextvars import ContextVar

__all__ = ["active", "current", "reset_default", "set_default_factory"]

active: ContextVar = ContextVar("deluge2py_context", default=None)
_default = None
_factory = None


def current():
    """The active context, or the process's default one (made on first use)."""
    ctx = active.get()
    if ctx is None:
        global _default
        if _default is None:
            _default = _factory()
        ctx = _default
    return ctx


def set_default_factory(factory) -> None:
    """How the default context is made (``context.Context``, registered by ``context.py``)."""
    global _factory
    _factory = factory


def reset_default() -> None:
    """Forget the default context (tests start from a clean one)."""
    global _default
    _default = None
