"""``invokeurl``, ``invokeapi`` and the legacy ``getUrl``/``postUrl``, over pluggable transports.

A transport is a callable ``transport(HttpRequest) -> HttpResponse``.  The context's
``transport`` decides where a request goes:

* ``None`` or ``BlockedTransport()`` (the default): no request leaves the process; the
  call fails with a Deluge error that says how to allow it.
* ``RecordedTransport(records)`` / ``RecordedTransport.from_file(path)``: answers from
  recorded responses, a list of ``{url, method, status, headers, body}``.
* ``CallableTransport(fn)`` (or any callable passed to ``as_transport``): ``fn(request)``
  answers with an ``HttpResponse``, a ``{status, headers, body}`` map, or just a body.
* ``NetworkTransport()``: the real network through ``urllib``; only when asked for.

A request with a ``connection`` to the CRM REST API (``https://www.zohoapis.<dc>/crm/v<n>/...``)
never reaches the transport: the context's CRM backend answers it (``crm_rest``) and it is
charged API credits like the REST call.  Every call counts against the daily webhook quota.

Responses follow Zoho (semantics-findings Q8): the body comes back for every status, JSON
parsed into maps and lists; ``detailed: true`` gives ``responseCode``, ``responseText`` and
``responseHeader`` (header names in lower case).  Only transport failures raise.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.parse
from typing import Callable

from . import quota
from .http_messages import HttpRequest, HttpResponse, crm_rest_target
from .errors import DelugeRuntimeError
from .sourcemap import caller_line

TIMEOUT_SECONDS = 40  # reference §2: "socket timeout error" after 40 s
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

ALLOW_HINT = ("give recorded responses (deluge2py run --responses FILE, or "
              "context.transport = RecordedTransport.from_file(FILE)), a Python callable "
              "(CallableTransport(fn)), or allow the network (--allow-network / NetworkTransport())")


Transport = Callable[[HttpRequest], HttpResponse]


class BlockedTransport:
    """Refuses every request: deluge2py never touches the network unless asked to."""

    def __call__(self, request: HttpRequest) -> HttpResponse:
        raise DelugeRuntimeError(
            f"invokeurl {request.method} {request.url} is blocked: deluge2py makes no network "
            f"calls unless asked; {ALLOW_HINT}")


class RecordedTransport:
    """Answers from recorded responses, matched on method and URL.

    A record's ``url`` matches a request when they are equal up to the order of query
    parameters; a record whose URL has no query also matches the same URL with any query.
    Several records for one request are used in turn and the last one repeats, which
    lets a recording page through results.  ``body`` may be JSON (a map or list, sent back
    as JSON text) or text.
    """

    def __init__(self, records):
        self.records = [self._check(i, r) for i, r in enumerate(records)]
        self.used: dict[int, int] = {}
        self.requests: list[HttpRequest] = []

    @classmethod
    def from_file(cls, path) -> "RecordedTransport":
        try:
            with open(path, encoding="utf-8") as file:
                data = json.load(file)
        except (OSError, json.JSONDecodeError) as exc:
            raise DelugeRuntimeError(f"cannot read recorded responses {path}: {exc}") from None
        if isinstance(data, dict):  # {"responses": [...]} is accepted too
            data = data.get("responses", [])
        if not isinstance(data, list):
            raise DelugeRuntimeError(f"{path}: recorded responses must be a JSON list")
        return cls(data)

    @staticmethod
    def _check(index: int, record) -> dict:
        if not isinstance(record, dict) or "url" not in record:
            raise DelugeRuntimeError(f"recorded response #{index + 1} needs at least a 'url'")
        return record

    def __call__(self, request: HttpRequest) -> HttpResponse:
        self.requests.append(request)
        matches = [i for i, r in enumerate(self.records)
                   if str(r.get("method", "GET")).upper() == request.method
                   and _url_matches(str(r["url"]), request.url)]
        if not matches:
            raise DelugeRuntimeError(
                f"invokeurl {request.method} {request.url}: no recorded response matches "
                f"(recorded: {', '.join(sorted({self._label(r) for r in self.records})) or 'none'})")
        key = matches[0]
        turn = self.used.get(key, 0)
        self.used[key] = turn + 1
        record = self.records[matches[min(turn, len(matches) - 1)]]
        body = record.get("body", "")
        if not isinstance(body, (str, bytes)):
            body = json.dumps(body)
        return HttpResponse(int(record.get("status", 200)), dict(record.get("headers") or {}), body)

    @staticmethod
    def _label(record) -> str:
        return f"{str(record.get('method', 'GET')).upper()} {record['url']}"


class CallableTransport:
    """Lets a Python function answer: it gets the ``HttpRequest`` and returns an
    ``HttpResponse``, a map ``{"status", "headers", "body"}``, or a body (status 200)."""

    def __init__(self, fn: Callable):
        self.fn = fn

    def __call__(self, request: HttpRequest) -> HttpResponse:
        answer = self.fn(request)
        if isinstance(answer, HttpResponse):
            return answer
        if isinstance(answer, dict) and "status" in answer and set(answer) <= {"status", "headers", "body"}:
            body = answer.get("body", "")
            if not isinstance(body, (str, bytes)):
                body = json.dumps(_plain(body))
            return HttpResponse(int(answer["status"]), dict(answer.get("headers") or {}), body)
        if isinstance(answer, (str, bytes)):
            return HttpResponse(200, {}, answer)
        return HttpResponse(200, {"Content-Type": "application/json"}, json.dumps(_plain(answer)))


class NetworkTransport:
    """The real network, through urllib; 4xx/5xx answers come back as responses."""

    def __init__(self, timeout: float = TIMEOUT_SECONDS):
        self.timeout = timeout

    def __call__(self, request: HttpRequest) -> HttpResponse:
        import socket
        import urllib.error
        import urllib.request  # here: importing it (http.client, ssl, email) is slow

        url = urllib.parse.quote(request.url, safe=":/?&=%#@+,;()!*$'~[]")
        req = urllib.request.Request(url, data=request.body, method=request.method,
                                     headers=request.headers)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:  # noqa: S310
                return HttpResponse(resp.status, dict(resp.headers.items()), resp.read())
        except urllib.error.HTTPError as exc:
            return HttpResponse(exc.code, dict(exc.headers.items()) if exc.headers else {}, exc.read())
        except (socket.timeout, TimeoutError):
            raise DelugeRuntimeError("socket timeout error") from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise DelugeRuntimeError(f"invokeurl {request.method} {request.url} failed: {reason}") from None


def as_transport(value) -> Transport:
    """A transport from what a user hands over: None (blocked), a path to a JSON file of
    recorded responses, a list of records, or a callable."""
    if value is None:
        return BlockedTransport()
    if isinstance(value, (str, os.PathLike)):
        return RecordedTransport.from_file(value)
    if isinstance(value, list):
        return RecordedTransport(value)
    if isinstance(value, (BlockedTransport, RecordedTransport, CallableTransport, NetworkTransport)):
        return value
    if callable(value):
        return CallableTransport(value)
    raise TypeError(f"not a transport: {value!r}")


# ---------------------------------------------------------------------------
# The tasks


def invokeurl(url=None, type="GET", headers=None, parameters=None, body=None,
              connection=None, detailed=False, response_format=None, content_type=None,
              files=None, response_decoding=None, **_ignored):
    """The ``invokeurl [...]`` task.  Keys Deluge accepts but a local run cannot honour
    (``useraccess``) are ignored."""
    if url is None or str(url) == "":
        raise DelugeRuntimeError("invokeurl: 'url' is mandatory")
    method = str(type or "GET").upper()
    if method not in METHODS:
        raise DelugeRuntimeError(f"invokeurl: type must be one of {', '.join(METHODS)}, not {type}")
    if files is not None:
        request = build_multipart(str(url), method, headers, parameters, files, connection)
    else:
        request = build_request(str(url), method, headers, parameters, body, content_type, connection)
    response = send(request, task="invokeurl")
    return decode_response(response, detailed=_truthy(detailed), response_format=response_format,
                           encoding=response_decoding)


# ``invokeapi [ service: zohobilling path: "..." ]``: Zoho's own services by name.
SERVICE_HOSTS = {
    "crm": "https://www.zohoapis.com/crm/",
    "zohocrm": "https://www.zohoapis.com/crm/",
    "books": "https://www.zohoapis.com/books/",
    "zohobooks": "https://www.zohoapis.com/books/",
    "billing": "https://www.zohoapis.com/billing/",
    "zohobilling": "https://www.zohoapis.com/billing/",
    "desk": "https://desk.zoho.com/api/",
    "zohodesk": "https://desk.zoho.com/api/",
    "inventory": "https://www.zohoapis.com/inventory/",
    "zohoinventory": "https://www.zohoapis.com/inventory/",
    "creator": "https://www.zohoapis.com/creator/",
    "zohocreator": "https://www.zohoapis.com/creator/",
}


def invokeapi(service=None, path=None, url=None, type="GET", headers=None, parameters=None,
              body=None, connection=None, detailed=False, response_format=None, **_ignored):
    """The ``invokeapi [...]`` task: ``service`` + relative ``path`` name a Zoho API."""
    if url is None:
        if service is None or path is None:
            raise DelugeRuntimeError("invokeapi: give 'service' and 'path' (or 'url')")
        base = SERVICE_HOSTS.get(str(service).lower())
        if base is None:
            raise DelugeRuntimeError(f"invokeapi: unknown service {service}; known: "
                                     + ", ".join(sorted(k for k in SERVICE_HOSTS if not k.startswith("zoho"))))
        url = base + str(path).lstrip("/")
    method = str(type or "GET").upper()
    request = build_request(str(url), method, headers, parameters, body, None, connection)
    response = send(request, task="invokeapi")
    return decode_response(response, detailed=_truthy(detailed), response_format=response_format)


def getUrl(url, headers=None, simple=True):  # noqa: N802 (Deluge's name)
    """Legacy ``getUrl(url[, headers][, simple])``: text, or the detailed map when ``simple`` is false."""
    if isinstance(headers, bool):
        headers, simple = None, headers
    response = send(build_request(str(url), "GET", headers, None, None, None, None), task="getUrl")
    return decode_response(response, detailed=not _truthy(simple), parse_json=False)


def postUrl(url, body=None, headers=None, simple=True):  # noqa: N802 (Deluge's name)
    """Legacy ``postUrl(url, body[, headers][, simple])``."""
    if isinstance(headers, bool):
        headers, simple = None, headers
    response = send(build_request(str(url), "POST", headers, None, body, None, None), task="postUrl")
    return decode_response(response, detailed=not _truthy(simple), parse_json=False)


# ---------------------------------------------------------------------------
# Building, sending and decoding


def build_request(url, method, headers, parameters, body, content_type, connection) -> HttpRequest:
    """Encode Deluge values the way Zoho does: map parameters go into the query for
    GET/DELETE and form-encoded into the body otherwise; a text body is sent as is,
    a map body form-encoded (reference §3.10)."""
    hdrs = {str(k): _header_text(v) for k, v in (_plain(headers) or {}).items()}
    params = _plain(parameters)
    payload = _plain(body)
    data = None
    default_type = None
    if params not in (None, "", {}):
        if method in ("GET", "DELETE") or payload not in (None, ""):
            if isinstance(params, dict):
                url = _add_query(url, params)
            else:
                url = url + ("&" if "?" in url else "?") + str(params)
        else:
            payload = params
    if payload not in (None, ""):
        if isinstance(payload, dict):
            data = urllib.parse.urlencode({k: _form_text(v) for k, v in payload.items()}).encode()
            default_type = "application/x-www-form-urlencoded"
        elif isinstance(payload, list):
            data = json.dumps(payload).encode()
            default_type = "application/json"
        else:
            data = _form_text(payload).encode("utf-8")
            default_type = "text/plain"
    if content_type:
        hdrs = {k: v for k, v in hdrs.items() if k.lower() != "content-type"}
        hdrs["Content-Type"] = str(content_type)
    elif default_type and not any(k.lower() == "content-type" for k in hdrs):
        hdrs["Content-Type"] = default_type
    return HttpRequest(url, method, hdrs, data, None if connection in (None, "") else str(connection))


def build_multipart(url, method, headers, parameters, files, connection) -> HttpRequest:
    """``files: f`` (a FILE or a list of them) with map ``parameters`` as other form fields,
    sent as ``multipart/form-data``."""
    from .values import File

    boundary = "deluge2py-" + os.urandom(16).hex()  # as uuid4().hex, without importing uuid
    parts = []
    for key, value in (_plain(parameters) or {}).items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'
                     f"{_form_text(value)}\r\n".encode("utf-8"))
    for item in files if isinstance(files, list) else [files]:
        if not isinstance(item, File):
            raise DelugeRuntimeError("invokeurl: 'files' takes a FILE or a list of FILE values")
        kind = item.content_type or "application/octet-stream"
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                     f'filename="{item.name}"\r\nContent-Type: {kind}\r\n\r\n'.encode("utf-8")
                     + item.content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode("utf-8"))
    hdrs = {str(k): _header_text(v) for k, v in (_plain(headers) or {}).items()
            if str(k).lower() != "content-type"}
    hdrs["Content-Type"] = f"multipart/form-data; boundary={boundary}"
    return HttpRequest(url, method, hdrs, b"".join(parts),
                       None if connection in (None, "") else str(connection))


def send(request: HttpRequest, task: str = "invokeurl") -> HttpResponse:
    """Route one request: the CRM backend for CRM REST calls through a connection,
    the context's transport otherwise.  Counts the webhook quota first."""
    from .context import current

    ctx = current()
    line = caller_line(sys._getframe(1))
    quota.use(ctx, "webhook", task=task, line=line)
    if request.connection is not None and crm_rest_target(request.url) is not None:
        from .zoho.crm_rest import answer as crm_answer

        return crm_answer(ctx, request, line=line)
    return as_transport(getattr(ctx, "transport", None))(request)


def decode_response(response: HttpResponse, *, detailed=False, response_format=None,
                    encoding=None, parse_json=True):
    """The Deluge value of a response: parsed JSON (a map or list), else text, or a FILE
    for ``response-format: FILE`` and binary bodies."""
    from .values import to_deluge

    raw = response.body
    fmt = str(response_format or "").upper()
    headers = {str(k).lower(): v for k, v in response.headers.items()}
    if isinstance(raw, str):
        text = raw
    else:
        try:
            text = raw.decode(encoding or _charset(headers) or "utf-8")
        except (UnicodeDecodeError, LookupError):
            text = None
    if fmt == "FILE" or text is None:
        value = _file(raw if isinstance(raw, bytes) else raw.encode("utf-8"), response, headers)
    elif parse_json and fmt != "TEXT":
        value = _maybe_json(text)
    else:
        value = text
    if not detailed:
        return to_deluge(value)
    return to_deluge({"responseCode": response.status, "responseText": value,
                      "responseHeader": headers})


def _maybe_json(text: str):
    stripped = text.strip()
    if stripped[:1] in ("{", "["):
        try:
            return json.loads(stripped)
        except json.JSONDecodeError:
            return text
    return text


def _file(data: bytes, response: HttpResponse, headers: dict):
    from .values import File

    disposition = headers.get("content-disposition", "")
    name = "response"
    if "filename=" in disposition:
        name = disposition.split("filename=", 1)[1].strip().strip('"')
    return File(name, data, headers.get("content-type"))


def _charset(headers: dict) -> str | None:
    ctype = headers.get("content-type", "")
    for part in ctype.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset":
            return value.strip('"')
    return None


def _url_matches(recorded: str, actual: str) -> bool:
    rec, act = urllib.parse.urlsplit(recorded), urllib.parse.urlsplit(actual)
    if (rec.scheme, rec.netloc.lower(), rec.path.rstrip("/")) != (act.scheme, act.netloc.lower(), act.path.rstrip("/")):
        return False
    if not rec.query:
        return True
    return sorted(urllib.parse.parse_qsl(rec.query, True)) == sorted(urllib.parse.parse_qsl(act.query, True))


def _add_query(url: str, params: dict) -> str:
    query = urllib.parse.urlencode({k: _form_text(v) for k, v in params.items()})
    return url + ("&" if "?" in url else "?") + query


def _form_text(value) -> str:
    """How a value is written into a form field or query: JSON for maps and lists,
    lower-case booleans, text otherwise."""
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return str(value)


_header_text = _form_text


def _plain(value):
    from .values import to_python

    return to_python(value)


def _truthy(value) -> bool:
    return value is True or str(value).lower() == "true"

