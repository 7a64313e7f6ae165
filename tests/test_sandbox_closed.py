"""The sandbox's SQLite connection is closed when a run ends, however it ends (Python 3.13
warns ``ResourceWarning: unclosed database`` otherwise): ``run`` (a return, a Deluge
error, fixtures that do not load, Ctrl-C), ``debug``, and the pytest plugin's fixtures at
teardown.  Checked on the connections themselves, so on every Python, and once through
``python -X dev -W error::ResourceWarning`` as a user would see it."""

import sqlite3
import subprocess
import sys

import pytest

from deluge2py import cmd_run
from deluge2py.cli import main
from deluge2py.runtime.backends import store as store_module

from test_run_cli import private_ledger  # noqa: F401  (an autouse fixture)

pytest_plugins = ["pytester"]

SCRIPT = 'info "hi";\nx = zoho.crm.getRecordById("Leads", 1);\n'
FAILS = 'x = "abc".toLong();\n'


@pytest.fixture
def stores(monkeypatch):
    """Every ``Store`` the code under test opens."""
    opened = []
    real_init = store_module.Store.__init__

    def spy(self, *args, **kwargs):
        opened.append(self)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(store_module.Store, "__init__", spy)
    return opened


def closed(store) -> bool:
    try:
        store.db.execute("select 1")
    except sqlite3.ProgrammingError:  # Cannot operate on a closed database.
        return True
    return False


@pytest.mark.parametrize("source, status", [(SCRIPT, 0), (FAILS, 1)])
def test_run_closes_the_sandbox(tmp_path, stores, source, status):
    script = tmp_path / "s.dg"
    script.write_text(source)
    assert main(["run", "-q", str(script)]) == status
    assert stores and all(closed(s) for s in stores)


def test_run_closes_it_when_the_fixtures_do_not_load(tmp_path, stores, capsys):
    script = tmp_path / "s.dg"
    script.write_text(SCRIPT)
    fixtures = tmp_path / "f.json"
    fixtures.write_text('{"Leads": [{"id": "1", "Last_Name": "A"}, {"id": "1", "Last_Name": "B"}]}')
    assert main(["run", str(script), "--fixtures", str(fixtures)]) == 2
    assert stores and all(closed(s) for s in stores)


def test_run_closes_it_on_ctrl_c(tmp_path, stores, monkeypatch):
    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(cmd_run, "_run_in", interrupted)
    script = tmp_path / "s.dg"
    script.write_text(SCRIPT)
    assert main(["run", "-q", str(script)]) == 130
    assert stores and all(closed(s) for s in stores)


def test_make_fixtures_closes_its_sandbox(tmp_path, stores):
    script = tmp_path / "s.dg"
    script.write_text(SCRIPT)
    assert main(["run", "-q", str(script), "--make-fixtures", str(tmp_path / "made.json")]) == 0
    assert stores and all(closed(s) for s in stores)


def test_debug_closes_the_sandbox(tmp_path, stores, monkeypatch):
    script = tmp_path / "s.dg"
    script.write_text(SCRIPT)
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("continue\n"))
    assert main(["debug", str(script)]) == 0
    assert stores and all(closed(s) for s in stores)


def test_no_resource_warning_as_a_user_runs_it(tmp_path):
    script = tmp_path / "s.dg"
    script.write_text(SCRIPT)
    failing = tmp_path / "f.dg"
    failing.write_text(FAILS)
    for path, status in ((script, 0), (failing, 1)):
        result = subprocess.run(
            [sys.executable, "-X", "dev", "-W", "error::ResourceWarning", "-m", "deluge2py",
             "run", str(path)], capture_output=True, text=True, timeout=60,
            env={**__import__("os").environ, "DELUGE2PY_HOME": str(tmp_path / "home")})
        assert result.returncode == status, result.stderr
        assert "ResourceWarning" not in result.stderr
        assert "unclosed" not in result.stderr


def test_plugin_fixtures_close_the_sandbox_at_teardown(pytester):
    pytester.makepyfile(test_it="""
        import sqlite3

        import pytest

        held = []

        def test_uses_the_sandbox(deluge_crm):
            held.append(deluge_crm)
            assert deluge_crm.records("Leads") == []

        def test_it_was_closed_at_teardown():
            with pytest.raises(sqlite3.ProgrammingError):
                held[0].store.db.execute("select 1")
    """)
    result = pytester.runpytest("-q", "-p", "no:hypothesispytest", "-p", "no:benchmark",
                                "-p", "no:randomly")
    result.assert_outcomes(passed=2)


def test_a_sandbox_nobody_closes_closes_its_connection_when_collected():
    # The sandbox a Context makes for itself, or a SandboxCRM of the Python API left open:
    # its connection closes with it (or at exit), so Python 3.13 has nothing to warn about.
    import gc

    from deluge2py.runtime import Context, zoho

    with Context() as ctx:
        zoho.crm.createRecord("Leads", {"Last_Name": "Lee"})
    db = ctx.crm.store.db
    assert db.execute("select 1").fetchone() == (1,)  # still usable after the block
    del ctx
    gc.collect()
    with pytest.raises(sqlite3.ProgrammingError):
        db.execute("select 1")
