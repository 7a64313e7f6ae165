"""Runtime benchmark: a CPU-heavy Deluge function, converted and run, against the same logic
written by hand in idiomatic Python, in one process.

    python benchmarks/runtime.py [--orders 5000] [--repeat 5]

Prints the best time of each, the ratio (target: converted code at most 3x the hand-written
Python), with the execution limits on and off, and the time of ``import deluge2py.runtime``
in a fresh interpreter (as this environment runs it, and with a warm bytecode cache).
Numbers are measured here, never asserted by tests.
"""

from __future__ import annotations

import argparse
import datetime
import linecache
import os
import subprocess
import sys
import tempfile
import time

DELUGE = """\
map standalone.summarise_orders(list orders)
{
	totals = Map();
	lines = List();
	grand = 0;
	big = 0;
	for each order in orders
	{
		region = order.get("region");
		amount = order.get("qty") * order.get("price");
		if(amount > 100)
		{
			amount = amount - amount * 0.1;
			big = big + 1;
		}
		previous = ifnull(totals.get(region), 0);
		totals.put(region, previous + amount);
		grand = grand + amount;
		label = "#" + order.get("id") + " " + region + ": " + amount.round(2) + " on " + order.get("date").toString("yyyy-MM-dd");
		lines.add(label);
	}
	result = Map();
	result.put("totals", totals);
	result.put("count", lines.size());
	result.put("big", big);
	result.put("grand", grand.round(2));
	result.put("last", lines.get(lines.size() - 1));
	return result;
}
"""


def summarise_orders_by_hand(orders):
    """The same logic as DELUGE, as a Python programmer would write it."""
    totals = {}
    lines = []
    grand = 0
    big = 0
    for order in orders:
        region = order["region"]
        amount = order["qty"] * order["price"]
        if amount > 100:
            amount = amount - amount * 0.1
            big += 1
        totals[region] = totals.get(region, 0) + amount
        grand += amount
        lines.append(f"#{order['id']} {region}: {round(amount, 2)} on "
                     f"{order['date'].strftime('%Y-%m-%d')}")
    return {"totals": totals, "count": len(lines), "big": big, "grand": round(grand, 2),
            "last": lines[-1]}


def make_orders(count):
    regions = ["North", "South", "East", "West", "Central"]
    start = datetime.datetime(2024, 1, 1, 9, 30)
    return [{"id": 1000 + i, "region": regions[i % len(regions)], "qty": 1 + i % 7,
             "price": 9.5 + (i % 13) * 4.25, "date": start + datetime.timedelta(days=i % 365)}
            for i in range(count)]


def load_converted():
    from deluge2py import convert

    python = convert(DELUGE, filename="summarise_orders.dg")
    filename = "<benchmark summarise_orders.py>"
    linecache.cache[filename] = (len(python), None, python.splitlines(True), filename)
    namespace = {"__name__": "summarise_orders"}
    exec(compile(python, filename, "exec"), namespace)
    return namespace["summarise_orders"]


def best_of(repeat, function, *args):
    best = float("inf")
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function(*args)
        best = min(best, time.perf_counter() - started)
    return best, result


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
    parser.add_argument("--orders", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    from deluge2py.runtime import Context, to_deluge, to_python
    from deluge2py.runtime.limits import Limits

    orders = make_orders(args.orders)
    deluge_orders = to_deluge(orders)
    converted = load_converted()

    hand, expected = best_of(args.repeat, summarise_orders_by_hand, orders)
    print(f"{args.orders} orders, best of {args.repeat}")
    print(f"  hand-written Python      {hand * 1000:8.1f} ms")
    for label, limits in (("limits on", Limits()), ("limits off", Limits(enabled=False))):
        with Context(meter=None, limits=limits):
            elapsed, result = best_of(args.repeat, converted, deluge_orders)
        same = to_python(result)["count"] == expected["count"] and \
            to_python(result)["last"] == expected["last"]
        print(f"  converted, {label:<13} {elapsed * 1000:8.1f} ms   ratio {elapsed / hand:5.2f}x"
              f"{'' if same else '   (RESULTS DIFFER)'}")
    print(f"  import deluge2py.runtime {import_time() * 1000:8.1f} ms (fresh interpreter)")
    with tempfile.TemporaryDirectory() as folder:
        print(f"  import, bytecode cached  {import_time(warm_cache_env(folder)) * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
