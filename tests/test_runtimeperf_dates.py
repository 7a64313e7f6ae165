"""The hot date built-ins (add/sub, parts, daysBetween family, toString) check their own
arguments and build results without ``DateTime.__init__``; they must answer exactly as the
plain definitions did: the same values, the same errors, the same month-end, leap-year
and range rules.  A property test compares them with those definitions, kept here."""

import calendar
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deluge2py.runtime import Context, Decimal, DelugeRuntimeError, Number, Text
from deluge2py.runtime.builtins import catalog, dates_fn
from deluge2py.runtime.dates import DateTime, datetime_literal
from deluge2py.runtime.render import render

SHIFTS = {"addDay": ("days", 1), "subDay": ("days", -1), "addWeek": ("weeks", 1),
          "subWeek": ("weeks", -1), "addHour": ("hours", 1), "subHour": ("hours", -1),
          "addMinutes": ("minutes", 1), "subMinutes": ("minutes", -1),
          "addSeconds": ("seconds", 1), "subSeconds": ("seconds", -1)}
MONTHS = {"addMonth": 1, "subMonth": -1, "addYear": 12, "subYear": -12}
PARTS = ("getDay", "getMonth", "getYear", "getHour", "getMinutes", "getSeconds", "getDayOfWeek",
         "day", "month", "year", "hour", "minute", "second", "weekday")
BETWEEN = {"daysBetween": 1, "weeksBetween": 7, "yearsBetween": 365}
HOT = (*SHIFTS, *MONTHS, *PARTS, *BETWEEN, "toString", "toText")


def L(text):
    return datetime_literal(text)


# --------------------------------------------------------------------- the reference definitions


def reference_shift(value: DateTime, name: str, n: int) -> DateTime:
    unit, sign = SHIFTS[name]
    return DateTime(value.value + dt.timedelta(**{unit: sign * n}), True)


def reference_months(value: DateTime, months: int) -> DateTime:
    v = value.value
    year, month = divmod(v.year * 12 + v.month - 1 + months, 12)
    day = min(v.day, calendar.monthrange(year, month + 1)[1])
    return DateTime(v.replace(year=year, month=month + 1, day=day), True)


def reference_between(start: DateTime, end: DateTime, days: int) -> int:
    delta = end.value - start.value
    whole = abs(delta) // dt.timedelta(days=days)
    return -whole if delta < dt.timedelta(0) else whole


moments = st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 12, 31))
values = st.builds(lambda moment, has_time: DateTime(moment, has_time), moments, st.booleans())


def same(a: DateTime, b: DateTime) -> bool:
    return type(a) is type(b) and a.value == b.value and a.has_time == b.has_time and \
        render(a) == render(b)


@settings(max_examples=150, deadline=None)
@given(values, st.sampled_from(sorted(SHIFTS)), st.integers(-5000, 5000))
def test_shifts_agree_with_the_reference(value, name, n):
    assert same(getattr(value, name)(n), reference_shift(value, name, n))


@settings(max_examples=150, deadline=None)
@given(values, st.sampled_from(sorted(MONTHS)), st.integers(-400, 400))
def test_month_shifts_agree_with_the_reference(value, name, n):
    assert same(getattr(value, name)(n), reference_months(value, MONTHS[name] * n))


@settings(max_examples=150, deadline=None)
@given(values, values, st.sampled_from(sorted(BETWEEN)))
def test_differences_agree_with_the_reference(start, end, name):
    result = getattr(start, name)(end)
    assert type(result) is Number and result == reference_between(start, end, BETWEEN[name])


@settings(max_examples=100, deadline=None)
@given(values)
def test_parts_agree_with_python(value):
    v = value.value
    expected = (v.day, v.month, v.year, v.hour, v.minute, v.second, v.isoweekday() % 7 + 1)
    got = tuple(getattr(value, name)() for name in PARTS[:7])
    assert got == expected and all(type(n) is Number for n in got)


# --------------------------------------------------------------------- wrong calls


@pytest.mark.parametrize("name", HOT)
def test_hot_date_builtins_stay_in_the_catalog_for_dates_and_date_texts(name):
    assert catalog.implementation(name, L("01-Jan-2020")) is not None
    assert catalog.implementation(name, Text("01-Jan-2020")) is not None


@pytest.mark.parametrize("name, args", [
    *[(name, ()) for name in (*SHIFTS, *MONTHS, *BETWEEN)],
    *[(name, (1, 2)) for name in (*SHIFTS, *MONTHS)],
    *[(name, (L("02-Jan-2020"), 2)) for name in BETWEEN],
    *[(name, (1,)) for name in PARTS],
    ("toString", ("yyyy", "UTC", 3)), ("toText", ("yyyy", "UTC", 3)),
])
def test_a_wrong_count_is_the_deluge_arity_error(name, args):
    called = {"day": "getDay", "month": "getMonth", "year": "getYear", "hour": "getHour",
              "minute": "getMinutes", "second": "getSeconds", "weekday": "getDayOfWeek",
              "toText": "toString"}.get(name, name)
    with pytest.raises(DelugeRuntimeError,
                       match=f"No. of arguments mismatches for the function {called}$"):
        getattr(L("01-Jan-2020"), name)(*args)


@pytest.mark.parametrize("name", [*SHIFTS, *MONTHS])
@pytest.mark.parametrize("bad", ["2", 1.5, True, None, Decimal(0.5)])
def test_a_non_number_amount_is_the_deluge_data_type_error(name, bad):
    with pytest.raises(DelugeRuntimeError,
                       match=rf"argument 1 of the function '{name}' did not match .*\[NUMBER\]"):
        getattr(L("01-Jan-2020"), name)(bad)


@pytest.mark.parametrize("name", BETWEEN)
@pytest.mark.parametrize("bad", ["soon", 1.5, True, None])
def test_a_non_date_end_is_the_deluge_data_type_error(name, bad):
    with pytest.raises(DelugeRuntimeError,
                       match=rf"argument 1 of the function '{name}' did not match .*\[DATE-TIME\]"):
        getattr(L("01-Jan-2020"), name)(bad)


def test_whole_numbers_of_any_kind_and_date_texts_are_accepted():
    start = L("31-Jan-2020")
    assert {render(start.addDay(n)) for n in (2, Number(2), 2.0)} == {"02-Feb-2020 00:00:00"}
    assert {render(start.addMonth(n)) for n in (1, Number(1), 1.0)} == {"29-Feb-2020 00:00:00"}
    assert start.daysBetween("02-Feb-2020") == 2 and start.daysBetween(Text("02-Feb-2020")) == 2
    assert start.daysBetween(0) == -18292  # epoch milliseconds are a date too


@pytest.mark.parametrize("name", [*SHIFTS, *MONTHS])
@pytest.mark.parametrize("amount", [10**12, -(10**12), 2**63 - 1, -(2**63), 10**30])
def test_leaving_the_calendar_is_the_range_error(name, amount):
    with pytest.raises(DelugeRuntimeError, match="outside the supported range"):
        getattr(L("01-Jan-2020"), name)(amount)


# --------------------------------------------------------------------- the edges, pinned


@pytest.mark.parametrize("start, call, expected", [
    ("31-May-2021 10:30:00", ("subMonth", 1), "30-Apr-2021 10:30:00"),
    ("30-Jan-2021", ("addMonth", 1), "28-Feb-2021 00:00:00"),
    ("29-Feb-2024", ("addYear", -124), "28-Feb-1900 00:00:00"),  # 1900 is no leap year
    ("29-Feb-1996", ("addYear", 4), "29-Feb-2000 00:00:00"),  # 2000 is one
    ("31-Dec-2020 23:59:59", ("addSeconds", 1), "01-Jan-2021 00:00:00"),
    ("28-Feb-2024 12:00:00", ("addDay", 1), "29-Feb-2024 12:00:00"),
    ("01-Mar-2023", ("subDay", 1), "28-Feb-2023 00:00:00"),
    ("31-Dec-9999", ("subYear", 9998), "31-Dec-0001 00:00:00"),
])
def test_month_ends_and_leap_years(start, call, expected):
    name, amount = call
    assert render(getattr(L(start), name)(amount)) == expected


def test_added_hours_move_the_wall_clock_across_dst():
    with Context(time_zone="America/Los_Angeles"):
        spring = L("10-Mar-2019 01:30:00").addHour(1)  # 02:30 does not exist in PST that day
        assert render(spring) == "10-Mar-2019 02:30:00"
        assert render(L("03-Nov-2019 01:30:00").addMinutes(60)) == "03-Nov-2019 02:30:00"
        assert spring.toLong() == L("10-Mar-2019 03:30:00").toLong()


def test_differences_truncate_toward_zero_on_the_wall_clock():
    start, end = L("01-Jan-2019 10:00:00"), L("03-Jan-2019 09:59:59")
    assert (start.daysBetween(end), end.daysBetween(start)) == (1, -1)
    assert L("01-Jan-2019").weeksBetween(L("14-Jan-2019 23:00:00")) == 1
    assert L("14-Jan-2019 23:00:00").weeksBetween(L("01-Jan-2019")) == -1
    assert L("01-Jan-2019").yearsBetween(L("01-Jan-2018 00:00:01")) == 0
    with Context(time_zone="America/Los_Angeles"):  # 23 hours of instants, one wall-clock day
        assert L("10-Mar-2019").daysBetween(L("11-Mar-2019")) == 1


def test_parts_of_a_date_and_of_years_beyond_the_small_numbers():
    date = L("05-Mar-2300")
    assert (date.getYear(), date.getHour(), date.getDayOfWeek()) == (2300, 0, 2)  # a Monday
    assert type(date.getYear()) is Number


def test_results_are_dates_of_their_own():
    start = L("01-Jan-2020")
    moved = start.addDay(0)
    assert moved is not start and moved == start and moved.has_time and not start.has_time
    assert hash(moved) == hash(start)


@pytest.mark.parametrize("value, has_time, expected, kept_time", [
    (dt.datetime(2020, 1, 1, 10, 30, 15, 123456), True, dt.datetime(2020, 1, 1, 10, 30, 15, 123000),
     True),
    (dt.datetime(2020, 1, 1, 10, 30, 15, 999999), None, dt.datetime(2020, 1, 1, 10, 30, 15, 999000),
     True),
    (dt.datetime(2020, 1, 1, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=5))), True,
     dt.datetime(2020, 1, 1, 10, 30), True),  # the wall clock kept, the zone dropped
    (dt.datetime(2020, 1, 1, 0, 0, 0, 1000), False, dt.datetime(2020, 1, 1), False),
    (dt.datetime(2020, 1, 1, 23, 59), False, dt.datetime(2020, 1, 1), False),
    (dt.date(2020, 1, 1), None, dt.datetime(2020, 1, 1), False),
    (dt.date(2020, 1, 1), True, dt.datetime(2020, 1, 1), True),
])
def test_the_constructor_normalises_its_value(value, has_time, expected, kept_time):
    made = DateTime(value, has_time)
    assert made.value == expected and made.value.tzinfo is None
    assert made.value.microsecond == expected.microsecond and made.has_time is kept_time


# --------------------------------------------------------------------- printing


@settings(max_examples=150, deadline=None)
@given(st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31, 23, 59, 59)),
       st.booleans())
def test_the_default_print_form_is_dd_mmm_yyyy_and_the_time(moment, has_time):
    value = DateTime(moment, has_time)
    month = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()[moment.month - 1]
    expected = f"{moment.day:02d}-{month}-{moment.year:04d}"
    if has_time:
        expected += f" {moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}"
    assert render(value) == str(value) == value.deluge_str() == expected
    assert Text("on ") + value == "on " + expected


def test_dates_print_in_the_org_date_format_and_in_lists_and_maps_as_before():
    value = L("05-Feb-0019 07:08:09")
    assert render(value) == "05-Feb-0019 07:08:09" and render(L("05-Feb-0019")) == "05-Feb-0019"
    with Context(date_format="dd/MM/yyyy"):
        assert render(value) == "05/02/0019 07:08:09"
        assert Text("at ") + L("31-Dec-2020") == "at 31/12/2020"
        assert render(value.toDate().toString()) == "05/02/0019"
    with Context(date_format="not a pattern q"):  # an unusable org format: the default form
        assert render(value) == "05-Feb-0019 07:08:09"
    from deluge2py.runtime import List, Map
    assert render(List([L("01-Jan-2020"), value])) == "01-Jan-2020,05-Feb-0019 07:08:09"
    assert render(Map({"due": L("01-Jan-2020")})) == '{"due":"01-Jan-2020"}'


def test_to_string_with_a_pattern_and_a_zone():
    value = L("31-Dec-2020 23:30:00")
    assert value.toString("yyyy-MM-dd") == value.toText("yyyy-MM-dd") == "2020-12-31"
    assert value.toString("yyyy-MM-dd HH:mm", "Asia/Kolkata") == "2021-01-01 05:00"
    assert value.toString("dd MMM yyyy, EEEE") == "31 Dec 2020, Thursday"
    assert value.toString("yyyy-MM-dd q") is None  # an unknown letter: null
    with pytest.raises(DelugeRuntimeError, match="TEXT"):
        value.toString(5)


# --------------------------------------------------------------------- compiled patterns

_ZONES = [dt.timezone.utc, dt.timezone(dt.timedelta(hours=5, minutes=30)),
          dt.timezone(dt.timedelta(hours=-8))]
_PIECES = st.one_of(
    st.tuples(st.sampled_from(dates_fn.PATTERN_LETTERS), st.integers(1, 5)).map(lambda t: t[0] * t[1]),
    st.text(alphabet=" -/:,.%()", min_size=1, max_size=3),
    st.sampled_from(["'at'", "''", "'o''clock'"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=6).map("".join),
       st.datetimes(min_value=dt.datetime(1, 1, 8), max_value=dt.datetime(9999, 12, 24),
                    timezones=st.sampled_from(_ZONES)))
def test_a_compiled_pattern_prints_each_field_as_format_field_does(pattern, moment):
    moment = moment.replace(microsecond=moment.microsecond // 1000 * 1000)
    expected = "".join(token if isinstance(token, str) else dates_fn._format_field(moment, *token)
                       for token in dates_fn.tokenize(pattern))
    assert dates_fn.compile_pattern(pattern)[0](moment) == expected


@pytest.mark.parametrize("pattern, printed", [
    ("EEEE, MMMM d, yyyy", "Thursday, December 31, 2020"),
    ("EEE dd-MMM-yy", "Thu 31-Dec-20"),
    ("E LLL LLLL L", "Thu Dec December 12"),
    ("hh:mm a", "11:30 PM"),
    ("K:mm a, k", "11:30 PM, 23"),
    ("D w W F u", "366 1 5 5 4"),  # Java's week 1 is the week holding 1 January
    ("yyyyy.MM.dd G", "02020.12.31 AD"),
    ("'week' ww 'of' YYYY", "week 01 of 2021"),
    ("HH:mm:ss.SSS", "23:30:00.000"),
    ("100% 'd'", "100% d"),
])
def test_patterns_print_as_java_does(pattern, printed):
    assert L("31-Dec-2020 23:30:00").toString(pattern) == printed


def test_texts_read_as_dates_again_and_again_give_the_same_values():
    text = Text("05-Jan-2024 10:30:00")
    for _ in range(2):  # the second time from the parse cache
        assert render(text.toDate()) == "05-Jan-2024"
        assert render(text.toDateTime()) == "05-Jan-2024 10:30:00"
        assert render(text.addDay(1)) == "06-Jan-2024 10:30:00"
        assert L("05-Jan-2024").daysBetween(text) == 0 and L("04-Jan-2024").daysBetween(text) == 1
    date = L("05-Jan-2024")
    assert render(date.toDateTime()) == "05-Jan-2024 00:00:00" and render(date) == "05-Jan-2024"
    assert render(date.toDate()) == "05-Jan-2024" and date.toDate() == date
    with Context(time_zone="America/Los_Angeles"):  # a zone given: read there, then moved
        assert render(text.toDateTime(None, "Asia/Kolkata")) == "04-Jan-2024 21:00:00"
        assert render(text.toDateTime()) == "05-Jan-2024 10:30:00"
