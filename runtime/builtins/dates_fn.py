"""Java date patterns and time-zone IDs, as Deluge's date functions read them.

Deluge sits on Java: `toString(pattern)` / `toDate(text, pattern)` take
`java.text.SimpleDateFormat` patterns and time zones are `java.util.TimeZone`
IDs. This module re-implements the parts we need (never via strftime, whose
letters mean different things) on plain `datetime` values:

* `format_pattern(dt, pattern, zone)`: dt is an aware datetime in `zone`.
* `parse_pattern(text, pattern, whole=...)`: returns a `Parsed` (fields plus an
  optional UTC offset) or raises `PatternError`.
* `resolve_zone(name)`: a Java time-zone ID to a tzinfo; unknown IDs are GMT,
  as in Java.
* `toDateTimeString`: the built-in of date-times (`DateTime` takes it; numbers
  have theirs in number.py), on `zoned_text`.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import functools
import operator
import re
from dataclasses import dataclass

from ..active import current as _context
from . import _Mismatch, builtin

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

_MONTH_BY_NAME = {n.lower(): i + 1 for i, n in enumerate(MONTHS)}
_MONTH_BY_NAME.update({n[:3].lower(): i + 1 for i, n in enumerate(MONTHS)})
_WEEKDAY_BY_NAME = {n.lower(): i for i, n in enumerate(WEEKDAYS)}
_WEEKDAY_BY_NAME.update({n[:3].lower(): i for i, n in enumerate(WEEKDAYS)})

PATTERN_LETTERS = "GyYMLwWDdFEuaHkKhmsSzZX"
TIME_LETTERS = set("aHkKhmsS")
_NUMERIC_LETTERS = set("yYMLwWDdFuHkKhmsS")

#: Java's three-letter legacy zone IDs (java.util.TimeZone) that tzdata lacks
#: or maps differently.
_JAVA_SHORT_IDS = {
    "ACT": "Australia/Darwin", "AET": "Australia/Sydney", "AGT": "America/Argentina/Buenos_Aires",
    "ART": "Africa/Cairo", "AST": "America/Anchorage", "BET": "America/Sao_Paulo",
    "BST": "Asia/Dhaka", "CAT": "Africa/Harare", "CNT": "America/St_Johns",
    "CST": "America/Chicago", "CTT": "Asia/Shanghai", "EAT": "Africa/Addis_Ababa",
    "ECT": "Europe/Paris", "IET": "America/Indiana/Indianapolis", "IST": "Asia/Kolkata",
    "JST": "Asia/Tokyo", "MIT": "Pacific/Apia", "NET": "Asia/Yerevan",
    "NST": "Pacific/Auckland", "PLT": "Asia/Karachi", "PNT": "America/Phoenix",
    "PRT": "America/Puerto_Rico", "PST": "America/Los_Angeles", "SST": "Pacific/Guadalcanal",
    "VST": "Asia/Ho_Chi_Minh", "EST": "Etc/GMT+5", "MST": "Etc/GMT+7", "HST": "Etc/GMT+10",
}
_CUSTOM_ID = re.compile(r"GMT([+-])(\d{1,2})(?::?(\d{2}))?", re.IGNORECASE)


class PatternError(ValueError):
    """The pattern is not a valid Java date pattern, or the text does not match it."""


@dataclass(frozen=True)
class Parsed:
    """Fields read from a text; `offset` is set when the text named a zone or offset."""

    year: int
    month: int
    day: int
    hour: int
    minute: int
    second: int
    millisecond: int
    has_time: bool
    offset: _dt.tzinfo | None
    end: int

    def naive(self) -> _dt.datetime:
        return _dt.datetime(
            self.year, self.month, self.day, self.hour, self.minute, self.second,
            self.millisecond * 1000,
        )


@functools.lru_cache(maxsize=512)
def resolve_zone(name: str) -> _dt.tzinfo:
    """A Java time-zone ID as a tzinfo. Java falls back to GMT for unknown IDs."""
    name = str(name).strip()
    match = _CUSTOM_ID.fullmatch(name)
    if match:
        hours, minutes = int(match.group(2)), int(match.group(3) or 0)
        if hours > 23 or minutes > 59:
            return _dt.timezone.utc
        delta = _dt.timedelta(hours=hours, minutes=minutes)
        return _dt.timezone(-delta if match.group(1) == "-" else delta)
    if name.upper() in ("GMT", "UTC", "UT", "Z"):
        return _dt.timezone.utc
    key = _JAVA_SHORT_IDS.get(name, name)
    from zoneinfo import ZoneInfo  # here: a slow import, and many scripts never need a zone

    try:
        return ZoneInfo(key)
    except Exception:  # ZoneInfo raises several types for bad keys
        return _dt.timezone.utc


@functools.lru_cache(maxsize=512)
def tokenize(pattern: str) -> tuple:
    """Split a pattern into `(letter, count)` fields and literal strings."""
    tokens: list = []
    literal: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "'":
            if i + 1 < n and pattern[i + 1] == "'":
                literal.append("'")
                i += 2
                continue
            close = pattern.find("'", i + 1)
            while close != -1 and close + 1 < n and pattern[close + 1] == "'":
                close = pattern.find("'", close + 2)
            if close == -1:
                raise PatternError(f"Unterminated quote in pattern {pattern!r}")
            literal.append(pattern[i + 1 : close].replace("''", "'"))
            i = close + 1
        elif ch.isascii() and ch.isalpha():
            if ch not in PATTERN_LETTERS:
                raise PatternError(f"Illegal pattern character '{ch}'")
            j = i
            while j < n and pattern[j] == ch:
                j += 1
            if literal:
                tokens.append("".join(literal))
                literal = []
            tokens.append((ch, j - i))
            i = j
        else:
            literal.append(ch)
            i += 1
    if literal:
        tokens.append("".join(literal))
    return tuple(tokens)


def has_time_fields(pattern: str) -> bool:
    return any(isinstance(t, tuple) and t[0] in TIME_LETTERS for t in tokenize(pattern))


# --------------------------------------------------------------------------- formatting


def _week_of(day: _dt.date, first_weekday: int) -> tuple[int, int]:
    """(week-based year, week of year) with weeks starting on `first_weekday`
    (Python numbering, Monday = 0) and week 1 holding 1 January (Java's
    minimalDaysInFirstWeek = 1)."""
    # Day ordinals, not dates: the week around 1 January of year 1 or 9999 lies outside
    # what `datetime.date` can hold.
    start = day.toordinal() - (day.weekday() - first_weekday) % 7
    if start + 6 >= _dt.date(day.year, 12, 31).toordinal() + 1:
        return day.year + 1, 1
    jan1 = _dt.date(day.year, 1, 1)
    week1 = jan1.toordinal() - (jan1.weekday() - first_weekday) % 7
    return day.year, (start - week1) // 7 + 1


def week_of_year(day: _dt.date, first_weekday: int = 6) -> int:
    return _week_of(day, first_weekday)[1]


def _offset_text(delta: _dt.timedelta, colon: bool, minutes: bool = True) -> str:
    total = int(delta.total_seconds()) // 60
    sign = "-" if total < 0 else "+"
    hours, mins = divmod(abs(total), 60)
    if not minutes:
        return f"{sign}{hours:02d}"
    return f"{sign}{hours:02d}{':' if colon else ''}{mins:02d}"


#: Numeric fields computed from the datetime (printed zero-padded to the letter count).
_NUMBER_FIELDS = {
    "w": lambda dt: week_of_year(dt.date()),
    "W": lambda dt: (dt.day - 1 + (dt.replace(day=1).weekday() + 1) % 7) // 7 + 1,
    "D": lambda dt: dt.timetuple().tm_yday,
    "d": lambda dt: dt.day,
    "F": lambda dt: (dt.day - 1) // 7 + 1,
    "u": lambda dt: dt.isoweekday(),
    "H": lambda dt: dt.hour,
    "k": lambda dt: dt.hour or 24,
    "K": lambda dt: dt.hour % 12,
    "h": lambda dt: dt.hour % 12 or 12,
    "m": lambda dt: dt.minute,
    "s": lambda dt: dt.second,
    "S": lambda dt: dt.microsecond // 1000,
}


def _format_field(dt: _dt.datetime, letter: str, count: int) -> str:
    if letter == "G":
        return "AD"
    if letter in "yY":
        year = dt.year if letter == "y" else _week_of(dt.date(), 6)[0]
        return f"{year % 100:02d}" if count == 2 else f"{year:0{count}d}"
    if letter in "ML":
        if count >= 4:
            return MONTHS[dt.month - 1]
        if count == 3:
            return MONTHS[dt.month - 1][:3]
        return f"{dt.month:0{count}d}"
    if letter in "EZXz" or letter == "a":
        return _format_text_field(dt, letter, count)
    return f"{_NUMBER_FIELDS[letter](dt):0{count}d}"


def _format_text_field(dt: _dt.datetime, letter: str, count: int) -> str:
    if letter == "E":
        name = WEEKDAYS[dt.weekday()]
        return name if count >= 4 else name[:3]
    if letter == "a":
        return "AM" if dt.hour < 12 else "PM"
    offset = dt.utcoffset() or _dt.timedelta(0)
    if letter == "Z":
        return _offset_text(offset, colon=False)
    if letter == "X":
        if not offset:
            return "Z"
        return _offset_text(offset, colon=count >= 3, minutes=count >= 2)
    name = dt.tzname() or ""
    if not name or name[0] in "+-":
        return "GMT" + _offset_text(offset, colon=True)
    return name


#: Fields that are a zero-padded attribute of the datetime.
_ATTRIBUTE_FIELDS = {"y": "year", "M": "month", "d": "day", "H": "hour", "m": "minute",
                     "s": "second"}
ZONE_LETTERS = frozenset("zZX")


_MONTH_NAMES = {4: MONTHS, 3: [name[:3] for name in MONTHS]}
_WEEKDAY_NAMES = {4: WEEKDAYS, 3: [name[:3] for name in WEEKDAYS]}


def _field(letter: str, count: int):
    """``(template piece, function of the datetime)`` printing one field as `_format_field`
    does, chosen once per pattern: numbers go to a ``%0Nd`` piece, names are looked up."""
    attribute = _ATTRIBUTE_FIELDS.get(letter)
    if attribute and not (letter == "y" and count == 2) and not (letter == "M" and count >= 3):
        return f"%0{count}d", operator.attrgetter(attribute)
    if letter in "ML":
        if count < 3:
            return f"%0{count}d", operator.attrgetter("month")
        names = _MONTH_NAMES[min(count, 4)]
        return "%s", lambda dt: names[dt.month - 1]
    if letter == "E":
        names = _WEEKDAY_NAMES[4 if count >= 4 else 3]
        return "%s", lambda dt: names[dt.weekday()]
    if letter == "a":
        return "%s", lambda dt: "AM" if dt.hour < 12 else "PM"
    if letter == "y":  # yy: the last two digits
        return "%02d", lambda dt: dt.year % 100
    if letter in _NUMBER_FIELDS:
        return f"%0{count}d", _NUMBER_FIELDS[letter]
    return "%s", functools.partial(_format_field, letter=letter, count=count)


@functools.lru_cache(maxsize=512)
def compile_pattern(pattern: str):
    """``(format, zoned)`` for a Java pattern: ``format(dt)`` prints `dt` with it, and
    `zoned` tells whether it shows the zone (so `dt` must be aware).  Raises PatternError.

    The pattern is read once into a ``%`` template and one function per field (`_field`):
    plain numeric fields are read as attributes (``yyyy-MM-dd`` is ``"%04d-%02d-%02d" %
    attrgetter("year", "month", "day")(dt)``)."""
    parts, attributes, fields, zoned = [], [], [], False
    for token in tokenize(pattern):
        if isinstance(token, str):
            parts.append(token.replace("%", "%%"))
            continue
        letter, count = token
        piece, field = _field(letter, count)
        parts.append(piece)
        fields.append(field)
        if type(field) is operator.attrgetter and letter in _ATTRIBUTE_FIELDS:
            attributes.append(_ATTRIBUTE_FIELDS[letter])
        zoned = zoned or letter in ZONE_LETTERS
    template = "".join(parts)
    if not fields:
        text = template.replace("%%", "%")
        return (lambda dt: text), zoned
    if len(attributes) == len(fields):
        values = operator.attrgetter(*attributes)
        return (lambda dt: template % values(dt)), zoned
    fields = tuple(fields)
    return (lambda dt: template % tuple([field(dt) for field in fields])), zoned


def format_pattern(dt: _dt.datetime, pattern: str) -> str:
    """Format `dt` (aware, already in the zone to show) with a Java pattern."""
    return compile_pattern(pattern)[0](dt)


# --------------------------------------------------------------------------- parsing

_OFFSET_RE = r"Z|[+-]\d{2}(?::?\d{2})?"
_ZONE_RE = r"GMT[+-]\d{1,2}(?::?\d{2})?|[A-Za-z]+(?:/[A-Za-z_]+)*|[+-]\d{4}"


@functools.lru_cache(maxsize=512)
def _compile(pattern: str) -> tuple[re.Pattern, tuple]:
    tokens = tokenize(pattern)
    parts: list[str] = []
    fields: list[tuple[str, int]] = []
    for index, token in enumerate(tokens):
        if isinstance(token, str):
            parts.append(_literal_regex(token))
            continue
        letter, count = token
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        abutting = isinstance(following, tuple) and following[0] in _NUMERIC_LETTERS
        if letter in "ML" and count >= 3 or letter == "E":
            parts.append(r"([A-Za-z]+)")
        elif letter == "a":
            parts.append(r"([AaPp][Mm])")
        elif letter == "G":
            parts.append(r"(AD|BC)")
        elif letter == "X":
            parts.append(f"({_OFFSET_RE})")
        elif letter in "zZ":
            parts.append(f"({_ZONE_RE})")
        else:
            parts.append(rf"(\d{{{count}}})" if abutting else r"(\d+)")
        fields.append(token)
    return re.compile("".join(parts), re.IGNORECASE), tuple(fields)


def _literal_regex(literal: str) -> str:
    """A literal of the pattern: spaces match any run of spaces, a comma may be followed by some."""
    parts = []
    for chunk in re.split(r"(\s+|,)", literal):
        if chunk == ",":
            parts.append(r",\s*")
        elif chunk.isspace():
            parts.append(r"\s+")
        else:
            parts.append(re.escape(chunk))
    return "".join(parts)


def _two_digit_year(value: int) -> int:
    """Java's default century window: 80 years back to 20 years ahead of now (the run's
    clock, `zoho.currenttime`; the boundary year is decided by the year alone)."""
    start = _this_year() - 80
    year = start // 100 * 100 + value
    return year + 100 if year < start else year


def _this_year() -> int:
    """The year of the active context's clock (a run may set `currenttime`)."""
    try:
        return _context().now().year
    except Exception:  # no context machinery available: the real clock
        return _dt.date.today().year


def _parse_offset(text: str) -> _dt.tzinfo:
    if text.upper() == "Z":
        return _dt.timezone.utc
    match = re.fullmatch(r"([+-])(\d{2}):?(\d{2})?", text)
    if match:
        delta = _dt.timedelta(hours=int(match.group(2)), minutes=int(match.group(3) or 0))
        return _dt.timezone(-delta if match.group(1) == "-" else delta)
    return resolve_zone(text)


def parse_pattern(text: str, pattern: str, *, whole: bool) -> Parsed:
    """Read `text` with a Java pattern, strictly (Java's non-lenient mode).

    With `whole=False` trailing text is ignored, as `DateFormat.parse` does."""
    regex, fields = _compile(pattern)
    match = (regex.fullmatch if whole else regex.match)(text)
    if not match:
        raise PatternError(f"'{text}' does not match the pattern '{pattern}'")
    values = {"y": 1970, "M": 1, "d": 1, "H": 0, "m": 0, "s": 0, "S": 0}
    pm = None
    hour12 = None
    offset = None
    for (letter, count), raw in zip(fields, match.groups()):
        if letter in "yY":
            year = int(raw)
            values["y"] = _two_digit_year(year) if count <= 2 and len(raw) == 2 else year
        elif letter in "ML":
            month = int(raw) if raw.isdigit() else _MONTH_BY_NAME.get(raw.lower())
            if month is None:
                raise PatternError(f"'{raw}' is not a month name")
            values["M"] = month
        elif letter == "E":
            if raw.lower() not in _WEEKDAY_BY_NAME:
                raise PatternError(f"'{raw}' is not a day name")
        elif letter == "a":
            pm = raw.lower() == "pm"
        elif letter in "hK":
            hour12 = int(raw)
            limit = range(1, 13) if letter == "h" else range(0, 12)
            if hour12 not in limit:
                raise PatternError(f"Invalid hour {raw}")
            hour12 %= 12
        elif letter == "k":
            hour = int(raw)
            if not 1 <= hour <= 24:
                raise PatternError(f"Invalid hour {raw}")
            values["H"] = hour % 24
        elif letter in "XzZ":
            offset = _parse_offset(raw)
        elif letter in "HdmsS":
            values[letter] = int(raw)
        elif letter == "D":
            values["D"] = int(raw)
        # G, w, W, F, u carry no information beyond the date itself.
    if hour12 is not None:  # with H as well, Java lets the 24-hour field win
        values["H"] = values["H"] if "H" in {f[0] for f in fields} else hour12 + (12 if pm else 0)
    year, month = values["y"], values["M"]
    if not 1 <= year <= 9999 or not 1 <= month <= 12:
        raise PatternError(f"Invalid date '{text}'")
    day = values["d"]
    if "D" in values:
        if not 1 <= values["D"] <= (366 if calendar.isleap(year) else 365):
            raise PatternError(f"Invalid day of year in '{text}'")
        ordinal = _dt.date(year, 1, 1) + _dt.timedelta(days=values["D"] - 1)
        month, day = ordinal.month, ordinal.day
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise PatternError(f"Invalid date '{text}'")
    if values["H"] > 23 or values["m"] > 59 or values["s"] > 59 or values["S"] > 999:
        raise PatternError(f"Invalid time '{text}'")
    return Parsed(
        year, month, day, values["H"], values["m"], values["s"], values["S"],
        has_time=any(letter in TIME_LETTERS for letter, _ in fields),
        offset=offset, end=match.end(),
    )


def weekday_number(name) -> int | None:
    """Python weekday (Monday = 0) of an English day name, full or short."""
    return _WEEKDAY_BY_NAME.get(str(name).strip().lower())


# ----------------------------------------------------------------------- toDateTimeString


def _pattern_text(value) -> str:
    """Argument converter: a pattern or zone, which must be TEXT (a number is not one)."""
    if isinstance(value, str):
        return value
    raise _Mismatch("TEXT")


def zoned_text(moment: _dt.datetime, pattern, zone):
    """The aware `moment` shown in `zone` (default: as it is, the org's zone) with a Java
    pattern (default: Deluge's date-time print form); an invalid pattern is null, as for
    toString."""
    from .. import values as V
    from ..dates import DateTime

    if zone is not None:
        try:
            moment = moment.astimezone(resolve_zone(zone))
        except OverflowError:
            from . import DelugeRuntimeError

            raise DelugeRuntimeError("The resulting date is outside the supported range") from None
    if pattern is None:
        return V.Text(DateTime(moment.replace(tzinfo=None), True).deluge_str())
    try:
        format_moment, _ = compile_pattern(pattern)
    except PatternError:
        return None
    return V.Text(format_moment(moment))


@builtin
def toDateTimeString(self, pattern: _pattern_text = None, zone: _pattern_text = None):
    """Zoho's toDateTimeString of a DATE-TIME (a NUMBER is epoch milliseconds: number.py):
    the value, read in the org's zone, shown in `zone` with `pattern` (docs/semantics.md)."""
    return zoned_text(self._moment(), pattern, zone)
