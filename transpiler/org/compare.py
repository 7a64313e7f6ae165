"""``run FILE --compare``: the same function, run locally and executed in the org.

The org runs it through ``/crm/v8/functions/{api_name}/actions/execute`` with the same
arguments.  What counts as equal (``docs/semantics.md``, "Comparing with the org"):

* the org's ``output`` is a string; the local result is turned into the same string
  (``zoho_output``: Deluge's own text of the value, null as the empty string);
* two outputs (or two ``info`` lines) are equal when their texts are; failing that, when
  both parse as JSON and are equal with map keys in any order, numbers compared by value
  (``2.50`` = ``2.5``, ``1`` = ``1.0``) and the CRM's write timestamps (``Created_Time``,
  ``Modified_Time``) compared as "a timestamp"; ``strict`` turns this off;
* ``info`` lines are compared one by one where the org returns them (``userMessage``);
* a run that fails on one side only differs; two failures are equal when their messages
  are.

Credits are printed side by side and never compared: the org reports none for what the
function spent inside, only the execute call's own credit is known.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal


def zoho_output(value) -> str:
    """A returned value as the org's ``details.output`` string."""
    if value is None:
        return ""
    from deluge2py.runtime.render import render

    return render(value)


_NOT_JSON = object()


def _parse(text: str):
    try:
        return json.loads(text, parse_float=Decimal, parse_int=Decimal)
    except (ValueError, TypeError):
        return _NOT_JSON


# Timestamps the CRM stamps on every write: two runs never share them.
VOLATILE_KEYS = frozenset({"Created_Time", "Modified_Time", "Last_Activity_Time"})
_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d([+-]\d\d:\d\d|Z)?$")


def _normal(value, key=None):
    if key in VOLATILE_KEYS and isinstance(value, str) and _TIMESTAMP.match(value):
        return "<timestamp>"
    if isinstance(value, dict):
        return frozenset((k, _normal(v, k)) for k, v in value.items())
    if isinstance(value, list):
        return tuple(_normal(v) for v in value)
    if isinstance(value, Decimal):
        return value.normalize() if value == value else value
    return value


def same(a: str, b: str, *, strict: bool = False) -> str | None:
    """``"equal"``, ``"equal in value"`` (texts differ only in key order or number
    format), or None when they differ."""
    if a == b:
        return "equal"
    if strict:
        return None
    pa, pb = _parse(a), _parse(b)
    if pa is _NOT_JSON or pb is _NOT_JSON:
        return None
    try:
        return "equal in value" if _normal(pa) == _normal(pb) else None
    except TypeError:  # unhashable oddities: fall back to text
        return None


@dataclass
class Side:
    output: str | None = None
    info: list[str] | None = field(default_factory=list)  # None: not reported (the org)
    error: str | None = None
    credits: str = ""


@dataclass
class Comparison:
    function: str
    arguments: dict
    local: Side
    org: Side
    # (label, local text, org text, verdict from ``same``: None when they differ)
    rows: list[tuple[str, str, str, str | None]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def equal(self) -> bool:
        return all(verdict is not None for *_, verdict in self.rows)


def compare_sides(function: str, arguments: dict, local: Side, org: Side, *,
                  strict: bool = False) -> Comparison:
    result = Comparison(function, arguments, local, org)
    if org.info is None:
        result.notes.append("the org returned no info lines (userMessage): not compared")
    else:
        ours = local.info or []
        count = max(len(ours), len(org.info))
        for i in range(count):
            a = ours[i] if i < len(ours) else "(none)"
            b = org.info[i] if i < len(org.info) else "(none)"
            verdict = same(a, b, strict=strict) if i < len(ours) and i < len(org.info) else None
            result.rows.append((f"info {i + 1}", a, b, verdict))
    if local.error is not None or org.error is not None:
        a = f"error: {local.error}" if local.error is not None else f"output: {local.output}"
        b = f"error: {org.error}" if org.error is not None else f"output: {org.output}"
        verdict = "equal" if local.error is not None and local.error == org.error else None
        result.rows.append(("outcome", a, b, verdict))
    else:
        result.rows.append(("output", local.output or "", org.output or "",
                            same(local.output or "", org.output or "", strict=strict)))
    return result


def format_comparison(c: Comparison, org_label: str) -> str:
    args = ", ".join(f"{k}={json.dumps(v)}" for k, v in c.arguments.items())
    lines = [f"compare {c.function}({args}): local run vs {org_label}"]
    for label, a, b, verdict in c.rows:
        mark = "=" if verdict == "equal" else "~" if verdict else "≠"
        if verdict == "equal":
            lines.append(f"  {mark} {label:<9} {a}")
        else:
            lines.append(f"  {mark} {label:<9} local: {a}")
            lines.append(f"    {'':<9} org:   {b}" + ("   (equal in value)" if verdict else ""))
    lines.append(f"  credits   local: {c.local.credits}")
    lines.append(f"  {'':<9} org:   {c.org.credits}")
    lines.extend(f"  note: {note}" for note in c.notes)
    differing = [row for row in c.rows if row[3] is None]
    if not differing:
        lines.append("result: the same on both sides")
    else:
        lines.append(f"result: DIFFERENT ({', '.join(row[0] for row in differing)})")
        for label, a, b, _ in differing:
            lines.append(_diff(label, a, b))
    return "\n".join(lines) + "\n"


def _pretty(text: str) -> list[str]:
    try:
        value = json.loads(text)
    except (ValueError, TypeError):
        value = None
    if not isinstance(value, (dict, list)):
        return text.splitlines() or [""]
    return json.dumps(value, indent=2, ensure_ascii=False).splitlines()


def _diff(label: str, a: str, b: str) -> str:
    diff = difflib.unified_diff(_pretty(a), _pretty(b), f"local/{label}", f"org/{label}",
                                lineterm="")
    return "\n".join(diff)


# ---------------------------------------------------------------------- the command
def add_arguments(parser) -> None:
    """``run``'s options for ``--compare`` (``--profile`` and ``--yes`` are run's own)."""
    parser.add_argument("--compare", action="store_true",
                        help="also execute the function in the org over REST with the same "
                             "arguments and compare the results (asks first; --yes to skip)")
    parser.add_argument("--strict", action="store_true",
                        help="with --compare: outputs must be identical texts (no key-order or "
                             "number-format leeway)")


def run_compare(args, runner, options: dict) -> int:
    """``deluge2py run FILE --compare``: 0 the same, 1 different (or the file does not
    convert), 2 not compared.
    ``runner`` is the module of ``run`` (its ``execute``, ``parse_args``, ``RunError``);
    ``options`` the keyword arguments ``run`` resolved for ``execute`` (settings, flags)."""
    from deluge2py.runtime.errors import DelugeRuntimeError

    from ..errors import DelugeError
    from .api import OrgError
    from .connect import open_api
    from .source import namespace_of, read_header

    def fail(message: str) -> int:
        from ..terminal import fail as usage

        return usage("run", f"--compare: {message}")

    try:
        values = runner.parse_args(args.arg)
        with open(args.file, encoding="utf-8-sig") as fh:
            header = read_header(fh.read(), args.file)
        run = runner.execute(args.file, args.function, values, **options)
    except DelugeError as exc:  # the file does not convert: a Deluge error, as for run
        from ..terminal import DELUGE, Output

        Output().diagnostic(exc.format())
        return DELUGE
    except OSError as exc:
        return fail(f"{exc.filename or args.file}: {exc.strerror}")
    except (runner.RunError, DelugeRuntimeError, ValueError) as exc:  # bad args, fixtures
        return fail(str(getattr(exc, "message", None) or exc))
    local = _local_side(run)
    name = f"{namespace_of(header.category)}.{header.api_name}"
    try:
        ledger = options.get("ledger")
        api = open_api(getattr(args, "profile", None), ledger=ledger)
    except OrgError as exc:
        return fail(str(exc))
    with api:
        if not args.yes and not _consent(name, values, api.label):
            return fail("not executed in the org (no consent); pass --yes to allow it")
        return _compare_with_org(api, args, header, name, values, local)


def _compare_with_org(api, args, header, name: str, values: dict, local: Side) -> int:
    from .api import OrgError, ZohoAPIError

    try:
        details = api.execute(header.api_name, values)
        org = Side(output=str(details.get("output", "")),
                   info=[str(x) for x in details["userMessage"]] if isinstance(
                       details.get("userMessage"), list) else None,
                   credits="1 API (the execute call; Zoho reports nothing about the "
                           "function's own tasks)")
    except ZohoAPIError as exc:
        info = exc.details.get("userMessage") if isinstance(exc.details, dict) else None
        org = Side(error=exc.message or exc.code,
                   info=[str(x) for x in info] if isinstance(info, list) else None,
                   credits="1 API (the execute call)")
    except OrgError as exc:
        from ..terminal import fail

        return fail("run", f"--compare: {exc}")
    result = compare_sides(name, values, local, org, strict=args.strict)
    print(format_comparison(result, api.label), end="")
    return 0 if result.equal else 1


def _local_side(run) -> Side:
    meter = run.meter
    credits = f"{meter.api} API, {meter.function} function"
    if meter.by_task:
        credits += " (" + ", ".join(f"{t} {n}" for t, n in meter.by_task.items()) + ")"
    if run.error is not None:
        return Side(error=str(getattr(run.error, "message", None) or run.error),
                    info=[str(x) for x in run.info], credits=credits)
    return Side(output=zoho_output(run.result), info=[str(x) for x in run.info], credits=credits)


def _consent(name: str, values: dict, where: str) -> bool:
    import sys

    args = ", ".join(f"{k}={v if isinstance(v, str) else json.dumps(v)}"  # --arg text as typed
                     for k, v in values.items())
    print(f"deluge2py run --compare: this executes {name}({args}) in {where}, for real "
          "(it may change records there) and costs 1 API credit.", file=sys.stderr)
    if not sys.stdin.isatty():
        print("deluge2py run --compare: no terminal to ask", file=sys.stderr)
        return False
    print("execute it in the org? [y/N] ", file=sys.stderr, end="", flush=True)
    return sys.stdin.readline().strip().lower() in ("y", "yes")
