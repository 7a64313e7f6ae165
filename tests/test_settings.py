"""Project settings: found upwards like black/ruff, flags override, `deluge2py config`
says where each value came from, and `run` uses them (fixtures, edition, time zone,
the project's own ledger)."""

import json
import os
import shutil
import subprocess
import textwrap

import pytest

from deluge2py.cli import main
from deluge2py.host import settings

FUNCTION = textwrap.dedent("""\
    string automation.greet(Int id)
    {
    \tlead = zoho.crm.getRecordById("Leads", id);
    \tinfo "2026-03-05".toDate();
    \treturn lead.get("Last_Name") + " in " + zoho.currenttime.toString("zzz");
    }
    """)


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project as a user writes it: pyproject.toml, a function, fixtures by hand."""
    root = tmp_path / "crm"
    (root / "flows").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "pyproject.toml").write_text(textwrap.dedent("""\
        [project]
        name = "crm-scripts"

        [tool.deluge2py]
        edition = "professional"
        users = 4
        time-zone = "Asia/Kolkata"
        date-format = "dd/MM/yyyy"
        fixtures = "flows/fixtures.json"
        sources = ["flows"]
        """))
    (root / "flows" / "f.dg").write_text(FUNCTION)
    (root / "flows" / "fixtures.json").write_text(
        '{"Leads": [{"id": "1", "Last_Name": "Rao"}]}\n')
    monkeypatch.setenv("DELUGE2PY_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(root / "flows")
    return root


def config(capsys, *flags):
    assert main(["config", "--json", *flags]) == 0
    return json.loads(capsys.readouterr().out)["settings"]


def test_run_takes_fixtures_edition_and_zone_from_the_settings(project, capsys):
    assert main(["run", "f.dg", "--arg", "id=1", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["result"] == "Rao in IST"  # the fixtures, and the org's time zone
    assert out["info"] == ["05/03/2026"]  # the org's date format
    ledger = project / ".deluge2py" / "ledger.jsonl"  # the project's ledger, git-ignored
    assert (project / ".deluge2py" / ".gitignore").read_text().splitlines()[-2:] == [
        "ledger.jsonl*", ".gitignore"]
    kinds = [json.loads(line)["kind"] for line in ledger.read_text().splitlines()]
    assert kinds == ["function", "api", "run"]
    assert not (project.parent / "home" / "ledger.jsonl").exists()
    assert main(["credits"]) == 0
    out = capsys.readouterr().out
    assert f"from {ledger} (project default)" in out
    assert "(professional edition): 1 of 52,000 API credits" in out  # 50,000 + 4 users x 500


def test_config_says_where_each_value_came_from(project, capsys):
    values = config(capsys)
    where = f"{project / 'pyproject.toml'} [tool.deluge2py]"
    assert values["edition"] == {"value": "professional", "from": where}
    assert values["time_zone"] == {"value": "Asia/Kolkata", "from": where}
    assert values["fixtures"] == {"value": str(project / "flows" / "fixtures.json"), "from": where}
    assert values["db"] == {"value": "(none)", "from": "default"}
    assert values["ledger"] == {"value": str(project / ".deluge2py" / "ledger.jsonl"),
                                "from": "project default"}
    assert main(["config"]) == 0
    text = capsys.readouterr().out
    assert f"settings file: {project / 'pyproject.toml'}" in text
    assert any(line.split()[:2] == ["edition", "professional"] for line in text.splitlines())


def test_flags_beat_the_file_and_the_file_beats_the_defaults(project, capsys):
    values = config(capsys, "--edition", "free", "--ledger", "elsewhere.jsonl")
    assert values["edition"] == {"value": "free", "from": "command line"}
    assert values["ledger"] == {"value": "elsewhere.jsonl", "from": "command line"}
    assert values["users"]["value"] == "4"  # untouched: still the file's
    assert main(["run", "f.dg", "--arg", "id=1", "--time-zone", "UTC", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["result"] == "Rao in UTC"


def test_deluge2py_toml_is_nearer_than_pyproject(project, capsys):
    (project / "flows" / "deluge2py.toml").write_text('edition = "starter"\n')
    values = config(capsys)
    assert values["edition"] == {"value": "starter", "from": str(project / "flows" / "deluge2py.toml")}
    assert values["users"]["from"] == "default"  # one file is read, not merged


def test_no_settings_file_means_defaults_and_the_machine_ledger(tmp_path, monkeypatch, capsys):
    (tmp_path / ".git").mkdir()  # the walk stops at a repository's root
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DELUGE2PY_HOME", str(tmp_path / "home"))
    values = config(capsys)
    assert {v["from"] for k, v in values.items() if k != "ledger"} == {"default"}
    assert values["ledger"] == {"value": str(tmp_path / "home" / "ledger.jsonl"),
                                "from": "machine-wide default"}


@pytest.mark.parametrize("body, message", [
    ('edition = "platinum"', "edition: unknown Zoho CRM edition 'platinum'"),
    ('time-zone = "Mars/Olympus"', "unknown time zone 'Mars/Olympus'"),
    ("users = 0", "users must be a whole number of 1 or more"),
    ('colour = "yes"', "unknown setting 'colour'"),
    ("edition = ", "not valid TOML"),
])
def test_bad_settings_are_usage_errors(project, capsys, body, message):
    (project / "pyproject.toml").write_text(f"[tool.deluge2py]\n{body}\n")
    assert main(["run", "f.dg", "--arg", "id=1"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{project / 'pyproject.toml'}: error: ") and message in err
    assert not (project / ".deluge2py").exists()  # refused before anything ran


@pytest.mark.parametrize("value", ["-3", "0", "ten"])
def test_a_users_flag_below_one_is_a_usage_error_as_in_the_file(project, capsys, value):
    with pytest.raises(SystemExit) as stop:
        main(["run", "f.dg", "--arg", "id=1", "--users", value])
    assert stop.value.code == 2
    assert "deluge2py run: error: argument --users: must be a whole number of 1 or more" in \
        capsys.readouterr().err
    assert not (project / ".deluge2py").exists()  # refused before anything ran


def test_find_walks_up_and_stops_at_the_repository_root(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.deluge2py]\nusers = 3\n")
    inner = tmp_path / "repo" / "a" / "b"
    inner.mkdir(parents=True)
    assert settings.load(inner).users == 3
    (tmp_path / "repo" / ".git").mkdir()
    assert settings.load(inner).file is None
    (tmp_path / "repo" / "pyproject.toml").write_text("[project]\nname = 'x'\n")  # no table: skipped
    assert settings.load(inner).file is None


def test_debug_takes_the_same_settings_and_options_as_run(project):
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "deluge2py", "debug", "f.dg", "--arg", "id=1",
                           "--date-format", "yyyy.MM.dd", "--edition", "starter"],
                          input="continue\n", capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, NO_COLOR="1"))
    assert proc.returncode == 0, proc.stderr
    assert "2026.03.05" in proc.stdout  # the flag's date format
    assert "returned: Rao in IST" in proc.stdout  # the file's fixtures and time zone
    free = subprocess.run([sys.executable, "-m", "deluge2py", "debug", "f.dg", "--arg", "id=1",
                           "--edition", "free"], input="continue\n", capture_output=True,
                          text=True, timeout=60, env=dict(os.environ, NO_COLOR="1"))
    assert free.returncode == 1 and "the free edition allows 0 function executions" in free.stderr


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_project_ledger_leaves_git_status_clean(project, capsys):
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    before = subprocess.run(["git", "status", "--porcelain"], cwd=project, check=True,
                            capture_output=True, text=True).stdout
    assert main(["run", "f.dg", "--arg", "id=1"]) == 0
    capsys.readouterr()
    assert (project / ".deluge2py" / "ledger.jsonl").exists()
    after = subprocess.run(["git", "status", "--porcelain"], cwd=project, check=True,
                           capture_output=True, text=True).stdout
    assert after == before
