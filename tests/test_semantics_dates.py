"""The claims of docs/semantics.md, "Built-ins: dates, lists, maps, collections" (dates and
times part), pinned through ``deluge2py run`` on bare scripts of our own, in the org zone
the claim is about (``--time-zone``)."""

from __future__ import annotations

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
        "11", "11:0:0", "23", "1",      # spring: 12 wall-clock hours are 11 elapsed; a 23-hour day
        "13", "13:30:5", "-13", "1",    # fall: 12 wall-clock hours are 13 elapsed; a 25-hour day
        "24",                           # an ordinary day
    ]


def test_in_utc_elapsed_and_wall_clock_hours_agree(tmp_path, capsys):
    code, lines, _ = run(tmp_path, capsys, ACROSS_DST, "--time-zone", "UTC")
    assert code == 0
    assert lines == ["12", "12:0:0", "24", "1", "12", "12:30:5", "-12", "1", "24"]


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
    source = "info now;\ninfo today;\ninfo now.unixEpoch();\n"
    code, lines, _ = run(tmp_path, capsys, source, *FROZEN, *PACIFIC)
    assert code == 0 and lines == ["04-Dec-2026 09:30:00", "04-Dec-2026", "1796405400000"]
    code, lines, _ = run(tmp_path, capsys, source, "--now", "04-Dec-2026", "--time-zone", "UTC")
    assert lines == ["04-Dec-2026 00:00:00", "04-Dec-2026", "1796342400000"]
    code, _, err = run(tmp_path, capsys, source, "--now", "soon")
    assert code == 2 and "--now 'soon' is not a date-time" in err
