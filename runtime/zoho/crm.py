"""``zoho.crm.<task>(...)`` and ``zoho.crm.v8.<task>(...)``.

A call resolves the task name case-insensitively, checks the number of arguments
(a wrong count is a Deluge error, as Zoho refuses to save such a script), takes one of
the meter's concurrent-call slots and charges the task's API credits to
``context.current().meter`` with the calling function and Deluge line (a refusal, e.g.
``TOO_MANY_REQUESTS``, is returned as the result), then asks ``context.current().crm``
(the backend: ``SandboxCRM`` by default), holding the slot until it answers, and
returns its answer as Deluge values. Failures are answers (error maps), never exceptions,
and are charged like successes.

Positional arguments follow Zoho's signatures (reference §1.3): the options map
comes before the connection name; the connection is accepted and ignored.
"""

from __future__ import annotations

import sys

from .. import context
from ..errors import DelugeInternalError, DelugeRuntimeError
from ..sourcemap import caller_line
from ..values import to_deluge, to_python
from .changes import note as note_change
from .changes import note_errors
from .tasks import LEGACY_TASKS, V8_TASKS, TaskSpec


def _caller() -> tuple[str | None, int | None]:
    """(Deluge function, Deluge line) of the task call: the nearest generated frame."""
    line = caller_line(sys._getframe(2))
    limits = getattr(context.current(), "limits", None)
    return getattr(limits, "function", None), line


class CrmTask:
    """One ``zoho.crm`` task, bound to its family (``"v2"`` legacy or ``"v8"``)."""

    __slots__ = ("spec", "family", "label")

    def __init__(self, spec: TaskSpec, family: str):
        self.spec, self.family = spec, family
        self.label = ("zoho.crm.v8." if family == "v8" else "zoho.crm.") + spec.name

    def __call__(self, *args):
        spec = self.spec
        if not spec.min_args <= len(args) <= spec.max_args:
            expected = (str(spec.min_args) if spec.min_args == spec.max_args
                        else f"{spec.min_args} to {spec.max_args}")
            raise DelugeRuntimeError(
                f"Improper number of arguments for {self.label}: expected {expected}, "
                f"got {len(args)}")
        plain = [to_python(a) for a in args]
        ctx = context.current()
        meter = ctx.meter
        if meter is None or not meter.enabled:
            return self._answered(ctx, plain, self._ask(ctx.crm, plain))
        records = spec.records(plain)
        function, line = _caller()
        # Writes of more than 10 records are "complex APIs" with their own
        # concurrency limit (reference §3.4).
        with meter.call(self.label, spec.charge(plain), function=function,
                        line=line, complex_api=records > 10) as refusal:
            answer = refusal if refusal is not None else self._ask(ctx.crm, plain)
        return self._answered(ctx, plain, answer)

    def _answered(self, ctx, plain: list, answer):
        """The answer as Deluge values, its error maps noted for the run's report."""
        errors = getattr(ctx, "crm_errors", None)
        if errors is not None and isinstance(answer, dict):
            frame = sys._getframe(2)  # the caller of the task
            note_errors(errors, self.label, plain, answer, lambda: caller_line(frame))
        return to_deluge(answer)

    def _ask(self, backend, plain: list):
        try:
            answer = self.spec.call(backend, plain, self.family)
            changes = getattr(context.current(), "crm_changes", None)
            if changes is not None:
                note_change(changes, self.label, plain, answer)
            return answer
        except DelugeRuntimeError:
            raise
        except Exception as exc:  # the CRM backends are deluge2py's: a Python error is a bug
            raise DelugeInternalError(exc) from exc

    def __repr__(self):
        return self.label


class CrmNamespace:
    """``zoho.crm`` (``family="v2"``) and ``zoho.crm.v8``."""

    def __init__(self, family: str = "v2"):
        self._family = family
        self._tasks = V8_TASKS if family == "v8" else LEGACY_TASKS
        self._bound: dict[str, CrmTask] = {}

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        key = name.lower()
        if key == "v8" and self._family == "v2":
            return V8
        task = self._bound.get(key)
        if task is None:
            spec = self._tasks.get(key)
            if spec is None:
                prefix = "zoho.crm.v8" if self._family == "v8" else "zoho.crm"
                raise DelugeRuntimeError(f"{prefix}.{name} is not a Zoho CRM task")
            task = self._bound[key] = CrmTask(spec, self._family)
        return task

    def __dir__(self):
        return [t.name for t in self._tasks.values()] + (["v8"] if self._family == "v2"
                                                         else [])

    def __repr__(self):
        return "zoho.crm.v8" if self._family == "v8" else "zoho.crm"


V8 = CrmNamespace("v8")
CRM = CrmNamespace("v2")
