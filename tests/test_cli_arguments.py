"""A flag a subcommand does not know is that subcommand's usage error: its own usage
and ``deluge2py COMMAND: error: unrecognized arguments: ...``, exit 2."""

import subprocess
import sys

import pytest

from deluge2py.cli import main


def test_run_reports_an_unknown_flag_with_its_own_usage(tmp_path):
    (tmp_path / "a.dg").write_text('info "hi";\n')
    result = subprocess.run([sys.executable, "-m", "deluge2py", "run", "--bogus", "a.dg"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith("usage: deluge2py run [-h] [-q | -v]")
    assert lines[-1] == "deluge2py run: error: unrecognized arguments: --bogus"


@pytest.mark.parametrize("argv, usage, message", [
    (["check", "a.dg", "--bogus"], "usage: deluge2py check ", "unrecognized arguments: --bogus"),
    (["debug", "a.dg", "--nope", "1"], "usage: deluge2py debug ",
     "unrecognized arguments: --nope 1"),
    (["config", "--bogus"], "usage: deluge2py config ", "unrecognized arguments: --bogus"),
    (["test", "-x"], "usage: deluge2py test ",
     "unrecognized arguments: -x (pytest's options go after --: deluge2py test -- -x -k NAME)"),
])
def test_each_command_owns_its_unknown_flags(capsys, argv, usage, message):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(usage), err
    assert err.endswith(f"deluge2py {argv[0]}: error: {message}\n"), err


def test_an_unknown_flag_before_the_command_is_the_top_level_one(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--bogus", "run", "a.dg"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: deluge2py [-h] [--version] COMMAND ...")
    assert err.endswith("deluge2py: error: unrecognized arguments: --bogus\n")
