"""``load_deluge`` with real .dg files and the real transpiler, through pytester."""

import pytest

import deluge2py

pytest_plugins = ["pytester"]


def run(pytester, *args):
    """An in-process pytest run, without the plugins whose modules each run would
    import (and assertion-rewrite) again."""
    return pytester.runpytest("-q", "-p", "no:hypothesispytest", "-p", "no:benchmark", *args)


@pytest.fixture(autouse=True, scope="module")
def warm_transpiler():
    """Load the transpiler once: pytester forgets modules first imported inside a run."""
    deluge2py.convert(GREET_DG, filename="greet.dg")

GREET_DG = """\
string standalone.greet(String name)
{
\tinfo "greeting " + name;
\treturn "Hello " + name;
}
"""

TOOLS_DG = """\
int standalone.double(int n)
{
\treturn n * 2;
}

int standalone.half(int n)
{
\tm = Map();
\treturn m.get("missing").toLong() / n;
}
"""


def test_load_by_path_and_by_name(pytester):
    pytester.mkdir("scripts")
    pytester.path.joinpath("scripts", "greet.dg").write_text(GREET_DG)
    pytester.makepyfile(test_load="""
        def test_by_path(load_deluge, info_log, credits):
            greet = load_deluge("scripts/greet.dg")
            assert greet("Ann") == "Hello Ann"
            assert info_log == ["greeting Ann"]
            assert credits.function == 1

        def test_by_name_from_sys_path(load_deluge, monkeypatch, info_log):
            import os
            monkeypatch.syspath_prepend(os.path.join(os.path.dirname(__file__), "scripts"))
            assert load_deluge("greet")("Bo") == "Hello Bo"
            assert info_log == ["greeting Bo"]
    """)
    run(pytester).assert_outcomes(passed=2)


def test_picking_a_function_of_a_file_with_several(pytester):
    pytester.path.joinpath("tools.dg").write_text(TOOLS_DG)
    pytester.makepyfile(test_tools="""
        import pytest

        def test_pick(load_deluge):
            assert load_deluge("tools.dg", "double")(4) == 8
            assert load_deluge("tools.dg", "standalone.double")(5) == 10

        def test_ambiguous(load_deluge):
            with pytest.raises(LookupError, match="standalone.double, standalone.half"):
                load_deluge("tools.dg")

        def test_missing_file(load_deluge):
            with pytest.raises(FileNotFoundError):
                load_deluge("nothing_here")
    """)
    run(pytester).assert_outcomes(passed=3)


def test_failing_deluge_code_shows_its_line_in_the_report(pytester):
    pytester.path.joinpath("tools.dg").write_text(TOOLS_DG)
    pytester.makepyfile(test_tools="""
        def test_half(load_deluge):
            load_deluge("tools.dg", "half")(2)
    """)
    result = run(pytester)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(['*Deluge: tools.dg, line 9: return m.get("missing").toLong() / n;*'])


LOOKUP_DG = """\
string standalone.lookup(String code)
{
\treturn code.get("Closing_Date");
}
"""


def test_failure_inside_a_builtin_hides_its_argument_wrapper(pytester):
    # A built-in that refuses its receiver fails inside the argument-checking wrapper the
    # runtime compiles; that frame is deluge2py's own, like the rest of the runtime.
    pytester.makefile(".dg", lookup=LOOKUP_DG)
    pytester.makepyfile(test_lookup="""
        def test_lookup(load_deluge):
            load_deluge("lookup.dg")("code")
    """)
    result = run(pytester)
    result.assert_outcomes(failed=1)
    out = result.stdout.str()
    assert 'Deluge: lookup.dg, line 3: return code.get("Closing_Date");' in out
    assert "argument wrapper" not in out and "a0 = " not in out
    assert "argument wrapper" in run(pytester, "--fulltrace").stdout.str()


def test_run_traceback_hides_the_argument_wrapper(tmp_path, capsys):
    from deluge2py.cli import main

    (tmp_path / "lookup.dg").write_text(LOOKUP_DG)
    assert main(["run", str(tmp_path / "lookup.dg"), "--arg", "code=x", "--traceback"]) == 1
    err = capsys.readouterr().err
    assert "lookup.dg:3: error:" in err and "wrapper>" not in err
    assert "deluge2py frames hidden" in err


MINUS_DG = """\
string standalone.minus_of(map m)
{
\treturn m.get("a") - m.get("b");
}
"""


def test_failure_inside_a_checked_operator_hides_its_frame(pytester):
    # minus(a, b), compiled from a template for values the compiler cannot prove, is
    # deluge2py's own frame too.
    pytester.makefile(".dg", minus_of=MINUS_DG)
    pytester.makepyfile(test_minus="""
        def test_minus(load_deluge):
            load_deluge("minus_of.dg")({"a": "x", "b": 1})
    """)
    result = run(pytester)
    result.assert_outcomes(failed=1)
    out = result.stdout.str()
    assert "Deluge: minus_of.dg, line 3:" in out and "def minus(a, b)" not in out
    assert "def minus(a, b)" in run(pytester, "--fulltrace").stdout.str()


def test_run_traceback_hides_a_checked_operator(tmp_path, capsys):
    from deluge2py.cli import main

    (tmp_path / "minus_of.dg").write_text(MINUS_DG)
    assert main(["run", str(tmp_path / "minus_of.dg"), "--arg", 'm={"a": "x", "b": 1}',
                 "--traceback"]) == 1
    err = capsys.readouterr().err
    assert "minus_of.dg:3: error:" in err and "ops." not in err and "def minus" not in err
