"""``deluge2py check``: files, folders, stdin, text and JSON output, exit codes."""

import argparse
import io
import json
import sys

import pytest

from deluge2py import cmd_check
from deluge2py.cli import common_options


def run_check(argv, stdin=b""):
    parser = argparse.ArgumentParser(parents=[common_options()])
    cmd_check.add_arguments(parser)
    args = parser.parse_args(argv)
    out = io.StringIO()
    old_out, old_in = sys.stdout, sys.stdin
    sys.stdout = out
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    try:
        code = cmd_check.run(args)
    finally:
        sys.stdout, sys.stdin = old_out, old_in
    return code, out.getvalue()


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "good.dg").write_text("x = 1;\ninfo x;\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "bad.deluge").write_text("x = 1;\ninfo x\ny = 2;\n", encoding="utf-8")
    (tmp_path / "sub" / "warn.dg").write_text("if(a = 1) { }\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not deluge", encoding="utf-8")
    return tmp_path


def test_folder_recursion_text_output(tree):
    code, out = run_check([str(tree)])
    assert code == 1
    assert f"{tree / 'sub' / 'bad.deluge'}:2:7: error: expected ';' after statement" in out
    assert "warning: '=' used as a comparison" in out
    assert out.rstrip().endswith("3 files checked, 1 with errors")
    assert "notes.txt" not in out


def test_all_good_exits_zero(tree):
    code, out = run_check([str(tree / "good.dg")])
    assert code == 0
    assert out == "1 file checked, 0 with errors\n"


def test_json_format(tree):
    code, out = run_check(["--format", "json", str(tree)])
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    by_name = {r["file"].rsplit("/", 1)[-1]: r for r in records}
    assert by_name["good.dg"] == {"file": str(tree / "good.dg"), "ok": True, "errors": [],
                                  "warnings": []}
    bad = by_name["bad.deluge"]
    assert bad["ok"] is False
    assert bad["errors"] == [{"line": 2, "column": 7, "message": "expected ';' after statement"}]
    assert by_name["warn.dg"]["ok"] and by_name["warn.dg"]["warnings"][0]["line"] == 1


def test_stdin():
    code, out = run_check(["-"], stdin=b"x = ;\n")
    assert code == 1
    assert out.startswith("<stdin>:1:5: error:")


def test_unreadable_and_badly_encoded_files(tmp_path):
    latin = tmp_path / "latin.dg"
    latin.write_bytes(b'x = 1;\ny = "caf\xe9";\n')
    code, out = run_check([str(latin)])
    assert code == 1
    assert f"{latin}:2:9: error: the file is not valid UTF-8" in out
    assert "1 file checked, 1 with errors" in out


def test_bom_file_is_fine(tmp_path):
    f = tmp_path / "bom.dg"
    f.write_bytes("\ufeffx = 1;\r\n".encode("utf-8"))
    assert run_check([str(f)])[0] == 0


def test_break_outside_loop_does_not_hide_the_other_errors(tmp_path, capsys):
    from deluge2py.cli import main

    path = tmp_path / "b.dg"
    path.write_text('void f()\n{\nbreak;\ninfo qq;\nr = zoho.crm.nope("X");\n'
                    'for each x in {1}\n{\ncontinue;\n}\ncontinue;\n}\n', encoding="utf-8")
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    for where, message in (("3:1", "'break' outside a 'for each' loop"),
                           ("4:6", "variable 'qq' is not defined"),
                           ("5:5", "'zoho.crm.nope' is not a zoho.crm task"),
                           ("10:1", "'continue' outside a 'for each' loop")):
        assert f"{path}:{where}: error: {message}" in out
    assert "8:1" not in out  # the `continue` inside the loop is fine
    assert main(["convert", str(path), "-o", str(tmp_path / "b.py")]) == 1
    assert not (tmp_path / "b.py").exists()


@pytest.mark.parametrize("body, message", [
    ("x = ;", "3:5: error: unexpected ';': expected a value"),
    (") ;", "3:1: error: unexpected ')': expected a statement or '}'"),
    ("x = (1;", "3:7: error: unexpected ';': expected ')'"),
])
def test_syntax_errors_name_what_a_user_types(tmp_path, capsys, body, message):
    from deluge2py.cli import main

    path = tmp_path / "p.dg"
    path.write_text("void f()\n{\n" + body + "\n}\n", encoding="utf-8")
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:{message}\n" in out
    for internal in ("typed ctor", "TYPED_CTOR", "'task'", "unary op", "insert into"):
        assert internal not in out
