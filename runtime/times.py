"""Creator's TIME values and the date methods of texts that hold dates.

Part of ``dates.py`` (which re-exports ``Time`` and ``TextDateMethods``); import them
from there.
"""

from __future__ import annotations

import datetime as _dt

from . import values as V
from .builtins import NUMBER, builtin, type_name
from .builtins.dates_fn import PatternError, format_pattern
from .dates import (DateTime, _date_function_argument, _day_first, _parse_default, _Temporal,
                    parse_datetime_text)
from .errors import DelugeRuntimeError, operator_error

__all__ = ["TextDateMethods", "Time"]


# ----------------------------------------------------------------------- Time (Creator)

_DAY_SECONDS = 24 * 3600


class Time(_Temporal):
    """A Creator TIME: seconds since midnight, printed in the 12- or 24-hour
    style it was written in. Arithmetic must stay within the day."""

    __slots__ = ("_seconds", "_twelve_hour")

    def __init__(self, seconds: int, twelve_hour: bool = False):
        if not 0 <= seconds < _DAY_SECONDS:
            raise DelugeRuntimeError("Invalid Operation. Value outside 24 hour range")
        self._seconds = int(seconds)
        self._twelve_hour = bool(twelve_hour)

    @property
    def seconds(self) -> int:
        return self._seconds

    @property
    def twelve_hour(self) -> bool:
        return self._twelve_hour

    def __reduce__(self):
        return (Time, (self._seconds, self._twelve_hour))

    def __hash__(self):
        return hash(("TIME", self._seconds))

    def __eq__(self, other):
        return isinstance(other, Time) and self._seconds == other._seconds

    def _order(self, other, op):
        if not isinstance(other, Time):
            raise operator_error(op, self, other)
        return self._seconds, other._seconds

    def _clock(self) -> _dt.datetime:
        return _dt.datetime(1970, 1, 1) + _dt.timedelta(seconds=self._seconds)

    def deluge_str(self) -> str:
        return format_pattern(self._clock(), "hh:mm:ss a" if self._twelve_hour else "HH:mm:ss")

    def deluge_json(self) -> str:
        return self.deluge_str()

    def _moved(self, seconds: int) -> "Time":
        return Time(self._seconds + seconds, self._twelve_hour)

    @builtin
    def addHour(self, hours: NUMBER):
        return self._moved(3600 * hours)

    @builtin
    def subHour(self, hours: NUMBER):
        return self._moved(-3600 * hours)

    @builtin
    def addMinutes(self, minutes: NUMBER):
        return self._moved(60 * minutes)

    @builtin
    def subMinutes(self, minutes: NUMBER):
        return self._moved(-60 * minutes)

    @builtin
    def addSeconds(self, seconds: NUMBER):
        return self._moved(seconds)

    @builtin
    def subSeconds(self, seconds: NUMBER):
        return self._moved(-seconds)

    @builtin
    def getHour(self):
        return V.Number(self._seconds // 3600)

    @builtin
    def getMinutes(self):
        return V.Number(self._seconds // 60 % 60)

    @builtin
    def getSeconds(self):
        return V.Number(self._seconds % 60)

    hour = getHour
    minute = getMinutes
    second = getSeconds

    @builtin
    def toString(self, pattern=None):
        if pattern is None:
            return V.Text(self.deluge_str())
        if not isinstance(pattern, str):
            raise DelugeRuntimeError("The pattern of toString must be TEXT")
        try:
            return V.Text(format_pattern(self._clock().replace(tzinfo=_dt.timezone.utc), pattern))
        except PatternError:
            return None

    toText = toString


# ----------------------------------------------------------------------- texts as dates


def _temporal_of_text(text: str, name: str):
    value = _date_function_argument(str(text))
    if value is None or not hasattr(type(value), name):
        raise DelugeRuntimeError(f"'{text}' is not a valid date-time value for the function {name}")
    return value


def _forward(name: str):
    def method(self, *args):
        value = _temporal_of_text(self, name)
        implementation = getattr(value, name, None)
        if implementation is None:
            raise DelugeRuntimeError(f"'{name}' function cannot be applied to {type_name(value)}")
        return implementation(*args)

    method.__name__ = name
    method.__qualname__ = f"TextDateMethods.{name}"
    method.__doc__ = f"`{name}` of the date this text holds."
    method.__deluge_builtin__ = True
    return method


class TextDateMethods:
    """Date built-ins on texts that hold dates (mixin for `Text`).

    Deluge outside Creator accepts date-like text wherever a date is expected
    (`"03-Feb-2020 03:48:12".unixEpoch("GMT+5:30")`)."""

    __slots__ = ()

    @builtin
    def toDate(self, pattern=None):
        return parse_datetime_text(self, _text_arg(pattern), keep_time=False).toDate()

    @builtin
    def toDateTime(self, pattern=None, zone=None):
        """With a zone, the text is read in that zone and converted to the org's (as toTime)."""
        return parse_datetime_text(self, _text_arg(pattern), _text_arg(zone)).toDateTime()

    @builtin
    def unixEpoch(self, zone=None):
        """Milliseconds since 1970 of the date-time this text holds, read in `zone` (the org
        zone by default); a text that holds none is returned as it is (Zoho's page: "If the
        function fails to recognise the date-time value, it will simply return the given
        value in text format")."""
        value = _date_function_argument(str(self))
        if not isinstance(value, DateTime):
            return V.Text(self)
        return value.epoch_ms(zone)

    @builtin
    def toTime(self, pattern=None, zone=None):
        if pattern is None and zone is None:
            value = _parse_default(str(self), _day_first())
            if isinstance(value, Time):
                return value
        return parse_datetime_text(self, _text_arg(pattern), _text_arg(zone)).toDateTime()


def _text_arg(value):
    if value is None or isinstance(value, str):
        return value
    raise DelugeRuntimeError(f"Expected a TEXT argument but got {type_name(value)}")


_TEXT_OWN = {"toString", "toText", "toLong", "toDate", "toDateTime", "toTime", "unixEpoch"}
for _name in sorted(set(vars(DateTime)) | set(vars(Time))):
    _attr = getattr(DateTime, _name, None) or getattr(Time, _name, None)
    if _name[0].islower() and _name not in _TEXT_OWN and getattr(_attr, "__deluge_builtin__", False):
        setattr(TextDateMethods, _name, _forward(_name))
del _name, _attr
