"""One cost table (issue 12): for every zoho.crm task, what `credits --estimate` says a
call costs is what the meter charges when the call runs, at the fewest and the most
records a call can carry."""

import subprocess
import sys

import pytest

from deluge2py.estimate import estimate_source
from deluge2py.runtime import Context, List, Map
from deluge2py.runtime.credits import Ledger, Meter
from deluge2py.runtime.zoho.crm import CrmTask
from deluge2py.runtime.zoho.tasks import LEGACY_TASKS, V8_TASKS

SPECS = [("v2", s) for s in LEGACY_TASKS.values()] + [("v8", s) for s in V8_TASKS.values()]


def _label(family, spec):
    return ("zoho.crm.v8." if family == "v8" else "zoho.crm.") + spec.name


def _estimate(family, spec):
    args = ", ".join(['"Leads"'] + ["null"] * (spec.min_args - 1))
    source = f"void f()\n{{\n\tr = {_label(family, spec)}({args});\n}}\n"
    (function,) = estimate_source(source, "f.dg")
    (site,) = function.sites
    return site


def _charged(family, spec, records):
    args = ["Leads"] + [None] * (spec.min_args - 1)
    if spec.records_arg is not None:
        args[spec.records_arg] = List([Map({"Last_Name": str(n)}) for n in range(records)])
    meter = Meter(ledger=Ledger(None))
    with Context(meter=meter):
        CrmTask(spec, family)(*args)
    return meter.api


@pytest.mark.parametrize("family, spec", SPECS, ids=[_label(f, s) for f, s in SPECS])
def test_estimate_equals_meter(family, spec):
    site = _estimate(family, spec)
    assert site.note != "not a known CRM task"
    low, high = site.credits
    assert _charged(family, spec, 1) == low
    most = spec.credits.max_records if spec.records_arg is not None else 1
    assert _charged(family, spec, most) == high


def test_a_task_of_the_other_family_is_unknown_to_both():
    site = _estimate("v8", LEGACY_TASKS["getorgvariable"])
    assert site.note == "not a known CRM task" and site.credits == (0, 0)


def test_get_org_variable_estimate_through_the_cli(tmp_path):
    """The reported drift: `credits --estimate` called getOrgVariable unknown, 0."""
    script = tmp_path / "vars.dg"
    script.write_text('v = zoho.crm.getOrgVariable("tax_rate");\ninfo v;\n')
    out = subprocess.run([sys.executable, "-m", "deluge2py", "credits", "--estimate",
                          str(script)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "getOrgVariable" in out.stdout and "not a known" not in out.stdout
