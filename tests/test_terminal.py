"""Terminal manners: colour only on a terminal and never under NO_COLOR, and shell
completion scripts generated from the commands' own options."""

import io
import shutil
import subprocess

import pytest

from deluge2py.cli import COMMANDS, main
from deluge2py.terminal import Output, colour_enabled


class Tty(io.StringIO):
    def isatty(self):
        return True


def test_colour_on_a_terminal_only_and_never_under_no_color(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    error = "deal.dg:3:5: error: unexpected ';'\n    x = ;\n        ^"
    tty, pipe = Tty(), io.StringIO()
    Output().diagnostic(error, tty)
    Output().diagnostic(error, pipe)
    assert "\x1b[" in tty.getvalue() and "error:" in tty.getvalue()
    assert tty.getvalue().endswith("    x = ;\n        ^\n")  # source and caret unstyled
    assert pipe.getvalue() == error + "\n"
    monkeypatch.setenv("NO_COLOR", "1")
    assert not colour_enabled(Tty())
    quiet = Tty()
    Output().diagnostic(error, quiet)
    assert quiet.getvalue() == error + "\n"


def test_quiet_and_verbose(capsys):
    out = Output(quiet=True)
    out.say("progress")
    out.show("asked for")
    Output(verbose=1).detail("detail")
    Output().detail("hidden")
    captured = capsys.readouterr()
    assert captured.out == "asked for\n"
    assert captured.err == "detail\n"


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_list_every_command_and_its_flags(shell, capsys):
    assert main(["completion", shell]) == 0
    script = capsys.readouterr().out
    for command in COMMANDS:
        assert command in script
    for flag in ("--fixtures", "--time-zone", "--estimate", "--watch"):
        assert flag.lstrip("-") in script
    interpreter = shutil.which(shell)
    if interpreter and shell != "fish":  # the shell itself finds no syntax error
        proc = subprocess.run([interpreter, "-n"], input=script, capture_output=True, text=True,
                              timeout=30)
        assert proc.returncode == 0, proc.stderr


def test_bash_completion_completes_a_subcommand_and_its_flags(capsys):
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    assert main(["completion", "bash"]) == 0
    script = capsys.readouterr().out
    probe = script + (
        'COMP_WORDS=(deluge2py cre); COMP_CWORD=1; _deluge2py; echo "${COMPREPLY[@]}"\n'
        'COMP_WORDS=(deluge2py credits --est); COMP_CWORD=2; _deluge2py; echo "${COMPREPLY[@]}"\n')
    proc = subprocess.run([bash, "-c", probe], capture_output=True, text=True, timeout=30)
    assert proc.stdout.splitlines() == ["credits", "--estimate"]


def test_rich_is_imported_only_when_colour_is_shown(tmp_path):
    import os
    import sys

    (tmp_path / "ok.dg").write_text("x = 1;\n")
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "deluge2py", "check", "ok.dg"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, NO_COLOR="1"))
    assert proc.returncode == 0, proc.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines() if "|" in line}
    assert "deluge2py.terminal" in imported
    assert not {name for name in imported if name == "rich" or name.startswith("rich.")}
