"""A fake Zoho server: the sandbox CRM over real HTTP on loopback (``deluge2py serve-sandbox``).

Zoho's REST paths, envelopes, status codes, credit headers and error bodies, an OAuth
token endpoint, and fault injection (``faults.py``).  ``app.create_app`` builds the
Starlette app (more Zoho APIs plug in through ``extra_routes``); ``server.running``
serves it in a background thread for tests and benchmarks.
"""

from .faults import Faults, FaultSpecError
from .server import build_app, running, serve_forever

__all__ = ["Faults", "FaultSpecError", "build_app", "running", "serve_forever"]
