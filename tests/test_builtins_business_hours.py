"""`addBusinessHour` and `toDateTimeString` (docs/semantics.md, "Dates and times"), through
``deluge2py run`` on bare scripts, the way a user reaches them; plus a property test of the
business-hours walk against a minute-by-minute count."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from deluge2py.cli import main
from deluge2py.runtime.builtins.business_hours import Calendar, shift

from test_semantics_dates import PACIFIC, run  # noqa: F401  (deluge2py run on a bare script)


def check(tmp_path, capsys, source):
    path = tmp_path / "probe.dg"
    path.write_text(source, encoding="utf-8")
    code = main(["check", str(path)])
    out, err = capsys.readouterr()
    return code, out + err


# -- addBusinessHour: Zoho's page ---------------------------------------------------------------


def test_documented_example(tmp_path, capsys):
    # Zoho's page: 2 business hours from 1 Jan 2020 (a Wednesday) at 4 PM, Saturday and
    # Sunday off, 2 and 3 Jan holidays, business hours 10 to 17: one hour on the 1st, the
    # second on Monday the 6th from 10 AM.
    code, lines, _ = run(tmp_path, capsys, '''
meeting_time = "1-Jan-2020 16:00:00".addBusinessHour(2, {"Saturday", "Sunday"}, {'2-Jan-2020','3-Jan-2020'}, {"start":"10","end":"17"});
info meeting_time;
info meeting_time.getHour();
''')
    assert code == 0 and lines == ["06-Jan-2020 11:00:00", "11"]


def test_documented_defaults_and_parameters(tmp_path, capsys):
    code, lines, _ = run(tmp_path, capsys, '''
start = '01-Jan-2020 16:00:00';
info start.addBusinessHour(2);
info start.addBusinessHour(2, {"Saturday", "Sunday"});
info start.addBusinessHour(2, {"Saturday", "Sunday"}, {'02-Jan-2020'});
info start.addBusinessHour(-1);
info '06-Jan-2020 10:00:00'.addBusinessHour(-2);
info '06-Jan-2020 10:00:00'.addBusinessHour(0.1);
info '06-Jan-2020 10:00:00'.addBusinessHour(-0.1);
info start.addBusinessHour(3, {"Thursday", "Friday"});
''')
    assert code == 0
    assert lines == [
        "02-Jan-2020 10:00:00",   # default hours 9 to 17: one hour left on the 1st, one on the 2nd
        "02-Jan-2020 10:00:00",   # the default weekend, written out
        "03-Jan-2020 10:00:00",   # a holiday is skipped
        "01-Jan-2020 15:00:00",   # "supply negative value" to subtract
        "03-Jan-2020 16:00:00",   # back over the weekend (Friday closes at 17)
        "06-Jan-2020 10:01:00",   # "0.1 ... one business minute"
        "06-Jan-2020 09:59:00",
        "04-Jan-2020 11:00:00",   # Thursday and Friday off: 1 h Wednesday, 2 h Saturday
    ]


def test_decisions_where_the_page_is_silent(tmp_path, capsys):
    code, lines, _ = run(tmp_path, capsys, '''
info '06-Jan-2020 10:00:00'.addBusinessHour(1.30);
info '06-Jan-2020 10:00:00'.addBusinessHour(1.45);
info '06-Jan-2020 10:00:00'.addBusinessHour(0);
info '04-Jan-2020 12:00:00'.addBusinessHour(0);
info '06-Jan-2020 07:00:00'.addBusinessHour(1);
info '04-Jan-2020 12:00:00'.addBusinessHour(1);
info '06-Jan-2020 16:00:00'.addBusinessHour(1);
info '06-Jan-2020 17:00:00'.addBusinessHour(1);
info '07-Jan-2020 10:00:00'.addBusinessHour(-1);
info '07-Jan-2020 09:00:00'.addBusinessHour(-1);
info '06-Jan-2020 16:59:30'.addBusinessHour(1);
info '06-Jan-2020'.addBusinessHour(3);
info "06-Jan-2020 10:00:00".addBusinessHour(8, {"Sunday"}, List(), {"end":"12"});
info '06-Jan-2020 10:00:00'.addBusinessHour(8, {"Sunday"}, List(), {"start":0, "end":24});
info addBusinessHour('06-Jan-2020 10:00:00', 8);
info '06-Jan-2020 10:00:00'.addBusinessHour(100000);
''')
    assert code == 0
    assert lines == [
        "06-Jan-2020 11:03:00",   # the digits after the point count minutes: 1.30 is 1 h 3 min
        "06-Jan-2020 11:45:00",
        "06-Jan-2020 10:00:00",   # nothing to add: the value as it is
        "04-Jan-2020 12:00:00",   # ... even on a weekend
        "06-Jan-2020 10:00:00",   # before opening: counted from 9
        "06-Jan-2020 10:00:00",   # on a Saturday: counted from Monday's opening
        "06-Jan-2020 17:00:00",   # ending at closing time stays there
        "07-Jan-2020 10:00:00",   # from closing time: the next day
        "07-Jan-2020 09:00:00",   # back to opening time stays there
        "06-Jan-2020 16:00:00",   # back from opening time: the day before
        "07-Jan-2020 09:59:30",   # seconds carry over
        "06-Jan-2020 12:00:00",   # a DATE is its midnight; the result is a DATE-TIME
        "08-Jan-2020 12:00:00",   # a bound left out keeps its default (9 to 12 here)
        "06-Jan-2020 18:00:00",   # 0 to 24: every hour of a working day counts
        "07-Jan-2020 10:00:00",   # the function form
        "05-Dec-2067 10:00:00",   # a long count is quick (whole weeks at once)
    ]


def test_argument_errors(tmp_path, capsys):
    cases = {
        "info now.addBusinessHour();":
            "No. of arguments mismatches for the function addBusinessHour",
        'info now.addBusinessHour(1, {"Sunday"}, List(), {"start":"9"}, 5);':
            "No. of arguments mismatches for the function addBusinessHour",
        'info now.addBusinessHour("2");':
            "Data type of argument 1 of the function 'addBusinessHour' did not match the "
            "required data type of [DECIMAL]; got TEXT",
        'info now.addBusinessHour(2, {"Sunday"}, List(), "10-17");':
            "Data type of argument 4 of the function 'addBusinessHour' did not match the "
            "required data type of [KEY-VALUE]; got TEXT",
        'info now.addBusinessHour(2, {"Funday"});': "Invalid day name 'Funday'",
        'info now.addBusinessHour(2, {"Sunday","Monday","Tuesday","Wednesday","Thursday",'
        '"Friday","Saturday"});': "Every day of the week is a weekend day",
        'info now.addBusinessHour(2, {"Sunday"}, List(), {"start":"17","end":"10"});':
            "the start (17) must be before the end (10)",
        'info now.addBusinessHour(2, {"Sunday"}, List(), {"start":"9:30"});':
            "'start' must be a whole hour from 0 to 24",
        'info now.addBusinessHour(2, {"Sunday"}, {"someday"});': "'someday' is not a valid date-time",
        'info "someday".addBusinessHour(2);': "addBusinessHour",
        "info 5.addBusinessHour(2);": "Not able to find 'addBusinessHour' function",
    }
    for source, message in cases.items():
        code, _, err = run(tmp_path, capsys, source + "\n")
        assert code != 0 and message in err, (source, err)


def test_check_knows_both_functions(tmp_path, capsys):
    code, out = check(tmp_path, capsys, '''
a = now.addBusinessHour(2);
b = "01-Jan-2020 16:00:00".addBusinessHour(2, {"Saturday"}, List(), {"start":"10","end":"17"});
c = addBusinessHour(now, 1);
d = 1580681892000.toDateTimeString("dd-MMM-yyyy", "Asia/Tokyo");
e = now.toDateTimeString("dd-MMM-yyyy HH:mm", "UTC");
f = toDateTimeString(1580681892000, "yyyy", "UTC");
''')
    assert code == 0 and "unknown" not in out, out


# -- toDateTimeString ---------------------------------------------------------------------------


def test_unix_time_in_a_zone_and_format(tmp_path, capsys):
    # 1580681892000 is 03-Feb-2020 03:48:12 in Asia/Calcutta (Zoho's unixEpoch page).
    code, lines, _ = run(tmp_path, capsys, '''
ms = 1580681892000;
info ms.toDateTimeString("dd-MMM-yyyy HH:mm:ss", "Asia/Calcutta");
info ms.toDateTimeString("dd-MMM-yyyy HH:mm:ss", "Asia/Kolkata");
info toDateTimeString(ms, "yyyy-MM-dd'T'HH:mm:ssXXX", "America/New_York");
info ms.toDateTimeString("EEEE, MMMM d, yyyy hh:mm a z", "America/Los_Angeles");
info ms.toDateTimeString("dd-MMM-yyyy HH:mm:ss");
info ms.toDateTimeString();
info 0.toDateTimeString("dd-MMM-yyyy HH:mm:ss", "GMT");
info ms.toDateTimeString("dd-MMM-yyyy HH:mm:ss", "Hello");
''', *PACIFIC)
    assert code == 0
    assert lines == [
        "03-Feb-2020 03:48:12", "03-Feb-2020 03:48:12", "2020-02-02T17:18:12-05:00",
        "Sunday, February 2, 2020 02:18 PM PST",
        "02-Feb-2020 14:18:12", "02-Feb-2020 14:18:12",    # the org's zone by default
        "01-Jan-1970 00:00:00", "02-Feb-2020 22:18:12",    # an unknown zone is GMT
    ]


def test_daylight_saving_is_taken_into_account(tmp_path, capsys):
    # Zoho's page: "Daylight saving is taken into account by default wherever required".
    # 1783000000000 is 2026-07-02 13:46:40 UTC; 1767225600000 is 2026-01-01 00:00:00 UTC.
    code, lines, _ = run(tmp_path, capsys, '''
info 1783000000000.toDateTimeString("dd-MMM-yyyy HH:mm:ss z", "America/Los_Angeles");
info 1767225600000.toDateTimeString("dd-MMM-yyyy HH:mm:ss z", "America/Los_Angeles");
info 1783000000000.toDateTimeString("HH:mm Z", "Europe/London");
info 1767225600000.toDateTimeString("HH:mm Z", "Europe/London");
''')
    assert code == 0
    assert lines == ["02-Jul-2026 06:46:40 PDT", "31-Dec-2025 16:00:00 PST", "14:46 +0100",
                     "00:00 +0000"]


def test_date_times_convert_from_the_org_zone(tmp_path, capsys):
    # Zoho's page: the function also reformats date-time values and converts them between
    # zones; a date-time is read in the org's zone, as for toString(pattern, zone).
    code, lines, _ = run(tmp_path, capsys, '''
d = '03-Feb-2020 03:48:12';
info d.toDateTimeString("dd-MMM-yyyy HH:mm:ss", "Asia/Kolkata");
info d.toDateTimeString("MMMM dd, yyyy 'at' hh:mm a");
info "03-Feb-2020 03:48:12".toDateTimeString("yyyy/MM/dd HH:mm", "UTC");
info toDateTimeString(d, "EEE dd MMM yyyy", "Asia/Tokyo");
info '03-Feb-2020'.toDateTimeString("dd-MMM-yyyy HH:mm", "UTC");
info d.toDateTimeString("dd-MMM-yyyy HH:mm:ss", "Asia/Kolkata") == d.toString("dd-MMM-yyyy HH:mm:ss", "Asia/Kolkata");
info d.toDateTimeString("bad pattern q");
''', *PACIFIC)
    assert code == 0
    assert lines == [
        "03-Feb-2020 17:18:12", "February 03, 2020 at 03:48 AM", "2020/02/03 11:48",
        "Mon 03 Feb 2020", "03-Feb-2020 08:00", "true",
        "null",                    # an invalid pattern is null, as for toString
    ]


def test_to_date_time_string_argument_errors(tmp_path, capsys):
    cases = {
        'info 1580681892000.toDateTimeString("yyyy", "UTC", "x");':
            "No. of arguments mismatches for the function toDateTimeString",
        "info 1580681892000.toDateTimeString(5);":
            "Data type of argument 1 of the function 'toDateTimeString' did not match the "
            "required data type of [TEXT]; got BIGINT",
        'info now.toDateTimeString("yyyy", 5);':
            "Data type of argument 2 of the function 'toDateTimeString' did not match the "
            "required data type of [TEXT]; got BIGINT",
        'info 1.5.toDateTimeString("yyyy");': "'toDateTimeString' function cannot be applied to DECIMAL",
        'info "tomorrow".toDateTimeString("yyyy");': "toDateTimeString",
        'info {"a":1}.toDateTimeString("yyyy");': "Not able to find 'toDateTimeString' function",
        'info 999999999999999999.toDateTimeString("yyyy");': "outside the range of DATE-TIME values",
    }
    for source, message in cases.items():
        code, _, err = run(tmp_path, capsys, source + "\n")
        assert code != 0 and message in err, (source, err)


# -- property: the walk agrees with counting business minutes one by one ------------------------


def _count_minutes(start, minutes, off, closed, open_hour, close_hour):
    def working(moment):  # the minute from `moment` on is business time
        return (moment.weekday() not in off and moment.date() not in closed
                and open_hour * 60 <= moment.hour * 60 + moment.minute < close_hour * 60)

    step, moment, left = dt.timedelta(minutes=1), start, abs(minutes)
    while left:
        if minutes > 0:
            left -= working(moment)
            moment += step
        else:
            moment -= step
            left -= working(moment)
    return moment


BASE = dt.datetime(2020, 1, 1)


@settings(max_examples=300, deadline=None)
@given(start=st.integers(0, 60 * 24 * 90), minutes=st.integers(-6000, 6000),
       off=st.sets(st.integers(0, 6), max_size=4),
       closed=st.sets(st.integers(0, 150), max_size=8),
       hours=st.tuples(st.integers(0, 24), st.integers(0, 24)).filter(lambda h: h[0] < h[1]))
def test_shift_matches_counting_minutes(start, minutes, off, closed, hours):
    start = BASE + dt.timedelta(minutes=start)
    closed = {BASE.date() + dt.timedelta(days=d) for d in closed}
    got = shift(start, minutes * 60, Calendar(off, closed, *hours))
    assert got == _count_minutes(start, minutes, off, closed, *hours)
