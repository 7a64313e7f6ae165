"""The fake Zoho server's ASGI app: ``create_app(crm, ...)``.

Routes (Zoho's own paths, envelopes and status codes):

* ``POST /oauth/v2/token``: the accounts server (refresh-token and authorization-code
  grants, form or query parameters; errors as HTTP 200 with ``error``, as Zoho does).
  Any client id and secret are accepted; a refresh token or grant code starting with
  ``revoked`` is refused with ``invalid_code``.
* ``/crm/{version}/...``: the sandbox CRM through ``runtime/zoho/crm_rest.dispatch`` (the
  same mapping ``invokeurl`` uses), plus attachment uploads (multipart).  Needs
  ``Authorization: Zoho-oauthtoken <token>``: 401 ``AUTHENTICATION_FAILURE`` without one,
  401 ``INVALID_TOKEN`` for an unknown or expired one.  Charges API credits as Zoho does
  and sends ``X-API-CREDITS-REMAINING`` once half the day's credits are used; 429
  ``TOO_MANY_REQUESTS`` when none are left.  Faults (``faults.py``) hit these routes only.
* ``/__sandbox__/reset``, ``/load`` (POST fixtures JSON), ``/records/{module}``, ``/stats``:
  not Zoho; for tests and demos (reset the store, load fixtures, read what is stored,
  count what happened).

``extra_routes`` (Starlette ``Route``s) are matched first: that is where more Zoho APIs
(e.g. ``/crm/v8/settings/functions``) plug in, each from its own routes module.
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import logging
import secrets
import threading
import time
import urllib.parse

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from deluge2py.runtime.zoho import crm_rest

from .faults import Faults

JSON_TYPE = "application/json;charset=UTF-8"
DEFAULT_CREDITS = 50_000


class Dropped(Exception):
    """Raised after a partial answer: the server closes the connection (a fault)."""


class _QuietDrops(logging.Filter):
    def filter(self, record):
        return not (record.exc_info and isinstance(record.exc_info[1], Dropped))


logging.getLogger("uvicorn.error").addFilter(_QuietDrops())


def _error(code: str, message: str, details=None) -> dict:
    return {"code": code, "details": details or {}, "message": message, "status": "error"}


class FakeZoho:
    """The server's state: the CRM, access tokens, faults, the credit pool and counters."""

    def __init__(self, crm_factory, *, faults: Faults | None = None, token_seconds: int = 3600,
                 credits: int = DEFAULT_CREDITS, base_url: str = ""):
        self.crm_factory = crm_factory
        self.crm = crm_factory()
        self.faults = faults or Faults()
        self.token_seconds = token_seconds
        self.credits = credits
        self.credits_used = 0
        self.base_url = base_url
        self.tokens: dict[str, float] = {}
        self.issued: list[str] = []  # every access token handed out (tests grep for them)
        self.lock = threading.Lock()
        self.stats = {"requests": 0, "token_grants": 0, "refreshes": 0, "unauthorised": 0}

    # ------------------------------------------------------------------ tokens
    def issue_token(self) -> str:
        token = "1000." + secrets.token_hex(16)
        with self.lock:
            self.tokens[token] = time.monotonic() + self.token_seconds
            self.issued.append(token)
        return token

    def check_token(self, header: str | None) -> dict | None:
        """None when the request may go on, else the 401 error body."""
        if not header or not header.startswith("Zoho-oauthtoken "):
            return _error("AUTHENTICATION_FAILURE", "Authentication failed")
        token = header[len("Zoho-oauthtoken "):].strip()
        with self.lock:
            expiry = self.tokens.get(token)
            if expiry is None or expiry < time.monotonic():
                self.tokens.pop(token, None)
                return _error("INVALID_TOKEN", "invalid oauth token")
        return None

    def expire_tokens(self) -> None:
        with self.lock:
            self.tokens.clear()

    # ------------------------------------------------------------------ credits
    def charge(self, credits: int) -> tuple[bool, int]:
        """(allowed, remaining) after charging ``credits``."""
        with self.lock:
            if self.credits_used + credits > self.credits:
                return False, max(0, self.credits - self.credits_used)
            self.credits_used += credits
            return True, self.credits - self.credits_used

    def credit_headers(self, remaining: int) -> dict:
        """Zoho sends the header only once half the day's credits are used."""
        if self.credits_used * 2 >= self.credits:
            return {"X-API-CREDITS-REMAINING": str(remaining)}
        return {}


# ---------------------------------------------------------------------- OAuth
async def token_endpoint(request: Request):
    state: FakeZoho = request.app.state.fake
    body = (await request.body()).decode("utf-8", "replace")
    params = dict(urllib.parse.parse_qsl(body))
    params.update(request.query_params)
    grant = params.get("grant_type")
    if not params.get("client_id") or not params.get("client_secret"):
        return JSONResponse({"error": "invalid_client"})
    base = state.base_url or str(request.base_url).rstrip("/")
    answer = {"api_domain": base, "token_type": "Bearer", "expires_in": state.token_seconds}
    if grant == "refresh_token":
        if str(params.get("refresh_token", "")).startswith("revoked") or not params.get(
                "refresh_token"):
            return JSONResponse({"error": "invalid_code"})
        state.stats["refreshes"] += 1
    elif grant == "authorization_code":
        if str(params.get("code", "")).startswith("revoked") or not params.get("code"):
            return JSONResponse({"error": "invalid_code"})
        answer["refresh_token"] = "1000." + secrets.token_hex(16)
        state.issued.append(answer["refresh_token"])
        state.stats["token_grants"] += 1
    else:
        return JSONResponse({"error": "unsupported_grant_type"})
    answer["access_token"] = state.issue_token()
    return JSONResponse(answer)


# ---------------------------------------------------------------------- the CRM API
class CrmApi:
    """``/crm/{version}/{path}``, as a raw ASGI app so a fault can drop the connection
    after the answer has started."""

    async def __call__(self, scope, receive, send):
        request = Request(scope, receive)
        state: FakeZoho = request.app.state.fake
        decision = state.faults.decide()
        state.stats["requests"] += 1
        if decision.expire_tokens:
            state.expire_tokens()
        if decision.delay:
            import asyncio

            await asyncio.sleep(decision.delay)
        if decision.before == 429:
            headers = {} if state.faults.retry_after is None else {
                "Retry-After": str(state.faults.retry_after)}
            return await _send(send, 429, _error(
                "TOO_MANY_REQUESTS", "too many requests, please try again later",
                {"concurrency_limit": True}), headers)
        if decision.before == 503:
            return await _send(send, 503, _error("INTERNAL_ERROR", "service unavailable"))
        unauthorised = state.check_token(request.headers.get("authorization"))
        if unauthorised is not None:
            state.stats["unauthorised"] += 1
            return await _send(send, 401, unauthorised)
        status, payload, headers = await self._answer(request, state)
        if decision.after == "500":
            return await _send(send, 500, _error("INTERNAL_ERROR", "Internal Server Error"))
        if decision.after == "drop":
            await send({"type": "http.response.start", "status": status,
                        "headers": [(b"content-type", JSON_TYPE.encode()),
                                    (b"content-length", b"4096")]})
            await send({"type": "http.response.body", "body": b'{"data": [', "more_body": True})
            raise Dropped("connection dropped by fault injection")
        await _send(send, status, payload, headers)

    async def _answer(self, request: Request, state: FakeZoho):
        version = request.path_params["version"].lower()
        segments = [s for s in request.path_params["path"].split("/") if s]
        raw = await request.body()
        if not version.startswith("v"):
            return 404, _invalid_url(), {}
        attachment = (request.method == "POST" and len(segments) == 3
                      and segments[2].lower() == "attachments")
        body = None
        if raw and not attachment:
            try:
                body = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                return 400, _error("INVALID_DATA", "the request body is not valid JSON"), {}
        count = crm_rest._record_count(body)
        allowed, remaining = state.charge(crm_rest.rest_credits(request.method, segments, count))
        if not allowed:
            return 429, _error("TOO_MANY_REQUESTS",
                               "the API credits of the 24-hour period are exhausted",
                               {"limit": state.credits}), {"X-API-CREDITS-REMAINING": "0"}
        headers = state.credit_headers(remaining)
        query = request.url.query
        if attachment:
            status, payload = await run_in_threadpool(
                _attach, state.crm, version, segments, request.headers.get("content-type", ""), raw)
            return status, payload, headers
        answer = await run_in_threadpool(crm_rest.dispatch, state.crm, request.method, version,
                                         segments, query, body)
        if answer is None:
            return 404, _invalid_url(), headers
        text = answer.body if isinstance(answer.body, (bytes, str)) else b""
        payload = json.loads(text) if text else None
        return answer.status, payload, headers


def _attach(crm, version: str, segments, content_type: str, raw: bytes):
    module, record_id = segments[0], segments[1]
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + raw)
    for part in message.iter_parts() if message.is_multipart() else ():
        if part.get_param("name", header="content-disposition") == "file":
            name = part.get_filename() or "file"
            result = crm.attach_file(module, record_id, name, part.get_payload(decode=True) or b"",
                                     family="v2" if version in ("v2", "v2.1") else "v8")
            failed = result.get("status") == "error"
            return (400 if failed else 200), {"data": [result]}
    return 400, _error("MANDATORY_NOT_FOUND", "required field not found", {"api_name": "file"})


def _invalid_url() -> dict:
    return _error("INVALID_URL_PATTERN", "Please check if the URL trying to access is a correct one")


async def _send(send, status: int, payload, headers=None) -> None:
    if status == 204 or payload is None:
        body, status = b"", (204 if status in (200, 204) else status)
    else:
        body = json.dumps(payload).encode("utf-8")
    raw_headers = [(b"content-type", JSON_TYPE.encode()), (b"content-length", str(len(body)).encode())]
    raw_headers += [(k.lower().encode(), str(v).encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": body})


# ---------------------------------------------------------------------- /__sandbox__
async def reset(request: Request):
    state: FakeZoho = request.app.state.fake
    state.crm = await run_in_threadpool(state.crm_factory)
    state.credits_used = 0
    return JSONResponse({"status": "success"})


async def load(request: Request):
    state: FakeZoho = request.app.state.fake
    try:
        fixtures = json.loads(await request.body())
        await run_in_threadpool(state.crm.load, fixtures)
    except (ValueError, TypeError, AttributeError) as exc:
        return JSONResponse(_error("INVALID_DATA", f"fixtures refused: {exc}"), status_code=400)
    return JSONResponse({"status": "success"})


async def records(request: Request):
    state: FakeZoho = request.app.state.fake
    module = request.path_params["module"]
    found = await run_in_threadpool(_records_or_error, state.crm, module)
    return JSONResponse(found, status_code=400 if isinstance(found, dict) else 200)


def _records_or_error(crm, module):
    try:
        return crm.records(module)
    except Exception:  # the sandbox raises its CrmError for an unknown module
        return _error("INVALID_MODULE", "the module name given seems to be invalid")


async def stats(request: Request):
    state: FakeZoho = request.app.state.fake
    return JSONResponse({**state.stats, "faults": dict(state.faults.counts),
                         "credits_used": state.credits_used, "credits": state.credits})


def create_app(crm_factory, *, faults: Faults | None = None, extra_routes=(),
               token_seconds: int = 3600, credits: int = DEFAULT_CREDITS,
               base_url: str = "") -> Starlette:
    """The fake Zoho app around ``crm_factory()`` (a ``SandboxCRM`` maker, called again
    by ``/__sandbox__/reset``)."""
    routes = [
        *extra_routes,
        Route("/oauth/v2/token", token_endpoint, methods=["POST"]),
        Route("/crm/{version}/{path:path}", CrmApi(),
              methods=["GET", "POST", "PUT", "PATCH", "DELETE"]),
        Route("/__sandbox__/reset", reset, methods=["POST"]),
        Route("/__sandbox__/load", load, methods=["POST"]),
        Route("/__sandbox__/records/{module}", records, methods=["GET"]),
        Route("/__sandbox__/stats", stats, methods=["GET"]),
    ]
    app = Starlette(routes=routes)
    app.state.fake = FakeZoho(crm_factory, faults=faults, token_seconds=token_seconds,
                              credits=credits, base_url=base_url)
    return app
