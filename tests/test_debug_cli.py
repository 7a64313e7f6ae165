"""``deluge2py debug`` end to end: real .dg files, the real transpiler, and a
pseudo-terminal for the interactive session."""

import os
import subprocess
import sys

import pexpect
import pytest

from debug_programs import ORDERS_DG

PROMPT = r"\(dgpdb\) "


@pytest.fixture
def project(tmp_path):
    (tmp_path / "orders.dg").write_text(ORDERS_DG)
    return tmp_path


def environment():
    env = dict(os.environ, TERM="dumb", PYTHONBREAKPOINT="0")
    env.pop("DELUGE2PY_TRACEBACK", None)
    return env


def deluge2py(project, *args, stdin=""):
    return subprocess.run([sys.executable, "-m", "deluge2py", *args], cwd=project, input=stdin,
                          capture_output=True, text=True, env=environment(), timeout=60)


def test_interactive_session_in_a_terminal(project):
    child = pexpect.spawn(sys.executable, ["-m", "deluge2py", "debug", "orders.dg", "--arg", "n=2"],
                          cwd=str(project), env=environment(), encoding="utf-8", timeout=30)
    try:
        child.expect(PROMPT)
        assert "-> dg 4: total = 0;" in child.before

        child.sendline("dgbreak 8")
        child.expect(PROMPT)
        assert "Breakpoint 1 at orders.dg:8" in child.before

        child.sendline("continue")
        child.expect(PROMPT)
        assert "-> dg 8: total = total + item * n;" in child.before

        child.sendline("dgp seen")
        child.expect(PROMPT)
        assert '{"first":2}' in child.before

        child.sendline("step")
        child.expect(PROMPT)
        assert "-> dg 6: for each item in {1, 2, 3}" in child.before

        child.sendline("dgp total")
        child.expect(PROMPT)
        assert child.before.strip().splitlines()[-1] == "2"

        child.sendline("clear 1")
        child.expect(PROMPT)
        child.sendline("continue")
        child.expect(pexpect.EOF)
        assert "total 12" in child.before
        assert "returned: 12" in child.before
    finally:
        child.close(force=True)
    assert child.exitstatus == 0


def test_break_option_runs_to_the_breakpoint(project):
    result = deluge2py(project, "debug", "orders.dg", "automation.orders", "--arg", "n=3",
                       "-b", "10", stdin="dgp total\ncontinue\n")
    assert result.returncode == 0, result.stderr
    screen = result.stdout
    assert "Breakpoint 1 at orders.dg:10" in screen
    assert "dg 4:" not in screen  # did not stop at the start
    assert "-> dg 10: info \"total \" + total;" in screen
    assert "(dgpdb) 18" in screen
    assert "returned: 18" in screen


def test_runtime_error_reports_the_deluge_line(project):
    (project / "broken.dg").write_text(
        'void automation.broken()\n{\n\tm = Map();\n\tx = m.get("a").length();\n}\n')
    result = deluge2py(project, "debug", "broken.dg", stdin="continue\n")
    assert result.returncode == 1
    assert result.stderr.startswith("broken.dg:4: error: ")
    assert 'x = m.get("a").length();' in result.stderr.splitlines()[1]


def test_syntax_error_is_reported_compiler_style(project):
    (project / "bad.dg").write_text("void automation.bad()\n{\n\tinfo 1\n}\n")
    result = deluge2py(project, "debug", "bad.dg")
    assert result.returncode == 1
    assert "bad.dg:" in result.stderr and "error:" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_function_is_a_usage_error(project):
    result = deluge2py(project, "debug", "orders.dg", "nothere")
    assert result.returncode == 2
    assert "no function 'nothere'" in result.stderr and "orders" in result.stderr


def test_several_functions_need_a_name(project):
    (project / "two.dg").write_text('string standalone.first()\n{\n\treturn "one";\n}\n'
                                    'string standalone.second()\n{\n\treturn "two";\n}\n')
    result = deluge2py(project, "debug", "two.dg")
    assert result.returncode == 2
    assert "several functions" in result.stderr
    assert "standalone.first, standalone.second" in result.stderr
    named = deluge2py(project, "debug", "two.dg", "second", stdin="continue\n")
    assert named.returncode == 0, named.stderr
    assert "returned: two" in named.stdout


# -- -b on the command line: checked before anything runs ------------------------------

B_DG = 'int standalone.b(int n)\n{\n\tinfo "ran " + n;\n\treturn n + 1;\n}\n'


@pytest.fixture
def b_dg(project, monkeypatch):
    (project / "b.dg").write_text(B_DG)
    monkeypatch.chdir(project)
    return project


def test_a_break_past_the_last_statement_is_an_error_before_anything_runs(b_dg):
    result = deluge2py(b_dg, "debug", "-b", "999", "b.dg", "--arg", "n=1", stdin="continue\n")
    assert result.returncode == 2
    assert result.stderr == ("b.dg:999: error: no statement on or after line 999 "
                             "(the file has 5 lines; its last statement is on line 4)\n")
    assert result.stdout == ""  # no session, no info line: nothing ran


@pytest.mark.parametrize("spec, said", [
    ("5", "b.dg:5: error: no statement on or after line 5 (the file has 5 lines; "
          "its last statement is on line 4)"),
    ("0", "deluge2py debug: error: -b 0: line numbers start at 1"),
    ("other.dg:3", "deluge2py debug: error: -b other.dg:3: other.dg is not the file being "
                   "debugged (b.dg)"),
    ("nothere", "deluge2py debug: error: -b nothere: no function 'nothere' in b.dg; "
                "it defines: standalone.b"),
])
def test_other_breaks_that_cannot_stop_are_usage_errors(b_dg, capsys, spec, said):
    from deluge2py.cli import main

    assert main(["debug", "b.dg", "--arg", "n=1", "-b", spec]) == 2
    assert capsys.readouterr() == ("", said + "\n")


@pytest.mark.parametrize("spec", ["b.dg:3", "1", "standalone.b"])
def test_every_form_of_break_stops_at_its_line(b_dg, spec):
    # 3 is the first statement (pdb's own `continue` would pass it), 1 the header
    result = deluge2py(b_dg, "debug", "b.dg", "--arg", "n=1", "-b", spec,
                       stdin="dgp n\ncontinue\n")
    assert result.returncode == 0, result.stderr
    assert "Breakpoint 1 at b.dg:3" in result.stdout
    assert '-> dg 3: info "ran " + n;' in result.stdout
    assert "(dgpdb) 1\n" in result.stdout
    assert "returned: 2" in result.stdout


def test_break_inside_the_session_past_the_end_stays_at_the_prompt(b_dg):
    result = deluge2py(b_dg, "debug", "b.dg", "--arg", "n=1", stdin="b 999\ncontinue\n")
    assert result.returncode == 0, result.stderr
    assert "*** no statement on or after line 999" in result.stdout
    assert "returned: 2" in result.stdout


UNASSIGNED_DG = """\
a = 1;
b = 2;
info a;
if(a > 0)
{
\tinfo b;
\ttotal = a + b;
}
info total;
"""


def test_printing_a_variable_before_it_is_assigned_speaks_deluge(tmp_path):
    (tmp_path / "sum.dg").write_text(UNASSIGNED_DG)
    result = deluge2py(tmp_path, "debug", "sum.dg", "-b", "3",
                       stdin="p total\ndgp total\ntotal\np total + 1\ndgp zzz\ndgp b\ncontinue\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("*** 'total' has no value yet (first assigned at line 7)") == 4
    assert "*** 'zzz' is not a variable of this function" in result.stdout
    assert "NameError" not in result.stdout + result.stderr
    assert "(dgpdb) 2\n" in result.stdout  # an assigned one prints as before


TWO_FUNCTIONS_DG = """\
void main(int n)
{
\tinfo n;
\tif(n > 5)
\t{
\t\tinfo "big";
\t}
}
void helper()
{
\tinfo "h";
}
"""


def test_a_break_never_reached_is_said_after_the_run(tmp_path):
    (tmp_path / "e.dg").write_text(TWO_FUNCTIONS_DG)
    result = deluge2py(tmp_path, "debug", "e.dg", "main", "--arg", "n=1", "-b", "helper",
                       "-b", "6", "-b", "e.dg:3", stdin="continue\n")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "e.dg:11: warning: -b helper: helper was never called, so line 11 was never reached",
        "e.dg:6: warning: -b 6: line 6 was never reached"]  # line 3 was: nothing said


def test_breaks_reached_or_a_session_quit_say_nothing(tmp_path):
    (tmp_path / "e.dg").write_text(TWO_FUNCTIONS_DG)
    reached = deluge2py(tmp_path, "debug", "e.dg", "main", "--arg", "n=9", "-b", "6",
                        stdin="continue\n")
    assert reached.returncode == 0 and "-> dg 6:" in reached.stdout
    assert "never reached" not in reached.stderr
    quit_early = deluge2py(tmp_path, "debug", "e.dg", "main", "--arg", "n=9", "-b", "3",
                           "-b", "helper", stdin="quit\n")
    assert quit_early.returncode == 0 and "never reached" not in quit_early.stderr
    quiet = deluge2py(tmp_path, "debug", "-q", "e.dg", "main", "--arg", "n=1", "-b", "helper")
    assert quiet.returncode == 0 and quiet.stderr == ""
