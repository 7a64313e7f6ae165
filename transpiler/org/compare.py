"""``run FILE --compare``: the same function, run locally and executed in the org.

The org runs it through ``/crm/v8/functions/{api_name}/actions/execute`` with the same
arguments.  What counts as equal (``docs/semantics.md``, "Comparing with the org"):

* the org's ``output`` is a string; the local result is turned into the same string
  (``zoho_output``: Deluge's own text of the value, null as the empty string);
* two outputs (or two ``info`` lines) are equal when their texts are; failing that, when
  both parse as JSON and are equal with map keys in any order and numbers compared by
  value (``2.50`` = ``2.5``, ``1`` = ``1.0``); ``strict`` turns this off;
* ``info`` lines are compared one by one where the org returns them (``userMessage``);
* a run that fails on one side only differs; two failures are equal when their messages
  are.

Credits are printed side by side and never compared: the org reports none for what the
function spent inside, only the execute call's own credit is known.
"""

from __future__ import annotations

import difflib
import json
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


def _normal(value):
    if isinstance(value, dict):
        return frozenset((k, _normal(v)) for k, v in value.items())
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
    info: list[str] = field(default_factory=list)
    error: str | None = None
    credits: str = ""


@dataclass
class Comparison:
    function: str
    arguments: dict
    local: Side
    org: Side
    rows: list[tuple[str, str, str, str | None]] = field(default_factory=list)  # label, local, org, verdict

    @property
    def equal(self) -> bool:
        return all(verdict is not None for *_, verdict in self.rows)


def compare_sides(function: str, arguments: dict, local: Side, org: Side, *,
                  strict: bool = False) -> Comparison:
    result = Comparison(function, arguments, local, org)
    count = max(len(local.info), len(org.info))
    for i in range(count):
        a = local.info[i] if i < len(local.info) else "(none)"
        b = org.info[i] if i < len(org.info) else "(none)"
        verdict = same(a, b, strict=strict) if i < len(local.info) and i < len(org.info) else None
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
