"""``deluge2py run FILE --compare`` against the fake Zoho server: the six samples run locally
and in the (fake) org give the same results; a function changed in the org does not."""

import os
import re
import shlex

import pytest

from org_server import REPO, SAMPLES, cli, org_server


def sample_commands() -> dict:
    """sample -> its documented ``deluge2py run`` arguments (samples/README.md)."""
    found = {}
    with open(os.path.join(SAMPLES, "README.md"), encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("deluge2py run samples/"):
                argv = shlex.split(line)[1:]
                found[argv[1].split("/")[1]] = argv
    return found


SAMPLE_RUNS = sample_commands()


def _option(argv, name):
    return argv[argv.index(name) + 1] if name in argv else None


def _compare(name, *extra):
    return cli(*SAMPLE_RUNS[name], "--compare", "--yes", *extra)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    from deluge2py.fakezoho.functions import FunctionStore

    store = FunctionStore()
    for name in SAMPLE_RUNS:
        with open(f"{SAMPLES}/{name}/{name}.dg", encoding="utf-8") as fh:
            store.add(fh.read())
    with pytest.MonkeyPatch.context() as mp, \
            org_server(tmp_path_factory.mktemp("org"), mp, store=store):
        mp.chdir(REPO)  # the documented commands name files from the repository root
        yield store, store.snapshot()


@pytest.fixture
def org(served):
    store, snapshot = served
    store.restore(snapshot)
    return store


def _serve_sample(store, name):
    """The org's records and recorded invokeurl answers are the sample's."""
    store.fixtures = _option(SAMPLE_RUNS[name], "--fixtures")
    store.responses = _option(SAMPLE_RUNS[name], "--responses")


def test_every_sample_is_compared():
    assert len(SAMPLE_RUNS) >= 6
    assert sorted(SAMPLE_RUNS) == sorted(
        d for d in os.listdir(SAMPLES) if os.path.isdir(os.path.join(SAMPLES, d)))


@pytest.mark.parametrize("name", sorted(SAMPLE_RUNS))
def test_the_samples_behave_the_same_locally_and_in_the_org(org, name):
    _serve_sample(org, name)
    status, out, err = _compare(name)
    assert status == 0, out + err
    assert out.startswith(f"compare ")
    assert "result: the same on both sides" in out
    assert re.search(r"credits   local: \d+ API, 1 function", out)
    assert "org:   1 API (the execute call" in out


def test_an_org_function_that_answers_differently_fails_with_a_diff(org):
    name = "lead_assignment"
    _serve_sample(org, name)
    fn = org.find(name)
    org.update(name, {}, fn.code.replace('" assigned to "', '" given to "'))
    status, out, err = _compare(name)
    assert status == 1, out + err
    assert "result: DIFFERENT (info " in out
    assert "≠ info 1    local: Lead 5500000000000501001 assigned to" in out
    assert "org:   Lead 5500000000000501001 given to" in out
    assert "--- local/info 1\n+++ org/info 1" in out


def test_key_order_and_number_format_are_not_differences_unless_strict(org, tmp_path):
    org.add('map standalone.totals()\n{\n\treturn {"b":2.50,"a":1};\n}\n')
    path = tmp_path / "totals.dg"
    path.write_text('map standalone.totals()\n{\n\treturn {"a":1,"b":2.5};\n}\n')
    status, out, _ = cli("run", path, "--compare", "--yes")
    assert status == 0, out
    assert "~ output    local: {\"a\":1,\"b\":2.5}" in out and "(equal in value)" in out
    status, out, _ = cli("run", path, "--compare", "--yes", "--strict")
    assert status == 1 and "result: DIFFERENT (output)" in out


def test_no_consent_no_execute(org, monkeypatch):
    import io

    _serve_sample(org, "lead_assignment")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    calls = org.writes
    status, out, err = cli(*SAMPLE_RUNS["lead_assignment"], "--compare")
    assert status == 2
    assert "this executes automation.lead_assignment(leadId=5500000000000501001) in" in err
    assert "not executed in the org (no consent); pass --yes" in err
    assert org.writes == calls and out == ""


def test_the_question_on_a_terminal(org, tmp_path):
    """On a terminal ``--compare`` asks before executing in the org; "y" goes ahead."""
    import sys

    pexpect = pytest.importorskip("pexpect")
    _serve_sample(org, "lead_assignment")
    argv = ["-m", "deluge2py", *SAMPLE_RUNS["lead_assignment"], "--compare"]
    child = pexpect.spawn(sys.executable, argv, cwd=REPO, env=dict(os.environ), encoding="utf-8",
                          timeout=30)
    try:
        child.expect_exact("execute it in the org? [y/N] ")
        child.sendline("y")
        child.expect_exact("result: the same on both sides")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0


def test_compare_with_the_local_side_on_the_live_backend(tmp_path, monkeypatch):
    """``--live --compare``: both sides read and write the org's own records."""
    from deluge2py.fakezoho.functions import FunctionStore

    store = FunctionStore()
    with open(f"{SAMPLES}/lead_assignment/lead_assignment.dg", encoding="utf-8") as fh:
        store.add(fh.read())
    fixtures = _option(SAMPLE_RUNS["lead_assignment"], "--fixtures")
    with org_server(tmp_path, monkeypatch, store=store, fixtures=os.path.join(REPO, fixtures)):
        status, out, err = cli("run", f"{SAMPLES}/lead_assignment/lead_assignment.dg", "--live",
                               "--compare", "--yes", "--arg", "leadId=5500000000000501002")
    assert status == 0, out + err
    assert "= info 1    Lead 5500000000000501002 assigned to 5500000000000011002 (territory NY)" in out
    assert "result: the same on both sides" in out


def test_a_file_that_does_not_convert_is_a_deluge_error_and_nothing_is_executed(org, tmp_path):
    path = tmp_path / "broken.dg"
    path.write_text('string standalone.broken()\n{\n\treturn "x"\n}\n')
    status, out, err = cli("run", path, "--compare", "--yes")
    assert status == 1 and out == ""
    assert f"{path}:3:12: error: expected ';'" in err
