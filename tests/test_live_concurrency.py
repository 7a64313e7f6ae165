"""Concurrent writers through serve-sandbox lose and duplicate nothing: two fake Zoho
servers on one ``--db`` file, written over HTTP by several processes of several threads
each (the live backend), and by a sandbox in this process on the same file at once; then
every record is counted.  Bounded: a few hundred writes, every wait with a timeout."""

import multiprocessing
import threading

from deluge2py.runtime import Context, zoho
from deluge2py.runtime.backends.sandbox import SandboxCRM
from deluge2py.runtime.credits import Meter

from live_support import live_crm_for_url, serve_sandbox_process

WAIT = 120  # seconds; reached only when something hangs
PROCESSES, THREADS, EACH = 3, 4, 15


def _writer_process(urls, tag, failures):
    def work(thread):
        crm = live_crm_for_url(urls[thread % len(urls)])
        with Context(crm=crm, meter=Meter(concurrency=100)):
            for index in range(EACH):
                answer = zoho.crm.createRecord("Tasks", {"Subject": f"{tag}-{thread}-{index}"})
                if not answer.get("id"):
                    failures.put(f"{tag}-{thread}-{index}: {answer}")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)


def test_processes_and_threads_writing_through_two_servers_on_one_db(tmp_path):
    db = str(tmp_path / "crm.db")
    SandboxCRM(path=db)  # the file exists before both servers open it
    with serve_sandbox_process("--db", db) as first, serve_sandbox_process("--db", db) as second:
        ctx = multiprocessing.get_context("fork")
        failures = ctx.Queue()
        procs = [ctx.Process(target=_writer_process, args=((first, second), f"p{n}", failures))
                 for n in range(PROCESSES)]
        for proc in procs:
            proc.start()
        local = SandboxCRM(path=db)
        for index in range(EACH):
            assert "id" in local.create_record("Tasks", {"Subject": f"local-{index}"})
        for proc in procs:
            proc.join(WAIT)
            assert proc.exitcode == 0
        assert failures.empty(), failures.get()
        through_http = live_crm_for_url(first).records("Tasks")
    stored = SandboxCRM(path=db).records("Tasks")
    expected = sorted([f"p{p}-{t}-{i}" for p in range(PROCESSES) for t in range(THREADS)
                       for i in range(EACH)] + [f"local-{i}" for i in range(EACH)])
    ids = [r["id"] for r in stored]
    assert len(ids) == len(set(ids)), "an id was handed out twice"
    assert sorted(r["Subject"] for r in stored) == expected
    assert sorted(r["Subject"] for r in through_http) == expected
