"""Deluge's built-in functions, by canonical name (``from deluge2py.runtime import replaceAll``).

Most are *forwarders*: ``replaceAll(x, a, b)`` is ``to_deluge(x).replaceAll(a, b)``,
dispatched through the catalog, so null and boolean receivers reach the common
methods (``isNull(null)``) and a receiver of the wrong type is a Deluge error
rather than a Python ``AttributeError``.  Forwarders are generated from
``FORWARDED`` below as real named functions (tracebacks and pdb show
``replaceAll``).  A few are true functions: ``ifnull``, ``randomNumber``,
``encodeUrl``.
"""

import random as _random

from .. import values as V
from . import DECIMAL, REQUIRED, DelugeRuntimeError, arity_error, builtin, hot_builtin, type_name, whole
from . import catalog as _catalog
from .encoding import encodeUrl
from ..creator import openUrl  # noqa: F401  (Creator and button functions)
from ..http import getUrl, postUrl  # noqa: F401  (legacy HTTP functions)

#: Methods with a documented function form ``f(x, ...)``, and ``equals``: generated code
#: calls ``equals(x, y)`` when ``x`` may be null or a boolean (docs/architecture.md).
FORWARDED = """
    subString subText mid left right len length concat toUpperCase upper toLowerCase lower
    proper trim ltrim rtrim leftpad rightpad repeat reverse contains notContains
    containsIgnoreCase startsWith startsWithIgnoreCase endsWith endsWithIgnoreCase
    equalsIgnoreCase matches isAscii find indexOf lastIndexOf getOccurenceCount getPrefix
    getSuffix getPrefixIgnoreCase getSuffixIgnoreCase removeFirstOccurence removeLastOccurence
    removeAllAlpha removeAllAlphaNumeric getAlpha getAlphaNumeric replaceAll replaceFirst
    replaceAllIgnoreCase replaceFirstIgnoreCase hexToText textToHex toList toListString

    round truncate floor ceil abs sqrt exp log log10 power max min signum frac isEven isOdd
    sin cos tan asin acos atan atan2 sinh cosh tanh asinh acosh atanh degrees radians
    toHex toWords

    isNull isEmpty isBlank isValidObject isText isNumber isDecimal isDate isDateTime isFile
    equals
    toString toText toNumber toLong toDecimal toDate toDateTime toTime toMap toJSONList

    largest smallest sum average median

    getDay day getMonth month getYear year getDayOfWeek weekday getDayOfYear getWeekOfYear
    getHour hour getMinutes minute getSeconds second addDay addWeek addMonth addYear addHour
    addMinutes addSeconds subDay subWeek subMonth subYear subHour subMinutes subSeconds
    addBusinessDay subBusinessDay workday eomonth edate unixEpoch toStartOfMonth timeBetween
    toStartOfWeek daysBetween days360 hoursBetween weeksBetween monthsBetween yearsBetween
    totalMonths monthsDiff totalYears yearsDiff yearFraction addBusinessHour toDateTimeString
""".split()


@hot_builtin
def ifnull(value=REQUIRED, fallback=REQUIRED, *extra):
    """``fallback`` when ``value`` is null, else ``value``.  Only null counts: ``""``
    is a value here (unlike ``isNull("")``), see docs/semantics.md."""
    if fallback is REQUIRED or extra:
        raise arity_error("ifnull")
    if value is None:
        value = fallback
    t = value.__class__
    if t in V.DELUGE_TYPES:
        return value
    if t is int and 0 <= value < 256:  # a literal fallback of generated code (``ifnull(x, 0)``)
        return V.SMALL_NUMBERS[value]
    if t is str:
        return V.Text(value)
    return V.to_deluge(value)


@builtin
def randomNumber(start: DECIMAL, end: DECIMAL):
    """A random number from ``start`` (inclusive) to ``end`` (exclusive); a DECIMAL
    when either bound is one."""
    if end <= start:
        raise DelugeRuntimeError(f"randomNumber: end {end} must be greater than start {start}")
    if isinstance(start, int) and isinstance(end, int):
        return whole(_random.randrange(start, end))
    return V.Decimal(start + _random.random() * (end - start))


def _forwarder(name: str):
    """``name(x, ...)``: the method of ``to_deluge(x)``'s type, looked up in the catalog
    once per receiver type (forwarders run on every line that may see a null)."""
    implementations = {}  # receiver type -> catalog implementation, or None
    direct = {}  # a Deluge value's type (``to_deluge`` keeps the value) -> its implementation

    def forward(receiver, *args):
        method = direct.get(type(receiver))
        if method is not None:
            return method(receiver, *args) if args else method(receiver)
        value = V.to_deluge(receiver)
        try:
            method = implementations[type(value)]
        except KeyError:
            method = implementations[type(value)] = _catalog.implementation(name, value)
        if method is not None and value is receiver and type(value) in V.DELUGE_TYPES:
            direct[type(value)] = method
        if method is None:
            if isinstance(value, BaseException):  # a catch variable acts as its text
                from ..render import render

                return forward(V.Text(render(value)), *args)
            what = "null value" if value is None else f"{type_name(value)} value"
            raise DelugeRuntimeError(f"'{name}' function cannot be applied to {what}")
        return method(value, *args)

    forward.__code__ = forward.__code__.replace(co_name=name, co_qualname=name)
    forward.__name__ = forward.__qualname__ = name
    forward.__doc__ = f"``{name}(x, ...)`` is ``x.{name}(...)``."
    return forward


globals().update({name: _forwarder(name) for name in FORWARDED})

__all__ = sorted(["ifnull", "randomNumber", "encodeUrl", "getUrl", "postUrl", "openUrl",
                  *FORWARDED])
_catalog.register_functions(__all__, FORWARDED)  # the catalog lists them; it never imports this module
