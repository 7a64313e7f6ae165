"""Static credit estimate: every integration task a Deluge function can call.

Walks the AST without running anything.  Each task call site is reported with
its cost in API credits (reference §3.2), the loops around it (a task inside a
loop is charged once per iteration), and, for calls to other functions of the
same file, the tasks those functions reach.  Costs that depend on data (bulk
writes: 1 credit per 10 records; COQL: by LIMIT) are reported as a range.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from deluge2py.runtime.zoho.tasks import task_spec

from . import nodes

# Tasks that cost no CRM API credits but count against a daily quota.
QUOTA_TASKS = {
    "invokeurl": "webhooks: 50,000 a day",
    "invokeapi": "webhooks: 50,000 a day",
    "geturl": "webhooks: 50,000 a day",
    "posturl": "webhooks: 50,000 a day",
    "sendmail": "sendmail: 1,000 a day",
}

CRM_REST_PREFIXES = ("https://www.zohoapis.", "https://zohoapis.")


@dataclass
class Loop:
    line: int
    var: str


@dataclass
class TaskSite:
    """One call site of an integration task."""

    line: int
    task: str  # as Deluge spells it: "zoho.crm.getRecordById", "invokeurl", ...
    credits: tuple[int, int]  # (min, max) API credits per execution
    loops: tuple[Loop, ...] = ()
    via: tuple[str, ...] = ()  # functions called on the way, outermost first
    note: str = ""

    @property
    def in_loop(self) -> bool:
        return bool(self.loops)

    def to_json(self) -> dict:
        return {
            "line": self.line,
            "task": self.task,
            "credits_min": self.credits[0],
            "credits_max": self.credits[1],
            "in_loop": self.in_loop,
            "loops": [{"line": lp.line, "var": lp.var} for lp in self.loops],
            "via": list(self.via),
            "note": self.note,
        }


@dataclass
class FunctionEstimate:
    name: str
    line: int
    sites: list[TaskSite] = field(default_factory=list)

    def straight_credits(self) -> tuple[int, int]:
        """API credits of one run counting each site outside loops once; loops are extra."""
        low = sum(s.credits[0] for s in self.sites if not s.in_loop)
        high = sum(s.credits[1] for s in self.sites if not s.in_loop)
        return low, high

    def per_iteration(self) -> dict[int, tuple[int, int]]:
        """API credits charged per iteration, keyed by the line of the innermost loop."""
        result: dict[int, tuple[int, int]] = {}
        for site in self.sites:
            if site.in_loop:
                low, high = result.get(site.loops[-1].line, (0, 0))
                result[site.loops[-1].line] = (low + site.credits[0], high + site.credits[1])
        return result

    def to_json(self) -> dict:
        low, high = self.straight_credits()
        return {
            "function": self.name,
            "line": self.line,
            "function_credits": 1,
            "api_credits_outside_loops": {"min": low, "max": high},
            "api_credits_per_iteration": {
                str(line): {"min": lo, "max": hi} for line, (lo, hi) in self.per_iteration().items()
            },
            "tasks": [s.to_json() for s in self.sites],
        }


def estimate_module(module: nodes.Module, script_name: str = "script") -> list[FunctionEstimate]:
    """One estimate per function of the module (a bare script counts as one function)."""
    bodies: dict[str, tuple[int, nodes.Block]] = {}
    for fn in module.functions:
        bodies[".".join(fn.qualified_name)] = (fn.pos.line, fn.body)
    if module.script is not None:
        bodies[script_name] = (module.script.pos.line, module.script)
    walker = _Walker(bodies)
    return [FunctionEstimate(name, line, walker.sites_of(name)) for name, (line, _) in bodies.items()]


def estimate_source(source: str, filename: str = "<string>") -> list[FunctionEstimate]:
    """Parse ``source`` and estimate it; raises ``DelugeSyntaxError`` for bad input."""
    from .parser import parse

    module = parse(source, filename).module
    stem = filename.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return estimate_module(module, script_name=stem)


class _Walker:
    def __init__(self, bodies: dict[str, tuple[int, nodes.Block]]):
        self.bodies = bodies
        # Calls between functions match on the last name part (``standalone.f`` calls ``f``).
        self.by_short = {name.rsplit(".", 1)[-1].lower(): name for name in bodies}
        self.cache: dict[str, list[TaskSite]] = {}

    def sites_of(self, name: str, active: tuple[str, ...] = ()) -> list[TaskSite]:
        if name in self.cache:
            return self.cache[name]
        if name in active:  # recursion: its tasks are already being listed
            return []
        sites: list[TaskSite] = []
        self._visit(self.bodies[name][1], (), sites, active + (name,))
        if not active:
            self.cache[name] = sites
        return sites

    def _visit(self, node, loops: tuple[Loop, ...], sites: list[TaskSite], active) -> None:
        if isinstance(node, nodes.ForEach):
            self._visit(node.iterable, loops, sites, active)
            self._visit(node.body, loops + (Loop(node.pos.line, node.var),), sites, active)
            return
        site = self._site(node)
        if site is not None:
            site.loops = loops
            sites.append(site)
        callee = self._callee(node)
        if callee is not None:
            for inner in self.sites_of(callee, active):
                sites.append(TaskSite(
                    line=node.pos.line, task=inner.task, credits=inner.credits,
                    loops=loops + inner.loops, via=(callee,) + inner.via, note=inner.note,
                ))
        for child in nodes.children(node):
            self._visit(child, loops, sites, active)

    def _callee(self, node) -> str | None:
        """The same-file function a call reaches, if any."""
        if isinstance(node, nodes.Call):
            return self.by_short.get(node.name.lower())
        if isinstance(node, nodes.MethodCall) and isinstance(node.receiver, (nodes.Name, nodes.Attribute)):
            root = _dotted(node.receiver)
            if root and root[0].lower() in ("standalone", "thisapp"):
                return self.by_short.get(node.method.lower())
        return None

    @staticmethod
    def _site(node) -> TaskSite | None:
        if isinstance(node, nodes.Task):
            return _task_block_site(node)
        if isinstance(node, nodes.Call) and node.name.lower() in ("geturl", "posturl"):
            return TaskSite(node.pos.line, node.name, (0, 0), note=QUOTA_TASKS[node.name.lower()])
        if isinstance(node, nodes.MethodCall):
            path = _dotted(node.receiver)
            if not path or path[0].lower() != "zoho" or len(path) < 2:
                return None
            app = path[1].lower()
            task = ".".join(path + (node.method,))
            if app == "crm":
                spec = task_spec(task)  # the meter's own cost rule
                if spec is None:
                    return TaskSite(node.pos.line, task, (0, 0), note="not a known CRM task")
                low, high = spec.credit_range()
                return TaskSite(node.pos.line, task, (low, high),
                                note=spec.credits.note if low != high else "")
            if app in ("currentdate", "currenttime", "adminuserid", "loginuserid", "adminuser",
                       "loginuser", "encryption"):
                return None
            return TaskSite(node.pos.line, task, (0, 0), note=f"Zoho {path[1]} API limits, not CRM credits")
        return None


def _task_block_site(task: nodes.Task) -> TaskSite:
    kind = task.kind.lower()
    note = QUOTA_TASKS.get(kind, "")
    credits = (0, 0)
    params = {p.key: p for p in task.params}
    url = params.get("url")
    if kind == "invokeurl" and "connection" in params and url is not None:
        first = url.values[0] if url.values else None
        text = _leading_text(first)
        if text is not None and text.lower().startswith(CRM_REST_PREFIXES) and "/crm/" in text.lower():
            credits = (1, 3) if "/coql" in text.lower() else (1, 1)
            note = "CRM REST call through a connection: API credits as the REST API; " + note
    return TaskSite(task.pos.line, kind, credits, note=note)


def _leading_text(expr) -> str | None:
    """The literal text an expression starts with (``"https://..." + id`` -> ``https://...``)."""
    while isinstance(expr, nodes.BinOp) and expr.op == "+":
        expr = expr.left
    return expr.value if isinstance(expr, nodes.String) else None


def _dotted(expr) -> tuple[str, ...] | None:
    parts: list[str] = []
    while isinstance(expr, nodes.Attribute):
        parts.append(expr.name)
        expr = expr.obj
    if isinstance(expr, nodes.Name):
        parts.append(expr.name)
        return tuple(reversed(parts))
    return None
