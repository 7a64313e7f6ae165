"""The sandbox store under concurrent writers: the journal modes side by side.

    python benchmarks/sandbox_store.py [--processes 8] [--creates 100]

Each configuration gets a new SQLite file; N processes each create M Leads through
``SandboxCRM`` at once. Prints creates per second, records stored and ids handed out
twice (both must be exact), and each mode's time as a ratio of WAL's. Asserts nothing.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from deluge2py.runtime.backends import store as store_module  # noqa: E402
from deluge2py.runtime.backends.sandbox import SandboxCRM  # noqa: E402

MODES = {"WAL, synchronous=NORMAL": {"wal": True},
         "rollback journal (DELETE), synchronous=FULL": {"wal": False}}


def _writer(db, creates, tag, wal):
    original = store_module.Store.__init__

    def init(self, path=None, *, wal_=wal):
        original(self, path, wal=wal_)
    store_module.Store.__init__ = init
    crm = SandboxCRM(path=db)
    for index in range(creates):
        crm.create_record("Leads", {"Last_Name": f"{tag}-{index}"})


def measure(processes: int, creates: int, wal: bool) -> tuple[float, int, int]:
    with tempfile.TemporaryDirectory() as folder:
        db = os.path.join(folder, "crm.db")
        store_module.Store(db, wal=wal).close()
        ctx = multiprocessing.get_context("fork")
        procs = [ctx.Process(target=_writer, args=(db, creates, f"p{n}", wal))
                 for n in range(processes)]
        start = time.perf_counter()
        for proc in procs:
            proc.start()
        for proc in procs:
            proc.join()
        elapsed = time.perf_counter() - start
        records = SandboxCRM(path=db).records("Leads")
        twice = len(records) - len({r["id"] for r in records})
        return elapsed, len(records), twice


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--creates", type=int, default=100)
    args = parser.parse_args()
    expected = args.processes * args.creates
    results = {name: measure(args.processes, args.creates, **opts) for name, opts in MODES.items()}
    base = results["WAL, synchronous=NORMAL"][0]
    print(f"{args.processes} processes x {args.creates} createRecord on one file "
          f"({expected} expected)")
    for name, (elapsed, stored, twice) in results.items():
        print(f"  {name:45s} {expected / elapsed:8.0f} creates/s  stored {stored}  "
              f"ids twice {twice}  time x{elapsed / base:.2f} of WAL")


if __name__ == "__main__":
    main()
