"""``LiveCRM``: the ``zoho.crm`` tasks answered by a real Zoho CRM org over REST.

    from deluge2py.runtime import Context
    from deluge2py.runtime.backends.live import LiveCRM

    with Context(crm=LiveCRM("default")):      # a profile name, a Profile or a ZohoClient
        deal_update(42)

Each legacy task is one call to REST API v2.1 and each ``zoho.crm.v8`` task one call to
v8 (reference zoho-crm-runtime.md §1); the answer is turned into exactly what the
Deluge task returns, the shapes ``SandboxCRM`` returns: a record map, a list, a write
details map, or Zoho's error map (never an exception).  Legacy create/update/upsert
send the task's default triggers (approval, blueprint, orchestration; no workflow)
because the REST API's default is every automation.  ``invokeurl`` to the CRM through
a connection is forwarded as is (``rest``).  The remaining API credits Zoho reports
(``X-API-CREDITS-REMAINING``) are noted on the run's credit meter.

``confirm_write`` (a callable taking a description, returning True to go on) is asked
once before the first write; ``run --live`` uses it to ask before writing to a
production org.  ``load``/``reset``/``records`` are for tests against ``serve-sandbox``
(``records`` pages through the REST API anywhere).
"""

from __future__ import annotations

import datetime as _dt
import json
import threading
import urllib.parse
from decimal import Decimal

from ...errors import DelugeRuntimeError
from ..base import error_map as _error
from .client import ZohoClient, ZohoResponse, shared_client

LEGACY_VERSION = "v2.1"
V8_VERSION = "v8"
LEGACY_DEFAULT_TRIGGERS = ["approval", "blueprint", "orchestration"]
_LOOPBACK = ("127.0.0.1", "localhost", "::1")


class WriteRefused(DelugeRuntimeError):
    """The user declined the first write to a production org."""


class LiveCRM:
    """A CRM backend on Zoho's REST API (see the module docstring)."""

    def __init__(self, profile=None, *, client: ZohoClient | None = None, confirm_write=None,
                 **client_options):
        if isinstance(profile, ZohoClient):
            client = profile
        self.client = client or shared_client(profile, **client_options)
        self.confirm_write = confirm_write
        self._confirmed = confirm_write is None
        self._confirm_lock = threading.Lock()

    def bind_clock(self, clock) -> None:
        """``CrmBackend.bind_clock``: Zoho keeps its own time, so the context's clock
        (``zoho.currenttime``) cannot change what the org stamps on records."""

    # ------------------------------------------------------------------ plumbing
    def _call(self, method: str, family: str, path: str, *, params=None, body=None,
              files=None) -> ZohoResponse:
        if method != "GET":
            self._before_write(f"{method} {path}")
        version = V8_VERSION if family == "v8" else LEGACY_VERSION
        response = self.client.request(
            method, f"/crm/{version}/{path}", params=_clean(params),
            content=None if body is None else json.dumps(body, default=_json_default).encode(),
            headers={"Content-Type": "application/json"} if body is not None else None,
            files=files)
        _note_credits(response)
        return response

    def _before_write(self, what: str) -> None:
        if self._confirmed:
            return
        with self._confirm_lock:
            if not self._confirmed:
                where = f"profile {self.client.profile.name}, {self.client.api_domain}"
                if not self.confirm_write(f"{what} ({where})"):
                    raise WriteRefused(f"{what}: not written; the write to the production org "
                                       f"was declined")
                self._confirmed = True

    @staticmethod
    def _body(response: ZohoResponse):
        body = response.json()
        if response.status == 204:
            return None
        if body is None:
            return _error("INTERNAL_ERROR" if response.status >= 500 else "INVALID_DATA",
                          f"Zoho answered HTTP {response.status} without a JSON body",
                          {"http_status": response.status})
        return body

    def _first(self, response: ZohoResponse, *, empty=None):
        """``data[0]`` of an envelope, an error map as is, ``empty`` for 204."""
        body = self._body(response)
        if body is None:
            return empty
        if isinstance(body, dict) and isinstance(body.get("data"), list) and body["data"]:
            return body["data"][0]
        if _is_error(body):
            return body
        return _error("INVALID_DATA", f"unexpected answer from Zoho (HTTP {response.status})")

    def _list(self, response: ZohoResponse):
        body = self._body(response)
        if body is None:
            return []
        if isinstance(body, dict) and isinstance(body.get("data"), list):
            return body["data"]
        return body if _is_error(body) else _error(
            "INVALID_DATA", f"unexpected answer from Zoho (HTTP {response.status})")

    # ------------------------------------------------------------------ reads
    def get_record(self, module, record_id, options=None, *, family="v2"):
        params = _fields(options)
        return self._first(self._call("GET", family, f"{_seg(module)}/{_seg(record_id)}",
                                      params=params),
                           empty=_error("INVALID_DATA", "the id given seems to be invalid"))

    def get_records(self, module, page=None, per_page=None, options=None, *, family="v2"):
        return self._list(self._records_call(module, page, per_page, options, family))

    def get_records_page(self, module, page=None, per_page=None, options=None, *, family="v2"):
        response = self._records_call(module, page, per_page, options, family)
        body = self._body(response)
        return {"data": [], "info": {"more_records": False}} if body is None else body

    def _records_call(self, module, page, per_page, options, family):
        params = {**_options(options), "page": page, "per_page": per_page}
        return self._call("GET", family, _seg(module), params=params)

    def search_records(self, module, criteria, page=None, per_page=None, options=None, *,
                       family="v2"):
        params = {**_options(options), "criteria": criteria, "page": page, "per_page": per_page}
        return self._list(self._call("GET", family, f"{_seg(module)}/search", params=params))

    def get_related_records(self, relation, parent_module, parent_id, page=None, per_page=None,
                            options=None, *, family="v2"):
        params = {**_options(options), "page": page, "per_page": per_page}
        path = f"{_seg(parent_module)}/{_seg(parent_id)}/{_seg(relation)}"
        return self._list(self._call("GET", family, path, params=params))

    def get_org_variable(self, name):
        response = self._call("GET", "v2", f"settings/variables/{_seg(name)}")
        body = self._body(response)
        if isinstance(body, dict) and isinstance(body.get("variables"), list) and body["variables"]:
            return body["variables"][0].get("value")
        return None

    def get_fields(self, module, *, family="v8"):
        body = self._body(self._call("GET", family, "settings/fields",
                                     params={"module": module}))
        return body if body is not None else {"fields": []}

    # ------------------------------------------------------------------ writes
    def create_record(self, module, data, options=None, *, family="v2"):
        body = {"data": [data], **_triggers(options, family)}
        return _details(self._first(self._call("POST", family, _seg(module), body=body)))

    def update_record(self, module, record_id, data, options=None, *, family="v2"):
        body = {"data": [data], **_triggers(options, family)}
        path = f"{_seg(module)}/{_seg(record_id)}"
        return _details(self._first(self._call("PUT", family, path, body=body)))

    def bulk_create(self, module, records, options=None, *, family="v2"):
        return self._bulk("POST", module, records, options, family)

    def bulk_update(self, module, records, options=None, *, family="v2"):
        return self._bulk("PUT", module, records, options, family)

    def _bulk(self, method, module, records, options, family):
        body = {"data": records, **_triggers(options, family)}
        answer = self._body(self._call(method, family, _seg(module), body=body))
        if isinstance(answer, dict) and isinstance(answer.get("data"), list):
            return {"data": answer["data"]}
        return answer if _is_error(answer) else _error("INVALID_DATA", "unexpected answer")

    def upsert(self, module, data, options=None, *, family="v2"):
        options = _options(options)
        body = {"data": [data], **_triggers(options, family, upsert=True)}
        if options.get("duplicate_check_fields") is not None:
            fields = options["duplicate_check_fields"]
            body["duplicate_check_fields"] = (
                [f.strip() for f in fields.split(",")] if isinstance(fields, str) else fields)
        item = self._first(self._call("POST", family, f"{_seg(module)}/upsert", body=body))
        if _is_error(item) or not isinstance(item, dict):
            return item
        return {**(item.get("details") or {}), "action": item.get("action"),
                "duplicate_field": item.get("duplicate_field")}

    def update_related_record(self, relation, related_id, parent_module, parent_id, values=None,
                              *, family="v2"):
        path = f"{_seg(parent_module)}/{_seg(parent_id)}/{_seg(relation)}/{_seg(related_id)}"
        return self._first(self._call("PUT", family, path, body={"data": [values or {}]}))

    def convert_lead(self, lead_id, values=None, *, family="v2"):
        body = {"data": [values or {}]}
        return self._first(self._call("POST", family, f"Leads/{_seg(lead_id)}/actions/convert",
                                      body=body))

    def attach_file(self, module, record_id, name, content: bytes, *, family="v2"):
        path = f"{_seg(module)}/{_seg(record_id)}/Attachments"
        return self._first(self._call("POST", family, path,
                                      files={"file": (str(name), bytes(content))}))

    # ------------------------------------------------------------------ invokeurl
    def rest(self, request):
        """``invokeurl`` to the CRM REST API through a connection: the same request,
        sent by the authorised client to the profile's API domain."""
        from ...http import HttpResponse

        if request.method != "GET":
            self._before_write(f"{request.method} {urllib.parse.urlsplit(request.url).path}")
        headers = {k: v for k, v in (request.headers or {}).items()
                   if k.lower() not in ("authorization", "host", "content-length")}
        response = self.client.request(request.method, request.url, content=request.body,
                                       headers=headers)
        _note_credits(response)
        return HttpResponse(response.status, dict(response.headers), response.body)

    # ------------------------------------------------------------------ tests and tools
    @property
    def is_local(self) -> bool:
        """True when the API domain is this machine (``serve-sandbox``)."""
        return urllib.parse.urlsplit(self.client.api_domain).hostname in _LOOPBACK

    def _sandbox_admin(self, method, what, body=None):
        if not self.is_local:
            raise DelugeRuntimeError(
                f"{what} works only against deluge2py serve-sandbox, not a Zoho org "
                f"({self.client.api_domain})")
        return self.client.request(method, f"/__sandbox__/{what}", json_body=body, write=False)

    def reset(self) -> None:
        """Empty serve-sandbox's CRM (back to its own fixtures)."""
        self._sandbox_admin("POST", "reset")

    def load(self, fixtures) -> None:
        """Load fixtures (a dict or a JSON file) into serve-sandbox."""
        if not isinstance(fixtures, dict):
            with open(fixtures, encoding="utf-8") as fh:
                fixtures = json.load(fh)
        response = self._sandbox_admin("POST", "load", fixtures)
        if response.status != 200:
            raise ValueError(str((response.json() or {}).get("message")))

    def records(self, module: str) -> list[dict]:
        """Every record of a module (converted leads included), paged with page tokens."""
        out, token, page = [], None, 1
        options = {"converted": "both"} if str(module).lower() == "leads" else {}
        while True:
            params = {**options, "per_page": 200}
            params.update({"page_token": token} if token else {"page": page})
            body = self.get_records_page(module, None, None, params, family="v8")
            if _is_error(body):
                raise DelugeRuntimeError(f"records({module!r}): {body.get('message')}")
            out.extend(body.get("data") or [])
            info = body.get("info") or {}
            if not info.get("more_records"):
                return out
            token = info.get("next_page_token")
            page += 1


# ---------------------------------------------------------------------- helpers
def _is_error(value) -> bool:
    return isinstance(value, dict) and value.get("status") == "error"


def _details(item):
    """A single write's answer: the details map, or the error map."""
    if isinstance(item, dict) and item.get("status") == "success" and "details" in item:
        return item["details"]
    return item


def _options(options) -> dict:
    return dict(options) if isinstance(options, dict) else {}


def _triggers(options, family, upsert=False) -> dict:
    """The ``trigger`` list to send: the task's own, else the legacy task's defaults."""
    options = _options(options)
    if "trigger" in options:
        triggers = options["trigger"]
        return {"trigger": [triggers] if isinstance(triggers, str) else triggers}
    if family == "v2":
        return {"trigger": ["approval", "blueprint"] if upsert else list(LEGACY_DEFAULT_TRIGGERS)}
    return {}


def _fields(options):
    fields = _options(options).get("fields")
    if fields is None:
        return None
    return {"fields": ",".join(map(str, fields)) if isinstance(fields, list) else str(fields)}


def _clean(params):
    if not params:
        return None
    out = {}
    for key, value in params.items():
        if value is None or key in ("trigger", "duplicate_check_fields"):
            continue
        if isinstance(value, list):
            value = ",".join(map(str, value))
        elif isinstance(value, bool):
            value = str(value).lower()
        out[key] = value
    return out


def _seg(value) -> str:
    return urllib.parse.quote(str(value), safe="")


def _json_default(value):
    """Deluge values the JSON encoder does not know: as the sandbox stores them."""
    if isinstance(value, _dt.datetime):
        return f"{value.day:02d}-{value.strftime('%b')}-{value.year} {value:%H:%M:%S}"
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return str(value)


def _note_credits(response: ZohoResponse) -> None:
    remaining = response.headers.get("x-api-credits-remaining")
    if remaining is None:
        return
    from ... import context

    meter = getattr(context.current(), "meter", None)
    note = getattr(meter, "note_zoho_remaining", None)
    if note is not None:
        try:
            note(int(remaining))
        except ValueError:
            pass
