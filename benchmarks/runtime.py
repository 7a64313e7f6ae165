"""Runtime benchmark: Deluge functions shaped like real ones, converted and run as ``deluge2py
run`` runs them (limits on, credit meter on with a file ledger, sandbox CRM), against the same
logic written by hand in idiomatic Python, in one process.

    python benchmarks/runtime.py [--repeat 7] [--only cpu_heavy,dates] [--no-micro]

Prints per workload (``workloads.py``) the best time of each and the ratio converted /
hand-written (targets: the CPU-heavy workload at most 2x, every workload at most 3x); then
micro-costs of single operations as converted code emits them against plain Python; the
cost of a metered sandbox CRM call against an unmetered one (target at most 2x); and the
time of ``import deluge2py.runtime`` in a fresh interpreter.  The converted functions get
their arguments already as Deluge values (the one-off conversion at the edge is not timed).
Numbers are measured here, never asserted by tests.
"""

from __future__ import annotations

import argparse
import gc
import linecache
import math
import os
import subprocess
import sys
import tempfile
import time
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from workloads import WORKLOADS, crm_fixtures  # noqa: E402


def load_converted(source, name):
    """The module namespace of *source* converted by the tool."""
    from deluge2py import convert

    python = convert(source, filename=f"{name}.dg")
    filename = f"<benchmark {name}.py>"
    linecache.cache[filename] = (len(python), None, python.splitlines(True), filename)
    namespace = {"__name__": name}
    exec(compile(python, filename, "exec"), namespace)
    return namespace, python


def best_of(repeat, function, *args):
    """The best time of *repeat* calls, with the garbage collector collected before each
    and off during it (as ``timeit`` does: the other side's garbage is not charged here)."""
    best = float("inf")
    result = None
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            started = time.perf_counter()
            result = function(*args)
            best = min(best, time.perf_counter() - started)
        finally:
            gc.enable()
    return best, result


def side_by_side(repeat, hand, hand_args, converted, converted_args, context):
    """Best times of both, run in turn (hand, converted, hand, ...) so that a change of
    load on the machine hits both alike."""
    best_hand = best_converted = float("inf")
    for _ in range(repeat):
        elapsed, expected = best_of(1, hand, *hand_args)
        best_hand = min(best_hand, elapsed)
        with context:
            elapsed, result = best_of(1, converted, *converted_args)
        best_converted = min(best_converted, elapsed)
    return best_hand, expected, best_converted, result


def same(a, b):
    """Results equal, floats to 9 significant digits."""
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def run_context(folder, crm=None):
    """A context as ``deluge2py run`` builds it: limits on, a meter with a file ledger."""
    from deluge2py.runtime import Context
    from deluge2py.runtime.credits import Ledger, Meter

    meter = Meter(ledger=Ledger(Path(folder) / "ledger.jsonl"))
    return Context(crm=crm, meter=meter)


def workloads(args, folder):
    from deluge2py.runtime import to_deluge, to_python
    from deluge2py.runtime.backends.sandbox import SandboxCRM

    print(f"Workloads: converted (limits on, meter on) / hand-written Python, best of "
          f"{args.repeat}")
    print(f"  {'workload':<14} {'hand':>9} {'converted':>10} {'ratio':>7}  what")
    ratios = {}
    for w in WORKLOADS:
        if args.only and w.name not in args.only:
            continue
        namespace, _ = load_converted(w.deluge, w.name)
        converted = next(v for k, v in namespace.items() if hasattr(v, "__deluge__"))
        plain_args = w.make_args()
        deluge_args = [to_deluge(a) for a in plain_args]
        extra = ()
        crm = None
        if w.crm:
            extra = (SandboxCRM(fixtures=crm_fixtures()),)
            crm = SandboxCRM(fixtures=crm_fixtures())
        ctx = run_context(folder, crm)
        hand, expected, elapsed, result = side_by_side(
            args.repeat, w.hand, (*plain_args, *extra), converted, deluge_args, ctx)
        if ctx.limits.executed and w.name == "cpu_heavy":
            note = f" ({ctx.limits.executed:,} statements)"
        else:
            note = ""
        ok = same(to_python(result), expected)
        ratios[w.name] = elapsed / hand
        print(f"  {w.name:<14} {hand * 1000:7.2f}ms {elapsed * 1000:8.2f}ms {elapsed / hand:6.2f}x"
              f"  {w.what}{note}{'' if ok else '   (RESULTS DIFFER)'}")
    return ratios


# --- micro-costs ------------------------------------------------------------------------------

MICRO_FUNCTION = """\
void micro(int a, int b, string s, map m, list items)
{{
	known = Map(); built = List(); t = "Item ";
	{statement}
}}
"""


def emitted(statement):
    """The Python line the tool emits for one Deluge statement (the function's line 4), and
    the module constants it may use."""
    namespace, python = load_converted(MICRO_FUNCTION.format(statement=statement), "micro")
    line = next(line for line in python.splitlines() if line.rstrip().endswith("# dg:4"))
    constants = {k: v for k, v in namespace.items() if k.isupper()}
    return line.strip().rsplit("  # dg:", 1)[0], constants


def per_call(statement, namespace, number=200_000):
    timer = timeit.Timer(statement, globals=namespace)
    return min(timer.repeat(5, number)) / number


def loop_cost(statement, namespace, number=20_000):
    """Time of *statement* (a ``for`` loop text) run *number* times."""
    timer = timeit.Timer(statement, globals=namespace)
    return min(timer.repeat(5, number)) / number


def micro(folder):
    import deluge2py.runtime as rt
    from deluge2py.runtime import Context, List, Map, Number, Text
    from deluge2py.runtime.limits import Limits

    print("Micro-costs: as converted code emits them (limits on) against plain Python")
    deluge = dict(vars(rt), a=Number(12345), b=Number(678), s=Text("Item "), m=Map(),
                  items=List(list(range(10))), L0=List(), L10=List(list(range(10))),
                  L100=List(list(range(100))), known=Map(), built=List(), t=Text("Item "))
    plain = dict(a=12345, b=678, s="Item ", m={}, L10=list(range(10)), L0=[],
                 L100=list(range(100)))
    rows = [  # (label, Deluge statement, Python; None: the list rows below)
        ("Number + Number", "c = a + b;", "c = a + b"),
        ("Map.put(literal, n), a param", 'm.put("amount", a);', 'm["amount"] = a'),
        ("Map.put, map built here", 'known.put("amount", a);', 'm["amount"] = a'),
        ("Map.get(literal), a param", 'c = m.get("amount");', 'c = m.get("amount")'),
        ("Map.get, map built here", 'c = known.get("amount");', 'c = m.get("amount")'),
        ("Text + Text + Number", 'c = s + "no. " + a;', 'c = f"{s}no. {a}"'),
        ("\"lit\" + Number + \"lit\"", 'c = "no. " + a + "!";', 'c = f"no. {a}!"'),
        ("List.add, a param", "items.add(a);", None),
        ("List.add, list built here", "built.add(a);", None),
        ("Map() construction", "c = Map();", "c = {}"),
    ]
    counting = Limits(statements=10**15)  # on, and never reached by the repeats below
    with Context(meter=None, limits=counting):
        for label, statement, python in rows:
            code, constants = emitted(statement)
            if python is None:  # keep the list small
                code = f"{code}; {statement.split('.')[0]}.pop()"
                python = "L10.append(a); L10.pop()"
            ours, theirs = per_call(code, dict(deluge, **constants)), per_call(python, plain)
            print(f"  {label:<28} {ours * 1e9:7.0f} ns vs {theirs * 1e9:5.0f} ns  "
                  f"{ours / theirs:5.1f}x   {code}")
        loop = emitted("for each x in items { c = x; }")[0].split(":")[0]
        for_each = loop.replace("items", "{L}") + ": pass"
        setup = loop_cost(for_each.format(L="L0"), deluge)
        per_item = (loop_cost(for_each.format(L="L100"), deluge) - setup) / 100
        plain_setup = loop_cost("for x in L0: pass", plain)
        plain_item = (loop_cost("for x in L100: pass", plain) - plain_setup) / 100
        print(f"  {'each() set-up':<28} {setup * 1e9:7.0f} ns vs {plain_setup * 1e9:5.0f} ns"
              f"           {for_each.format(L='L')}")
        ten, plain_ten = loop_cost(for_each.format(L="L10"), deluge), loop_cost(
            "for x in L10: pass", plain)
        print(f"  {'each() over 10 elements':<28} {ten * 1e9:7.0f} ns vs {plain_ten * 1e9:5.0f} ns"
              f"  {ten / plain_ten:5.1f}x   (the whole loop)")
        print(f"  {'each() per element':<28} {per_item * 1e9:7.0f} ns vs "
              f"{plain_item * 1e9:5.0f} ns")
    with Context(meter=None, limits=Limits(enabled=False)):
        unlimited = (loop_cost(for_each.format(L="L100"), deluge)
                     - loop_cost(for_each.format(L="L0"), deluge)) / 100
    print(f"  {'limits counter per iteration':<28} {(per_item - unlimited) * 1e9:7.0f} ns"
          f"   (each() per element, limits on minus off)")
    function_call(deluge, plain)

    crm_call(folder)


HELPER_FUNCTION = """\
int standalone.double_it(int x)
{
	return x * 2;
}
"""


def function_call(deluge, plain):
    """One Deluge function calling another (``standalone.double_it(a)``, as emitted inside a
    running function) against a Python function call doing the same."""
    from deluge2py.runtime import Context
    from deluge2py.runtime.limits import Limits

    load_converted(HELPER_FUNCTION, "helper")  # registers standalone.double_it

    def double_it(x):
        return x * 2

    with Context(meter=None, limits=Limits(statements=10**15)) as ctx:
        ctx.limits.begin("micro")
        ctx.limits.enter("micro")  # the callee runs as a nested call, as in a real run
        ours = per_call("c = standalone.double_it(a)", deluge, number=50_000)
    theirs = per_call("c = double_it(a)", dict(plain, double_it=double_it), number=50_000)
    print(f"  {'Deluge function call':<28} {ours * 1e9:7.0f} ns vs {theirs * 1e9:5.0f} ns  "
          f"{ours / theirs:5.1f}x   c = standalone.double_it(a)")


CRM_CALLS = """\
void standalone.crm_calls(list ids)
{
	for each id in ids
	{
		lead = zoho.crm.getRecordById("Leads", id);
	}
}
"""


def crm_call(folder, calls=1000):
    """A sandbox getRecordById made by converted code, metered (file ledger, limits on) as
    ``run`` meters it, against the same call unmetered (and without limits)."""
    from deluge2py.runtime import Context, to_deluge
    from deluge2py.runtime.backends.sandbox import SandboxCRM
    from deluge2py.runtime.limits import Limits

    namespace, _ = load_converted(CRM_CALLS, "crm_calls")
    function = namespace["crm_calls"]
    ids = to_deluge(["9001"] * calls)
    crm = SandboxCRM(fixtures=crm_fixtures())
    with Context(meter=None, crm=crm, limits=Limits(enabled=False)):
        unmetered = best_of(5, function, ids)[0] / calls
    with run_context(folder, crm):
        metered = best_of(5, function, ids)[0] / calls
    print(f"  {'CRM call metered/unmetered':<28} {metered * 1e6:7.1f} µs vs "
          f"{unmetered * 1e6:5.1f} µs  {metered / unmetered:5.2f}x   (getRecordById, file ledger)")


def import_time(env=None):
    code = "import time; t = time.perf_counter(); import deluge2py.runtime; " \
           "print(time.perf_counter() - t)"
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True, env=env).stdout) for _ in range(5)]
    return min(runs)


def warm_cache_env(folder):
    """The environment with bytecode caching on, into *folder* (the first import fills it):
    what users see, where ``PYTHONDONTWRITEBYTECODE`` makes every import compile."""
    env = dict(os.environ, PYTHONPYCACHEPREFIX=folder)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--only", type=lambda text: set(text.split(",")), default=None,
                        help="comma-separated workload names")
    parser.add_argument("--no-micro", action="store_true")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as folder:
        os.environ["DELUGE2PY_HOME"] = folder  # never touch the user's own ledger
        workloads(args, folder)
        if not args.no_micro:
            micro(folder)
        print(f"import deluge2py.runtime {import_time() * 1000:6.1f} ms (fresh interpreter); "
              f"{import_time(warm_cache_env(folder)) * 1000:5.1f} ms with bytecode cached")


if __name__ == "__main__":
    main()
