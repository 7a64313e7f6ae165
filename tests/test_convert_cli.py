"""``deluge2py convert``: folders, failures, --check, --stdout, atomic writes, the cache,
--jobs."""

from __future__ import annotations

import argparse
import os

import pytest

from deluge2py import cmd_convert
from deluge2py.cli import common_options

GOOD = "x = 1;\ninfo x;\n"
BAD = "x = 1;\ny = (2;\n"


def run(*argv) -> int:
    parser = argparse.ArgumentParser(parents=[common_options()])
    cmd_convert.add_arguments(parser)
    return cmd_convert.run(parser.parse_args([str(a) for a in argv]))


@pytest.fixture(autouse=True)
def cache_dir(tmp_path, monkeypatch):
    path = tmp_path / "cache"
    monkeypatch.setenv("DELUGE2PY_CACHE_DIR", str(path))
    return path


@pytest.fixture
def project(tmp_path):
    src = tmp_path / "src"
    (src / "Sales Flows").mkdir(parents=True)
    (src / "deal update.dg").write_text(GOOD)
    (src / "Sales Flows" / "Sales Order -> PO.deluge").write_text(GOOD.replace("x", "y"))
    (src / "broken.dg").write_text(BAD)
    (src / "notes.txt").write_text("not Deluge")
    return src


def test_folder_with_one_bad_file(project, tmp_path, capsys):
    out = tmp_path / "out"
    assert run(project, "-o", out) == 1
    err = capsys.readouterr().err
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.py")) == [
        "deal_update.py", "sales_flows/sales_order_po.py"]
    assert "broken.dg:2:" in err and ": error: " in err
    error_line = next(line for line in err.splitlines() if "broken.dg:2:" in line)
    column = int(error_line.split(":")[2])
    lines = err.splitlines()
    caret = lines[lines.index(error_line) + 2]
    assert caret.index("^") == 4 + column - 1  # the caret sits under the reported column
    assert err.strip().endswith("2 files converted, 1 failed")
    compile((out / "deal_update.py").read_text(), "deal_update.py", "exec")


def test_without_output_dir_never_writes_next_to_sources(tmp_path, monkeypatch):
    """A ``a.py`` beside ``a.dg`` would shadow the import hook: the default output
    folder is ``deluge2py-out`` in the working directory (no project here), which
    cannot be imported itself."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.dg").write_text(GOOD)
    assert run("a.dg") == 0
    assert not (tmp_path / "a.py").exists()
    assert (tmp_path / "deluge2py-out" / "a.py").exists()


def test_output_folder_from_the_project_settings(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.deluge2py]\nsources = ["flows"]\noutput = "gen"\n')
    (tmp_path / "flows").mkdir()
    (tmp_path / "flows" / "a.dg").write_text(GOOD)
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")  # settings are found upwards; paths are the file's
    assert run() == 0
    assert (tmp_path / "gen" / "a.py").exists()
    assert run("-o", tmp_path / "flag") == 0  # the flag beats the setting
    assert (tmp_path / "flag" / "a.py").exists()


def test_check_writes_nothing_and_reports_changes(tmp_path, capsys):
    (tmp_path / "a.dg").write_text(GOOD)
    out = tmp_path / "out"
    assert run(tmp_path / "a.dg", "-o", out, "--check") == 1
    assert not out.exists()
    assert "a.py" in capsys.readouterr().out
    assert run(tmp_path / "a.dg", "-o", out) == 0
    assert run(tmp_path / "a.dg", "-o", out, "--check") == 0
    (tmp_path / "a.dg").write_text(GOOD + "info 2;\n")
    assert run(tmp_path / "a.dg", "-o", out, "--check") == 1


def test_stdout_prints_and_writes_nothing(tmp_path, capsys):
    (tmp_path / "a.dg").write_text(GOOD)
    assert run(tmp_path / "a.dg", "--stdout") == 0
    printed = capsys.readouterr().out
    assert "def a():" in printed and "info(x)  # dg:2" in printed
    assert not (tmp_path / "a.py").exists()


def test_output_dash_is_stdout(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.dg").write_text(GOOD)
    assert run(tmp_path / "a.dg", "-o", "-") == 0
    assert "def a():" in capsys.readouterr().out
    assert not (tmp_path / "-").exists()


def test_atomic_write_leaves_old_file_on_failure(tmp_path, monkeypatch, capsys):
    (tmp_path / "a.dg").write_text(GOOD)
    target = tmp_path / "a.py"
    target.write_text("old content\n")

    def failing_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    assert run(tmp_path / "a.dg") == 1
    assert target.read_text() == "old content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.dg", "a.py", "cache"]
    assert "cannot write" in capsys.readouterr().err


def test_second_run_hits_the_cache(tmp_path, monkeypatch, cache_dir):
    (tmp_path / "a.dg").write_text("x = a.noSuchMethod();\n")
    out = tmp_path / "out"
    assert run(tmp_path / "a.dg", "-o", out) == 0
    first = (out / "a.py").read_text()
    assert any(cache_dir.rglob("*.json"))
    (out / "a.py").unlink()

    def must_not_convert(*args, **kwargs):
        raise AssertionError("converted again despite the cache")

    monkeypatch.setattr("deluge2py.api.convert_with_warnings", must_not_convert)
    results = [cmd_convert.convert_file(job) for job in
               cmd_convert.plan([str(tmp_path / "a.dg")], str(out), str(cache_dir))[0]]
    assert results[0].cached and "noSuchMethod" in results[0].diagnostics[0]
    assert run(tmp_path / "a.dg", "-o", out) == 0
    assert (out / "a.py").read_text() == first
    # --no-cache really converts (and an internal error is reported, not raised)
    assert run(tmp_path / "a.dg", "-o", out, "--no-cache") == 1


def test_jobs_2_gives_the_same_outputs(project, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    assert run(project, "-o", one, "--no-cache") == 1
    assert run(project, "-o", two, "--jobs", "2", "--no-cache") == 1
    files = sorted(p.relative_to(one) for p in one.rglob("*.py"))
    assert files == sorted(p.relative_to(two) for p in two.rglob("*.py"))
    for rel in files:
        assert (one / rel).read_bytes() == (two / rel).read_bytes()


def test_module_name_collisions_are_resolved_deterministically(tmp_path):
    for name in ("a b.dg", "a_b.dg", "A-B.deluge", "a_b_2.dg"):
        (tmp_path / name).write_text(GOOD)
    jobs, _ = cmd_convert.plan([str(tmp_path)], str(tmp_path / "out"), None)
    targets = {os.path.basename(j.source): os.path.basename(j.target) for j in jobs}
    assert targets == {"A-B.deluge": "a_b.py", "a b.dg": "a_b_3.py", "a_b.dg": "a_b_4.py",
                       "a_b_2.dg": "a_b_2.py"}


def test_missing_source_is_reported(tmp_path, capsys):
    assert run(tmp_path / "nope.dg") == 2
    assert f"deluge2py convert: error: {tmp_path / 'nope.dg'}: no such file or folder" in capsys.readouterr().err


def test_progress_bar_only_on_a_terminal(monkeypatch):
    import io

    from deluge2py.terminal import Output, progress

    class Tty(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    tty, pipe = Tty(), io.StringIO()
    for stream in (tty, pipe):
        with progress(3, "converting", Output(stderr=stream)) as advance:
            for _ in range(3):
                advance()
    assert "3/3" in tty.getvalue()
    assert pipe.getvalue() == ""
    monkeypatch.setenv("NO_COLOR", "1")
    quiet = Tty()
    with progress(3, "converting", Output(stderr=quiet)) as advance:
        advance()
    assert quiet.getvalue() == ""
