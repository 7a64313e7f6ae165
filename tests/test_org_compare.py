"""``deluge2py run FILE --compare`` against the fake Zoho server: the six samples run locally
and in the (fake) org give the same results; a function changed in the org does not."""

import re

import pytest

from org_server import SAMPLES, cli, org_server

# sample -> (arguments, has recorded invokeurl answers); the commands of samples/README.md
SAMPLE_RUNS = {
    "deal_stage_automation": (["dealId=6600000000000701001"], False),
    "duplicate_contact_button": (["contactId=3300000000000302001"], False),
    "exchange_rate_sync": (["dealId=7700000000000701001"], True),
    "lead_assignment": (["leadId=5500000000000501001"], False),
    "sales_order_to_purchase_order": (["soId=4876876000000624001"], False),
    "stale_lead_cleanup": ([], False),
}


def _compare(name, *extra):
    folder = f"{SAMPLES}/{name}"
    args, recorded = SAMPLE_RUNS[name]
    argv = ["run", f"{folder}/{name}.dg", "--compare", "--yes", "--fixtures", f"{folder}/fixtures.json"]
    if recorded:
        argv += ["--responses", f"{folder}/responses.json"]
    for arg in args:
        argv += ["--arg", arg]
    return cli(*argv, *extra)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    from deluge2py.fakezoho.functions import FunctionStore

    store = FunctionStore()
    for name in SAMPLE_RUNS:
        with open(f"{SAMPLES}/{name}/{name}.dg", encoding="utf-8") as fh:
            store.add(fh.read())
    with pytest.MonkeyPatch.context() as mp, \
            org_server(tmp_path_factory.mktemp("org"), mp, store=store):
        yield store, store.snapshot()


@pytest.fixture
def org(served):
    store, snapshot = served
    store.restore(snapshot)
    return store


def _serve_sample(store, name):
    folder = f"{SAMPLES}/{name}"
    store.fixtures = f"{folder}/fixtures.json"
    store.responses = f"{folder}/responses.json" if SAMPLE_RUNS[name][1] else None


@pytest.mark.parametrize("name", sorted(SAMPLE_RUNS))
def test_the_six_samples_behave_the_same_locally_and_in_the_org(org, name):
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
    status, out, err = cli("run", f"{SAMPLES}/lead_assignment/lead_assignment.dg", "--compare",
                           "--fixtures", f"{SAMPLES}/lead_assignment/fixtures.json",
                           "--arg", "leadId=5500000000000501001")
    assert status == 2
    assert "this executes automation.lead_assignment(leadId=5500000000000501001) in" in err
    assert "not executed in the org (no consent); pass --yes" in err
    assert org.writes == calls and out == ""
