"""The codegen's typed fast paths (transpiler/fastpaths.py) change nothing a run shows: every
golden case, every sample and a probe of the fast paths' edge cases are converted with the
fast paths on and off, and each function run both ways on the same arguments gives the same
result, the same ``info`` lines, the same error (message and line), the same statement count
and the same credits."""

import datetime as dt
import functools
import itertools
import json
import operator
from pathlib import Path

import pytest

from deluge2py import convert
from deluge2py.runtime import Context, Decimal, List, Map, Number, Text, to_python
from deluge2py.runtime.backends.sandbox import SandboxCRM
from deluge2py.runtime.credits import Ledger, Meter
from deluge2py.runtime.http import RecordedTransport
from deluge2py.runtime.ops import concatenate

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted((ROOT / "tests" / "cases").glob("*.dg"))
SAMPLES = sorted((ROOT / "samples").glob("*/*.dg"))

PROBE = """\
map probe(int n, string s)
{
	m = Map();
	m.put("n", n);
	m.put("none", null);
	m.put("dec", 2.50);
	m.put("neg", -4);
	m.put("flag", true);
	m.put("text", "t");
	m.put("n", m.get("n") * 2);
	l = List();
	l.add(m.get("n"));
	l.add(null);
	l.add(1.5);
	l.add({"k": "v"});
	l.add("x" + n);
	x = m.get("missing");
	pre = "pre";
	t1 = "a" + x + n + 2.5 + l + m + s;
	t2 = n + pre + x + m.get("dec") + -1;
	t3 = pre + n * 2 + m.get("dec") + m.get("flag");
	t4 = 1 + 2 + pre + 3 + 4;
	total = 0;
	for each r in {1, 2, 3, 4}
	{
		for each w in {"x", "y", ""}
		{
			if(w == "y" && r == 3)
			{
				break;
			}
			total = total + r;
			l.add(w + r + ";");
		}
	}
	for each d in {1.5, -2, "t", true, null}
	{
		info d;
	}
	m.put("t1", t1);
	m.put("t2", t2);
	m.put("t3", t3);
	m.put("t4", t4);
	m.put("total", total);
	m.put("list", l);
	info m.get("t1") + " " + m.get("size") + l.size();
	return m;
}

string null_first()
{
	x = Map().get("k");
	return x + "a" + "b";
}

int overflow(int n)
{
	big = 9223372036854775807;
	m = Map();
	m.put("k", big + n);
	return m.get("k");
}

list out_of_range_values()
{
	m = Map();
	m.put("big", 99999999999999999999);
	l = List();
	l.add(-99999999999999999999);
	return l;
}

map booleans_in_arithmetic(bool flag)
{
	m = Map();
	m.put("neg", -flag);
	m.put("sum", 5 + flag);
	m.put("both", 2 * 3);
	l = List();
	l.add(1 - flag);
	counter = true;
	counter += 1;
	m.put("counter", counter);
	info m.get("counter").abs();
	info m.get("neg").abs();
	info m.get("sum").abs();
	info l.get(0).abs();
	return m;
}

list out_of_range_loop()
{
	l = List();
	for each v in {1, 9223372036854775808}
	{
		l.add(v);
	}
	return l;
}

string scalars(int n)
{
	acc = 1.5;
	acc = acc + "x";
	acc = acc + n;
	count = 0;
	count = count + n / 2;
	count = count - 1;
	info acc + " " + count;
	flags = Map();
	flags.put("f", true);
	count = count + flags.get("f");
	return acc;
}

string text_plus_bool(bool flag)
{
	t = "on: " + flag + "!";
	return t;
}

map text_accumulators(int n, string s)
{
	report = "";
	other = s;
	m = {"k": 1};
	for each v in {1, 2.5, "t", true, null}
	{
		report = report + v + "|" + n + m + {1, "a"} + '2026-01-05' + -1.0;
		report += v;
		info report.length() + " " + report.subString(0, 3);
		other = other + ";" + report.length();
		other += "!";
		if(report.length() > 200)
		{
			report = "reset";
		}
	}
	m.put("report", report);
	m.put("upper", report.toUpperCase());
	m.put("other", other);
	m.put("same", report == report + "");
	return m;
}

list formatted_texts()
{
	out = List();
	for each word in {"North", "{x}", "a\\\"b", "back\\\\slash", "é"}
	{
		for each value in {0, -7, 9223372036854775807}
		{
			for each amount in {2.50, 10000000.0, -0.001}
			{
				out.add(word + "-" + value + " {" + amount + "}");
				out.add(value + word);
				out.add(word + " \\\"q\\\" \\\\ {" + value);
			}
		}
	}
	return out;
}

list left_of_text(bool flag, int n)
{
	out = List();
	m = {"n": null, "b": flag, "d": '2026-01-05', "l": {1, 2}, "m": {"k": 1}, "x": 2.5, "i": n, "t": "t"};
	for each k in m.keys()
	{
		out.add(m.get(k) + " <" + k + ">");
		out.add(m.get(k) + " " + m.get(k) + n);
	}
	out.add(flag + " " + flag);
	out.add(n + " " + n * 2 + 1);
	return out;
}

map plain_numbers(int n)
{
	count = 0;
	total = -3;
	last = 0;
	for each k in {1, 2, 3, -4}
	{
		for each j in {10, 20, 0}
		{
			if(k * 2 > 3 && j != 20 || k == -4)
			{
				count = count + 1;
				continue;
			}
			count += k;
			total = total + k * j - 2;
			total -= 1;
			total *= 1;
			last = j;
			info "k=" + k + ", count " + count + " total " + total;
			if(count >= 12)
			{
				break;
			}
		}
	}
	copy = count;
	m = {"count": count, "n": n + count};
	m.put("copy", copy * n);
	m.put("last", last);
	return m;
}

int plain_overflow()
{
	big = 9223372036854775800;
	for each step in {1, 2, 3, 4, 5}
	{
		big = big + step;
	}
	return big;
}

int plain_underflow()
{
	small = -9223372036854775800;
	for each step in {4, 4}
	{
		small = small * 1 - step * 2;
	}
	return small;
}

map computed_keys(string s)
{
	m = Map();
	for each w in {"a", "b", "a"}
	{
		k = w + "-" + s;
		m.put(k, ifnull(m.get(k), 0) + 1);
		m.put(w, k);
		m.put(w.toUpperCase(), m.get(w));
	}
	m.put("a-" + s, m.get("a-" + s) + 10);
	info m.get(s) + m.get("A");
	return m;
}
"""


def load(source, name, fast, folder):
    """The Deluge functions of *source* converted with the fast paths on or off, from a
    real generated file (so errors find their Deluge line)."""
    generated = folder / f"{name}_{'fast' if fast else 'checked'}.py"
    generated.write_text(convert(source, filename=f"{name}.dg", fast_paths=fast))
    namespace = {"__name__": generated.stem}
    exec(compile(generated.read_text(), str(generated), "exec"), namespace)
    return {key: value for key, value in namespace.items()
            if callable(value) and hasattr(value, "__deluge__")
            and value.__module__ == generated.stem}


def candidates(declared, fixtures):
    """Arguments to try for a parameter declared with *declared* (None: undeclared)."""
    ids = [str(records[0]["id"]) for module, records in sorted(fixtures.items())
           if not module.startswith("$") and records and "id" in records[0]][:3]
    kind = (declared or "").lower()
    if kind in ("int", "long", "bigint", "number"):
        return [7, 0, -3] + [int(i) for i in ids]
    if kind in ("decimal", "float", "double"):
        return [2.5, 0.0]
    if kind in ("string", "text"):
        return ["abc", ""] + ids
    if kind in ("map", "key-value"):
        return [{"a": 1, "b": "x", "Owner": {"id": "1", "name": "A"}}]
    if kind == "list":
        return [[1, "two", 3.5, {"k": "v"}]]
    if kind in ("bool", "boolean"):
        return [True, False]
    if kind in ("date", "datetime"):
        return ["2026-01-05"]
    return [3, "x", None, 2.5] + ids


def argument_sets(function, fixtures):
    meta = function.__deluge__
    params = meta.get("params") or {}
    names = function.__wrapped__.__code__.co_varnames[:function.__wrapped__.__code__.co_argcount]
    options = [candidates(params.get(name), fixtures) for name in names]
    count = max((len(o) for o in options), default=1)
    return [tuple(o[i % len(o)] for o in options) for i in range(min(count, 6))]


def outcome(function, args, fixtures, responses):
    crm = SandboxCRM(fixtures=fixtures, clock=lambda: dt.datetime(2026, 3, 2, 9, 30))
    transport = RecordedTransport.from_file(responses) if responses else None
    meter = Meter(ledger=Ledger(None), clock=lambda: 1_770_000_000.0, run_id="run")
    with Context(crm=crm, meter=meter, transport=transport) as ctx:
        try:
            result = ("returned", repr(to_python(function(*args))))
        except Exception as error:  # a Deluge error, or a Python one: both must agree
            result = ("raised", type(error).__name__, str(error))
    return {"result": result, "info": list(ctx.info_log), "statements": ctx.limits.executed,
            "credits": (meter.api, meter.function, dict(meter.by_task)),
            "outbox": repr(ctx.outbox)}


def compare(source, name, tmp_path, fixtures=None, responses=None):
    fixtures = fixtures or {}
    fast = load(source, name, True, tmp_path)
    checked = load(source, name, False, tmp_path)
    assert fast.keys() == checked.keys() and fast
    runs = 0
    for key, function in fast.items():
        for args in argument_sets(function, fixtures):
            expected = outcome(checked[key], args, fixtures, responses)
            assert outcome(function, args, fixtures, responses) == expected, (key, args)
            runs += 1
    return runs


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_a_golden_case_runs_the_same_with_and_without_fast_paths(case, tmp_path):
    assert compare(case.read_text(), case.stem, tmp_path)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_a_sample_runs_the_same_with_and_without_fast_paths(sample, tmp_path):
    folder = sample.parent
    fixtures = json.loads((folder / "fixtures.json").read_text()) \
        if (folder / "fixtures.json").exists() else {}
    responses = folder / "responses.json" if (folder / "responses.json").exists() else None
    assert compare(sample.read_text(), sample.stem, tmp_path, fixtures, responses)


def test_the_probe_of_fast_path_edge_cases_runs_the_same(tmp_path):
    assert compare(PROBE, "probe", tmp_path) >= 5


def test_the_probe_uses_every_fast_path():
    code = convert(PROBE, filename="probe.dg")
    for helper in ("map_put(", "map_get(", ".append(", "concatenate(", "R_VALUES", "W_VALUES",
                   "] = ", "join_text(", "report += ", "count = bigint(count + 1)",
                   "K_VALUES = (1, 2, 3, -4)", "bigint(k * 2) > 3"):
        assert helper in code
    assert "for v in each(List([1, 9223372036854775808]), 1)" in code  # too big to hoist
    checked = convert(PROBE, filename="probe.dg", fast_paths=False)
    assert checked.count("map_put") == checked.count(".append(") == checked.count("] = ") == 0


def test_concatenate_is_the_left_fold_of_plus():
    values = [Text("a"), "b", Number(3), Decimal(2.5), None, Map({"k": 1}), List([1]), True,
              Number(-4)]
    for size in (2, 3, 4):
        for operands in itertools.product(values, repeat=size):
            try:
                expected = ("value", functools.reduce(operator.add, operands))
            except Exception as error:
                expected = ("raised", type(error), str(error))
            try:
                got = ("value", concatenate(*operands))
            except Exception as error:
                got = ("raised", type(error), str(error))
            assert got == expected and type(got[1]) is type(expected[1]), operands
