"""``"abc".length`` and ``list.size``: a built-in method's name written without
parentheses is not a call in Deluge (Zoho's editor refuses it), so ``check`` reports it
with its position and the call meant, and ``convert``/``run`` warn before running.
Dotted reads that are values (``input.x``, a Creator record's field, ``zoho.currentdate``)
are left alone (docs/semantics.md, "Code generation")."""

import pytest

from deluge2py import check
from deluge2py.cli import main

from test_run_cli import private_ledger  # noqa: F401  (an autouse fixture)

PASTED = """\
name = "Ann Lee";
n = name.length;
items = {1, 2, 3};
if(items.size > 0)
{
	info n;
}
"""


def test_check_reports_each_with_its_position_and_the_call_meant(tmp_path, capsys):
    script = tmp_path / "pasted.dg"
    script.write_text(PASTED)
    assert main(["check", str(script)]) == 1
    out = capsys.readouterr().out
    assert f"{script}:2:5: error: 'length' is a Deluge method and needs parentheses: " \
           "did you mean .length()?" in out
    assert "    n = name.length;\n        ^^^^^^^^^^^" in out
    assert f"{script}:4:4: error: 'size' is a Deluge method and needs parentheses: " \
           "did you mean .size()?" in out


def test_check_json_lists_it_as_an_error(tmp_path, capsys):
    script = tmp_path / "pasted.dg"
    script.write_text('x = "abc".length;\ninfo x;\n')
    assert main(["check", "--format", "json", str(script)]) == 1
    out = capsys.readouterr().out
    assert '"line": 1, "column": 5' in out and "did you mean .length()?" in out


def test_run_and_convert_warn_before_running(tmp_path, capsys):
    script = tmp_path / "pasted.dg"
    script.write_text('x = "abc".length;\ninfo x;\n')
    assert main(["run", str(script)]) == 1
    err = capsys.readouterr().err
    warning = err.index("pasted.dg:1:5: warning: 'length' is a Deluge method and needs "
                        "parentheses: did you mean .length()?")
    assert warning < err.index("pasted.dg:1: error: Not able to find 'length' function for TEXT")
    assert main(["convert", "--stdout", str(script)]) == 0
    assert "did you mean .length()?" in capsys.readouterr().err


@pytest.mark.parametrize("source", [
    "x = input.length;\ninfo x;\n",                              # a form field / an argument
    "x = zoho.currentdate;\ninfo x;\n",                          # a system variable
    "r = Orders[ID == 1];\ninfo r.size;\n",                      # a Creator record's field
    "for each r in Orders[ID > 0]\n{\n\tinfo r.length;\n}\n",    # every record of a fetch
    "r = Orders[ID == 1];\nr2 = r;\ninfo r2.year;\n",            # a copy of a record
    "info Orders[ID == 1].sum;\n",                               # a field of a record set
    "for each row in input.Items\n{\n\tinfo row.size;\n}\n",     # a subform row
    'm = {"Size": 1};\ninfo m.Size;\n',                          # capitalised: a field name
    "try\n{\n\tx = 1;\n}\ncatch (e)\n{\n\tinfo e.message + e.lineNo;\n}\n",
    'info "abc".length();\n',
])
def test_dotted_reads_that_are_values_are_not_flagged(source):
    assert [d.message for d in check(source, "ok.dg") if d.severity == "error"] == []


@pytest.mark.parametrize("source, name", [
    ('m = Map();\nk = m.keys;\ninfo k;\n', "keys"),
    ('t = "a";\ninfo t.toUpperCase;\n', "toUpperCase"),
    ('void f(string t)\n{\n\tinfo t.trim;\n}\n', "trim"),
    ('d = zoho.currentdate.toString("yyyy").length;\ninfo d;\n', "length"),
])
def test_other_methods_and_receivers_are_flagged(source, name):
    (diagnostic,) = [d for d in check(source, "bad.dg") if d.severity == "error"]
    assert diagnostic.message == f"'{name}' is a Deluge method and needs parentheses: " \
                                 f"did you mean .{name}()?"
