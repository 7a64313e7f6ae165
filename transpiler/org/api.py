"""The Zoho CRM functions endpoints, over any client with ``request(method, path, ...)``.

``client.request(method, path, params=..., data=..., files=...)`` must send the request
(authorised: the live backend's ``ZohoClient`` adds the OAuth token and the data centre's
API domain) and return a response: the live client's ``ZohoResponse`` (``status``,
``body``) or an ``httpx.Response`` (``status_code``, ``content``).  Network failures
surface as ``NetworkError``, Zoho's error envelopes as ``ZohoAPIError``.  Every call is
one API credit, recorded in the ledger that ``deluge2py credits`` reads (Zoho documents no
other price for these endpoints: ``docs/zoho-api.md``).
"""

from __future__ import annotations

import json
import time
import uuid

FUNCTIONS = "/crm/v8/settings/functions"
PER_PAGE = 200
CALL_CREDITS = 1


class OrgError(Exception):
    """A failure talking to the org: a message for the user."""


class NetworkError(OrgError):
    """The request may or may not have reached Zoho (connection refused, dropped, timed out)."""


class ZohoAPIError(OrgError):
    """Zoho answered with an error envelope (``code``, ``message``, ``details``)."""

    def __init__(self, status: int, code: str, message: str, details=None):
        super().__init__(f"{code}: {message}" if message else code)
        self.status = status
        self.code = code
        self.message = message
        self.details = details or {}


class _Answer:
    """One shape for both kinds of response a client may return."""

    def __init__(self, raw):
        self.status_code = int(getattr(raw, "status_code", None) or getattr(raw, "status"))
        body = getattr(raw, "content", None)
        self.content = bytes(body if body is not None else getattr(raw, "body", b"") or b"")
        self.text = self.content.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.content.decode("utf-8-sig"))


def _send(client, method: str, path: str, kwargs) -> _Answer:
    """Send through the client; every way of getting no answer becomes ``NetworkError``
    (the live client's ``ZohoUnavailable``, httpx's transport errors, OSError)."""
    from deluge2py.runtime.errors import DelugeRuntimeError

    try:
        import httpx
        transport = (httpx.TransportError, OSError)
    except ImportError:  # pragma: no cover - httpx is a dependency of org sync
        transport = (OSError,)
    try:
        return _Answer(client.request(method, path, **kwargs))
    except transport as exc:
        raise NetworkError(f"{method} {path}: network error: {exc or type(exc).__name__}") from None
    except DelugeRuntimeError as exc:  # the live client: unavailable, or credentials refused
        cls = NetworkError if type(exc).__name__ == "ZohoUnavailable" else OrgError
        raise cls(f"{method} {path}: {exc}") from None


class FunctionsAPI:
    """List, read, create, update and execute functions; one ledger line per call."""

    def __init__(self, client, ledger=None, *, run_id: str | None = None, clock=time.time):
        self.client = client
        self.ledger = ledger
        self.run_id = run_id or "org-" + uuid.uuid4().hex[:8]
        self.clock = clock
        self.calls = 0
        self.label = "the org"  # how messages name it (``connect.open_api`` sets the profile)
        self.profile_name: str | None = None

    def origin(self) -> dict:
        """What the lock records about the org: the profile and the API domain the client
        uses (the token endpoint's answer, once a call was made); never a secret."""
        found = {"profile": self.profile_name} if self.profile_name else {}
        domain = getattr(self.client, "api_domain", None)
        if isinstance(domain, str) and domain:
            found["api_domain"] = domain
        return found

    def close(self) -> None:
        """End the client's connections and write the ledger's lines."""
        for thing in (self.client, self.ledger):
            closing = getattr(thing, "close", None)
            if closing is not None:
                closing()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def spent(self) -> str:
        """``"3 API calls (3 credits)"``, for the commands' last line."""
        n = self.calls
        return f"{n} API call{'s' if n != 1 else ''} ({n} credit{'s' if n != 1 else ''})"

    # ------------------------------------------------------------------ plumbing
    def _call(self, method: str, path: str, *, function: str | None = None, **kwargs):
        response = _send(self.client, method, path, kwargs)
        self.calls += 1
        if self.ledger is not None:
            self.ledger.record({"run": self.run_id, "kind": "api", "function": function,
                                "task": f"{method} {path.split('?')[0]}",
                                "credits": CALL_CREDITS, "time": self.clock(), "line": None})
        if response.status_code >= 400:
            raise _api_error(response)
        return response

    # ------------------------------------------------------------------ reading
    def list_functions(self) -> list[dict]:
        """Every function's metadata: pages of 200 by ``page`` up to Zoho's 2,000, then by
        ``page_token``; an HTTP 204 is an empty page."""
        found: list[dict] = []
        page, token = 1, None
        while True:
            params = {"per_page": PER_PAGE}
            if token:
                params["page_token"] = token
            else:
                params["page"] = page
            response = self._call("GET", FUNCTIONS, params=params)
            if response.status_code == 204 or not response.content:
                break
            body = _json(response)
            found.extend(body.get("functions") or [])
            info = body.get("info") or {}
            if not info.get("more_records"):
                break
            token = info.get("next_page_token")
            if not token:
                if page * PER_PAGE >= 2000:
                    raise OrgError("the org has more than 2,000 functions and Zoho gave no "
                                   "next_page_token to read past them")
                page += 1
        return found

    def get_function(self, ident: str) -> dict:
        body = _json(self._call("GET", f"{FUNCTIONS}/{ident}", function=ident))
        items = body.get("functions") or []
        if not items:
            raise OrgError(f"the org returned no function for {ident}")
        return items[0]

    def get_code(self, ident: str, *, function: str | None = None) -> str:
        """The function's code as Zoho stores it (a ``.ds`` download, not JSON)."""
        response = self._call("GET", f"{FUNCTIONS}/{ident}/code", function=function or ident)
        return response.content.decode("utf-8-sig")

    # ------------------------------------------------------------------ writing
    def create(self, metadata: dict, code: str, filename: str) -> dict:
        """Create a Deluge function: multipart ``metadata`` (JSON) and ``code`` (.ds)."""
        files = {"code": (filename, code.encode("utf-8"), "application/octet-stream")}
        body = _json(self._call("POST", FUNCTIONS, function=metadata.get("api_name"),
                                data={"metadata": json.dumps({"functions": [metadata]})},
                                files=files))
        return _first_result(body)

    def update(self, ident: str, code: str, filename: str, *, function: str | None = None) -> dict:
        """Replace a function's code (its arguments follow the signature in the code)."""
        files = {"code": (filename, code.encode("utf-8"), "application/octet-stream")}
        body = _json(self._call("PUT", f"{FUNCTIONS}/{ident}", function=function or ident,
                                files=files))
        return _first_result(body)

    def execute(self, api_name: str, arguments: dict) -> dict:
        """Run a function in the org: ``arguments`` as one JSON form field, OAuth auth.
        Returns the success envelope's ``details`` (``output`` is always a string)."""
        body = _json(self._call("POST", f"/crm/v8/functions/{api_name}/actions/execute",
                                function=api_name, params={"auth_type": "oauth"},
                                data={"arguments": json.dumps(arguments)}))
        if str(body.get("code", "")).lower() != "success":
            raise ZohoAPIError(200, str(body.get("code") or "ERROR"),
                               str(body.get("message") or ""), body.get("details"))
        return dict(body.get("details") or {})


def _json(response) -> dict:
    try:
        body = response.json()
    except ValueError:
        raise OrgError(f"the org answered HTTP {response.status_code} with something that is "
                       f"not JSON: {response.text[:200]!r}") from None
    if not isinstance(body, dict):
        raise OrgError(f"unexpected answer from the org: {str(body)[:200]}")
    return body


def _api_error(response) -> ZohoAPIError:
    try:
        body = response.json()
    except ValueError:
        return ZohoAPIError(response.status_code, f"HTTP {response.status_code}",
                            response.text[:200])
    if isinstance(body, dict) and isinstance(body.get("functions"), list) and body["functions"]:
        body = body["functions"][0]
    if not isinstance(body, dict):
        return ZohoAPIError(response.status_code, f"HTTP {response.status_code}", str(body)[:200])
    return ZohoAPIError(response.status_code, str(body.get("code") or f"HTTP {response.status_code}"),
                        str(body.get("message") or ""), body.get("details"))


def _first_result(body: dict) -> dict:
    """Zoho's write answers are ``{"functions": [{"code", "status", "message", "details"}]}``."""
    items = body.get("functions") or []
    item = items[0] if items else body
    if str(item.get("status", "success")).lower() != "success":
        raise ZohoAPIError(400, str(item.get("code") or "ERROR"), str(item.get("message") or ""),
                           item.get("details"))
    return dict(item.get("details") or {})
