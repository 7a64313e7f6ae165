"""A bare script takes every name it reads before assigning it as an argument (that is how
a body pasted from Zoho's editor gets its arguments), so a typo of a variable becomes an
argument too.  ``check`` and ``run`` say so, with the variable it probably meant."""

import pytest

from deluge2py import check
from deluge2py.cli import main
from deluge2py.names import near_miss

from test_run_cli import private_ledger  # noqa: F401  (an autouse fixture)

TYPO = """\
name = input.lead.trim();
if(nmae == "")
{
	info "no name";
}
info name;
"""


@pytest.mark.parametrize("name, candidates, meant", [
    ("nmae", {"name"}, "name"),            # two letters swapped
    ("Name", {"name"}, "name"),            # case only
    ("recod", {"record"}, "record"),       # one letter dropped
    ("totl", {"total"}, "total"),
    ("amount", {"amount"}, None),          # itself
    ("dealId", {"dealIds"}, None),         # a plural is not a typo
    ("id", {"ids", "idx"}, None),          # too short to judge
    ("count", {"amount", "total"}, None),
])
def test_near_miss(name, candidates, meant):
    assert near_miss(name, candidates) == meant


def test_check_warns_with_the_line_and_the_name_meant(tmp_path, capsys):
    script = tmp_path / "greet.dg"
    script.write_text(TYPO)
    assert main(["check", str(script)]) == 0  # a warning: Zoho would save it
    out = capsys.readouterr().out
    assert f"{script}:2:4: warning: 'nmae' is never assigned, so the script takes it as an " \
           "argument; did you mean 'name'?" in out
    assert "    if(nmae == \"\")\n       ^^^^" in out


def test_run_warns_before_it_asks_for_the_argument(tmp_path, capsys):
    script = tmp_path / "greet.dg"
    script.write_text(TYPO)
    assert main(["run", str(script), "--arg", "lead= Ann "]) == 2
    err = capsys.readouterr().err
    warning = err.index("greet.dg:2:4: warning: 'nmae' is never assigned")
    assert warning < err.index("error: greet needs --arg nmae=VALUE")


def test_run_warns_and_runs_when_the_argument_is_given(tmp_path, capsys):
    script = tmp_path / "greet.dg"
    script.write_text(TYPO)
    assert main(["run", str(script), "--arg", "lead= Ann ", "--arg", "nmae=x"]) == 0
    captured = capsys.readouterr()
    assert "did you mean 'name'?" in captured.err
    assert captured.out.splitlines()[0] == "Ann"
    assert main(["run", str(script), "-q", "--arg", "lead= Ann ", "--arg", "nmae=x"]) == 0
    assert "warning" not in capsys.readouterr().err  # -q: errors only


def test_an_argument_read_first_is_not_a_typo():
    source = "dealIds = List();\ndealIds.add(dealId);\ninfo dealIds;\n"
    assert check(source, "ids.dg") == []


def test_a_function_with_a_header_is_not_concerned():
    # there an unassigned name is Zoho's "not defined" error, reported as such
    source = "void f(string lead)\n{\n\tname = lead;\n\tinfo nmae;\n}\n"
    (diagnostic,) = check(source, "f.dg")
    assert diagnostic.severity == "error"
    assert diagnostic.message == "variable 'nmae' is not defined"
