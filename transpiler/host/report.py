"""Credit reports from the ledger: what Zoho's API dashboard shows (reference §3.6).

``summarize(entries)`` groups ledger entries (``deluge2py.runtime.credits.Ledger``: one
``{"run", "kind", "function", "task", "credits", "time", "line"}`` per charge) into credits by
function, by integration task and per function's tasks; ``format_table`` prints it and
``render_html`` writes a self-contained page with inline SVG bar charts (no script).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from ..words import counted

UNKNOWN = "(outside a function)"


@dataclass
class FunctionUsage:
    name: str
    api: int = 0
    executions: int = 0  # function credits: one per Deluge execution
    runs: set = field(default_factory=set)
    failed: set = field(default_factory=set)  # runs that ended in a Deluge error
    tasks: dict = field(default_factory=dict)  # task -> [calls, credits]


@dataclass
class Summary:
    since: float | None
    until: float | None
    api: int = 0
    function: int = 0
    webhooks: int = 0
    emails: int = 0
    functions: dict = field(default_factory=dict)  # name -> FunctionUsage
    tasks: dict = field(default_factory=dict)  # task -> [calls, credits]
    runs: int = 0
    outcomes: dict = field(default_factory=dict)  # run -> its "run" ledger line
    run_api: dict = field(default_factory=dict)  # run -> API credits

    def failed_runs(self) -> list[dict]:
        """The runs that ended in an error, newest first, with the API credits they spent."""
        failed = [dict(entry, api=self.run_api.get(run, 0))
                  for run, entry in self.outcomes.items() if entry.get("status") == "failed"]
        return sorted(failed, key=lambda e: -float(e.get("time", 0)))

    def most_expensive(self, n: int = 5) -> list[FunctionUsage]:
        ranked = sorted(self.functions.values(), key=lambda f: (-f.api, -f.executions, f.name))
        return [f for f in ranked if f.api > 0][:n]

    def to_json(self) -> dict:
        return {
            "since": self.since, "until": self.until, "runs": self.runs,
            "api": self.api, "function": self.function,
            "webhooks": self.webhooks, "emails": self.emails,
            "failed_runs": [{k: e.get(k) for k in ("run", "function", "time", "line", "error", "api")}
                            for e in self.failed_runs()],
            "by_function": {
                f.name: {"api": f.api, "function": f.executions, "runs": len(f.runs),
                         "failed_runs": len(f.failed),
                         "tasks": {t: {"calls": c, "credits": k} for t, (c, k) in f.tasks.items()}}
                for f in self.functions.values()
            },
            "by_task": {t: {"calls": c, "credits": k} for t, (c, k) in self.tasks.items()},
            "most_expensive": [f.name for f in self.most_expensive()],
        }


def matches_function(entry: dict, wanted: str | None) -> bool:
    """``--function``: the full Deluge name or its last part, any case."""
    if not wanted:
        return True
    name = str(entry.get("function") or "").lower()
    return wanted.lower() in (name, name.rpartition(".")[2])


def summarize(entries, since: float | None = None, until: float | None = None,
              function: str | None = None) -> Summary:
    summary = Summary(since, until)
    runs = set()
    for entry in entries:
        when = float(entry.get("time", 0))
        if since is not None and when < since or until is not None and when >= until:
            continue
        if not matches_function(entry, function):
            continue
        kind = entry.get("kind", "api")
        name = entry.get("function") or UNKNOWN
        credits = int(entry.get("credits", 0))
        if kind == "run":  # how a run ended (written by the runner after it)
            summary.outcomes[entry.get("run")] = entry
            if entry.get("status") == "failed":
                summary.functions.setdefault(name, FunctionUsage(name)).failed.add(entry.get("run"))
            continue
        runs.add(entry.get("run"))
        usage = summary.functions.get(name)
        if usage is None:
            usage = summary.functions[name] = FunctionUsage(name)
        usage.runs.add(entry.get("run"))
        if kind == "function":
            usage.executions += credits
            summary.function += credits
            continue
        task = entry.get("task") or "?"
        if kind == "api":
            usage.api += credits
            summary.api += credits
            summary.run_api[entry.get("run")] = summary.run_api.get(entry.get("run"), 0) + credits
        elif kind == "webhook":
            summary.webhooks += 1
            credits = 0
        elif kind == "sendmail":
            summary.emails += 1
            credits = 0
        _add(usage.tasks, task, credits)
        _add(summary.tasks, task, credits)
    summary.runs = len(runs - {None})
    return summary


def _add(table: dict, task: str, credits: int) -> None:
    calls, total = table.get(task, (0, 0))
    table[task] = (calls + 1, total + credits)


# ---------------------------------------------------------------------------
# Text


def format_table(summary: Summary, limits: dict | None = None) -> str:
    """The dashboard as text: totals, credits by function, by task, the top consumers."""
    failed = summary.failed_runs()
    runs = f"{summary.runs}" + (f" ({len(failed)} failed)" if failed else "")
    lines = [f"API credits: {summary.api}    function credits: {summary.function}    "
             f"runs: {runs}    invokeurl calls: {summary.webhooks}    "
             f"emails: {summary.emails}"]
    if limits:
        lines.append(limits_line(limits))
    if not summary.functions:
        lines.append("")
        lines.append("No charges recorded yet: run a function with `deluge2py run`.")
        return "\n".join(lines) + "\n"
    lines.append("")
    lines.append("Credits by function")
    rows = [(f.name, f.api, f.executions, len(f.runs - f.failed), len(f.failed))
            for f in sorted(summary.functions.values(), key=lambda f: (-f.api, f.name))]
    lines += _table(("function", "API credits", "function credits", "runs ok", "failed"), rows)
    if failed:
        lines.append("")
        lines.append("Failed runs")
        rows = [(_when(e.get("time")), e.get("function") or UNKNOWN,
                 f"line {e['line']}" if e.get("line") else "", e.get("api", 0),
                 _short(str(e.get("error") or ""), 60)) for e in failed]
        lines += _table(("when", "function", "where", "API credits", "error"), rows)
    lines.append("")
    lines.append("Credits by integration task")
    rows = [(task, calls, credits)
            for task, (calls, credits) in sorted(summary.tasks.items(), key=lambda kv: (-kv[1][1], kv[0]))]
    lines += _table(("task", "calls", "API credits"), rows)
    top = summary.most_expensive()
    if top:
        lines.append("")
        lines.append("Most expensive functions")
        for rank, usage in enumerate(top, 1):
            detail = ", ".join(f"{task} {credits}" for task, (_, credits)
                               in sorted(usage.tasks.items(), key=lambda kv: -kv[1][1]) if credits)
            lines.append(f"  {rank}. {usage.name}: {counted(usage.api, 'API credit')} ({detail})")
    return "\n".join(lines) + "\n"


def limit_text(used: int, limit, kind: str, edition: str) -> str:
    """``"16 of 60,000 API credits"``, flagged when the edition allows none or ``used``
    is over the limit (a ledger shared with runs metered as another edition)."""
    if limit == 0:
        flag = " -- over the limit" if used else ""
        return f"{counted(used, kind + ' credit')} (the {edition} edition has none{flag})"
    text = f"{used} of {limit:,} {kind} credits"
    if used > limit:
        text += f" -- OVER the {edition} edition's limit by {used - limit:,}"
    return text


def limits_line(limits: dict) -> str:
    edition = limits["edition"]
    return (f"last 24 hours ({edition} edition): "
            + limit_text(limits["api_used"], limits["api_limit"], "API", edition) + ", "
            + limit_text(limits["function_used"], limits["function_limit"], "function", edition))


def _when(epoch) -> str:
    import time

    return time.strftime("%Y-%m-%d %H:%M", time.localtime(float(epoch or 0)))


def _table(header, rows) -> list[str]:
    cells = [tuple(str(c) for c in header)] + [tuple(str(c) for c in row) for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]

    def fmt(row):
        first = row[0].ljust(widths[0])
        rest = [cell.rjust(width) for cell, width in zip(row[1:], widths[1:])]
        return "  " + "  ".join([first] + rest)

    return [fmt(cells[0]), "  " + "  ".join("-" * w for w in widths)] + [fmt(r) for r in cells[1:]]


# ---------------------------------------------------------------------------
# HTML


def render_html(summary: Summary, title: str = "deluge2py credit report",
                limits: dict | None = None) -> str:
    """A standalone HTML page: totals, bar charts (inline SVG) and the tables."""
    esc = html.escape
    by_function = sorted(summary.functions.values(), key=lambda f: (-f.api, f.name))
    by_task = sorted(summary.tasks.items(), key=lambda kv: (-kv[1][1], kv[0]))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{esc(title)}</title>",
        "<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}"
        "table{border-collapse:collapse;margin:1em 0}td,th{padding:.3em .8em;border-bottom:1px solid #ddd;"
        "text-align:right}td:first-child,th:first-child{text-align:left}"
        ".tiles{display:flex;gap:1em}.tile{border:1px solid #ccc;border-radius:6px;padding:.8em 1.2em}"
        ".tile b{display:block;font-size:1.6em}</style>",
        "</head><body>",
        f"<h1>{esc(title)}</h1>",
        '<div class="tiles">',
        f'<div class="tile"><b>{summary.api}</b>API credits</div>',
        f'<div class="tile"><b>{summary.function}</b>function credits</div>',
        f'<div class="tile"><b>{summary.runs}</b>runs</div>',
        f'<div class="tile"><b>{summary.webhooks}</b>invokeurl calls</div>',
        f'<div class="tile"><b>{summary.emails}</b>emails</div>',
        "</div>",
    ]
    if limits:
        parts.append(f"<p>{esc(limits_line(limits)).capitalize()}.</p>")
    parts.append("<h2>API credits by function</h2>")
    parts.append(bar_chart([(f.name, f.api) for f in by_function], "API credits by function"))
    parts.append(_html_table(("function", "API credits", "function credits", "runs"),
                             [(f.name, f.api, f.executions, len(f.runs)) for f in by_function]))
    parts.append("<h2>API credits by integration task</h2>")
    parts.append(bar_chart([(task, credits) for task, (_, credits) in by_task],
                           "API credits by integration task"))
    parts.append(_html_table(("task", "calls", "API credits"),
                             [(task, calls, credits) for task, (calls, credits) in by_task]))
    top = summary.most_expensive()
    if top:
        parts.append("<h2>Most expensive functions</h2><ol>")
        for usage in top:
            tasks = ", ".join(f"{esc(t)}: {k}" for t, (_, k) in
                              sorted(usage.tasks.items(), key=lambda kv: -kv[1][1]) if k)
            parts.append(f"<li><b>{esc(usage.name)}</b>: {usage.api} API credits ({tasks})</li>")
        parts.append("</ol>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def bar_chart(items, label: str, width: int = 640, bar: int = 22) -> str:
    """Horizontal bars as inline SVG, one per ``(name, value)``."""
    esc = html.escape
    if not items:
        return "<p>No data.</p>"
    label_width = 260
    top = max(value for _, value in items) or 1
    height = bar * len(items) + 10
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{esc(label)}" '
           f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">']
    span = width - label_width - 60
    for i, (name, value) in enumerate(items):
        y = 5 + i * bar
        length = round(span * value / top)
        out.append(f'<text x="{label_width - 6}" y="{y + bar * 0.7:.1f}" text-anchor="end" '
                   f'font-size="12">{esc(_short(name))}</text>')
        out.append(f'<rect x="{label_width}" y="{y + 2}" width="{length}" height="{bar - 6}" '
                   f'fill="#3b82c4"><title>{esc(name)}: {value}</title></rect>')
        out.append(f'<text x="{label_width + length + 6}" y="{y + bar * 0.7:.1f}" '
                   f'font-size="12">{value}</text>')
    out.append("</svg>")
    return "\n".join(out)


def _short(name: str, limit: int = 40) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _html_table(header, rows) -> str:
    esc = html.escape
    head = "".join(f"<th>{esc(str(h))}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{esc(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
