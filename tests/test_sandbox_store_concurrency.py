"""One sandbox store written by many processes and threads at once (issue 15): every
create is stored once, under an id of its own, and updates of one record are never lost.
Bounded: a few hundred writes, every wait with a timeout."""

import multiprocessing
import os
import sqlite3
import subprocess
import sys
import threading

from deluge2py.runtime.backends.sandbox import SandboxCRM

WAIT = 120  # seconds; only reached when something hangs

CREATE_DG = """\
for each i in {1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20}
{
\tr = zoho.crm.createRecord("Leads", {"Last_Name": "Lead " + i});
}
"""


def _create_many(db, count, tag):
    crm = SandboxCRM(path=db)
    for index in range(count):
        answer = crm.create_record("Leads", {"Last_Name": f"{tag}-{index}"})
        assert "id" in answer, answer


def _set_fields(db, record_id, tag, count):
    crm = SandboxCRM(path=db)
    for index in range(count):
        answer = crm.update_record("Accounts", record_id, {f"{tag}_{index}": index})
        assert "id" in answer, answer


def _assert_all_stored(db, expected_names):
    records = SandboxCRM(path=db).records("Leads")
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids)), "an id was handed out twice"
    assert sorted(r["Last_Name"] for r in records) == sorted(expected_names)


def test_processes_creating_on_one_file(tmp_path):
    db = str(tmp_path / "crm.db")
    workers, each = 6, 40
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_create_many, args=(db, each, f"p{w}")) for w in range(workers)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(WAIT)
        assert proc.exitcode == 0
    _assert_all_stored(db, [f"p{w}-{i}" for w in range(workers) for i in range(each)])


def test_threads_with_their_own_and_a_shared_sandbox(tmp_path):
    db = str(tmp_path / "crm.db")
    shared = SandboxCRM(path=db)
    errors = []

    def work(tag, crm):
        try:
            crm = crm or SandboxCRM(path=db)
            for index in range(25):
                answer = crm.create_record("Leads", {"Last_Name": f"{tag}-{index}"})
                assert "id" in answer, answer
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(f"t{n}", shared if n % 2 else None))
               for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)
        assert not thread.is_alive()
    assert errors == []
    _assert_all_stored(db, [f"t{n}-{i}" for n in range(8) for i in range(25)])


def test_fixtures_of_a_new_file_are_loaded_once(tmp_path):
    db = str(tmp_path / "crm.db")
    fixtures = {"Leads": [{"Last_Name": "From fixtures"}]}  # no id: a second load would duplicate
    threads = [threading.Thread(target=SandboxCRM, kwargs={"fixtures": fixtures, "path": db})
               for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)
    assert [r["Last_Name"] for r in SandboxCRM(path=db).records("Leads")] == ["From fixtures"]


def _open_and_create(db, barrier, tag):
    barrier.wait(WAIT)  # every process opens the new file at the same moment
    answer = SandboxCRM(path=db).create_record("Leads", {"Last_Name": tag})
    assert "id" in answer, answer


def test_processes_opening_a_new_file_at_the_same_moment(tmp_path):
    """Switching a new file to WAL does not call SQLite's busy handler: a process that
    tried while another converted the file failed at once with "database is locked"
    (what made `test_concurrent_deluge2py_runs_on_one_db` fail now and then)."""
    ctx = multiprocessing.get_context("fork")
    workers, files = 6, 8
    for round_ in range(files):
        db = str(tmp_path / f"crm{round_}.db")
        barrier = ctx.Barrier(workers)
        procs = [ctx.Process(target=_open_and_create, args=(db, barrier, f"r{round_}-p{w}"))
                 for w in range(workers)]
        for proc in procs:
            proc.start()
        for proc in procs:
            proc.join(WAIT)
        assert [proc.exitcode for proc in procs] == [0] * workers, f"file {round_}"
        _assert_all_stored(db, [f"r{round_}-p{w}" for w in range(workers)])


def test_a_new_file_opens_while_another_connection_converts_it(tmp_path):
    """The state another process is in while it switches a new file to WAL: it holds the
    write lock of the rollback journal. Opening the store waits for it (up to
    BUSY_TIMEOUT) instead of failing at once."""
    db = str(tmp_path / "crm.db")
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    releasing = threading.Timer(0.3, holder.execute, args=("COMMIT",))
    releasing.start()
    try:
        crm = SandboxCRM(path=db)
    finally:
        releasing.join(WAIT)
        holder.close()
    assert crm.store.db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert "id" in crm.create_record("Leads", {"Last_Name": "After the wait"})


def test_concurrent_deluge2py_runs_on_one_db(tmp_path):
    """What a user does: several `deluge2py run --db` at once."""
    script = tmp_path / "create.dg"
    script.write_text(CREATE_DG)
    db = str(tmp_path / "crm.db")
    env = dict(os.environ, DELUGE2PY_LEDGER=str(tmp_path / "ledger.jsonl"))
    command = [sys.executable, "-m", "deluge2py", "run", str(script), "--db", db,
               "--ledger", str(tmp_path / "ledger.jsonl")]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             cwd=tmp_path, env=env) for _ in range(4)]
    for proc in runs:
        out, err = proc.communicate(timeout=WAIT)
        assert proc.returncode == 0, err.decode()
        assert b"20 API" in out
    records = SandboxCRM(path=db).records("Leads")
    assert len({r["id"] for r in records}) == len(records) == 80


def test_updates_of_one_record_from_processes_keep_every_field(tmp_path):
    """Each update reads the record and writes it whole: without one transaction around
    both, one process's field would overwrite another's."""
    db = str(tmp_path / "crm.db")
    record_id = SandboxCRM(path=db).create_record("Accounts", {"Account_Name": "Shared"})["id"]
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_set_fields, args=(db, record_id, f"F{w}", 20)) for w in range(4)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(WAIT)
        assert proc.exitcode == 0
    record = SandboxCRM(path=db).records("Accounts")[0]
    assert all(record.get(f"F{w}_{i}") == i for w in range(4) for i in range(20))
