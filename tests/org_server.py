"""The fake Zoho org the org-sync tests talk to over HTTP on loopback.

``org_server(tmp_path, monkeypatch)`` starts ``deluge2py.fakezoho`` with the functions routes
and a store seeded with the project's own functions (``tests/org_seed`` and ``samples``),
points the environment's credentials at it, and gives the ledger and home a temporary
place.  ``cli(*argv)`` runs the ``deluge2py`` command in-process and returns
``(exit status, stdout, stderr)``.
"""

from __future__ import annotations

import contextlib
import glob
import io
import os

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SEED = os.path.join(HERE, "org_seed")
SAMPLES = os.path.join(REPO, "samples")
DELUGE_FUNCTIONS = (len(glob.glob(os.path.join(SEED, "*.dg")))
                    + len(glob.glob(os.path.join(SAMPLES, "*", "*.dg"))))


def seeded_store(**options):
    from deluge2py.fakezoho.functions import FunctionStore

    store = FunctionStore(**options)
    store.load_folder(SEED)
    for path in sorted(glob.glob(os.path.join(SAMPLES, "*", "*.dg"))):
        with open(path, encoding="utf-8") as fh:
            store.add(fh.read())
    return store


@contextlib.contextmanager
def org_server(tmp_path, monkeypatch, store=None, fixtures=None):
    """Serve ``store`` (default: the seeded org) for the ``with`` block."""
    from deluge2py.fakezoho import running
    from deluge2py.fakezoho.functions import routes

    store = store if store is not None else seeded_store()
    with running(fixtures=fixtures, extra_routes=routes(store)) as server:
        monkeypatch.setenv("DELUGE2PY_HOME", str(tmp_path / "home"))
        monkeypatch.setenv("DELUGE2PY_CREDENTIALS", str(tmp_path / "home" / "credentials.toml"))
        monkeypatch.setenv("DELUGE2PY_CLIENT_ID", "1000.TEST")
        monkeypatch.setenv("DELUGE2PY_CLIENT_SECRET", "test-secret")
        monkeypatch.setenv("DELUGE2PY_REFRESH_TOKEN", "1000.test-refresh")
        monkeypatch.setenv("DELUGE2PY_ACCOUNTS_URL", server.url)
        monkeypatch.setenv("DELUGE2PY_ORG", "sandbox")
        yield store


def cli(*argv, stdin: str | None = None):
    from deluge2py.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main([str(a) for a in argv])
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else 2
    return status, out.getvalue(), err.getvalue()


def ledger_lines(tmp) -> list[dict]:
    """The ledger of the server started with ``org_server(tmp, ...)``."""
    import json

    path = tmp / "home" / "ledger.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
