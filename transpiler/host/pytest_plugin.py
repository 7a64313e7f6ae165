"""pytest fixtures for testing Deluge functions (the ``deluge2py`` pytest plugin).

Installed with deluge2py and loaded by pytest through the ``pytest11`` entry
point, so a test needs no imports::

    @pytest.mark.deluge_fixtures("fixtures.json")
    def test_deal_update(load_deluge, deluge_crm, credits, info_log):
        deal_update = load_deluge("deal_update.dg")
        deal_update(1001)
        assert deluge_crm.get_record("Deals", "1001")["Stage"] == "Closed Won"
        assert credits.api == 2
        assert info_log == ["done"]

Every fixture below shares one ``deluge_context``, active for the whole test,
so whatever the Deluge code does lands in the objects the test holds.  Paths
(markers, ``load``, ``load_deluge``) are relative to the test file's folder
unless absolute.  A failure inside Deluge code gets a note naming the Deluge
file and line, and its report leaves out deluge2py's own frames (``--fulltrace``
or ``DELUGE2PY_TRACEBACK=full`` keep them).  Nothing of deluge2py is imported
unless a test uses a fixture.
"""

from __future__ import annotations

import os
import sys
import warnings
from contextlib import ExitStack

import pytest

MARKER = "deluge_fixtures"


def pytest_addoption(parser):
    group = parser.getgroup("deluge2py")
    group.addoption("--deluge-live", action="store_true", default=False,
                    help="deluge_crm answers from a Zoho org over REST (LiveCRM) instead of "
                         "the in-process sandbox; against serve-sandbox each test starts "
                         "from an empty CRM and its fixture markers are loaded into it")
    group.addoption("--deluge-profile", default=None, metavar="NAME",
                    help="credentials profile for --deluge-live (default: the environment's "
                         "credentials, else the profile 'default')")


def pytest_configure(config):
    config.addinivalue_line(
        "markers", f"{MARKER}(*paths): load these sandbox CRM fixture files into deluge_crm "
                   "(paths relative to the test file)")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Before pytest renders an error raised in generated code: add the Deluge
    file and line, and have pytest leave deluge2py's own frames out."""
    if call.excinfo is not None and "deluge2py.runtime" in sys.modules:
        from deluge2py.host.tracebacks import add_deluge_note

        add_deluge_note(call.excinfo.value)
        _hide_deluge2py_frames()
    yield


def _hide_deluge2py_frames() -> None:
    """Mark deluge2py's modules with ``__tracebackhide__``, pytest's own way of
    leaving frames out of a report.  A frame's globals are its module's, so this
    reaches frames already in the traceback.  ``--fulltrace`` shows everything,
    and so does ``DELUGE2PY_TRACEBACK=full``."""
    for name, module in list(sys.modules.items()):
        if module is not None and (name == "deluge2py" or name.startswith("deluge2py.")):
            vars(module).setdefault("__tracebackhide__", _hidden)


def _hidden(excinfo) -> bool:
    from deluge2py.host.tracebacks import full_tracebacks

    return not full_tracebacks()


def _resolve(request, path) -> str:
    path = os.fspath(path)
    if os.path.isabs(path):
        return path
    beside_test = os.path.join(os.path.dirname(str(request.path)), path)
    return beside_test if os.path.exists(beside_test) else os.path.abspath(path)


def _invokeurl_responses_class():
    from deluge2py.runtime.http import RecordedTransport

    class InvokeurlResponses(RecordedTransport):
        """Recorded ``invokeurl`` answers for one test (a ``RecordedTransport``).

        ``add(url, body, method="GET", status=200, headers=None)`` registers one;
        ``load(path)`` adds those of a JSON file (a list of ``{url, method, status,
        headers, body}``); ``requests`` lists what the code asked for.  A request
        that matches nothing fails with a Deluge error, so no test reaches the
        network.
        """

        def __init__(self, request):
            super().__init__([])
            self._request = request

        def add(self, url, body="", method="GET", status=200, headers=None):
            self.records.append({"url": url, "method": method.upper(), "status": status,
                                 "headers": dict(headers or {}), "body": body})
            return self

        def load(self, path):
            path = _resolve(self._request, path)
            self.records.extend(RecordedTransport.from_file(path).records)
            return self

    return InvokeurlResponses


@pytest.fixture
def deluge_context(request):
    """The ``deluge2py.runtime.context.Context`` active for this test.

    It holds a fresh sandbox CRM (``deluge_crm``), a fresh credit meter with an
    in-memory ledger (``credits``), an empty info log (``info_log``) and outbox
    (``outbox``), and an ``invokeurl`` transport answering only from recorded
    responses (``invokeurl_responses``).  Requesting any of those fixtures
    activates it; use it directly to change limits or system variables
    (``deluge_context.system["loginuser"] = ...``).
    """
    from deluge2py.runtime.context import Context
    from deluge2py.runtime.credits import Meter

    crm = _live_crm(request) if request.config.getoption("deluge_live", False) else None
    if crm is None:
        from deluge2py.runtime.backends.sandbox import SandboxCRM

        crm = SandboxCRM()
    with ExitStack() as teardown:
        if hasattr(crm, "close"):  # the sandbox's SQLite connection, closed at teardown
            teardown.callback(crm.close)
        for marker in reversed(list(request.node.iter_markers(MARKER))):
            for path in marker.args:
                for warning in crm.load(_resolve(request, path)) or ():
                    warnings.warn(warning, stacklevel=1)  # a reference fixtures cannot resolve
        transport = _invokeurl_responses_class()(request)
        with Context(crm=crm, meter=Meter(), transport=transport, outbox=[]) as context:
            yield context


def _live_crm(request):
    """``--deluge-live``: a ``LiveCRM``; against serve-sandbox, emptied for the test.  A
    Zoho org cannot take fixture files: such tests are skipped."""
    from deluge2py.runtime.backends.live import CredentialsError, LiveCRM

    try:
        crm = LiveCRM(request.config.getoption("deluge_profile", None))
    except CredentialsError as exc:
        pytest.fail(f"--deluge-live: {exc}", pytrace=False)
    if crm.is_local:
        crm.reset()
    elif any(m.args for m in request.node.iter_markers(MARKER)):
        pytest.skip("--deluge-live: fixture files load only into deluge2py serve-sandbox, "
                    "not into a Zoho org")
    return crm


@pytest.fixture
def deluge_crm(deluge_context):
    """The CRM the test's Deluge code reads and writes: the sandbox (``SandboxCRM``), or
    with ``--deluge-live`` the org or serve-sandbox over REST (``LiveCRM``).

    Fresh for every test.  Fill it from a fixture file with the marker
    ``@pytest.mark.deluge_fixtures("fixtures.json")`` or by calling
    ``deluge_crm.load(path)``; read it back with ``deluge_crm.get_record(module, id)``
    and ``deluge_crm.records(module)``.
    """
    return deluge_context.crm


@pytest.fixture
def credits(deluge_context):
    """The credit meter of this test: ``credits.api`` (API credits),
    ``credits.function`` (function credits), ``credits.by_task`` (task -> API
    credits), ``credits.charges`` (every charge).  ``assert credits.api == 2``."""
    return deluge_context.meter


@pytest.fixture
def info_log(deluge_context):
    """The lines ``info`` printed during the test, as Deluge renders them (a list of str)."""
    return deluge_context.info_log


@pytest.fixture
def outbox(deluge_context):
    """The emails ``sendmail`` sent during the test (a list of maps with ``from``, ``to``,
    ``cc``, ``bcc``, ``reply_to``, ``subject``, ``message``, ``content_type``, ``attachments``)."""
    return deluge_context.outbox


@pytest.fixture
def invokeurl_responses(deluge_context):
    """Recorded answers for ``invokeurl``: ``invokeurl_responses.add(url, body, method="GET",
    status=200, headers=None)`` or ``.load("responses.json")``; ``.requests`` lists the
    requests made.  Unmatched requests fail; the network is never used."""
    return deluge_context.transport


@pytest.fixture
def load_deluge(request, deluge_context):
    """``load_deluge(path_or_name, function=None)`` returns a Deluge function, ready to call.

    ``path_or_name`` is a .dg/.deluge path (relative to the test file) or a module
    name looked up beside the test file, then on ``sys.path``.  ``function`` picks one
    function of the file (``"deal_update"`` or ``"automation.deal_update"``); by
    default the file's only function, or the one named like the file (the rule of
    ``deluge2py.host.runner.pick``, which ``deluge2py run`` follows too).  The file is
    converted through the import hook's cache, so an unchanged file is not
    converted again.  Calls run in ``deluge_context``.
    """
    from deluge2py.host import runner

    def load(path_or_name, function=None):
        path = _find_source(request, os.fspath(path_or_name))
        return runner.pick(runner.load(path), function)

    return load


def _find_source(request, name: str) -> str:
    from deluge2py.host.files import EXTENSIONS, is_source

    if is_source(name) or os.sep in name or "/" in name:
        return _resolve(request, name)
    relative = name.replace(".", os.sep)
    folders = [os.path.dirname(str(request.path)), *sys.path]
    for folder in folders:
        for extension in EXTENSIONS:
            candidate = os.path.join(folder or os.getcwd(), relative + extension)
            if os.path.isfile(candidate):
                return candidate
    raise FileNotFoundError(f"no {name}.dg or {name}.deluge beside {request.path} or on sys.path")
