"""Running the fake Zoho server: in the foreground (``deluge2py serve-sandbox``) or in a
background thread (``running(...)``, for tests and benchmarks).

    with running(fixtures="fixtures.json", faults="429=0.2") as server:
        server.url          # http://127.0.0.1:PORT (accounts server and API domain)
        server.state.crm    # the SandboxCRM it serves, to count records
"""

from __future__ import annotations

import contextlib
import socket
import threading

from .faults import Faults


def bind(port: int = 0, host: str = "127.0.0.1") -> socket.socket:
    """A listening loopback socket (port 0: any free port)."""
    # proto=IPPROTO_TCP: asyncio then sets TCP_NODELAY on accepted connections (no
    # 40 ms Nagle/delayed-ACK stall between an answer's headers and body).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    return sock


def build_app(*, fixtures=None, db=None, faults=None, extra_routes=(), token_seconds=3600,
              credits=None, base_url=""):
    from deluge2py.runtime.backends.sandbox import SandboxCRM

    from .app import DEFAULT_CREDITS, create_app

    if isinstance(faults, str) or faults is None:
        faults = Faults.parse(faults)

    def crm_factory():
        return SandboxCRM(fixtures=fixtures, path=db)

    return create_app(crm_factory, faults=faults, extra_routes=extra_routes,
                      token_seconds=token_seconds,
                      credits=DEFAULT_CREDITS if credits is None else credits,
                      base_url=base_url)


class Server:
    """A uvicorn server on a bound socket, run in a daemon thread."""

    def __init__(self, app, sock: socket.socket):
        import uvicorn

        self.app, self.sock = app, sock
        host, port = sock.getsockname()[:2]
        self.url = f"http://{host}:{port}"
        self.port = port
        config = uvicorn.Config(app, log_level="warning", access_log=False,
                                timeout_keep_alive=30, lifespan="off",
                                timeout_graceful_shutdown=1)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]},
                                        name="fake-zoho", daemon=True)

    @property
    def state(self):
        return self.app.state.fake

    def start(self, timeout: float = 10.0) -> "Server":
        self._thread.start()
        import time

        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the fake Zoho server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(10)
        self.sock.close()


@contextlib.contextmanager
def running(*, port: int = 0, **options):
    """Serve in a background thread for the ``with`` block; ``options`` as ``build_app``."""
    sock = bind(port)
    host, real_port = sock.getsockname()[:2]
    app = build_app(base_url=f"http://{host}:{real_port}", **options)
    server = Server(app, sock).start()
    try:
        yield server
    finally:
        server.stop()


def serve_forever(*, port: int = 8765, ready=None, **options) -> None:
    """Serve in the foreground until interrupted; ``ready(url)`` is called once listening."""
    import uvicorn

    if isinstance(options.get("faults"), str) or options.get("faults") is None:
        options["faults"] = Faults.parse(options.get("faults"))  # a bad spec before binding
    sock = bind(port)
    host, real_port = sock.getsockname()[:2]
    url = f"http://{host}:{real_port}"
    try:
        app = build_app(base_url=url, **options)
    except BaseException:
        sock.close()
        raise
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    if ready is not None:
        ready(url)
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
