"""How Deluge prints values: ``info``, ``toString()`` and text concatenation.

* text as is; NUMBER as digits; DECIMAL like Java's ``Double.toString``; ``true``/``false``;
  null as ``null``;
* a top-level list joins its elements with commas (``Creator,CRM``); a list inside a
  list is ``{"CRM","Projects"}``; a map is compact JSON (lists inside it are ``[...]``);
* dates, times, collections and files print through their ``deluge_str()``; inside a
  map or list through ``deluge_json()`` (a value encoded as JSON).
"""

from __future__ import annotations

from json.encoder import encode_basestring as _quote

from . import values as V
from .active import current

__all__ = ["render", "render_nested", "render_json", "java_double", "info"]

_INFINITY = float("inf")


def render(value) -> str:
    """The text Deluge prints for *value* at top level."""
    t = type(value)
    if t is V.Text or t is str:
        return value
    if t is V.Number or t is int:
        return int.__repr__(value)
    if value is None:
        return "null"
    if t is bool:
        return "true" if value else "false"
    if t is V.Decimal or t is float:
        return java_double(value)
    if t is V.DateTime:
        return value.deluge_str()
    if isinstance(value, list):
        return ",".join([_element(item) for item in value])
    if isinstance(value, dict):
        return render_json(value)
    deluge_str = getattr(value, "deluge_str", None)
    if deluge_str is not None:
        return deluge_str()
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return java_double(value)
    return str(value)


def _element(item) -> str:
    """An element of a top-level list: scalars print as at top level, containers nested."""
    if isinstance(item, (list, dict)):
        return render_nested(item)
    return render(item)


def render_nested(value) -> str:
    """A value inside a list: lists as ``{...}`` with quoted text, everything else as JSON."""
    if isinstance(value, list):
        return "{" + ",".join([render_nested(item) for item in value]) + "}"
    return render_json(value)


def render_json(value) -> str:
    """A value inside a map: JSON (text quoted, lists as ``[...]``)."""
    t = type(value)
    if t is V.Text or t is str:
        return _quote(value)
    if t is V.Number or t is int:
        return int.__repr__(value)
    if value is None:
        return "null"
    if t is bool:
        return "true" if value else "false"
    if t is V.Decimal or t is float:
        return java_double(value)
    if isinstance(value, dict):
        return "{" + ",".join([_key(k) + ":" + render_json(v) for k, v in value.items()]) + "}"
    if isinstance(value, list):
        return "[" + ",".join([render_json(item) for item in value]) + "]"
    deluge_json = getattr(value, "deluge_json", None)
    if deluge_json is not None:
        return render_json(deluge_json())
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return java_double(value)
    return _quote(render(value))


def _key(key) -> str:
    return _quote(key if isinstance(key, str) else render(key))


def java_double(x) -> str:
    """Java's ``Double.toString``: shortest round-trip digits, at least one fractional digit,
    and ``1.0E7``-style exponent form outside 10^-3 <= |x| < 10^7."""
    x = float(x)
    magnitude = abs(x)
    if 1e-3 <= magnitude < 1e7:  # false for NaN and the infinities
        return repr(x)  # Python's repr is positional and shortest in this range
    if x != x:
        return "NaN"
    if magnitude == _INFINITY:
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0:
        return "-0.0" if str(x).startswith("-") else "0.0"
    mantissa, _, exponent = repr(magnitude).partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = whole + fraction
    point = len(whole) + (int(exponent) if exponent else 0)
    significant = digits.lstrip("0")
    point -= len(digits) - len(significant)
    significant = significant.rstrip("0") or "0"
    sign = "-" if x < 0 else ""
    return f"{sign}{significant[0]}.{significant[1:] or '0'}E{point - 1}"


def info(value) -> None:
    """Deluge ``info x;``: add the rendered line to the current context's info log."""
    ctx = current()
    line = render(value)
    ctx.info_log.append(line)
    if ctx.print_info:
        print(line, flush=True)
