"""``--watch`` on ``check`` and ``convert``: a real file saved while the command watches.

Each test starts the command in a subprocess, waits until it watches, saves a file,
reads what it prints about that change, and stops it (bounded: 30 s at most each).
"""

import os
import selectors
import subprocess
import sys
import time

import pytest

TIMEOUT = 30


class Watcher:
    def __init__(self, *argv, cwd):
        env = dict(os.environ, NO_COLOR="1", PYTHONUNBUFFERED="1",
                   PYTEST_ADDOPTS="-p no:hypothesispytest")  # `test`'s child pytest: faster
        self.proc = subprocess.Popen([sys.executable, "-m", "deluge2py", *argv], cwd=cwd, env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.seen = []
        self.rest = b""

    def wait_for(self, text):
        """Lines printed until one containing ``text`` (fails after TIMEOUT)."""
        selector = selectors.DefaultSelector()
        selector.register(self.proc.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + TIMEOUT
        start = len(self.seen)
        while time.monotonic() < deadline:
            if not selector.select(timeout=deadline - time.monotonic()):
                break
            chunk = os.read(self.proc.stdout.fileno(), 65536)  # not readline: no hidden buffer
            if not chunk:
                break
            *lines, self.rest = (self.rest + chunk).split(b"\n")
            self.seen += [line.decode() for line in lines]
            if any(text in line for line in self.seen[start:]):
                return self.seen[start:]
        pytest.fail(f"never printed {text!r}; printed: {self.seen}")

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "a.dg").write_text("x = 1;\ninfo x;\n")
    (tmp_path / "b.dg").write_text("y = 2;\ninfo y;\n")
    return tmp_path


def save(path, text):
    time.sleep(0.3)  # let the watcher settle after its first pass
    path.write_text(text)


def test_check_watch_prints_only_the_file_that_changed(tree):
    watcher = Watcher("check", "--watch", ".", cwd=tree)
    try:
        watcher.wait_for("watching")
        save(tree / "a.dg", "x = ;\n")
        lines = watcher.wait_for("2 files checked, 1 with errors")
        assert any(line.startswith("a.dg:1:5: error:") for line in lines)
        assert not any("b.dg" in line for line in lines)  # b.dg did not change
        save(tree / "a.dg", "x = 3;\n")
        lines = watcher.wait_for("2 files checked, 0 with errors")
        assert "a.dg: ok" in lines
    finally:
        watcher.stop()


def test_convert_watch_rewrites_the_changed_module(tree):
    watcher = Watcher("convert", "--watch", "-o", "out", ".", cwd=tree)
    try:
        watcher.wait_for("watching")
        assert "Number(1)" in (tree / "out" / "a.py").read_text()
        save(tree / "a.dg", "x = 41;\ninfo x;\n")
        lines = watcher.wait_for("converted a.dg")
        assert not any("b.dg" in line for line in lines)
        assert "Number(41)" in (tree / "out" / "a.py").read_text()
    finally:
        watcher.stop()


def test_test_watch_prints_only_the_tests_whose_outcome_changed(tree):
    (tree / "test_a.py").write_text(
        "def test_a(load_deluge, info_log):\n"
        "    load_deluge('a.dg')()\n"
        "    assert info_log == ['1']\n\n"
        "def test_b(load_deluge, info_log):\n"
        "    load_deluge('b.dg')()\n"
        "    assert info_log == ['2']\n")
    (tree / "a.dg").write_text("x = 1;\ninfo x;\n")
    watcher = Watcher("test", "--watch", ".", cwd=tree)
    try:
        assert "2 passed" in watcher.wait_for("watching")[0]
        save(tree / "a.dg", "x = 5;\ninfo x;\n")
        lines = watcher.wait_for("1 passed, 1 failed")
        assert any(line.startswith("FAILED  test_a::test_a (was passed)") for line in lines)
        assert any("assert ['5'] == ['1']" in line for line in lines)
        assert not any("test_b" in line for line in lines)  # its outcome did not change
    finally:
        watcher.stop()


def test_test_watch_quiet_prints_only_what_fails(tree):
    (tree / "test_a.py").write_text(
        "def test_a(load_deluge, info_log):\n"
        "    load_deluge('a.dg')()\n"
        "    assert info_log == ['9']\n\n"
        "def test_b(load_deluge, info_log):\n"
        "    load_deluge('b.dg')()\n"
        "    assert info_log == ['2']\n")
    watcher = Watcher("test", "--watch", "-q", ".", cwd=tree)
    try:
        assert watcher.wait_for("assert ['1'] == ['9']")[0] == "FAILED  test_a::test_a"
        time.sleep(1)  # quiet: no "watching" line to wait for
        save(tree / "b.dg", "y = 5;\ninfo y;\n")
        watcher.wait_for("assert ['5'] == ['2']")
        failed = [line for line in watcher.seen if not line.startswith("    ")]
        assert failed == ["FAILED  test_a::test_a", "FAILED  test_a::test_b (was passed)"]
    finally:
        watcher.stop()
