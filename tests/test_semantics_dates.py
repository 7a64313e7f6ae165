"""The claims of docs/semantics.md, "Built-ins: dates, lists, maps, collections" (dates and
times part), pinned through ``deluge2py run`` on bare scripts of our own, in the org zone
the claim is about (``--time-zone``)."""

from __future__ import annotations

import os
import subprocess
import sys

from deluge2py.cli import main

PACIFIC = ("--time-zone", "America/Los_Angeles")


def run(tmp_path, capsys, source, *options):
    """``deluge2py run`` on ``source``: (exit code, info lines, stderr)."""
    path = tmp_path / "probe.dg"
    path.write_text(source, encoding="utf-8")
    code = main(["run", str(path), *options])
    out, err = capsys.readouterr()
    return code, [line for line in out.splitlines() if not line.startswith("credits:")], err


# -- hoursBetween / timeBetween: elapsed time; daysBetween: calendar days ----------------------

# In 2026 Pacific clocks spring forward on 08-Mar at 02:00 and fall back on 01-Nov at 02:00.
ACROSS_DST = '''
spring = '08-Mar-2026 00:00:00';
info hoursBetween(spring, '08-Mar-2026 12:00:00');
info spring.timeBetween('08-Mar-2026 12:00:00');
info spring.hoursBetween('09-Mar-2026 00:00:00');
info spring.daysBetween('09-Mar-2026 00:00:00');
fall = '01-Nov-2026 00:00:00';
info hoursBetween(fall, '01-Nov-2026 12:00:00');
info fall.timeBetween('01-Nov-2026 12:30:05');
info hoursBetween('01-Nov-2026 12:00:00', fall);
info fall.daysBetween('02-Nov-2026 00:00:00');
info '07-Nov-2026 00:00:00'.hoursBetween('08-Nov-2026 00:00:00');
'''


def test_hours_between_counts_elapsed_hours_across_both_dst_changes(tmp_path, capsys):
    code, lines, _ = run(tmp_path, capsys, ACROSS_DST, *PACIFIC)
    assert code == 0
    assert lines == [
        "11", "11", "23", "1",          # spring: 12 wall-clock hours are 11 elapsed; a 23-hour day
        "13", "13:30:5", "-13", "1",    # fall: 12 wall-clock hours are 13 elapsed; a 25-hour day
        "24",                           # an ordinary day
    ]


def test_in_utc_elapsed_and_wall_clock_hours_agree(tmp_path, capsys):
    code, lines, _ = run(tmp_path, capsys, ACROSS_DST, "--time-zone", "UTC")
    assert code == 0
    assert lines == ["12", "12", "24", "1", "12", "12:30:5", "-12", "1", "24"]


def test_hours_between_ignores_the_minutes_left_over(tmp_path, capsys):
    # Zoho's hoursBetween page: 07:00:00 to 08:59:59 is 1 ("does not calculate the minutes
    # and seconds difference"); reversed, the count is negative and truncated toward zero.
    code, lines, _ = run(tmp_path, capsys, '''
info hoursBetween('18-Dec-2019 07:00:00', '18-Dec-2019 08:59:59');
info hoursBetween('18-Dec-2019 09:00:00', '19-Dec-2019 10:00:00');
info hoursBetween('18-Dec-2019 08:59:59', '18-Dec-2019 07:00:00');
info '18-Dec-2019 07:59:00'.hoursBetween('18-Dec-2019 08:00:00');
''', *PACIFIC)
    assert code == 0 and lines == ["1", "25", "-1", "0"]


# -- adding to a DATE gives a DATE-TIME ------------------------------------------------------

FROZEN = ("--now", "04-Dec-2026 09:30:00")  # a Friday


def test_adding_to_a_date_gives_a_date_time_at_midnight(tmp_path, capsys):
    # Zoho's addDay page: '01-Jan-2019'.addDay(11) "returns '12-Jan-2019 00:00:00'"; its
    # addWeek, addMonth, subDay, subWeek, subMonth, addYear, addMinutes pages print the same.
    code, lines, _ = run(tmp_path, capsys, '''
info today;
info today.addDay(7);
info today.subDay(4);
info today.addWeek(1);
info today.subWeek(1);
info today.addMonth(1);
info today.subMonth(1);
info today.addYear(1);
info today.subYear(1);
info today.addHour(1);
info today.subHour(1);
info today.addMinutes(1);
info today.subMinutes(1);
info today.addSeconds(1);
info today.subSeconds(1);
info addDay(zoho.currentdate, 11);
info '01-Jan-2019'.addDay(11);
''', *FROZEN)
    assert code == 0
    assert lines == [
        "04-Dec-2026", "11-Dec-2026 00:00:00", "30-Nov-2026 00:00:00",
        "11-Dec-2026 00:00:00", "27-Nov-2026 00:00:00", "04-Jan-2027 00:00:00",
        "04-Nov-2026 00:00:00", "04-Dec-2027 00:00:00", "04-Dec-2025 00:00:00",
        "04-Dec-2026 01:00:00", "03-Dec-2026 23:00:00", "04-Dec-2026 00:01:00",
        "03-Dec-2026 23:59:00", "04-Dec-2026 00:00:01", "03-Dec-2026 23:59:59",
        "15-Dec-2026 00:00:00", "12-Jan-2019 00:00:00",
    ]


def test_business_days_and_spreadsheet_functions_keep_a_date(tmp_path, capsys):
    code, lines, _ = run(tmp_path, capsys, '''
info today.addBusinessDay(1);
info today.subBusinessDay(5);
info today.workday(0);
info today.edate(1);
info today.eomonth(0);
info now.addDay(1);
info today.addDay(7).toDate();
''', *FROZEN)
    assert code == 0
    assert lines == ["07-Dec-2026", "27-Nov-2026", "04-Dec-2026", "04-Jan-2027", "31-Dec-2026",
                     "05-Dec-2026 09:30:00", "11-Dec-2026"]


def test_now_option_sets_the_clock_in_the_org_zone(tmp_path, capsys):
    source = "info now;\ninfo today;\ninfo now.toString().unixEpoch();\n"
    code, lines, _ = run(tmp_path, capsys, source, *FROZEN, *PACIFIC)
    assert code == 0 and lines == ["04-Dec-2026 09:30:00", "04-Dec-2026", "1796405400000"]
    code, lines, _ = run(tmp_path, capsys, source, "--now", "04-Dec-2026", "--time-zone", "UTC")
    assert lines == ["04-Dec-2026 00:00:00", "04-Dec-2026", "1796342400000"]
    code, _, err = run(tmp_path, capsys, source, "--now", "soon")
    assert code == 2 and "--now 'soon' is not a date-time" in err
    # ISO 8601 as well: without an offset it is the org's wall clock; with Z or an offset it
    # is that instant, shown in the org's time zone.
    for iso in ("2026-12-04T09:30:00", "2026-12-04T17:30:00Z", "2026-12-04T18:30+01:00"):
        code, lines, _ = run(tmp_path, capsys, source, "--now", iso, *PACIFIC)
        assert code == 0 and lines == ["04-Dec-2026 09:30:00", "04-Dec-2026", "1796405400000"]
    code, _, err = run(tmp_path, capsys, source, "--now", "2026-12-04T25:00")
    assert code == 2 and "is not a date-time" in err and "2026-12-04T09:30:00" in err
    code, lines, _ = run(tmp_path, capsys, 'r = zoho.crm.createRecord("Leads", {"Last_Name":"X"});\n'
                                           'info r.get("Created_Time");\n', *FROZEN, *PACIFIC)
    assert code == 0 and lines[0] == "2026-12-04T09:30:00-08:00"  # the sandbox's clock too


# -- the other claims of "Dates and times", each through a bare script -------------------------

def test_the_org_zone_is_utc_when_unset(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no project settings file above: the built-in default
    code, lines, _ = run(tmp_path, capsys, "info '01-Jan-1970'.toLong();\n")
    assert code == 0 and lines == ["0"]


def test_added_hours_keep_the_wall_clock_so_hours_between_differ_across_dst(tmp_path, capsys):
    code, lines, _ = run(tmp_path, capsys, '''
a = '08-Mar-2026 00:00:00';
info a.addHour(12);
info hoursBetween(a, a.addHour(12));
b = '01-Nov-2026 00:00:00';
info hoursBetween(b, b.addHour(12));
info '08-Mar-2026 01:30:00'.addHour(1);
''', *PACIFIC)
    assert code == 0 and lines == ["08-Mar-2026 12:00:00", "11", "13", "08-Mar-2026 02:30:00"]


def test_a_date_sorts_and_equals_as_its_midnight(tmp_path, capsys):
    code, lines, _ = run(tmp_path, capsys, '''
l = {'02-Jan-2020', '01-Jan-2020 12:00:00', '01-Jan-2020'};
info l.sort();
info '01-Jan-2020' == '01-Jan-2020 00:00:00';
info '01-Jan-2020' < "02-Jan-2020";
info '01-Jan-2020' == "01-Jan-2020";
info '01-Jan-2020' == 5;
''')
    assert code == 0
    assert lines == ["01-Jan-2020,01-Jan-2020 12:00:00,02-Jan-2020", "true", "true", "true",
                     "false"]


def test_dates_against_other_types_are_zohos_timestamp_error(tmp_path, capsys):
    for expression, message in (
            ("d < 5", "type TIMESTAMP and right expression is of type BIGINT and operator <"),
            ("d - '01-Jan-2019'", "of type TIMESTAMP and operator - is not valid"),
            ("d + 1", "of type BIGINT and operator + is not valid")):
        code, _, err = run(tmp_path, capsys, f"d = '01-Jan-2020';\ninfo {expression};\n")
        assert code == 1 and "Left expression is of type TIMESTAMP" in err and message in err


def test_literal_times_and_texts_that_are_no_dates(tmp_path, capsys):
    code, lines, _ = run(tmp_path, capsys, '''
info '15-Mar-2019 06:30 PM';
info '15-Mar-2019 18:30';
info '15-Mar-2019 06:30:05 am';
info '29-Feb-2019'.length();
''')
    assert code == 0
    assert lines == ["15-Mar-2019 18:30:00", "15-Mar-2019 18:30:00", "15-Mar-2019 06:30:05",
                     "11"]  # no such day: the literal stays an 11-character text
    # An ISO text with a 'T' is no date without a pattern (practitioners rewrite it first).
    code, _, err = run(tmp_path, capsys, 'info "2019-03-15T10:00:00".toDateTime();\n')
    assert code == 1 and "'2019-03-15T10:00:00' is not a valid date-time value" in err


def test_date_functions_reset_a_clock_out_of_range_as_zoho_documents(tmp_path, capsys):
    # Zoho's addDay page (and subDay, addWeek, addHour...): "If the hour value is specified as
    # 24 or more, the date-time value be reset to 00:00:00", minutes of 60 or more reset mm:ss,
    # seconds of 60 or more reset ss. The literal itself stays text.
    code, lines, _ = run(tmp_path, capsys, '''
d = '01-Jan-2019 25:00:00';
info d;
info d.addDay(1);
info '01-Jan-2019 10:75:30'.addDay(1);
info '01-Jan-2019 10:15:75'.subDay(1);
info addHour('01-Jan-2019 24:10', 1);
info hoursBetween('01-Jan-2019 25:00:00', '01-Jan-2019 10:00:00');
''')
    assert code == 0
    assert lines == ["01-Jan-2019 25:00:00", "02-Jan-2019 00:00:00", "02-Jan-2019 10:00:00",
                     "31-Dec-2018 10:15:00", "01-Jan-2019 01:00:00", "10"]
    # More than two digits, or a day the month lacks, is still an error (the same pages).
    for text in ("01-Jan-2019 100:00:00", "29-Feb-2019 25:00:00"):
        code, _, err = run(tmp_path, capsys, f"info '{text}'.addDay(1);\n")
        assert code == 1 and f"'{text}' is not a valid date-time value for the function addDay" in err


def test_offsets_and_zones_in_parsed_text_convert_to_the_org_zone(tmp_path, capsys):
    code, lines, _ = run(tmp_path, capsys, '''
info "2022-07-20 17:21:37 -0500".toDateTime("yyyy-MM-dd HH:mm:ss Z");
info "2022-07-20 17:21:37 IST".toDateTime("yyyy-MM-dd HH:mm:ss z");
info "2022-07-20T17:21:37Z".toDateTime("yyyy-MM-dd'T'HH:mm:ssXXX");
''', *PACIFIC)
    assert code == 0  # July: the org is on PDT, UTC-7
    assert lines == ["20-Jul-2022 15:21:37", "20-Jul-2022 04:51:37", "20-Jul-2022 10:21:37"]


def test_two_digit_years_follow_the_runs_clock(tmp_path, capsys):
    source = 'info "01-01-47".toDate("dd-MM-yy");\ninfo "01-01-45".toDate("dd-MM-yy");\n'
    code, lines, _ = run(tmp_path, capsys, source, "--now", "04-Dec-2026")
    assert code == 0 and lines == ["01-Jan-1947", "01-Jan-2045"]  # window 1946-2045
    code, lines, _ = run(tmp_path, capsys, source, "--now", "04-Dec-2030")
    assert lines == ["01-Jan-2047", "01-Jan-2045"]  # window 1950-2049


def test_business_days_and_month_counts_at_their_edges(tmp_path, capsys):
    code, lines, _ = run(tmp_path, capsys, '''
info '16-Mar-2019'.addBusinessDay(0);
info '17-Mar-2019'.subBusinessDay(0);
info '31-Jan-2020'.totalMonths('29-Feb-2020');
info '31-Jan-2020'.totalMonths('28-Feb-2020');
info '31-Jan-2020 10:00:00'.monthsBetween('29-Feb-2020 09:00:00');
info '29-Feb-2020'.totalYears('28-Feb-2021');
''')
    assert code == 0  # 16 and 17 March 2019 are a Saturday and a Sunday
    assert lines == ["16-Mar-2019", "17-Mar-2019", "1", "0", "0", "1"]


def test_end_of_month_and_edate_drop_the_time(tmp_path, capsys):
    # Zoho's eomonth/edate pages: "The time value is not taken into account".
    code, lines, _ = run(tmp_path, capsys, '''
info '01-Jan-2019'.eomonth(1);
info '01-Jan-2019'.edate(11);
info '01-Jan-2019 15:00:00'.edate(13);
info eomonth('15-Jan-2019 23:59:59', 0);
''')
    assert code == 0 and lines == ["28-Feb-2019", "01-Dec-2019", "01-Feb-2020", "31-Jan-2019"]


def test_unix_epoch_takes_text_and_returns_text_it_cannot_read(tmp_path, capsys):
    # Zoho's unixEpoch page: "The date-time expression has to be in text format ... If any
    # other date-type is supplied, a run-time error is encountered"; "If the function fails
    # to recognise the date-time value, it will simply return the given value in text format".
    code, lines, _ = run(tmp_path, capsys, '''
info "03-Feb-2020 03:48:12".unixEpoch("Asia/Calcutta");
info unixEpoch("03-Feb-2020 03:48:12");
info "next tuesday".unixEpoch();
info '03-Feb-2020 03:48:12'.toLong();
''', *PACIFIC)
    assert code == 0 and lines == ["1580681892000", "1580730492000", "next tuesday",
                                   "1580730492000"]
    code, _, err = run(tmp_path, capsys, "d = '03-Feb-2020 03:48:12';\ninfo d.unixEpoch();\n")
    assert code == 1
    assert "'unixEpoch' function cannot be applied to TIMESTAMP: it takes a date-time written " \
           "as TEXT" in err


def test_time_between_leaves_out_trailing_zero_parts(tmp_path, capsys):
    # Zoho's timeBetween page: "HH: in case of differences in just the hour. HH:mm: in case
    # of differences in just the hour and minute"; over a day, "elapsed number of hours".
    code, lines, _ = run(tmp_path, capsys, '''
info "6-Jan-2020 10:10:12".timeBetween('7-Jan-2020 11:20:12');
info timeBetween('01-Jan-2019 10:00:00', '02-Jan-2019 11:10:02');
info '01-Jan-2019 10:00:00'.timeBetween('01-Jan-2019 12:00:00');
info '01-Jan-2019 10:00:00'.timeBetween('01-Jan-2019 10:00:09');
info '01-Jan-2019 10:00:00'.timeBetween('01-Jan-2019 10:00:00');
info '01-Jan-2019 10:00:00'.timeBetween('01-Jan-2019 08:30:00');
''')
    assert code == 0 and lines == ["25:10", "25:10:2", "2", "0:0:9", "0", "-1:30"]
    # "This function is not supported for time fields" (the same page).
    code, _, err = run(tmp_path, capsys, "t = '10:00:00';\ninfo t.timeBetween('11:00:00');\n")
    assert code == 1 and "Not able to find 'timeBetween' function for TIME" in err


def test_numeric_text_formats_as_a_number(tmp_path, capsys):
    code, lines, _ = run(tmp_path, capsys, 'info "12345".toString("#,##0");\n'
                                           'info "15-Jan-2024".toString("yyyy");\n')
    assert code == 0 and lines == ["12,345", "2024"]


def test_hours_between_agrees_with_unix_epoch_and_there_is_no_minutes_between(tmp_path, capsys):
    code, lines, _ = run(tmp_path, capsys, '''
a = "08-Mar-2026 00:00:00";
b = "08-Mar-2026 12:00:00";
info (b.unixEpoch() - a.unixEpoch()) / 3600000;
info hoursBetween(a, b);
''', *PACIFIC)
    assert code == 0 and lines == ["11", "11"]
    # Zoho documents no minutesBetween: an unknown method, as in Zoho.
    code, _, err = run(tmp_path, capsys, "a = '01-Jan-2020 10:00:00';\n"
                                         "info a.minutesBetween('01-Jan-2020 11:00:00');\n")
    assert code == 1 and "Not able to find 'minutesBetween' function for TIMESTAMP" in err


def test_debug_takes_now_too(tmp_path):
    (tmp_path / "clock.dg").write_text("info today.addDay(7);\n", encoding="utf-8")
    env = dict(os.environ, TERM="dumb", PYTHONBREAKPOINT="0")
    done = subprocess.run([sys.executable, "-m", "deluge2py", "debug", "clock.dg", "--now",
                           "04-Dec-2026 09:30:00"], cwd=tmp_path, input="continue\n",
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0 and "11-Dec-2026 00:00:00" in done.stdout


def test_days360_behaves_as_days_between(tmp_path, capsys):
    # Zoho's days360 and daysBetween pages: "they behave in the same way".
    code, lines, _ = run(tmp_path, capsys, '''
info days360('31-Dec-1989', '01-Jan-1990');
info '1-Jan-2019'.days360('31-Dec-2019');
info '15-Jan-2019'.days360('31-Mar-2019') == '15-Jan-2019'.daysBetween('31-Mar-2019');
''')
    assert code == 0 and lines == ["1", "364", "true"]
    code, _, err = run(tmp_path, capsys, "info '1-Jan-2019'.days360();\n")
    assert code == 1 and "No. of arguments mismatches for the function days360" in err


def test_workday_examples_and_negative_counts(tmp_path, capsys):
    # Zoho's workday page: zoho.currentdate.workday(5, {"Sunday"}, {'25-May-2020'}) "assuming
    # the current date is 23-May-2020, this task returns '30-May-2020'"; "A negative number
    # will return the given date-time value as it is"; "the date value (without time value)".
    code, lines, _ = run(tmp_path, capsys, '''
info zoho.currentdate.workday(5, {"Sunday"}, {'25-May-2020'});
info '15-Mar-2019'.workday(1);
info '15-Mar-2019 10:00:00'.workday(-3);
info '15-Mar-2019'.subBusinessDay(3);
''', "--now", "23-May-2020")
    assert code == 0 and lines == ["30-May-2020", "18-Mar-2019", "15-Mar-2019", "12-Mar-2019"]


def test_business_days_keep_the_time_of_a_date_time(tmp_path, capsys):
    code, lines, _ = run(tmp_path, capsys, '''
info '15-Mar-2019 10:30:00'.addBusinessDay(1);
info '18-Mar-2019 09:00:00'.subBusinessDay(1);
info '15-Mar-2019'.addBusinessDay(1);
info '15-Mar-2019 10:30:00'.workday(1);
''')
    assert code == 0
    assert lines == ["18-Mar-2019 10:30:00", "15-Mar-2019 09:00:00", "18-Mar-2019", "18-Mar-2019"]
