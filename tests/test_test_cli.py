"""``deluge2py test`` on a bare folder, as a new user runs it: an ``add.dg`` and a test
file beside it, the command in a subprocess (its own child pytest below it)."""

import os
import re
import subprocess
import sys

import pytest

ADD_DG = "int standalone.add(int a, int b)\n{\n\treturn a + b + 1;\n}\n"
TESTS = '''\
import pytest


def test_adds(load_deluge):
    assert load_deluge("add.dg")(1, 2) == 4


def test_wrong(load_deluge):
    assert load_deluge("add.dg")(1, 2) == 3


@pytest.fixture
def broken():
    raise RuntimeError("the fixture broke")


def test_with_a_broken_fixture(broken):
    pass
'''
PROGRESS = re.compile(r"^[.FEsxX]+\s*(\[\s*\d+%\])?$", re.M)  # pytest's `..F.E  [100%]`
COUNTS = re.compile(r"\d+ (passed|failed|errors?) in ")  # pytest's closing `1 failed, ... in 0.5s`


def deluge2py(folder, *args):
    env = dict(os.environ, NO_COLOR="1", PYTEST_ADDOPTS="-p no:hypothesispytest")
    return subprocess.run([sys.executable, "-m", "deluge2py", "test", *args], cwd=folder,
                          capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "add.dg").write_text(ADD_DG)
    return tmp_path


def test_quiet_shows_every_failure_and_error_and_nothing_else(folder):
    (folder / "test_add.py").write_text(TESTS)
    result = deluge2py(folder, "-q")
    assert result.returncode == 1
    out = result.stdout
    assert re.match(r"=+ ERRORS =+\n", out), out  # no blank line, no progress first
    assert re.search(r"^=+ FAILURES =+$", out, re.M)
    assert "E       AssertionError: assert 4 == 3" in out  # the failure text
    assert "RuntimeError: the fixture broke" in out
    assert "FAILED test_add.py::test_wrong - AssertionError: assert 4 == 3" in out  # the summary
    assert "ERROR test_add.py::test_with_a_broken_fixture - RuntimeError: the fixture broke" in out
    assert not PROGRESS.search(out) and not COUNTS.search(out), out
    assert "test_adds" not in out and result.stderr == ""

    plain = deluge2py(folder)  # without -q: the progress and the counts, the same failures
    assert plain.returncode == 1
    assert PROGRESS.search(plain.stdout) and "1 failed, 1 passed, 1 error in " in plain.stdout
    assert "FAILED test_add.py::test_wrong - AssertionError: assert 4 == 3" in plain.stdout


def test_quiet_prints_nothing_when_every_test_passes(folder):
    (folder / "test_add.py").write_text(TESTS.partition("def test_wrong")[0])
    result = deluge2py(folder, "-q")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_quiet_still_says_why_pytest_could_not_run(folder):
    (folder / "empty").mkdir()
    missing = deluge2py(folder, "-q", "nope.py")
    assert missing.returncode == 2
    assert missing.stdout.strip() == "ERROR: file or directory not found: nope.py"
    nothing = deluge2py(folder, "-q", "empty")
    assert nothing.returncode == 2
    assert nothing.stderr == "deluge2py test: error: no tests were collected\n"


def test_a_test_imports_the_dg_file_beside_it(folder):
    (folder / "test_import.py").write_text(
        "from add import add\n\n\ndef test_add():\n    assert add(1, 2) == 4\n")
    result = deluge2py(folder, "-v")
    assert result.returncode == 0, result.stdout
    assert "test_import.py::test_add PASSED" in result.stdout  # -v: pytest's -v
    # the plugin every pytest run loads does not install the import hook: plain pytest
    # needs `import deluge2py.host.importer` (README, "4. Import .dg files from Python")
    env = dict(os.environ, PYTEST_ADDOPTS="-p no:hypothesispytest")
    plain = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
                           cwd=folder, capture_output=True, text=True, env=env, timeout=120)
    assert plain.returncode == 2 and "No module named 'add'" in plain.stdout
