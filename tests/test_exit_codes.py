"""Every command's exit codes, as the README's table lists them: 0 all good, 1 a Deluge
error, 2 usage (a bad flag, a missing file, bad settings, nothing to do), and one
wording per failure (``deluge2py COMMAND: error: ...`` or ``file.dg:LINE:COL: error:``)."""

import io
import os
import re
import socket

import pytest

from deluge2py.cli import COMMANDS, main

from live_support import serve_sandbox_process

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# command -> exit code -> a command line that gives it (run in the `tree` fixture)
CASES = {
    "check": {0: ["check", "ok.dg"], 1: ["check", "bad.dg"], 2: ["check", "empty"]},
    "convert": {0: ["convert", "ok.dg", "-o", "out"], 1: ["convert", "bad.dg", "-o", "out"],
                2: ["convert", "nope.dg"]},
    "run": {0: ["run", "ok.dg"], 1: ["run", "boom.dg"], 2: ["run", "ok.dg", "--fixtures", "nope.json"]},
    "debug": {0: ["debug", "ok.dg"], 1: ["debug", "bad.dg"], 2: ["debug", "ok.dg", "--arg", "x=1"]},
    "credits": {0: ["credits"], 1: ["credits", "--estimate", "bad.dg"],
                2: ["credits", "--since", "someday"]},
    "config": {0: ["config"], 2: ["config", "--edition", "gold"]},
    "test": {0: ["test", "test_ok.py"], 1: ["test", "test_fails.py"], 2: ["test", "nope.py"]},
    "completion": {0: ["completion", "bash"], 2: ["completion", "tcsh"]},
    "auth": {0: ["auth", "--code", "1000.grant", "--accounts-url", "{server}"],
             1: ["auth", "--code", "1000.grant", "--accounts-url", "{closed}"],
             2: ["auth", "--code", "1000.grant", "--client-id", ""]},
    "serve-sandbox": {1: ["serve-sandbox", "--port", "0", "--functions", "."],
                      2: ["serve-sandbox", "--port", "0", "--faults", "sometimes"]},
    "pull": {2: ["pull", "--profile", "nobody"]},
    "status": {2: ["status", "--offline"]},
    "diff": {2: ["diff", "--offline"]},
    "push": {2: ["push"]},
}
# Codes checked by another test, against the fake org it starts (they need a pulled project).
ELSEWHERE = {(command, code): "test_org_sync.py"
             for command in ("pull", "status", "diff", "push") for code in (0, 1)}
USAGE_WORDING = {
    "check": "deluge2py check: error: no Deluge files (*.dg, *.deluge) in empty",
    "convert": "deluge2py convert: error: nope.dg: no such file or folder",
    "run": "deluge2py run: error: nope.json: no such file or folder",
    "debug": "deluge2py debug: error: f has no parameter 'x'; it takes none",
    "credits": "deluge2py credits: error: --since 'someday'",
    "config": "deluge2py config: error: --edition: unknown Zoho CRM edition 'gold'",
    "completion": "deluge2py completion: error: argument shell: invalid choice: 'tcsh'",
    "auth": "deluge2py auth: error: --client-id is needed",
    "serve-sandbox": "deluge2py serve-sandbox: error: --faults: ",
    "pull": "deluge2py pull: error: no Zoho credentials for profile 'nobody'",
    "status": "deluge2py status: error: no deluge2py.lock in this folder or above",
    "diff": "deluge2py diff: error: no deluge2py.lock in this folder or above",
    "push": "deluge2py push: error: no deluge2py.lock in this folder or above",
}


@pytest.fixture
def tree(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    (tmp_path / "ok.dg").write_text('void f()\n{\n\tinfo "hi";\n}\n')
    (tmp_path / "bad.dg").write_text("x = ;\n")
    (tmp_path / "boom.dg").write_text('void f()\n{\n\tx = "a".toLong();\n}\n')
    (tmp_path / "empty").mkdir()
    (tmp_path / "test_ok.py").write_text("def test_ok():\n    pass\n")
    (tmp_path / "test_fails.py").write_text("def test_fails():\n    assert 1 == 2\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DELUGE2PY_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # no credentials profile
    monkeypatch.setenv("PYTEST_ADDOPTS", "-p no:hypothesispytest")  # `test`'s child pytest: faster
    for name in ("DELUGE2PY_CLIENT_ID", "DELUGE2PY_CLIENT_SECRET", "DELUGE2PY_REFRESH_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def readme_table() -> dict[str, dict[int, str]]:
    """The README's exit-code table: command -> code -> what it means ('-': never)."""
    text = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    section = text.split("### Exit codes", 1)[1].split("\n#", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    table = {}
    for line in rows[2:]:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        table[cells[0].strip("`")] = {code: cells[code + 1] for code in (0, 1, 2)}
    return table


@pytest.fixture
def auth_env(tree, monkeypatch):
    """A client id and secret, a private credentials file, and URLs for ``auth``: a fake
    Zoho started by this test on loopback, and a loopback port nobody listens on."""
    monkeypatch.setenv("HOME", str(tree / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tree / "home" / ".config"))
    monkeypatch.setenv("DELUGE2PY_CLIENT_ID", "1000.EXITCODES")
    monkeypatch.setenv("DELUGE2PY_CLIENT_SECRET", "exit-codes-secret")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    with serve_sandbox_process() as url:
        yield {"server": url, "closed": closed}


def never(meaning: str) -> bool:
    return meaning.startswith(("-", "—")) or not meaning


def exit_code(argv, tree, monkeypatch) -> tuple[int, str]:
    if argv[0] == "debug":  # the debugger reads its commands from stdin: "continue"
        monkeypatch.setattr("sys.stdin", io.StringIO("continue\n"))
    try:
        return main(argv), ""
    except SystemExit as exc:  # argparse's own usage errors
        return exc.code, ""


def test_the_readme_lists_every_command():
    assert sorted(readme_table()) == sorted(COMMANDS)
    assert sorted(CASES) == sorted(COMMANDS)


@pytest.mark.parametrize("command, code", [(c, k) for c, codes in CASES.items() for k in codes])
def test_exit_code(command, code, tree, capsys, request, monkeypatch):
    assert not never(readme_table()[command][code]), "the README says it never happens"
    argv = CASES[command][code]
    if command == "auth":
        urls = request.getfixturevalue("auth_env")
        argv = [a.format(**urls) for a in argv]
    got, err = exit_code(argv, tree, monkeypatch)
    captured = capsys.readouterr()
    err += captured.err + (captured.out if command == "check" else "")  # check reports on stdout
    assert got == code, err
    if code == 2 and command in USAGE_WORDING:
        assert USAGE_WORDING[command] in err
    if code == 1 and command not in ("auth", "test"):
        assert re.search(r"^(\S*/)?(bad|boom)\.dg:\d+(:\d+)?: error: ", err, re.M), err


def test_codes_the_readme_says_never_happen_are_not_tested_as_happening():
    for command, codes in readme_table().items():
        for code, meaning in codes.items():
            tested = code in CASES[command] or (command, code) in ELSEWHERE
            assert never(meaning) == (not tested), (command, code)


def test_the_codes_tested_elsewhere_are_tested_there():
    for (command, code), name in ELSEWHERE.items():
        text = open(os.path.join(ROOT, "tests", name), encoding="utf-8").read()
        assert f'cli("{command}"' in text, (command, name)
