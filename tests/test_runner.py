"""One runner for run, debug, load_deluge and the import hook (host/runner.py), and one
set of file utilities (host/files.py): the same files, functions and texts everywhere."""

import glob
import json
import os
import stat

import pytest

from deluge2py.cli import main
from deluge2py.host import files, runner
from test_run_cli import private_ledger  # noqa: F401  (an autouse fixture: a ledger per test)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLES = sorted(glob.glob(os.path.join(ROOT, "samples", "*", "*.dg")))

TWO = """\
string standalone.two(string who)
{
\treturn "two " + who;
}
string standalone.other()
{
\treturn "other";
}
"""


def _both(path, name=None):
    """The function ``run`` picks (a fresh in-memory module) and the one ``load_deluge``
    and the import hook pick (the cached module), as (Deluge name, params)."""
    picked = []
    for module in (runner.load(path, fresh=True), runner.load(path)):
        meta = runner.pick(module, name).__deluge__
        picked.append((meta["name"], meta["params"]))
    return picked


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: os.path.basename(p))
def test_run_and_load_deluge_agree_on_every_sample(path):
    fresh, cached = _both(path)
    assert fresh == cached


def test_a_file_with_several_functions(tmp_path, capsys):
    path = tmp_path / "two.dg"
    path.write_text(TWO)
    assert _both(path) == [("standalone.two", {"who": "string"})] * 2  # named like the file
    assert _both(path, "other")[0] == _both(path, "other")[1] == ("standalone.other", {})
    assert main(["run", str(path), "--arg", "who=x", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["result"] == "two x"
    renamed = tmp_path / "three.dg"
    renamed.write_text(TWO)
    for module in (runner.load(renamed, fresh=True), runner.load(renamed)):
        with pytest.raises(LookupError, match="standalone.two, standalone.other"):
            runner.pick(module)
    assert main(["run", str(renamed)]) == 2
    assert "several functions" in capsys.readouterr().err


def test_check_and_convert_pick_the_same_files(tmp_path, capsys):
    tree = {"a.dg": 1, "B.DG": 1, "c.deluge": 1, "sub/d.dg": 1, ".hidden/e.dg": 0,
            "__dgcache__/f.dg": 0, "notes.txt": 0, "g.dg.bak": 0}
    for name in tree:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("info 1;\n")
    expected = sorted(str(tmp_path / name) for name, wanted in tree.items() if wanted)
    assert main(["check", str(tmp_path), "--format", "json"]) == 0
    checked = sorted(json.loads(line)["file"] for line in capsys.readouterr().out.splitlines())
    assert checked == expected
    assert main(["convert", str(tmp_path), "--check"]) == 1  # nothing converted yet
    converted = sorted(line.split(" -> ")[0].removeprefix("would convert ")
                       for line in capsys.readouterr().out.splitlines())
    assert converted == expected


def test_sources_decode_one_way(tmp_path):
    for name, data in {"utf8.dg": b"x = \"\xc3\xa9\";", "bom.dg": b"\xef\xbb\xbfx = \"\xc3\xa9\";",
                       "utf16.dg": "\ufeffx = \"é\";".encode("utf-16-le")}.items():
        (tmp_path / name).write_bytes(data)
        assert files.read_source(str(tmp_path / name)) == 'x = "é";'
    (tmp_path / "latin1.dg").write_bytes(b"x = 1;\ny = \"\xe9\";")
    with pytest.raises(SyntaxError) as error:
        files.read_source(str(tmp_path / "latin1.dg"))
    assert "not valid UTF-8 (byte 0xe9)" in str(error.value)
    assert (error.value.lineno, error.value.offset) == (2, 6)


def test_atomic_writes_get_the_usual_file_mode(tmp_path):
    mask = os.umask(0o022)
    try:
        files.write_atomic(tmp_path / "out.py", "text\n")
    finally:
        os.umask(mask)
    assert (tmp_path / "out.py").read_text() == "text\n"
    assert stat.S_IMODE(os.stat(tmp_path / "out.py").st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["out.py"]  # no temporary left behind


def test_the_import_hook_cache_files_are_not_private(tmp_path):
    (tmp_path / "hello.dg").write_text('info "hi";\n')
    mask = os.umask(0o022)
    try:
        runner.load(tmp_path / "hello.dg")
    finally:
        os.umask(mask)
    cached = list((tmp_path / "__dgcache__").iterdir())
    assert cached and all(stat.S_IMODE(os.stat(p).st_mode) == 0o644 for p in cached)
