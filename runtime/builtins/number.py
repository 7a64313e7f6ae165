"""Number and Decimal methods (``class NumberMethods``), shared by ``values.Number``
(a Java long) and ``values.Decimal`` (a Java double).

Rounding works on the decimal text of a double (``repr``, the same digits Java
prints), so ``218.5.round(0)`` is 219 and ``24.6.frac()`` is 0.6 rather than
0.6000000000000014.  Also here: ``format_number``, a subset of Java's
``DecimalFormat`` used by ``text(pattern)`` and ``toString(pattern)``.
"""

import decimal
import math
import re

from .. import values as V
from . import (DECIMAL, NUMBER, TEXT, DelugeRuntimeError, arity_error, builtin, convert_argument,
               hot_builtin, type_name, whole)
from .dates_fn import _pattern_text

_NUMERIC_TEXT = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def parse_number(text: str):
    """``int`` or ``float`` for numeric text (surrounding spaces allowed), else None."""
    text = text.strip()
    if not _NUMERIC_TEXT.fullmatch(text):
        return None
    return float(text) if "." in text else int(text)


def _exact(value) -> decimal.Decimal:
    """The decimal a Deluge number prints as (shortest round-trip digits for a double)."""
    return decimal.Decimal(repr(float(value)) if isinstance(value, float) else int(value))


def _plain(self):
    """The receiver as a Python int or finite float."""
    if isinstance(self, float):
        if not math.isfinite(self):
            raise DelugeRuntimeError(f"{self} is not a finite DECIMAL")
        return float(self)
    return int(self)


def _decimal(x: float):
    if not math.isfinite(x):
        raise DelugeRuntimeError("The result is outside the range of a DECIMAL")
    return V.Decimal(x)


def _number_or_decimal(x):
    return whole(x) if isinstance(x, int) else _decimal(x)


def _math(fn, x, name):
    try:
        return _decimal(fn(x))
    except (ValueError, OverflowError):
        raise DelugeRuntimeError(f"'{name}' is not defined for {x}") from None


def _round_to(self, digits: int, mode: str):
    """Round (or cut) at ``digits`` after the point; a negative count works left of it.
    A Number stays a Number; a Decimal becomes a Number when ``digits <= 0``.
    ``mode`` is ``decimal.ROUND_HALF_UP`` or ``decimal.ROUND_DOWN``."""
    value = _plain(self)
    if isinstance(value, int) and digits >= 0:
        return whole(value)
    if 0 < digits <= 400:
        rounded = _round_digits(value, digits, mode)
        if rounded is not None:  # in positional form, so finite, and so is its rounding
            return V.Decimal(rounded)
    return _round_decimal(value, digits, mode)


def _round_digits(value: float, digits: int, mode: str):
    """`_round_decimal` for ``digits > 0``, done on the text of ``repr`` (the same digits
    the decimal path reads): None when ``repr`` is in exponent form.

    Half-up rounds away from zero when the first dropped digit is 5 or more; the
    result ``kept / 10**digits`` is the double nearest the rounded decimal, as
    ``float(Decimal)`` is (Python's int division is correctly rounded)."""
    text = repr(value)
    if "e" in text:
        return None
    whole_digits, _, fraction = text.partition(".")
    if len(fraction) <= digits:
        return value  # nothing to drop: the value is its own rounding
    negative = whole_digits[0] == "-"
    kept = int(whole_digits.lstrip("-") + fraction[:digits])
    if mode == decimal.ROUND_HALF_UP and fraction[digits] >= "5":
        kept += 1
    result = kept / 10 ** digits
    return -result if negative else result


def _round_decimal(value, digits: int, mode: str):
    """`_round_to` for any count, with exact decimal arithmetic."""
    if digits > 400 or digits < -400:  # far beyond a double's precision: nothing changes
        return _number_or_decimal(value) if digits > 0 else whole(0)
    exact = _exact(value)
    step = decimal.Decimal(1).scaleb(-digits)
    with decimal.localcontext() as ctx:
        ctx.prec = 1000
        result = exact.quantize(step, rounding=mode) if digits >= 0 else \
            (exact / step).quantize(decimal.Decimal(1), rounding=mode) * step
    if digits <= 0:
        return whole(int(result))
    return _decimal(float(result))


class NumberMethods:
    """Deluge's math functions.  ``self`` is a ``values.Number`` or ``values.Decimal``."""

    @builtin
    def toTime(self, pattern=None, zone=None):
        """Epoch milliseconds as a DATE-TIME in the org's zone; Zoho's toTime page: for a
        NUMBER "the dateTimeMapping param is ignored" (the zone is ignored too)."""
        from ..dates import DateTime

        return DateTime.from_epoch_ms(int(self))

    toDateTime = toTime

    @builtin
    def toDateTimeString(self, pattern: _pattern_text = None, zone: _pattern_text = None):
        """Epoch milliseconds (a NUMBER, as unixEpoch gives) shown in `zone` (default: the
        org's) with a Java pattern; see dates_fn.toDateTimeString."""
        import datetime as _dt

        from .dates_fn import resolve_zone, zoned_text
        from ..dates import org_time_zone

        if not isinstance(self, int):
            raise DelugeRuntimeError(f"'toDateTimeString' function cannot be applied to "
                                     f"{type_name(self)}: it takes epoch milliseconds (NUMBER)")
        try:
            moment = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc) + _dt.timedelta(
                milliseconds=int(self))
            moment = moment.astimezone(resolve_zone(org_time_zone()))
        except (OverflowError, ValueError):
            raise DelugeRuntimeError(f"{int(self)} is outside the range of DATE-TIME values") from None
        return zoned_text(moment, pattern, zone)

    @hot_builtin
    def round(self, digits=0, *extra):
        """Half away from zero: 218.5 -> 219, -218.5 -> -219; -1 rounds to tens."""
        if extra:
            raise arity_error("round")
        t = type(digits)
        if t is not int:  # NUMBER(x) of a Number is int(x)
            digits = int(digits) if t is V.Number else convert_argument(NUMBER, digits, 1, "round")
        return _round_to(self, digits, decimal.ROUND_HALF_UP)

    @builtin
    def truncate(self, digits: NUMBER = 0):
        """Cut toward zero without rounding: 9789.852.truncate(-2) is 9700."""
        return _round_to(self, digits, decimal.ROUND_DOWN)

    @builtin
    def floor(self):
        return whole(math.floor(_plain(self)))

    @builtin
    def ceil(self):
        return whole(math.ceil(_plain(self)))

    @builtin
    def abs(self):
        value = _plain(self)
        return _number_or_decimal(-value if value < 0 else value)

    @builtin
    def signum(self):
        """Always a DECIMAL: 1.0, -1.0 or 0.0."""
        value = _plain(self)
        return V.Decimal(float((value > 0) - (value < 0)))

    @builtin
    def frac(self):
        """The fractional part, keeping the sign: -25.1 -> -0.1."""
        exact = _exact(_plain(self))
        return _decimal(float(exact - exact.to_integral_value(rounding=decimal.ROUND_DOWN)))

    @builtin
    def isEven(self):
        value = _plain(self)
        return float(value).is_integer() and int(value) % 2 == 0

    @builtin
    def isOdd(self):
        value = _plain(self)
        return float(value).is_integer() and int(value) % 2 == 1

    @builtin
    def power(self, exponent: DECIMAL):
        """Whole base and non-negative whole exponent give a NUMBER, otherwise a DECIMAL."""
        base = _plain(self)
        if isinstance(base, int) and isinstance(exponent, int) and exponent >= 0:
            if base not in (0, 1, -1) and exponent > 64:
                raise DelugeRuntimeError(f"{base}.power({exponent}) is out of range for a NUMBER")
            return whole(base ** exponent)
        return _math(lambda b: math.pow(b, exponent), base, "power")

    @builtin
    def max(self, other: DECIMAL):
        """Two numbers; mixing in a DECIMAL gives a DECIMAL."""
        value = _plain(self)
        best = value if value >= other else other
        if isinstance(value, int) and isinstance(other, int):
            return whole(best)
        return _decimal(float(best))

    @builtin
    def min(self, other: DECIMAL):
        value = _plain(self)
        best = value if value <= other else other
        if isinstance(value, int) and isinstance(other, int):
            return whole(best)
        return _decimal(float(best))

    @builtin
    def sqrt(self):
        return _math(math.sqrt, _plain(self), "sqrt")

    @builtin
    def exp(self):
        return _math(math.exp, _plain(self), "exp")

    @builtin
    def log(self):
        """Natural logarithm."""
        return _math(math.log, _plain(self), "log")

    @builtin
    def log10(self):
        return _math(math.log10, _plain(self), "log10")

    @builtin
    def sin(self):
        return _math(math.sin, _plain(self), "sin")

    @builtin
    def cos(self):
        return _math(math.cos, _plain(self), "cos")

    @builtin
    def tan(self):
        return _math(math.tan, _plain(self), "tan")

    @builtin
    def asin(self):
        return _math(math.asin, _plain(self), "asin")

    @builtin
    def acos(self):
        return _math(math.acos, _plain(self), "acos")

    @builtin
    def atan(self):
        return _math(math.atan, _plain(self), "atan")

    @builtin
    def atan2(self, x: DECIMAL):
        """The receiver is y: ``1.atan2(2)`` is 0.4636476090008061."""
        return _math(lambda y: math.atan2(y, x), _plain(self), "atan2")

    @builtin
    def sinh(self):
        return _math(math.sinh, _plain(self), "sinh")

    @builtin
    def cosh(self):
        return _math(math.cosh, _plain(self), "cosh")

    @builtin
    def tanh(self):
        return _math(math.tanh, _plain(self), "tanh")

    @builtin
    def asinh(self):
        return _math(math.asinh, _plain(self), "asinh")

    @builtin
    def acosh(self):
        return _math(math.acosh, _plain(self), "acosh")

    @builtin
    def atanh(self):
        return _math(math.atanh, _plain(self), "atanh")

    @builtin
    def degrees(self):
        return _math(math.degrees, _plain(self), "degrees")

    @builtin
    def radians(self):
        return _math(math.radians, _plain(self), "radians")

    @builtin
    def toHex(self):
        """Lower-case hexadecimal; negatives in two's complement, like Java's
        ``Long.toHexString``."""
        value = _plain(self)
        if not isinstance(value, int):
            raise DelugeRuntimeError(f"'toHex' needs a whole NUMBER, not {value}")
        return V.Text(format(value & 0xFFFFFFFFFFFFFFFF, "x"))

    @builtin
    def toWords(self, language: TEXT = "en-us"):
        """English words: 1989 -> "one thousand nine hundred eighty-nine",
        1989.13 -> "... point one three", -12 -> "minus twelve"."""
        if language.lower() not in ("en-us", "en-gb"):
            raise DelugeRuntimeError(f"toWords: language '{language}' is not supported locally")
        return V.Text(_words(_exact(_plain(self))))

    @builtin
    def text(self, pattern: TEXT):
        """Format with a Java DecimalFormat pattern: 2434.text("000000000") -> 000002434."""
        return V.Text(format_number(_plain(self), pattern))


# -- toWords -------------------------------------------------------------

_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
         "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = ["", "thousand", "million", "billion", "trillion", "quadrillion", "quintillion"]


def _below_thousand(n: int) -> list[str]:
    words = []
    if n >= 100:
        words += [_ONES[n // 100], "hundred"]
        n %= 100
    if n >= 20:
        words.append(_TENS[n // 10] + ("-" + _ONES[n % 10] if n % 10 else ""))
    elif n or not words:
        words.append(_ONES[n])
    return words


def _words(value: decimal.Decimal) -> str:
    sign, digits, exponent = value.as_tuple()
    whole_part = int(abs(value))
    words = ["minus"] if sign and value != 0 else []
    if whole_part == 0:
        words.append("zero")
    groups = []
    while whole_part:
        groups.append(whole_part % 1000)
        whole_part //= 1000
    if len(groups) > len(_SCALES):
        raise DelugeRuntimeError("toWords: the number has too many digits")
    for scale in range(len(groups) - 1, -1, -1):
        if groups[scale]:
            words += _below_thousand(groups[scale]) + ([_SCALES[scale]] if scale else [])
    if exponent < 0:
        fraction = "".join(map(str, digits))[exponent:].rjust(-exponent, "0").rstrip("0")
        if fraction:
            words += ["point"] + [_ONES[int(d)] for d in fraction]
    return " ".join(words)


# -- DecimalFormat ---------------------------------------------------------

_AFFIX = r"(?:'[^']*'|[^#0,.'])*"  # literal text: quoted, or any non-pattern character
_PATTERN = re.compile(rf"(?P<prefix>{_AFFIX})(?P<int>[#0,]*)(?:\.(?P<frac>[0#]*))?(?P<suffix>{_AFFIX})",
                      re.DOTALL)


def format_number(value, pattern: str) -> str:
    """Format ``value`` with a Java ``DecimalFormat`` pattern (prefix and suffix text,
    ``0`` and ``#`` digits, ``,`` grouping, ``%``, ``'quoted'`` literals).  Rounds
    half-even, as Java does, on the printed digits of the value."""
    positive = pattern.split(";", 1)[0]
    match = _PATTERN.fullmatch(positive)
    if not match or not (match["int"] or match["frac"]):
        raise DelugeRuntimeError(f"Invalid number format pattern '{pattern}'")
    prefix, suffix = (_unquote(match["prefix"]), _unquote(match["suffix"]))
    number = _exact(value)
    if "%" in prefix + suffix:
        number *= 100
    elif "\u2030" in prefix + suffix:
        number *= 1000
    integer_pattern, fraction_pattern = match["int"], match["frac"] or ""
    min_int = integer_pattern.count("0")
    grouping = len(integer_pattern) - integer_pattern.rfind(",") - 1 if "," in integer_pattern else 0
    min_frac, max_frac = fraction_pattern.count("0"), len(fraction_pattern)
    if max_frac > 340:
        raise DelugeRuntimeError(f"Invalid number format pattern '{pattern}'")
    with decimal.localcontext() as ctx:
        ctx.prec = 1000
        rounded = number.quantize(decimal.Decimal(1).scaleb(-max_frac), rounding=decimal.ROUND_HALF_EVEN)
    negative = rounded < 0
    digits = format(abs(rounded), "f")
    int_digits, _, frac_digits = digits.partition(".")
    frac_digits = frac_digits.rstrip("0").ljust(min_frac, "0")
    int_digits = int_digits.lstrip("0").rjust(min_int, "0")
    if not int_digits and not frac_digits:
        int_digits = "0"
    if grouping:
        int_digits = ",".join(_chunks(int_digits, grouping))
    text = int_digits + ("." + frac_digits if frac_digits else "")
    return ("-" if negative else "") + prefix + text + suffix


def _chunks(digits: str, size: int) -> list[str]:
    head = len(digits) % size or size
    return [digits[:head]] + [digits[i:i + size] for i in range(head, len(digits), size)]


def _unquote(literal: str) -> str:
    """DecimalFormat quoting: 'text' is literal, '' is one quote."""
    return re.sub(r"'([^']*)'", lambda m: m[1] if m[1] else "'", literal)
