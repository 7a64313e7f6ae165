"""`addBusinessHour`: business time added to (or taken from) a date-time.

Zoho's page (functions/datetime/add-business-hour.html) documents
`dt.addBusinessHour(hours[, weekends[, holidays[, {"start": h, "end": h}]]])`:
weekends default to Saturday and Sunday, no holidays, business hours 9 to 17
(whole hours, 24-hour clock); a negative count subtracts; a decimal counts
minutes ("to add one business minute ... supply 0.1"). What the page leaves
open is decided in docs/semantics.md ("Dates and times").

The built-in is `DateTime.addBusinessHour` (dates.py); this module holds the walk, on
the wall clock (Deluge date-times carry no zone) and plain `datetime` values. It imports
nothing of the runtime (the value core imports it): a bad argument is a `ValueError`,
which the built-in turns into a Deluge error.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import decimal

_DEFAULT_OPEN, _DEFAULT_CLOSE = 9, 17
_DAY = _dt.timedelta(days=1)


def business_seconds(hours) -> int:
    """Seconds of business time in `hours`: whole hours, plus minutes written as the
    decimal digits (Zoho: 0.1 is one minute, so 1.30 is 1 hour 3 minutes, 1.45 is 1 hour
    45 minutes), read from the decimal as Deluge prints it."""
    if isinstance(hours, int):
        return hours * 3600
    digits = format(decimal.Decimal(repr(abs(hours))), "f")  # shortest form, no exponent
    whole, _, minutes = digits.partition(".")
    seconds = int(whole) * 3600 + int(minutes or 0) * 60
    return -seconds if hours < 0 else seconds


def _hour(hours: dict, key: str, default: int) -> int:
    if key not in hours or hours[key] is None:
        return default
    value = hours[key]
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    if not text.isdigit() or not 0 <= int(text) <= 24:
        raise ValueError(f"Invalid business hours: '{key}' must be a whole hour from 0 to "
                         f"24 (24-hour clock), got {value!r}")
    return int(text)


def opening_hours(hours) -> tuple[int, int]:
    """The (start, end) hours of the business-hours map; a bound left out is the default."""
    if hours is None:
        return _DEFAULT_OPEN, _DEFAULT_CLOSE
    start, end = _hour(hours, "start", _DEFAULT_OPEN), _hour(hours, "end", _DEFAULT_CLOSE)
    if start >= end:
        raise ValueError(f"Invalid business hours: the start ({start}) must be before "
                         f"the end ({end})")
    return start, end


class Calendar:
    """Working days (not a weekend day, not a holiday) and their opening hours."""

    def __init__(self, off: set, closed: set, start: int, end: int):
        self.off, self.closed = off, closed
        self.holidays = sorted(closed)
        self.open, self.close = _dt.timedelta(hours=start), _dt.timedelta(hours=end)
        self.week = (7 - len(off)) * (self.close - self.open)  # business time of a week

    def works(self, day: _dt.date) -> bool:
        return day.weekday() not in self.off and day not in self.closed

    def step(self, day: _dt.date, direction: int) -> _dt.date:
        """The next working day after `day` (direction 1) or before it (-1)."""
        day += direction * _DAY
        while not self.works(day):
            day += direction * _DAY
        return day

    def holiday_free_week(self, day: _dt.date, direction: int) -> bool:
        """No holiday in the seven days from `day` on (or back)."""
        low, high = (day, day + 7 * _DAY) if direction > 0 else (day - 6 * _DAY, day + _DAY)
        return bisect.bisect_left(self.holidays, low) == bisect.bisect_left(self.holidays, high)


def shift(start: _dt.datetime, seconds: int, calendar: Calendar) -> _dt.datetime:
    """`start` moved by `seconds` of business time (back when negative). Outside business
    time the count starts at the next opening (back: the last closing); a count that ends
    exactly at a closing (back: an opening) ends there."""
    if seconds == 0:
        return start
    direction = 1 if seconds > 0 else -1
    remaining = _dt.timedelta(seconds=abs(seconds))
    day = start.date()
    at = start - _dt.datetime.combine(day, _dt.time())
    first, last = (calendar.open, calendar.close) if direction > 0 else (calendar.close, calendar.open)
    if not calendar.works(day) or (at >= calendar.close if direction > 0 else at <= calendar.open):
        day, at = calendar.step(day, direction), first
    elif at < calendar.open if direction > 0 else at > calendar.close:
        at = first
    while True:
        left = abs(last - at)
        if remaining <= left:
            return _dt.datetime.combine(day, _dt.time()) + at + direction * remaining
        remaining -= left
        day, at = calendar.step(day, direction), first
        # Whole weeks at once when no holiday lies in them (a long count stays quick).
        if remaining > calendar.week:
            while remaining > calendar.week and calendar.holiday_free_week(day, direction):
                day += direction * 7 * _DAY
                remaining -= calendar.week
            if not calendar.works(day):
                day = calendar.step(day, direction)
