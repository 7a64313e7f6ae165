"""Other Zoho apps' integration tasks: ``zoho.books``, ``zoho.desk``, ``zoho.creator``,
``zoho.cliq``, ``zoho.mail``, ...

``zoho.<app>`` for any app but CRM is ``get_app("<app>")``: an object whose attributes are
the app's tasks (``zoho.books.createRecord(...)``).  A task is answered by the backend
registered for its app (``register_backend``); with none, the call stops with a Deluge error
naming the app and saying how to plug one in.  deluge2py ships no fake Books or Desk: their
answers depend on data only the user has.

A backend is either an object with one method per task (matched case-insensitively, as
Deluge matches task names) or a callable ``backend(task, *args)``.  Arguments reach it as
plain Python values; its result is converted to Deluge values.

These tasks spend the other app's API allowance, not CRM API credits (reference §3.1 counts
only CRM calls), so each call goes through the meter as a 0-credit charge: hooks see and may
veto it, and ``deluge2py credits`` lists it under its task name.
"""

from __future__ import annotations

import sys

from ..errors import DelugeRuntimeError
from ..sourcemap import caller_line

PRODUCT_NAMES = {
    "books": "Zoho Books", "desk": "Zoho Desk", "creator": "Zoho Creator", "cliq": "Zoho Cliq",
    "mail": "Zoho Mail", "projects": "Zoho Projects", "inventory": "Zoho Inventory",
    "invoice": "Zoho Invoice", "billing": "Zoho Billing", "subscriptions": "Zoho Subscriptions",
    "people": "Zoho People", "recruit": "Zoho Recruit", "sign": "Zoho Sign",
    "salesiq": "Zoho SalesIQ", "sheet": "Zoho Sheet", "writer": "Zoho Writer",
    "workdrive": "Zoho WorkDrive", "campaigns": "Zoho Campaigns", "survey": "Zoho Survey",
    "bookings": "Zoho Bookings", "expense": "Zoho Expense", "analytics": "Zoho Analytics",
}

_backends: dict[str, object] = {}


def register_backend(app: str, backend) -> None:
    """Answer ``zoho.<app>.*`` tasks with ``backend`` (see the module docstring)."""
    _backends[app.lower()] = backend


def unregister_backend(app: str) -> None:
    _backends.pop(app.lower(), None)


class using_backend:
    """``with using_backend("books", backend): ...`` registers a backend for a block."""

    def __init__(self, app: str, backend):
        self.app, self.backend = app.lower(), backend
        self.previous = None

    def __enter__(self):
        self.previous = _backends.get(self.app)
        register_backend(self.app, self.backend)
        return self.backend

    def __exit__(self, *exc):
        if self.previous is None:
            unregister_backend(self.app)
        else:
            register_backend(self.app, self.previous)
        return False


def get_app(name: str) -> "App":
    """The ``zoho.<name>`` namespace of another app."""
    return App(str(name).lower())


class App:
    """``zoho.<app>``: attribute access names a task (or a sub-namespace such as ``v2``)."""

    __slots__ = ("_name",)  # no public attribute: every name is a task (docs/security.md)

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, task: str) -> "AppTask":
        if task.startswith("_"):
            raise AttributeError(task)
        return AppTask(self._name, task)

    def __repr__(self):
        return f"zoho.{self._name}"


class AppTask:
    """One task of another app; calling it asks the app's backend."""

    __slots__ = ("_app", "_task")  # no public attribute (docs/security.md)

    def __init__(self, app: str, task: str):
        self._app, self._task = app, task

    def __getattr__(self, name: str) -> "AppTask":
        if name.startswith("_"):
            raise AttributeError(name)
        return AppTask(self._app, f"{self._task}.{name}")

    def __call__(self, *args):
        from ..context import current
        from ..values import to_deluge, to_python

        label = f"zoho.{self._app}.{self._task}"
        backend = _backends.get(self._app)
        if backend is None:
            product = PRODUCT_NAMES.get(self._app, f"Zoho {self._app}")
            raise DelugeRuntimeError(
                f"{label}: no backend answers {product} tasks in this run; register one with "
                f"deluge2py.runtime.zoho.apps.register_backend(\"{self._app}\", backend)")
        handler = _resolve(backend, self._task)
        if handler is None:
            raise DelugeRuntimeError(
                f"{label}: the {self._app} backend has no task '{self._task}'")
        ctx = current()
        meter = getattr(ctx, "meter", None)
        if meter is not None:
            refusal = meter.charge(label, 0, function=getattr(ctx.limits, "function", None),
                                   line=caller_line(sys._getframe(1)))
            if refusal is not None:
                return to_deluge(refusal)
        plain = [to_python(a) for a in args]
        try:
            return to_deluge(handler(*plain))
        except DelugeRuntimeError:
            raise
        except Exception as exc:  # a backend bug must not surface as a Python traceback
            raise DelugeRuntimeError(f"{label} failed in its backend: {exc}") from exc

    def __repr__(self):
        return f"zoho.{self._app}.{self._task}"


def _resolve(backend, task: str):
    """The callable answering ``task``: a method of that name (any case), else the
    backend itself when it is a plain callable taking the task name first."""
    target = backend
    for part in task.split("."):
        names = {n.lower(): n for n in dir(target) if not n.startswith("_")}
        found = names.get(part.lower())
        if found is None:
            target = None
            break
        target = getattr(target, found)
    if target is not None and callable(target):
        return target
    if callable(backend) and not isinstance(backend, type):
        return lambda *args: backend(task, *args)
    return None

