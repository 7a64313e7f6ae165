"""``deluge2py credits --estimate PATH...``: the static estimate of every function in
files and folders (a whole pulled org), as text or JSON.

Per function: each integration task with its cost and the loops around it (from
``estimate``), the worst case of one run where every loop's bound is known and the
bulk calls that would be cheaper (from ``worstcase``).
"""

from __future__ import annotations

import json
import sys

from .words import counted


def run_estimate(args) -> int:
    from .cmd_check import resolve_paths
    from .host.files import find_sources, read_source
    from .errors import DelugeError
    from .estimate import estimate_module
    from .parser import parse
    from .terminal import DELUGE, OK, USAGE, Output, fail, progress
    from .worstcase import loop_bounds, worst_case

    out = Output.from_args(args)
    paths, code = resolve_paths("credits", [p for p in args.estimate if p != "-"])
    files = list(find_sources(paths))
    if not files:
        return code if code is not None else fail(
            "credits", "no Deluge files (*.dg, *.deluge) in " + ", ".join(paths))
    results, failed = [], 0
    with progress(len(files), "estimating", out, threshold=20) as advance:
        for path in files:
            try:
                module = parse(read_source(path), path).module
            except DelugeError as exc:
                out.diagnostic(exc.format())
                failed += 1
                advance()
                continue
            stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
            bounds = loop_bounds(module)
            for est in estimate_module(module, script_name=stem):
                results.append((path, est, worst_case(est, bounds), bounds))
            advance()
    if args.json:
        functions = []
        for path, est, worst, _ in results:
            functions.append({"file": path, **est.to_json(), **worst.to_json()})
        print(json.dumps({"files": files, "functions": functions}, indent=2))
    else:
        for path, est, worst, bounds in results:
            out.show(f"{path}:{est.line}: {est.name}", "bold")
            sys.stdout.write(format_function(est, worst, bounds))
            for hint in worst.hints:
                out.show("  hint: " + hint.text(), "yellow")
            out.show("")
        if len(files) > 1:
            out.show(org_summary(results, len(files)), "bold")
    if code is not None:
        return USAGE
    return DELUGE if failed else OK


def format_function(est, worst, bounds) -> str:
    """The task table of one function, its totals and its worst case."""
    lines = []
    if not est.sites:
        lines.append("  no integration tasks: 0 API credits, 1 function credit per run")
        return "\n".join(lines) + "\n"
    rows = [("line", "task", "API credits", "where", "note")]
    for site in est.sites:
        if site.in_loop:
            where = "per iteration of " + " in ".join(f"loop at line {lp.line}"
                                                      for lp in reversed(site.loops))
        else:
            where = "once"
        task = site.task + (f" (via {' > '.join(site.via)})" if site.via else "")
        rows.append((str(site.line), task, _range(site.credits), where, site.note))
    if not any(row[4] for row in rows[1:]):  # no notes: no empty column
        rows = [row[:4] for row in rows]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for i, row in enumerate(rows):
        cells = [cell.rjust(width) if column in (0, 2) else cell.ljust(width)
                 for column, (cell, width) in enumerate(zip(row, widths))]
        lines.append("  " + "  ".join(cells).rstrip())
        if i == 0:
            lines.append("  " + "  ".join("-" * w for w in widths))
    total = f"{counted(_range(est.straight_credits()), 'API credit')} outside loops"
    loops = est.per_iteration()
    if loops:
        total += "; plus " + ", ".join(
            f"{_range(cost)} per iteration of the loop at line {line}" for line, cost in sorted(loops.items()))
    lines.append(f"  total: {total}; 1 function credit per run")
    lines.append("  " + worst_case_text(est, worst, bounds))
    return "\n".join(lines) + "\n"


def worst_case_text(est, worst, bounds) -> str:
    looped = sorted({lp.line for site in est.sites for lp in site.loops})
    known = [bounds[line] for line in looped if line in bounds and bounds[line].bound is not None]
    why = "; ".join(f"loop at line {b.line}: {b.why}" for b in known)
    if worst.credits is None:
        open_loops = "; ".join(f"loop at line {b.line}: {b.why}" for b in worst.unbounded)
        return f"worst case: unbounded ({open_loops})"
    return f"worst case: {counted(worst.credits, 'API credit')} per run" + (f" ({why})" if why else "")


def org_summary(results, files: int) -> str:
    bounded = [w.credits for _, _, w, _ in results if w.credits is not None]
    unbounded = sum(1 for _, _, w, _ in results if w.credits is None)
    hints = [h for _, _, w, _ in results for h in w.hints]
    saved = sum(h.saved or 0 for h in hints)
    text = (f"{counted(len(results), 'function')} in {counted(files, 'file')}: worst case "
            f"{counted(sum(bounded), 'API credit')} "
            f"for one run of each bounded function")
    if unbounded:
        text += f", {unbounded} with a loop of unknown length"
    if hints:
        text += f"; {counted(len(hints), 'bulk hint')}" + (f" saving {counted(saved, 'credit')}" if saved else "")
    return text


def _range(pair) -> str:
    low, high = pair
    return str(low) if low == high else f"{low}-{high}"
