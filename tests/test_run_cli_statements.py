"""deluge2py run: the statement count it reports, and its error report agreeing with debug's."""

import json
import os
import subprocess
import sys

import pytest

from deluge2py.cli import main
from deluge2py.cmd_run import execute

# Statements outside loops: total, info, for, info, return = 5 (charged when the function starts).
# The outer loop body: the if, the statement in its branch, the inner for = 3 a pass.
# The inner loop body: 1 a pass, 2 passes for each outer pass.
TALLY = """\
int standalone.tally(int stop)
{
\ttotal = 0;
\tinfo "start";
\tfor each n in {1, 2, 3}
\t{
\t\tif(n == stop)
\t\t{
\t\t\tmissing = {1}.get(5);
\t\t}
\t\tfor each m in {10, 20}
\t\t{
\t\t\ttotal = total + m;
\t\t}
\t}
\tinfo total;
\treturn total;
}
"""
OUTSIDE, OUTER_BODY, INNER_BODY, INNER_PASSES = 5, 3, 1, 2


def counted(outer_passes, full_inner_runs):
    """What docs/architecture.md says the limits counter counts."""
    return OUTSIDE + outer_passes * OUTER_BODY + full_inner_runs * INNER_PASSES * INNER_BODY


@pytest.fixture
def tally(tmp_path, monkeypatch):
    monkeypatch.setenv("DELUGE2PY_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tally.dg").write_text(TALLY)
    return "tally.dg"


def test_a_loop_counts_its_body_on_every_pass(tally, capsys):
    run = execute(tally, args={"stop": 0})
    assert run.error is None
    assert run.result == 90
    assert run.statements == counted(outer_passes=3, full_inner_runs=3)
    assert run.statements == run.context.limits.executed

    assert main(["run", tally, "--arg", "stop=0", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["statements"] == counted(3, 3)


def test_a_failure_in_a_loop_counts_only_the_passes_begun(tally, capsys):
    # Fails in the second outer pass, before its inner loop starts.
    expected = counted(outer_passes=2, full_inner_runs=1)
    assert main(["run", tally, "--arg", "stop=2", "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["error"]["line"] == 9
    assert out["statements"] == expected

    assert main(["run", tally, "--arg", "stop=2"]) == 1
    report = next(line for line in capsys.readouterr().out.splitlines()
                  if line.startswith("credits: "))
    assert report.endswith(f"; {expected} statements counted (limit 200000)")


def test_a_failure_before_any_loop_counts_the_statements_outside_loops(tmp_path, tally, capsys):
    # The body's statements outside loops are charged when the function starts (the
    # contract), so the two after the failing line are in the count too.
    (tmp_path / "early.dg").write_text(
        "int standalone.early()\n{\n\tx = {1}.get(3);\n\tinfo x;\n\treturn 1;\n}\n")
    run = execute("early.dg")
    assert run.error is not None and run.error_line == 3
    assert run.statements == run.context.limits.executed == 3


def test_run_and_debug_print_the_same_error_head(tally, capsys):
    assert main(["run", tally, "--arg", "stop=1"]) == 1
    run_err = capsys.readouterr().err.splitlines()
    env = dict(os.environ, TERM="dumb", PYTHONBREAKPOINT="0")
    env.pop("DELUGE2PY_TRACEBACK", None)
    debug = subprocess.run([sys.executable, "-m", "deluge2py", "debug", tally, "--arg", "stop=1"],
                           input="continue\n", capture_output=True, text=True, env=env, timeout=60)
    assert debug.returncode == 1
    debug_err = debug.stderr.splitlines()
    assert run_err[:2] == debug_err[:2]
    assert run_err[0].startswith("tally.dg:9: error: ")
    assert run_err[1].strip() == "missing = {1}.get(5);"
    assert "Traceback (most recent call last):" not in run_err
    assert main(["run", tally, "--arg", "stop=1", "--traceback"]) == 1
    assert "Traceback (most recent call last):" in capsys.readouterr().err
