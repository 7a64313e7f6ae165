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
