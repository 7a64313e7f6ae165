"""Deluge DATE / DATE-TIME (`DateTime`) and Creator TIME (`Time`) values.

A `DateTime` is a wall-clock time in the organisation's time zone (Deluge values
carry no zone) plus a has-time flag: a DATE is a DATE-TIME at 00:00:00 that
prints without its time. Elapsed time and conversions to instants (`hoursBetween`,
`timeBetween`, `unixEpoch`, `toString` with a zone, `yearFraction`) read the value in
the zone of the current context at call time; calendar counts (`daysBetween`...) and
additions (`addHour`...) work on the wall clock (docs/semantics.md, "Dates and times").

Every public camelCase method is a Deluge built-in (the catalog reads them);
`TextDateMethods` gives texts that look like dates the same methods, since
Deluge's date functions accept such texts.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import functools
import operator
import re

from . import values as V
from .active import current as _context
from .builtins import (DECIMAL, NUMBER, REQUIRED, _Mismatch, arity_error, builtin, convert_argument,
                       hot_builtin, type_name)
from .builtins import business_hours
from .builtins.common import CommonMethods
from .builtins.dates_fn import (
    MONTHS,
    PatternError,
    compile_pattern,
    format_pattern,
    parse_pattern,
    resolve_zone,
    toDateTimeString as _to_date_time_string,
    week_of_year,
    weekday_number,
)
from .errors import DelugeRuntimeError, operator_error

__all__ = [
    "DateTime", "Time", "TextDateMethods", "datetime_literal", "parse_datetime_text",
    "to_datetime", "now", "today", "org_time_zone",
]

_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)

#: Formats Deluge accepts for date literals and date-like texts (Zoho's list),
#: month-first before day-first for the ambiguous numeric ones (see semantics.md).
_DATE_FORMATS = (
    "dd-MMM-yyyy", "dd-MMMM-yyyy", "MM-dd-yyyy", "dd-MM-yyyy", "yyyy-MM-dd", "yy-MM-dd",
    "MM/dd/yyyy", "dd/MM/yyyy", "yyyy/MM/dd", "yy/MM/dd",
    "dd MMM,yyyy", "MMM dd,yyyy", "dd MMMM,yyyy", "MMMM dd,yyyy",
    "E,MMMM dd,yyyy", "E,MMM dd,yyyy", "MMM dd yyyy", "dd MMM yyyy", "MMMM dd yyyy",
    "dd MMMM yyyy", "MM.dd.yyyy", "dd.MM.yyyy", "yyyy.MM.dd", "yy.MM.dd", "dd MM yyyy",
)
_TIME_SUFFIXES = ("", " HH:mm:ss", " HH:mm", " hh:mm:ss a", " hh:mm a")
_TIME_FORMATS = ("HH:mm:ss", "hh:mm:ss a")
_SWAPPED = {"MM-dd-yyyy": "dd-MM-yyyy", "MM/dd/yyyy": "dd/MM/yyyy", "MM.dd.yyyy": "dd.MM.yyyy"}
_SWAPPED.update({day: month for month, day in _SWAPPED.items()})
_DATE_FORMATS_DAY_FIRST = tuple(_SWAPPED.get(fmt, fmt) for fmt in _DATE_FORMATS)


# ----------------------------------------------------------------------- context


def org_time_zone() -> str:
    """The organisation's time zone: `Context.time_zone`, else UTC."""
    try:
        zone = getattr(_context(), "time_zone", None)
    except Exception:  # no context machinery available: stay usable
        zone = None
    return str(zone) if zone else "UTC"


def _org_date_format() -> str | None:
    """The organisation's date format (`Context.date_format`, a Java pattern), if set."""
    try:
        fmt = getattr(_context(), "date_format", None)
    except Exception:
        fmt = None
    return str(fmt) if fmt else None


def _day_first() -> bool:
    """Whether ambiguous numeric dates are day-first: the org date format starts with `d`."""
    fmt = _org_date_format()
    return bool(fmt) and fmt.lower().startswith("d")


def now() -> "DateTime":
    """`zoho.currenttime`: now in the organisation's time zone (whole seconds)."""
    moment = _dt.datetime.now(resolve_zone(org_time_zone())).replace(tzinfo=None, microsecond=0)
    return DateTime(moment, True)


def today() -> "DateTime":
    """`zoho.currentdate`: today in the organisation's time zone."""
    return now().toDate()


# ----------------------------------------------------------------------- errors and arguments


def DATE(value) -> "DateTime":
    """Argument converter: a date, a date-like text, or epoch milliseconds."""
    try:
        return to_datetime(value)
    except DelugeRuntimeError:
        raise _Mismatch("DATE-TIME") from None


def _date_list(value, what: str) -> list:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, str):
        return [v for v in value.split(",") if v.strip()]
    raise DelugeRuntimeError(f"The {what} must be a LIST")


def _weekdays(names, what="weekend days") -> set[int]:
    days = set()
    for name in _date_list(names, what):
        number = weekday_number(name) if isinstance(name, str) else None
        if number is None:
            raise DelugeRuntimeError(f"Invalid day name '{name}' in the {what}")
        days.add(number)
    return days


def _closed_days(weekends, holidays) -> tuple[set[int], set[_dt.date]]:
    """The weekend days (default Saturday and Sunday; not all seven) and holiday dates of a
    business-day or business-hour function."""
    off = _weekdays(weekends) if weekends is not None else {5, 6}
    if len(off) == 7:
        raise DelugeRuntimeError("Every day of the week is a weekend day")
    return off, {to_datetime(h).value.date() for h in _date_list(holidays, "holidays")}


def KEY_VALUE(value) -> dict:
    """Argument converter: a map (addBusinessHour's business hours)."""
    if isinstance(value, dict):
        return value
    raise _Mismatch("KEY-VALUE")


# ----------------------------------------------------------------------- parsing texts


@functools.lru_cache(maxsize=4096)
def _parse_default(text: str, day_first: bool):
    """Parse with the formats Deluge accepts; a `DateTime`, a `Time` or None."""
    stripped = text.strip()
    if not stripped or not stripped[0].isalnum():
        return None
    for fmt in _TIME_FORMATS:
        try:
            p = parse_pattern(stripped, fmt, whole=True)
        except PatternError:
            continue
        return Time(p.hour * 3600 + p.minute * 60 + p.second, twelve_hour="a" in fmt)
    for fmt in _DATE_FORMATS_DAY_FIRST if day_first else _DATE_FORMATS:
        for suffix in _TIME_SUFFIXES:
            try:
                p = parse_pattern(stripped, fmt + suffix, whole=True)
            except PatternError:
                continue
            return DateTime(p.naive(), bool(suffix))
    return None


#: A text ending in a 24-hour clock, its fields one or two digits, in range or not.
_LOOSE_CLOCK = re.compile(r"(.*\S)\s+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?\s*")


def _reset_clock(text: str, day_first: bool):
    """A date-time text whose clock is out of range, read as Zoho's date functions read
    it ("If the hour value is specified as 24 or more, the date-time value be reset to
    00:00:00"; minutes of 60 or more reset mm:ss to 00:00, seconds of 60 or more ss to 00:
    the addDay page and its siblings'); None for any other text."""
    match = _LOOSE_CLOCK.fullmatch(text)
    if match is None:
        return None
    hour, minute, second = int(match[2]), int(match[3]), int(match[4] or 0)
    if hour >= 24:
        hour = minute = second = 0
    elif minute >= 60:
        minute = second = 0
    elif second >= 60:
        second = 0
    else:
        return None  # the clock is fine: the text is no date for another reason
    day = _parse_default(match[1], day_first)
    if not isinstance(day, DateTime) or day.has_time:
        return None
    return DateTime(day.value.replace(hour=hour, minute=minute, second=second), True)


def _date_function_argument(text: str):
    """What a date function reads in a text: a `DateTime` or `Time`, or None."""
    day_first = _day_first()
    value = _parse_default(text, day_first)
    return value if value is not None else _reset_clock(text.strip(), day_first)


def datetime_literal(text: str):
    """The value of a single-quoted literal: a DateTime or Time, else Text."""
    value = _parse_default(str(text), _day_first())
    return value if value is not None else V.Text(text)


def parse_datetime_text(text: str, pattern=None, zone=None, *, keep_time: bool = True) -> "DateTime":
    """Read a text as a date-time, with Deluge's formats or a Java pattern.

    With a pattern, trailing text is ignored (Java's `DateFormat.parse`), except
    that a time following a date-only pattern is kept when `keep_time` is set.
    `zone` names the zone the text is written in; the result is converted to the
    organisation's zone. Raises DelugeRuntimeError when the text is no date."""
    text = str(text)
    if pattern is None:
        value = _date_function_argument(text)
        if not isinstance(value, DateTime):
            raise DelugeRuntimeError(f"'{text}' is not a valid date-time value")
        if zone is None:
            return value  # the parse is cached, and a DateTime is immutable
        moment, has_time, offset = value.value, value.has_time, None
    else:
        try:
            parsed = parse_pattern(text.strip(), str(pattern), whole=False)
        except PatternError as bad:
            raise DelugeRuntimeError(f"Unable to convert '{text}' with the pattern '{pattern}': {bad}") from None
        moment, has_time, offset = parsed.naive(), parsed.has_time, parsed.offset
        rest = text.strip()[parsed.end:].strip()
        if keep_time and not has_time and rest:
            moment, has_time = _with_trailing_time(moment, rest)
    source = offset or (resolve_zone(zone) if zone is not None else None)
    if source is not None:
        org = resolve_zone(org_time_zone())
        moment = moment.replace(tzinfo=source).astimezone(org).replace(tzinfo=None)
    return DateTime(moment, has_time)


def _with_trailing_time(moment: _dt.datetime, rest: str):
    for fmt in ("HH:mm:ss", "HH:mm", "hh:mm:ss a", "hh:mm a"):
        try:
            p = parse_pattern(rest, fmt, whole=True)
        except PatternError:
            continue
        return moment.replace(hour=p.hour, minute=p.minute, second=p.second), True
    return moment, False


def to_datetime(value) -> "DateTime":
    """Coerce a Deluge value to a DateTime (date-like text, epoch ms) or raise."""
    if isinstance(value, DateTime):
        return value
    if isinstance(value, str):
        return parse_datetime_text(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return DateTime.from_epoch_ms(value)
    raise DelugeRuntimeError(f"Expected a DATE-TIME value but got {type_name(value)}")


# ----------------------------------------------------------------------- DateTime


def _comparable(other):
    """`other` as a DateTime for comparisons, or None when Deluge would not compare."""
    if isinstance(other, DateTime):
        return other
    if isinstance(other, str):
        value = _parse_default(other, _day_first())
        return value if isinstance(value, DateTime) else None
    return None


class _Temporal(CommonMethods):
    """Operator rules shared by DateTime and Time: `+ text` concatenates,
    other arithmetic is Zoho's TIMESTAMP error."""

    __slots__ = ()

    def __add__(self, other):
        if isinstance(other, str):
            return V.Text(self.deluge_str() + other)
        raise operator_error("+", self, other)

    def __radd__(self, other):
        if isinstance(other, str):
            return V.Text(other + self.deluge_str())
        raise operator_error("+", other, self)

    def __ne__(self, other):
        return not self == other

    # Ordering: each subclass's `_order(other, op)` returns the two comparable keys, or
    # raises Zoho's operator error for a value of another type.
    def __lt__(self, other):
        a, b = self._order(other, "<")
        return a < b

    def __le__(self, other):
        a, b = self._order(other, "<=")
        return a <= b

    def __gt__(self, other):
        a, b = self._order(other, ">")
        return a > b

    def __ge__(self, other):
        a, b = self._order(other, ">=")
        return a >= b

    def __repr__(self):
        return f"{type(self).__name__}({self.deluge_str()!r})"

    def __str__(self):
        return self.deluge_str()

    def __format__(self, spec):
        return format(self.deluge_str(), spec)


def _reject(op):
    def left(self, other):
        raise operator_error(op, self, other)

    def right(self, other):
        raise operator_error(op, other, self)

    return left, right


for _op, _name in (("-", "sub"), ("*", "mul"), ("/", "truediv"), ("%", "mod"), ("//", "floordiv")):
    _left, _right = _reject(_op)
    setattr(_Temporal, f"__{_name}__", _left)
    setattr(_Temporal, f"__r{_name}__", _right)
del _op, _name, _left, _right


#: The default print form's pieces, looked up rather than formatted (dates print on every
#: text concatenation that holds one).
_TWO_DIGITS = tuple(f"{n:02d}" for n in range(100))
_MONTH_ABBREVIATIONS = ("", *(name[:3] for name in MONTHS))
_OUT_OF_RANGE = "The resulting date is outside the supported range"
_make_object = object.__new__


def _made(value: _dt.datetime, has_time: bool) -> "DateTime":
    """A DateTime of a `value` already normalised (naive, whole milliseconds, midnight for
    a DATE), without `DateTime.__init__`'s checks: for results of date arithmetic."""
    made = _make_object(DateTime)
    made._value = value
    made._has_time = has_time
    return made


_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _month_days(year: int, month: int) -> int:
    return 29 if month == 2 and calendar.isleap(year) else _MONTH_DAYS[month]


def _named(method, name: str):
    """`method` named `name` (in tracebacks and pdb too), marked as a hot built-in."""
    method.__code__ = method.__code__.replace(co_name=name, co_qualname=f"DateTime.{name}")
    method.__name__, method.__qualname__ = name, f"DateTime.{name}"
    return hot_builtin(method)


# Date arithmetic runs per element in converted code, so these built-ins check their own
# arguments (``hot_builtin``), answering a wrong call exactly as ``builtin`` would.


def _shift_method(name: str, unit: _dt.timedelta):
    """The built-in `name(n)`: the value moved by n × `unit`, as a DATE-TIME."""

    def shift(self, amount=REQUIRED, *extra):
        if amount is REQUIRED or extra:
            raise arity_error(name)
        if type(amount) is not int:
            amount = convert_argument(NUMBER, amount, 1, name)
        try:
            return _made(self._value + unit * amount, True)
        except OverflowError:
            raise DelugeRuntimeError(_OUT_OF_RANGE) from None

    shift.__doc__ = f"This value moved by n × {unit}, as a DATE-TIME."
    return _named(shift, name)


def _month_method(name: str, months: int):
    """The built-in `name(n)`: the value moved by n × `months` calendar months, the day
    kept or clamped to the end of a shorter month, as a DATE-TIME."""

    def shift(self, amount=REQUIRED, *extra):
        if amount is REQUIRED or extra:
            raise arity_error(name)
        if type(amount) is not int:
            amount = convert_argument(NUMBER, amount, 1, name)
        return self._months_added(months * amount)

    shift.__doc__ = f"This value moved by n × {months} month(s), as a DATE-TIME."
    return _named(shift, name)


def _part_method(name: str, part):
    """The built-in `name()`: the NUMBER `part(value)` of the wall clock."""

    def get(self, *extra):
        if extra:
            raise arity_error(name)
        n = part(self._value)  # a small count (the year may not be)
        return V.SMALL_NUMBERS[n] if n < 256 else V.Number(n)

    get.__doc__ = f"The NUMBER {name[3:]} of this value."
    return _named(get, name)


def _between_method(name: str, days: int):
    """The built-in `name(end)`: the whole units of `days` days from this value to `end`,
    by their wall clocks, truncated toward zero (a day and a half back is -1 day)."""

    def between(self, end=REQUIRED, *extra):
        if end is REQUIRED or extra:
            raise arity_error(name)
        if type(end) is not DateTime:
            end = convert_argument(DATE, end, 1, name)
        elapsed = (end._value - self._value).days  # whole days, rounded down
        n = elapsed // days if elapsed >= 0 else -((self._value - end._value).days // days)
        return V.SMALL_NUMBERS[n] if 0 <= n < 256 else V.Number(n)

    between.__doc__ = f"Whole units of {days} day(s) from this value to `end`, toward zero."
    return _named(between, name)


class DateTime(_Temporal):
    """A Deluge DATE (has_time False) or DATE-TIME (wall clock, org zone)."""

    __slots__ = ("_value", "_has_time")

    def __init__(self, value: _dt.datetime | _dt.date, has_time: bool | None = None):
        if not isinstance(value, _dt.datetime):
            value = _dt.datetime(value.year, value.month, value.day)
            has_time = bool(has_time)
        elif has_time is None:
            has_time = True
        # Normalised: naive, whole milliseconds, midnight for a DATE (``replace`` only when
        # needed, or on a subclass of datetime: it is the slowest step here).
        exact = type(value) is _dt.datetime
        if not exact or value.tzinfo is not None or value.microsecond % 1000:
            value = value.replace(tzinfo=None, microsecond=value.microsecond // 1000 * 1000)
        if not has_time and (not exact or value.hour or value.minute or value.second
                             or value.microsecond):
            value = value.replace(hour=0, minute=0, second=0, microsecond=0)
        self._value = value
        self._has_time = bool(has_time)

    @classmethod
    def from_epoch_ms(cls, millis: int, zone=None) -> "DateTime":
        tz = resolve_zone(zone if zone is not None else org_time_zone())
        try:
            moment = _EPOCH + _dt.timedelta(milliseconds=int(millis))
            return cls(moment.astimezone(tz).replace(tzinfo=None), True)
        except (OverflowError, ValueError):
            raise DelugeRuntimeError(f"{millis} is outside the range of DATE-TIME values") from None

    @classmethod
    def from_python(cls, value: _dt.date) -> "DateTime":
        """A Python date (DATE) or datetime (DATE-TIME; an aware one is moved to the org zone)."""
        if isinstance(value, _dt.datetime) and value.tzinfo is not None:
            value = value.astimezone(resolve_zone(org_time_zone())).replace(tzinfo=None)
        return cls(value)

    def to_python(self) -> _dt.datetime | _dt.date:
        return self._value if self._has_time else self._value.date()

    # -- Python protocol ------------------------------------------------------------

    @property
    def value(self) -> _dt.datetime:
        """The naive wall-clock datetime (organisation time zone)."""
        return self._value

    @property
    def has_time(self) -> bool:
        return self._has_time

    def __reduce__(self):
        return (DateTime, (self._value, self._has_time))

    def __hash__(self):
        return hash(self._value)

    def __eq__(self, other):
        other = _comparable(other)
        return other is not None and self._value == other._value

    def _order(self, other, op):
        right = _comparable(other)
        if right is None:
            raise operator_error(op, self, other)
        return self._value, right._value

    def deluge_str(self) -> str:
        """`dd-MMM-yyyy[ HH:mm:ss]`, or the context's `date_format` (plus ` HH:mm:ss`)."""
        pattern = _org_date_format()
        if pattern:
            try:
                return format_pattern(self._value, pattern + (" HH:mm:ss" if self._has_time else ""))
            except PatternError:
                pass
        v = self._value
        year = v.year
        if year < 1000:
            year = f"{year:04d}"
        if self._has_time:
            return (f"{_TWO_DIGITS[v.day]}-{_MONTH_ABBREVIATIONS[v.month]}-{year} "
                    f"{_TWO_DIGITS[v.hour]}:{_TWO_DIGITS[v.minute]}:{_TWO_DIGITS[v.second]}")
        return f"{_TWO_DIGITS[v.day]}-{_MONTH_ABBREVIATIONS[v.month]}-{year}"

    def deluge_json(self) -> str:
        return self.deluge_str()

    def _moment(self, zone=None) -> _dt.datetime:
        """The aware instant of this wall-clock value read in `zone` (default: org)."""
        return self._value.replace(tzinfo=resolve_zone(zone if zone is not None else org_time_zone()))

    def _months_added(self, months: int, has_time: bool = True) -> "DateTime":
        v = self._value
        year, month = divmod(v.year * 12 + v.month - 1 + months, 12)
        if not 1 <= year <= 9999:
            raise DelugeRuntimeError(_OUT_OF_RANGE)
        month += 1
        day = v.day
        if day > 28:  # clamp to the end of a shorter month
            day = min(day, _month_days(year, month))
        if has_time:
            return _made(v.replace(year, month, day), True)  # positional: twice as fast
        return _made(_dt.datetime(year, month, day), False)

    # -- adding and subtracting (hot built-ins: see `_shift_method`) --------------------

    addDay = _shift_method("addDay", _dt.timedelta(days=1))
    subDay = _shift_method("subDay", _dt.timedelta(days=-1))
    addWeek = _shift_method("addWeek", _dt.timedelta(weeks=1))
    subWeek = _shift_method("subWeek", _dt.timedelta(weeks=-1))
    addHour = _shift_method("addHour", _dt.timedelta(hours=1))
    subHour = _shift_method("subHour", _dt.timedelta(hours=-1))
    addMinutes = _shift_method("addMinutes", _dt.timedelta(minutes=1))
    subMinutes = _shift_method("subMinutes", _dt.timedelta(minutes=-1))
    addSeconds = _shift_method("addSeconds", _dt.timedelta(seconds=1))
    subSeconds = _shift_method("subSeconds", _dt.timedelta(seconds=-1))
    addMonth = _month_method("addMonth", 1)
    subMonth = _month_method("subMonth", -1)
    addYear = _month_method("addYear", 12)
    subYear = _month_method("subYear", -12)

    # -- business days ----------------------------------------------------------------

    def _business_days(self, count: int, weekends, holidays, keep_time=False) -> "DateTime":
        """The day `count` business days away; with `keep_time`, at this value's time and
        of its kind (a DATE stays a DATE), else a DATE."""
        off, closed = _closed_days(weekends, holidays)
        day = self._value.date()
        step = 1 if count >= 0 else -1
        remaining = abs(count)
        try:
            while remaining:
                day += _dt.timedelta(days=step)
                if day.weekday() not in off and day not in closed:
                    remaining -= 1
        except OverflowError:
            raise DelugeRuntimeError(_OUT_OF_RANGE) from None
        if keep_time and self._has_time:
            return DateTime(_dt.datetime.combine(day, self._value.time()), True)
        return DateTime(day)

    # Zoho's addBusinessDay/subBusinessDay pages return "the dateTimeValue" moved (the time
    # kept: unlike workday's, they do not say "without time value"); a DATE gives a DATE
    # ('15-Mar-2019'.addBusinessDay(1) is '18-Mar-2019').
    @builtin
    def addBusinessDay(self, days: NUMBER, weekends=None, holidays=None):
        return self._business_days(days, weekends, holidays, keep_time=True)

    @builtin
    def subBusinessDay(self, days: NUMBER, weekends=None, holidays=None):
        return self._business_days(-days, weekends, holidays, keep_time=True)

    @builtin
    def workday(self, days: NUMBER, weekends=None, holidays=None):
        """Zoho's workday page: "A negative number will return the given date-time value as
        it is" (as a date: the function returns "the date value (without time value)")."""
        return self._business_days(max(days, 0), weekends, holidays)

    @builtin
    def addBusinessHour(self, hours: DECIMAL, weekends=None, holidays=None,
                        opening: KEY_VALUE = None):
        """Zoho's add-business-hour page: this value moved by `hours` of business time, back
        when negative (the walk, defaults and decimals: business_hours.py)."""
        try:
            calendar = business_hours.Calendar(*_closed_days(weekends, holidays),
                                               *business_hours.opening_hours(opening))
            seconds = business_hours.business_seconds(hours)
            return DateTime(business_hours.shift(self._value, seconds, calendar), True)
        except ValueError as bad:
            raise DelugeRuntimeError(str(bad)) from None
        except OverflowError:
            raise DelugeRuntimeError(_OUT_OF_RANGE) from None

    @builtin
    def workDaysList(self, end: DATE, weekends=None, holidays=None):
        off = _weekdays(weekends) if weekends is not None else {5, 6}
        closed = {to_datetime(h).value.date() for h in _date_list(holidays, "holidays")}
        day, last = self._value.date(), end.value.date()
        result = V.List()
        while day <= last:
            if day.weekday() not in off and day not in closed:
                result.add(DateTime(day))
            day += _dt.timedelta(days=1)
        return result

    def _next_weekday(self, name, step: int) -> "DateTime":
        target = weekday_number(name) if isinstance(name, str) else None
        if target is None:
            raise DelugeRuntimeError(f"Invalid day name '{name}'")
        day = self._value.date() + _dt.timedelta(days=step)
        while day.weekday() != target:
            day += _dt.timedelta(days=step)
        return DateTime(day)

    @builtin
    def nextWeekDay(self, day):
        return self._next_weekday(day, 1)

    @builtin
    def previousWeekDay(self, day):
        return self._next_weekday(day, -1)

    # -- starts and ends ----------------------------------------------------------------

    @builtin
    def toStartOfMonth(self):
        return DateTime(self._value.date().replace(day=1), False).toDateTime()

    @builtin
    def toStartOfWeek(self):
        day = self._value.date()
        return DateTime(day - _dt.timedelta(days=(day.weekday() + 1) % 7), False).toDateTime()

    @builtin
    def edate(self, months: NUMBER):
        return self._months_added(months, has_time=False)

    @builtin
    def eomonth(self, months: NUMBER):
        moved = self._months_added(months, has_time=False).value
        last = calendar.monthrange(moved.year, moved.month)[1]
        return DateTime(moved.date().replace(day=last))

    # -- parts ----------------------------------------------------------------------------

    getDay = _part_method("getDay", operator.attrgetter("day"))
    getMonth = _part_method("getMonth", operator.attrgetter("month"))
    getYear = _part_method("getYear", operator.attrgetter("year"))
    getHour = _part_method("getHour", operator.attrgetter("hour"))
    getMinutes = _part_method("getMinutes", operator.attrgetter("minute"))
    getSeconds = _part_method("getSeconds", operator.attrgetter("second"))
    getDayOfWeek = _part_method("getDayOfWeek", lambda v: v.isoweekday() % 7 + 1)  # Sunday is 1

    @builtin
    def getDayOfYear(self):
        return V.Number(self._value.timetuple().tm_yday)

    @builtin
    def getWeekOfYear(self, start_day="Sunday"):
        first = weekday_number(start_day) if isinstance(start_day, str) else None
        if first is None:
            raise DelugeRuntimeError(f"Invalid day name '{start_day}'")
        return V.Number(week_of_year(self._value.date(), first))

    day = getDay
    month = getMonth
    year = getYear
    hour = getHour
    minute = getMinutes
    second = getSeconds
    weekday = getDayOfWeek

    @builtin
    def getDate(self):
        """A presentation text such as '17th January 2018'."""
        d = self._value.day
        suffix = "th" if 11 <= d % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")
        return V.Text(f"{d}{suffix} {MONTHS[self._value.month - 1]} {self._value.year}")

    # -- differences --------------------------------------------------------------------

    def _instant_elapsed(self, end: "DateTime") -> _dt.timedelta:
        """The time that passes from this value to `end`, both read in the org's zone (an
        hour shorter across the spring DST change than the wall clocks say)."""
        utc = _dt.timezone.utc
        return end._moment().astimezone(utc) - self._moment().astimezone(utc)

    @staticmethod
    def _truncated(delta: _dt.timedelta, unit: _dt.timedelta) -> int:
        whole = abs(delta) // unit
        return -whole if delta < _dt.timedelta(0) else whole

    daysBetween = _between_method("daysBetween", 1)
    weeksBetween = _between_method("weeksBetween", 7)
    yearsBetween = _between_method("yearsBetween", 365)

    @builtin
    def hoursBetween(self, end: DATE):
        """Whole hours that elapse from this value to `end`, toward zero (across a DST
        change: 11 or 13 for 12 hours of wall clock)."""
        return V.Number(self._truncated(self._instant_elapsed(end), _dt.timedelta(hours=1)))

    def _whole_months(self, end: "DateTime") -> int:
        a, b = self._value, end._value
        sign = 1
        if b < a:
            a, b, sign = b, a, -1
        months = (b.year - a.year) * 12 + b.month - a.month
        if months and DateTime(a)._months_added(months).value > b:
            months -= 1
        return sign * months

    @builtin
    def totalMonths(self, end: DATE):
        return V.Number(self._whole_months(end))

    @builtin
    def totalYears(self, end: DATE):
        months = self._whole_months(end)
        return V.Number(abs(months) // 12 * (1 if months >= 0 else -1))

    monthsBetween = totalMonths
    monthsDiff = totalMonths
    yearsDiff = totalYears

    #: Zoho's days360 and daysBetween pages: "they behave in the same way" (not the
    #: spreadsheets' 30/360 count).
    days360 = _between_method("days360", 1)

    @builtin
    def yearFraction(self, end: DATE):
        """Elapsed time in days (by instants, so DST counts) divided by 365."""
        utc = _dt.timezone.utc  # same-zone aware datetimes subtract as wall clocks in Python
        seconds = (end._moment().astimezone(utc) - self._moment().astimezone(utc)).total_seconds()
        return V.Decimal(seconds / 86400 / 365)

    @builtin
    def timeBetween(self, end: DATE):
        """'hours:minutes:seconds' of the elapsed time, unpadded, trailing zero parts left
        out (Zoho's page: "HH: in case of differences in just the hour. HH:mm: in case of
        differences in just the hour and minute")."""
        seconds = int(self._instant_elapsed(end).total_seconds())
        sign = "-" if seconds < 0 else ""
        hours, rest = divmod(abs(seconds), 3600)
        minutes, seconds = divmod(rest, 60)
        if seconds:
            return V.Text(f"{sign}{hours}:{minutes}:{seconds}")
        return V.Text(f"{sign}{hours}:{minutes}" if minutes else f"{sign}{hours}")

    # -- conversions ----------------------------------------------------------------------

    def epoch_ms(self, zone=None) -> V.Number:
        """Milliseconds since 1970, reading the value in `zone` (default: org zone)."""
        if zone is not None and not isinstance(zone, str):
            raise DelugeRuntimeError("The time zone of unixEpoch must be TEXT")
        millis = (self._moment(zone) - _EPOCH) // _dt.timedelta(milliseconds=1)
        return V.Number(millis)

    @builtin
    def unixEpoch(self, zone=None):
        """Zoho's unixEpoch page: "The date-time expression has to be in text format ... If
        any other date-type is supplied, a run-time error is encountered" (texts: times.py)."""
        raise DelugeRuntimeError("'unixEpoch' function cannot be applied to TIMESTAMP: it takes "
                                 "a date-time written as TEXT")

    @builtin
    def toLong(self):
        return self.epoch_ms()

    # A pattern and a time zone apply to text only: "When the data type is Date-time, the
    # additional parameters are ignored" (Zoho's toTime page).
    @builtin
    def toDate(self, pattern=None, zone=None):
        return _made(self._value, False) if not self._has_time else DateTime(self._value, False)

    @builtin
    def toDateTime(self, pattern=None, zone=None):
        return _made(self._value, True)

    toTime = toDateTime

    @hot_builtin
    def toString(self, pattern=None, zone=None, *extra):
        """Default print form; with a Java pattern (and a zone to convert to from
        the org zone). An invalid pattern gives null, as Zoho documents."""
        if extra:
            raise arity_error("toString")
        if pattern is None:
            return V.Text(self.deluge_str())
        if not isinstance(pattern, str) or (zone is not None and not isinstance(zone, str)):
            raise DelugeRuntimeError("The pattern and time zone of toString must be TEXT")
        try:
            format_moment, zoned = compile_pattern(pattern)
        except PatternError:
            return None
        if zone is None and not zoned:  # the wall clock is all the pattern shows
            return V.Text(format_moment(self._value))
        moment = self._moment()
        if zone is not None:
            moment = moment.astimezone(resolve_zone(zone))
        return V.Text(format_moment(moment))

    toText = toString
    toDateTimeString = _to_date_time_string  # dates_fn.py

    @builtin
    def text(self, pattern):
        """The date formatted with a Java pattern (the `text` function of numbers and dates)."""
        if not isinstance(pattern, str):
            raise DelugeRuntimeError("The pattern of text must be TEXT")
        return self.toString(pattern)


from .times import TextDateMethods, Time  # noqa: E402  (they build on the classes above)
