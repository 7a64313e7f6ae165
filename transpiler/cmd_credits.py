"""``deluge2py credits``: credits spent by past runs, or a static estimate of a function's.

Without ``--estimate`` it reads the ledger that ``deluge2py run`` writes and prints what
Zoho's API dashboard shows: credits by function, by integration task, the most expensive
functions (``--html FILE`` writes the same with bar charts; ``--json`` prints it).
With ``--estimate FILE.dg`` it lists, without running anything, every integration task each
function can call, its cost, and which calls sit inside loops.
"""

from __future__ import annotations

import json
import sys
import time

PERIODS = ("24h", "today", "yesterday", "7d", "30d", "all")


def add_arguments(parser) -> None:
    parser.add_argument("--ledger", metavar="FILE",
                        help="ledger file (default: $DELUGE2PY_HOME/ledger.jsonl, "
                             "else ~/.local/share/deluge2py/ledger.jsonl)")
    parser.add_argument("--period", choices=PERIODS, default="30d",
                        help="which charges to show (default: 30d; Zoho keeps 30 days)")
    parser.add_argument("--edition", default="enterprise",
                        help="CRM edition for the 24-hour limits line (default: enterprise)")
    parser.add_argument("--users", type=int, default=10, help="users of the org (default: 10)")
    parser.add_argument("--html", metavar="FILE", help="also write an HTML report with charts")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--estimate", metavar="FILE.dg",
                        help="list the integration tasks of a Deluge file and their cost, without running it")


def run(args) -> int:
    if args.estimate:
        return _estimate(args)
    from deluge2py.runtime.credits import Ledger, Meter

    from . import report

    ledger = Ledger(args.ledger) if args.ledger else Ledger.default()
    now = time.time()
    since, until = period_bounds(args.period, now)
    summary = report.summarize(ledger.entries(), since, until)
    try:
        meter = Meter(edition=args.edition, users=args.users, ledger=ledger)
    except ValueError as exc:
        print(f"deluge2py credits: {exc}", file=sys.stderr)
        return 2
    limits = {"edition": meter.edition.name, "api_used": meter.api_used, "api_limit": meter.api_limit,
              "function_used": meter.function_used, "function_limit": meter.function_limit}
    if args.json:
        data = summary.to_json()
        data["limits"] = limits
        print(json.dumps(data, indent=2))
    else:
        print(f"Credits for {args.period} from {ledger.path or 'memory'}")
        print(report.format_table(summary, limits), end="")
    if args.html:
        with open(args.html, "w", encoding="utf-8") as fh:
            fh.write(report.render_html(summary, limits=limits))
        if not args.json:
            print(f"wrote {args.html}")
    return 0


def period_bounds(period: str, now: float) -> tuple[float | None, float | None]:
    """``(since, until)`` in epoch seconds for a dashboard filter (local days)."""
    day = 24 * 60 * 60
    if period == "all":
        return None, None
    if period in ("today", "yesterday"):
        local = time.localtime(now)
        midnight = time.mktime((local.tm_year, local.tm_mon, local.tm_mday, 0, 0, 0, 0, 0, -1))
        if period == "today":
            return midnight, None
        return midnight - day, midnight
    days = {"24h": 1, "7d": 7, "30d": 30}[period]
    return now - days * day, None


def _estimate(args) -> int:
    from .errors import DelugeError
    from .estimate import estimate_source

    path = args.estimate
    try:
        with open(path, encoding="utf-8-sig") as fh:
            source = fh.read()
    except OSError as exc:
        print(f"deluge2py credits: cannot read {path}: {exc.strerror}", file=sys.stderr)
        return 2
    try:
        estimates = estimate_source(source, filename=path)
    except DelugeError as exc:
        print(exc.format(), file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps({"file": path, "functions": [e.to_json() for e in estimates]}, indent=2))
    else:
        print(format_estimate(path, estimates), end="")
    return 0


def format_estimate(path: str, estimates) -> str:
    lines = []
    for est in estimates:
        lines.append(f"{path}:{est.line}: {est.name}")
        if not est.sites:
            lines.append("  no integration tasks: 0 API credits, 1 function credit per run")
            lines.append("")
            continue
        rows = [("line", "task", "API credits", "where", "note")]
        for site in est.sites:
            credits = _range(site.credits)
            if site.in_loop:
                where = " in ".join(f"loop at line {lp.line}" for lp in reversed(site.loops))
                where = "per iteration of " + where
            else:
                where = "once"
            task = site.task + (f" (via {' > '.join(site.via)})" if site.via else "")
            rows.append((str(site.line), task, credits, where, site.note))
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        for i, row in enumerate(rows):
            cells = [row[0].rjust(widths[0]), row[1].ljust(widths[1]), row[2].rjust(widths[2]),
                     row[3].ljust(widths[3]), row[4]]
            lines.append("  " + "  ".join(cells).rstrip())
            if i == 0:
                lines.append("  " + "  ".join("-" * w for w in widths))
        low, high = est.straight_credits()
        total = f"{_range((low, high))} API credits outside loops"
        loops = est.per_iteration()
        if loops:
            total += "; plus " + ", ".join(
                f"{_range(cost)} per iteration of the loop at line {line}" for line, cost in sorted(loops.items()))
        lines.append(f"  total: {total}; 1 function credit per run")
        lines.append("")
    return "\n".join(lines)


def _range(pair) -> str:
    low, high = pair
    return str(low) if low == high else f"{low}-{high}"
