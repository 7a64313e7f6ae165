"""``deluge2py credits``: credits spent by past runs, or a static estimate of a function's.

Without ``--estimate`` it reads the ledger that ``deluge2py run`` writes (the project's,
``.deluge2py/ledger.jsonl``, inside a project with settings; else the machine-wide one)
and prints what Zoho's API dashboard shows: credits by function, by integration task,
the most expensive functions, failed runs apart; ``--html FILE`` writes the same with
charts of credits per hour and per day against the 24-hour limits and a drill-down into
each run; ``--json`` prints it; ``--since``/``--function`` filter; ``--reset`` empties
the ledger.  With ``--estimate PATH...`` (files or folders, a whole pulled org) it
lists, without running anything, every integration task each function can call, its
cost, the worst case where a loop's bound is known, and bulk calls that would be cheaper.
"""

from __future__ import annotations

import json
import re
import time

PERIODS = ("24h", "today", "yesterday", "7d", "30d", "all")


def add_arguments(parser) -> None:
    from .host.settings import add_flags

    add_flags(parser, ("ledger", "edition", "users", "time_zone"))
    parser.add_argument("--period", choices=PERIODS, default="30d",
                        help="which charges to show (default: 30d; Zoho keeps 30 days)")
    parser.add_argument("--since", metavar="WHEN",
                        help="only charges since WHEN: a duration back from now (90m, 6h, 3d) "
                             "or a date or time (2026-12-01, 2026-12-01T09:00); overrides --period")
    parser.add_argument("--function", metavar="NAME",
                        help="only this function's charges (its full Deluge name or last part)")
    parser.add_argument("--html", metavar="FILE", help="also write an HTML report with charts")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--reset", action="store_true",
                        help="empty the ledger (its charges are gone for good)")
    parser.add_argument("--estimate", metavar="PATH", nargs="*",
                        help="estimate the credits of Deluge files or folders (default: the "
                             "project's sources) without running them")


def run(args) -> int:
    if args.estimate is not None:
        from .estimate_report import run_estimate

        return run_estimate(args)
    from deluge2py.runtime.credits import Ledger, Meter

    from .host import report
    from .host.settings import for_command
    from .terminal import Output, fail

    out = Output.from_args(args)
    settings = for_command(args, ("ledger", "edition", "users", "time_zone"))
    path = settings.ledger_path()
    if args.reset:
        return reset(path, out)
    ledger = Ledger(path)
    now = time.time()
    if args.since:
        try:
            since, until = parse_since(args.since, now), None
        except ValueError as exc:
            return fail("credits", str(exc))
        period = f"since {args.since}"  # the chart's period (a named one sets its days)
    else:
        since, until = period_bounds(args.period, now)
        period = args.period
    entries = [e for e in ledger.entries() if report.matches_function(e, args.function)]
    summary = report.summarize(entries, since, until)
    try:
        meter = Meter(edition=settings.edition, users=settings.users, ledger=ledger)
    except ValueError as exc:
        return fail("credits", str(exc))
    limits = {"edition": meter.edition.name, "api_used": meter.api_used, "api_limit": meter.api_limit,
              "function_used": meter.function_used, "function_limit": meter.function_limit}
    limits["over"] = [kind for kind in ("api", "function")
                      if limits[f"{kind}_used"] > limits[f"{kind}_limit"]]
    if args.json:
        data = summary.to_json()
        data["limits"] = limits
        data["ledger"] = str(path)
        print(json.dumps(data, indent=2))
    else:
        what = f" of {args.function}" if args.function else ""
        out.say(f"Credits{what} {period_words(args.since or args.period)} from {path} ({settings.ledger_origin()})", style="bold")
        for line in report.format_table(summary, limits).splitlines():
            flagged = "OVER the" in line or "-- over the limit" in line
            out.show(line, "bold red" if flagged else "bold" if line[:1].isalpha() else None)
    if args.html:
        from .host.cache import write_atomic
        from .host.credit_charts import render_page

        window = [e for e in entries if (since is None or float(e.get("time", 0)) >= since)
                  and (until is None or float(e.get("time", 0)) < until)]
        write_atomic(args.html, render_page(window, summary, limits, now=now,
                                            zone=settings.time_zone, period=period))
        if not args.json:
            out.say(f"wrote {args.html}")
    return 0


def reset(path, out) -> int:
    """Empty the ledger file (nothing to do when there is none)."""
    from deluge2py.runtime.credits import Ledger

    if not path.exists():
        out.say(f"{path}: no ledger to reset")
        return 0
    count = len(Ledger(path).entries())
    path.unlink()
    out.say(f"reset {path}: {count} ledger lines removed")
    return 0


#: A ``--since`` duration back from now: ``90m``, ``6h``, ``3d``, ``2w``.
_DURATION = re.compile(r"\s*(\d+)\s*([mhdw])\s*")
_UNITS = {"m": ("minute", 60), "h": ("hour", 3600), "d": ("day", 86400), "w": ("week", 7 * 86400)}


def period_words(when: str) -> str:
    """A ``--period`` or ``--since`` value as a header says it: ``in the last hour``,
    ``today``, ``since 2026-12-01``."""
    named = {"today": "today", "yesterday": "yesterday", "all": "in the whole ledger"}
    if when in named:
        return named[when]
    match = _DURATION.fullmatch(when.lower())
    if not match:
        return f"since {when.strip()}"
    unit, count = _UNITS[match[2]][0], int(match[1])
    return f"in the last {unit}" if count == 1 else f"in the last {count} {unit}s"


def parse_since(text: str, now: float) -> float:
    """``90m``/``6h``/``3d``/``2w`` back from ``now``, or an ISO date or date-time
    (local time); a ``ValueError`` with the accepted forms otherwise."""
    import datetime as dt

    match = _DURATION.fullmatch(text.lower())
    if match:
        return now - int(match[1]) * _UNITS[match[2]][1]
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"--since {text!r}: expected a duration (90m, 6h, 3d, 2w) or a date "
                         "(2026-12-01) or date-time (2026-12-01T09:00)") from None
    return moment.timestamp()


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


