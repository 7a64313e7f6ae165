"""The suite keeps out of the user's own files: deluge2py's machine-wide credit ledger
(``$DELUGE2PY_HOME``), its conversion cache and its stored credentials go to one temporary
folder for the whole session.  Set at import, so the ``deluge2py`` subprocesses that tests
start inherit it too; a test that needs its own folder still monkeypatches these."""

import atexit
import os
import shutil
import tempfile

_HOME = tempfile.mkdtemp(prefix="deluge2py-tests-")
atexit.register(shutil.rmtree, _HOME, ignore_errors=True)
os.environ["DELUGE2PY_HOME"] = os.path.join(_HOME, "share")
os.environ["DELUGE2PY_CACHE_DIR"] = os.path.join(_HOME, "cache")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_HOME, "config")
