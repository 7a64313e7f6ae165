"""``deluge2py credits --html``: credits over time against the 24-hour limits, and a
drill-down into each run.

Two charts of API and function credits, per hour (the last 48 hours, with the rolling
24-hour total Zoho checks drawn as a line) and per day (the period shown), each with
the edition's 24-hour limits as dashed lines; then every run (newest first, the last
``MAX_RUNS``) with each charge, the Deluge line that made it and that line's source.
Plain inline SVG from ``templates/credits.html.j2``: no script, nothing fetched.
Buckets follow the org's time zone (the ``time-zone`` setting).
"""

from __future__ import annotations

import bisect
import datetime as _dt
import html
import os
from dataclasses import dataclass, field

HOUR = 3600
DAY = 24 * HOUR
MAX_RUNS = 200
API_COLOUR = "#3b82c4"
FUNCTION_COLOUR = "#e08a2c"
ROLLING_COLOUR = "#1f3b57"


@dataclass
class Bucket:
    label: str
    start: float
    api: int = 0
    function: int = 0
    rolling_api: int = 0  # API credits in the 24 hours ending with this bucket
    rolling_function: int = 0


@dataclass
class Call:
    time: float
    kind: str
    task: str | None
    credits: int
    line: int | None
    source: str | None = None


@dataclass
class Run:
    run: str
    function: str
    start: float
    status: str = "unknown"  # "ok", "failed", or unknown for ledgers from older versions
    error: str | None = None
    error_line: int | None = None
    file: str | None = None
    calls: list = field(default_factory=list)

    @property
    def api(self) -> int:
        return sum(c.credits for c in self.calls if c.kind == "api")

    @property
    def function_credits(self) -> int:
        return sum(c.credits for c in self.calls if c.kind == "function")


def buckets(entries, now: float, zone: str, *, hourly: bool, count: int) -> list[Bucket]:
    """``count`` hours (or days) ending with the one holding ``now``, in ``zone``."""
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(zone)
    local = _dt.datetime.fromtimestamp(now, tz)
    if hourly:
        top = local.replace(minute=0, second=0, microsecond=0)
        starts = [top - _dt.timedelta(hours=i) for i in range(count - 1, -1, -1)]
        labels = [s.strftime("%H:00") if s.hour else s.strftime("%d %b") for s in starts]
    else:
        top = local.replace(hour=0, minute=0, second=0, microsecond=0)
        starts = [(top - _dt.timedelta(days=i)).replace(tzinfo=None) for i in range(count - 1, -1, -1)]
        starts = [s.replace(tzinfo=tz) for s in starts]  # midnight of each day, DST-aware
        labels = [s.strftime("%d %b") for s in starts]
    result = [Bucket(label, s.timestamp()) for label, s in zip(labels, starts)]
    ends = [b.start for b in result[1:]] + [now + 1]
    for kind in ("api", "function"):
        times, totals = _prefix_sums(entries, kind)

        def credits(since: float, until: float) -> int:  # charges with since <= time < until
            return totals[bisect.bisect_left(times, until)] - totals[bisect.bisect_left(times, since)]

        for bucket, end in zip(result, ends):
            setattr(bucket, kind, credits(bucket.start, end))
            window_end = min(end, now + 1)
            setattr(bucket, "rolling_" + kind, credits(window_end - DAY, window_end))
    return result


def _prefix_sums(entries, kind: str) -> tuple[list[float], list[int]]:
    """Charge times of ``kind`` in order, and the credits before each index."""
    charges = sorted((float(e.get("time", 0)), int(e.get("credits", 0)))
                     for e in entries if e.get("kind") == kind)
    totals = [0]
    for _, credits in charges:
        totals.append(totals[-1] + credits)
    return [t for t, _ in charges], totals


def runs(entries, limit: int = MAX_RUNS) -> list[Run]:
    """The runs in the ledger, newest first, each with its charges in time order."""
    found: dict[str, Run] = {}
    for entry in sorted(entries, key=lambda e: float(e.get("time", 0))):
        run_id = str(entry.get("run"))
        run = found.get(run_id)
        if run is None:
            run = found[run_id] = Run(run_id, entry.get("function") or "(outside a function)",
                                      float(entry.get("time", 0)))
        if entry.get("kind") == "run":
            run.status = entry.get("status", "unknown")
            run.error = entry.get("error")
            run.error_line = entry.get("line")
            run.file = entry.get("file")
            continue
        run.calls.append(Call(float(entry.get("time", 0)), entry.get("kind", "api"),
                              entry.get("task"), int(entry.get("credits", 0)), entry.get("line")))
    newest = sorted(found.values(), key=lambda r: -r.start)[:limit]
    sources: dict[str, list[str] | None] = {}
    for run in newest:
        lines = _source_lines(run.file, sources)
        for call in run.calls:
            if lines and call.line and 0 < call.line <= len(lines):
                call.source = lines[call.line - 1].strip()
    return newest


def _source_lines(path: str | None, cache: dict) -> list[str] | None:
    if not path:
        return None
    if path not in cache:
        try:
            with open(path, encoding="utf-8-sig") as fh:
                cache[path] = fh.read().splitlines()
        except (OSError, UnicodeDecodeError):
            cache[path] = None
    return cache[path]


# ---------------------------------------------------------------------------
# SVG


def column_chart(data: list[Bucket], limits: dict, title: str, rolling: bool) -> str:
    """Grouped columns (API, function) per bucket; the rolling 24-hour API total as a
    line when ``rolling``; the edition's 24-hour limits as dashed lines when they fall
    on the chart's scale, else a note saying how far below them the peak is."""
    width, height, left, bottom, top_pad = 960, 300, 56, 44, 16
    plot_w, plot_h = width - left - 16, height - bottom - top_pad
    peak_api = max([b.api for b in data] + [b.rolling_api if rolling else 0 for b in data] + [0])
    peak_fn = max([b.function for b in data] + [b.rolling_function if rolling else 0 for b in data] + [0])
    peak = max(peak_api, peak_fn, 1)
    drawn_limits, notes = [], []
    for kind, used, colour in (("API", peak_api, API_COLOUR), ("function", peak_fn, FUNCTION_COLOUR)):
        limit = limits.get("api_limit" if kind == "API" else "function_limit")
        if limit is None:
            continue
        if limit and limit <= 4 * peak:
            drawn_limits.append((kind, limit, colour))
        elif limit:
            notes.append(f"24-hour {kind} limit {limit:,.0f} is above this scale "
                         f"(peak {100 * used / limit:.2g}% of it)")
        else:
            notes.append(f"the {limits.get('edition')} edition has no {kind} credits")
    scale = max([peak] + [limit for _, limit, _ in drawn_limits]) * 1.1

    def y(value: float) -> float:
        return top_pad + plot_h - plot_h * value / scale

    esc = html.escape
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="img" '
           f'aria-label="{esc(title)}" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}">',
           f'<rect x="{left}" y="{top_pad}" width="{plot_w}" height="{plot_h}" fill="#fafafa" '
           f'stroke="#ccc"/>']
    for i in range(5):  # gridlines and the axis
        value = scale * i / 4
        out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
                   f'stroke="#e4e4e4"/><text x="{left - 6}" y="{y(value) + 4:.1f}" '
                   f'text-anchor="end" font-size="11">{value:,.0f}</text>')
    slot = plot_w / max(len(data), 1)
    bar = max(1.0, slot * 0.38)
    every = max(1, len(data) // 12)
    for i, b in enumerate(data):
        x = left + i * slot + slot * 0.1
        for offset, value, colour, kind in ((0, b.api, API_COLOUR, "API"),
                                            (bar, b.function, FUNCTION_COLOUR, "function")):
            if value:
                out.append(f'<rect class="bar {kind}" x="{x + offset:.1f}" y="{y(value):.1f}" '
                           f'width="{bar:.1f}" height="{y(0) - y(value):.1f}" fill="{colour}">'
                           f'<title>{esc(b.label)}: {value} {kind} credits</title></rect>')
        if i % every == 0:
            out.append(f'<text x="{left + i * slot + slot / 2:.1f}" y="{height - bottom + 16}" '
                       f'text-anchor="middle" font-size="11">{esc(b.label)}</text>')
    if rolling:
        points = " ".join(f"{left + i * slot + slot / 2:.1f},{y(b.rolling_api):.1f}"
                          for i, b in enumerate(data))
        out.append(f'<polyline class="rolling" points="{points}" fill="none" '
                   f'stroke="{ROLLING_COLOUR}" stroke-width="2"/>')
    for kind, limit, colour in drawn_limits:
        out.append(f'<line class="limit" x1="{left}" x2="{left + plot_w}" y1="{y(limit):.1f}" '
                   f'y2="{y(limit):.1f}" stroke="{colour}" stroke-width="2" stroke-dasharray="8 5"/>'
                   f'<text x="{left + plot_w - 4}" y="{y(limit) - 4:.1f}" text-anchor="end" '
                   f'font-size="11" fill="{colour}">24-hour {kind} limit {limit:,.0f}</text>')
    legend = [(API_COLOUR, "API credits"), (FUNCTION_COLOUR, "function credits")]
    if rolling:
        legend.append((ROLLING_COLOUR, "API credits in the 24 hours before"))
    lx = left
    for colour, text in legend:
        out.append(f'<rect x="{lx}" y="{height - 16}" width="12" height="12" fill="{colour}"/>'
                   f'<text x="{lx + 16}" y="{height - 6}" font-size="12">{esc(text)}</text>')
        lx += 30 + 7 * len(text)
    out.append("</svg>")
    return "\n".join(out) + "".join(f'\n<p class="note">{esc(n)}</p>' for n in notes)


def render_page(entries, summary, limits: dict, *, now: float, zone: str, period: str,
                title: str = "deluge2py credit report") -> str:
    """The whole page: totals and limits, the two timelines, the dashboard tables and
    bar charts of ``report``, and the per-run drill-down."""
    from jinja2 import Environment, PackageLoader, select_autoescape
    from markupsafe import Markup

    from . import report

    days = {"24h": 2, "today": 1, "yesterday": 2, "7d": 7, "30d": 30}.get(period)
    if days is None:  # "all", or --since: from the first charge
        first = min((float(e.get("time", now)) for e in entries), default=now)
        days = min(366, max(1, int((now - first) // DAY) + 1))
    hourly = buckets(entries, now, zone, hourly=True, count=48)
    daily = buckets(entries, now, zone, hourly=False, count=days)
    env = Environment(loader=PackageLoader("deluge2py", "templates"),
                      autoescape=select_autoescape(["html", "j2"]))
    template = env.get_template("credits.html.j2")
    by_function = sorted(summary.functions.values(), key=lambda f: (-f.api, f.name))
    by_task = sorted(summary.tasks.items(), key=lambda kv: (-kv[1][1], kv[0]))
    return template.render(
        title=title, summary=summary, zone=zone, period=period,
        limits_line=report.limits_line(limits) if limits else None,
        hourly_chart=Markup(column_chart(hourly, limits, "credits per hour", rolling=True)),
        daily_chart=Markup(column_chart(daily, limits, "credits per day", rolling=False)),
        function_chart=Markup(report.bar_chart([(f.name, f.api) for f in by_function],
                                               "API credits by function")),
        task_chart=Markup(report.bar_chart([(t, k) for t, (_, k) in by_task],
                                           "API credits by integration task")),
        by_function=by_function, by_task=by_task,
        runs=runs(entries), when=lambda t: _local(t, zone), basename=os.path.basename,
    )


def _local(epoch: float, zone: str) -> str:
    from zoneinfo import ZoneInfo

    return _dt.datetime.fromtimestamp(epoch, ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M:%S")
