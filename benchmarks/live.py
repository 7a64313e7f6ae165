"""Live backend benchmark: ``zoho.crm`` task calls through ``LiveCRM`` to ``deluge2py
serve-sandbox`` on loopback (a separate process, real HTTP), beside the same calls on the
in-process sandbox, at several concurrencies.

    python benchmarks/live.py [--calls 1000] [--concurrency 1,8,32] [--faults SPEC] [--limit 120]

Each level makes ``--calls`` task calls (3 getRecordById : 1 createRecord) from that many
threads, each thread in its own Context with a metered credit meter (concurrency limit
lifted so the meter does not refuse the load).  The client pool is as wide as the
concurrency.  Prints calls per second, p50/p99 latency and errors per backend; stops a
level after ``--limit`` seconds.  Numbers are measured here, never asserted by tests.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

FIXTURES = {"Deals": [{"id": str(7_000_000_000_000_000_001 + i), "Deal_Name": f"Deal {i}",
                       "Stage": "Qualification", "Amount": 1000 + i} for i in range(50)]}


def run_level(backend, calls: int, concurrency: int, limit: float):
    from deluge2py.runtime import Context, zoho
    from deluge2py.runtime.credits import Meter
    from deluge2py.runtime.errors import DelugeRuntimeError

    deals = [d["id"] for d in FIXTURES["Deals"]]
    deadline = time.monotonic() + limit
    per_worker = [calls // concurrency + (1 if w < calls % concurrency else 0)
                  for w in range(concurrency)]

    def worker(index: int):
        latencies, errors = [], 0
        meter = Meter(concurrency=10_000)
        with Context(crm=backend, meter=meter):
            for i in range(per_worker[index]):
                if time.monotonic() > deadline:
                    break
                started = time.perf_counter()
                try:
                    if i % 4 == 3:
                        answer = zoho.crm.createRecord("Tasks", {"Subject": f"w{index} {i}"})
                    else:
                        answer = zoho.crm.getRecordById("Deals", deals[(index + i) % len(deals)])
                    ok = answer.get("id") not in (None, "")
                except DelugeRuntimeError:
                    ok = False
                latencies.append(time.perf_counter() - started)
                errors += not ok
        return latencies, errors

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(worker, range(concurrency)))
    elapsed = time.perf_counter() - started
    latencies = sorted(l for lat, _ in results for l in lat)
    errors = sum(e for _, e in results)
    return len(latencies), elapsed, latencies, errors


def percentile(sorted_values, fraction):
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(fraction * (len(sorted_values) - 1))))
    return sorted_values[index]


def start_server(fixtures_path: str, faults: str):
    command = [sys.executable, "-m", "deluge2py", "serve-sandbox", "--port", "0", "--fixtures",
               fixtures_path]
    if faults:
        command += ["--faults", faults]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    if "serving" not in line:
        proc.kill()
        raise SystemExit(f"serve-sandbox did not start: {line}{proc.stderr.read()}")
    return proc, line.split()[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--concurrency", default="1,8,32")
    parser.add_argument("--faults", default="", help="serve-sandbox --faults for the live runs")
    parser.add_argument("--limit", type=float, default=120.0, help="seconds per level at most")
    args = parser.parse_args()

    import json
    import tempfile

    from deluge2py.runtime.backends.live import LiveCRM, Profile, ZohoClient
    from deluge2py.runtime.backends.sandbox import SandboxCRM

    levels = [int(c) for c in args.concurrency.split(",")]
    with tempfile.TemporaryDirectory() as folder:
        fixtures_path = os.path.join(folder, "fixtures.json")
        with open(fixtures_path, "w", encoding="utf-8") as fh:
            json.dump(FIXTURES, fh)
        proc, url = start_server(fixtures_path, args.faults)
        try:
            print(f"{args.calls} calls per level (3 getRecordById : 1 createRecord); "
                  f"serve-sandbox at {url}" + (f" with faults {args.faults}" if args.faults else ""))
            print(f"{'backend':<22}{'threads':>8}{'calls':>8}{'calls/s':>10}{'p50 ms':>9}"
                  f"{'p99 ms':>9}{'errors':>8}")
            for concurrency in levels:
                profile = Profile("bench", "id", "secret", "1000.refresh", accounts_url=url)
                client = ZohoClient(profile, pool=concurrency, backoff=0.05, max_backoff=0.5)
                backends = [("in-process sandbox", SandboxCRM(fixtures=FIXTURES)),
                            ("live -> serve-sandbox", LiveCRM(client=client))]
                for name, backend in backends:
                    done, elapsed, latencies, errors = run_level(backend, args.calls, concurrency,
                                                                 args.limit)
                    print(f"{name:<22}{concurrency:>8}{done:>8}{done / elapsed:>10.0f}"
                          f"{percentile(latencies, 0.5) * 1000:>9.2f}"
                          f"{percentile(latencies, 0.99) * 1000:>9.2f}{errors:>8}", flush=True)
                client.close()
        finally:
            proc.terminate()
            proc.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
