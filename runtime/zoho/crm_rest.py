"""The CRM REST API, answered by the context's CRM backend, for ``invokeurl`` with a connection.

Deluge code reaches CRM endpoints that have no task (or a newer API version) through
``invokeurl [ url: "https://www.zohoapis.com/crm/v8/Deals/123" connection: "crm" ]``.  Here
those requests never leave the process: this module maps the REST paths the sandbox can
answer, charges API credits as the REST API does (reference §3.2: 1 per call, writes 1 per
10 records), and answers with the REST envelope (``{"data": [...], "info": {...}}``) and
status codes.

Mapped: ``GET /{module}``, ``GET /{module}/{id}``, ``GET /{module}/search``,
``GET /{module}/{id}/{related}``, ``POST /{module}``, ``PUT /{module}``, ``PUT /{module}/{id}``,
``POST /{module}/upsert``, ``PUT /{module}/{id}/{relation}/{related_id}``,
``POST /Leads/{id}/actions/convert``, ``GET /settings/variables/{name}`` and
``GET /settings/fields?module=``.  Anything else stops with a Deluge error naming the
endpoint.  ``dispatch`` is the same mapping without the meter, for the fake Zoho server;
a backend with a ``rest(request)`` method (the live one) gets the request instead.
"""

from __future__ import annotations

import json
import urllib.parse

from ..errors import DelugeRuntimeError
from ..http_messages import HttpRequest, HttpResponse, crm_rest_target
from .tasks import CONVERT, READ, WRITE

JSON_HEADERS = {"Content-Type": "application/json;charset=UTF-8"}


def answer(ctx, request: HttpRequest, *, line: int | None = None) -> HttpResponse:
    version, segments = crm_rest_target(request.url)
    body = _json_body(request)
    # A backend that talks to Zoho itself (the live backend) forwards the request as is.
    forward = getattr(ctx.crm, "rest", None)
    route = None if forward is not None else _route(request.method, segments)
    if route is None and forward is None:
        raise DelugeRuntimeError(
            f"invokeurl {request.method} {request.url}: the sandbox CRM does not answer this "
            f"endpoint (it answers records: GET, POST, PUT, search, upsert, related lists, "
            f"convert, org variables, fields)")
    count = _record_count(body)
    credits = rest_credits(request.method, segments, count)

    def respond():
        if forward is not None:
            return forward(request)
        return dispatch(ctx.crm, request.method, version, segments,
                        urllib.parse.urlsplit(request.url).query, body, route=route)

    meter = getattr(ctx, "meter", None)
    if meter is None:
        return respond()
    with meter.call(f"invokeurl {request.method} /crm/{version}/{segments[0] if segments else ''}",
                    credits, function=getattr(ctx.limits, "function", None), line=line,
                    complex_api=request.method in ("POST", "PUT") and count > 10) as refusal:
        if refusal is not None:
            return _respond(429, refusal)
        return respond()


def dispatch(crm, method: str, version: str, segments: list[str], query: str, body,
             *, route=None) -> HttpResponse | None:
    """The sandbox's answer to one CRM REST request (``query`` the URL's query text,
    ``body`` the decoded JSON), or None when the endpoint is not mapped.  The fake Zoho
    server (``deluge2py.fakezoho``) serves the sandbox through this."""
    route = route or _route(method, segments)
    if route is None:
        return None
    family = "v2" if version in ("v2", "v2.1") else "v8"
    handler, args = route
    return handler(crm, family, dict(urllib.parse.parse_qsl(query)), body, *args)


def rest_credits(method: str, segments: list[str], count: int = 1) -> int:
    """API credits of one REST call, by the rules of the task catalog (reference §3.2):
    writes 1 per 10 records, lead conversion 5, everything else 1."""
    if segments[-2:] == ["actions", "convert"]:
        return CONVERT.charge()
    return WRITE.charge(count) if method in ("POST", "PUT") else READ.charge()


def _record_count(body) -> int:
    records = body.get("data") if isinstance(body, dict) else None
    return len(records) if isinstance(records, list) else 1


def _route(method: str, segments: list[str]):
    if not segments:
        return None
    module, rest = segments[0], segments[1:]
    if module == "settings":
        if method == "GET" and rest == ["fields"]:
            return _fields_meta, ()
        if method == "GET" and len(rest) == 2 and rest[0] == "variables":
            return _variable, (rest[1],)
        return None
    if (method == "POST" and module.lower() == "leads" and len(rest) == 3
            and rest[1:] == ["actions", "convert"]):
        return _convert, (module, rest[0])
    if method == "PUT" and len(rest) == 3:
        return _update_related, (module, rest[0], rest[1], rest[2])
    if method == "GET":
        if not rest:
            return _list, (module,)
        if rest == ["search"]:
            return _search, (module,)
        if len(rest) == 1:
            return _get, (module, rest[0])
        if len(rest) == 2:
            return _related, (module, rest[0], rest[1])
    if method == "POST" and not rest:
        return _create, (module,)
    if method == "POST" and rest == ["upsert"]:
        return _upsert, (module,)
    if method == "PUT" and not rest:
        return _update_many, (module,)
    if method == "PUT" and len(rest) == 1:
        return _update_one, (module, rest[0])
    return None


def _get(crm, family, query, body, module, record_id):
    result = crm.get_record(module, record_id, _fields(query), family=family)
    if _is_error(result):
        return _respond(400, result)
    return _respond(200, {"data": [result]})


def _list(crm, family, query, body, module):
    page, per_page = _paging(query)
    result = crm.get_records_page(module, page, per_page, _options(query), family=family)
    if _is_error(result):
        return _respond(400, result)
    if not result["data"]:
        return HttpResponse(204, {}, b"")
    return _respond(200, result)  # its info carries next_page_token


def _search(crm, family, query, body, module):
    page, per_page = _paging(query)
    options = {k: v for k, v in query.items() if k in ("email", "phone", "word", "converted",
                                                        "approved", "fields")}
    result = crm.search_records(module, query.get("criteria"), page, per_page, options, family=family)
    return _page(result, page, per_page)


def _related(crm, family, query, body, module, record_id, relation):
    page, per_page = _paging(query)
    result = crm.get_related_records(relation, module, record_id, page, per_page, _options(query),
                                     family=family)
    return _page(result, page, per_page)


def _create(crm, family, query, body, module):
    records, options = _write_body(body)
    return _bulk_result(crm.bulk_create(module, records, options, family=family))


def _update_many(crm, family, query, body, module):
    records, options = _write_body(body)
    return _bulk_result(crm.bulk_update(module, records, options, family=family))


def _update_one(crm, family, query, body, module, record_id):
    records, options = _write_body(body)
    data = dict(records[0]) if records and isinstance(records[0], dict) else {}
    data["id"] = record_id
    return _bulk_result(crm.bulk_update(module, [data], options, family=family))


def _upsert(crm, family, query, body, module):
    records, options = _write_body(body)
    if isinstance(body, dict) and body.get("duplicate_check_fields") is not None:
        options["duplicate_check_fields"] = body["duplicate_check_fields"]
    results = []
    for data in records:
        result = crm.upsert(module, data, options, family=family)
        if _is_error(result):
            results.append(result)
        else:
            action = result.get("action", "insert")
            details = {k: v for k, v in result.items() if k not in ("action", "duplicate_field")}
            results.append({"code": "SUCCESS", "duplicate_field": result.get("duplicate_field"),
                            "action": action, "details": details,
                            "message": "record added" if action == "insert" else "record updated",
                            "status": "success"})
    return _respond(_multi_status(results), {"data": results})


def _update_related(crm, family, query, body, module, record_id, relation, related_id):
    records, _ = _write_body(body)
    values = records[0] if records and isinstance(records[0], dict) else {}
    result = crm.update_related_record(relation, related_id, module, record_id, values,
                                       family=family)
    return _respond(400 if _is_error(result) else 200, {"data": [result]})


def _convert(crm, family, query, body, module, record_id):
    records, _ = _write_body(body)
    values = records[0] if records and isinstance(records[0], dict) else {}
    result = crm.convert_lead(record_id, values, family=family)
    if _is_error(result):
        return _respond(400, {"data": [result]})
    return _respond(200, {"data": [result]})


def _variable(crm, family, query, body, name):
    value = crm.get_org_variable(name)
    if value is None:
        return _respond(400, {"code": "INVALID_DATA", "details": {"resource_path_index": 2},
                              "message": "the variable given seems to be invalid",
                              "status": "error"})
    return _respond(200, {"variables": [{"api_name": name, "value": value}]})


def _fields_meta(crm, family, query, body):
    result = crm.get_fields(query.get("module"), family=family)
    return _respond(400 if _is_error(result) else 200, result)


# ---------------------------------------------------------------------------


def _page(result, page: int, per_page: int) -> HttpResponse:
    if _is_error(result):
        return _respond(400, result)
    if not result:
        return HttpResponse(204, {}, b"")  # REST answers "no content" when nothing matches
    info = {"per_page": per_page, "count": len(result), "page": page,
            "more_records": len(result) == per_page}
    return _respond(200, {"data": result, "info": info})


def _bulk_result(result) -> HttpResponse:
    if _is_error(result):
        return _respond(400, result)
    items = result.get("data", [])
    return _respond(_multi_status(items), {"data": items})


def _multi_status(items) -> int:
    """201/200 when every record succeeded, 207 when some failed, 400 when all did."""
    failed = sum(1 for item in items if _is_error(item))
    if failed == 0:
        return 201 if any(item.get("message") == "record added" for item in items) else 200
    return 400 if failed == len(items) else 207


def _write_body(body):
    if not isinstance(body, dict) or not isinstance(body.get("data"), list):
        return [], {}
    options = {}
    if "trigger" in body:
        options["trigger"] = body["trigger"]
    return body["data"], options


def _json_body(request: HttpRequest):
    if not request.body:
        return None
    try:
        return json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise DelugeRuntimeError(
            f"invokeurl {request.method} {request.url}: the CRM API expects a JSON body "
            f"(send body: map.toString())") from None


def _paging(query) -> tuple[int, int]:
    try:
        page = int(query.get("page", 1))
        per_page = int(query.get("per_page", 200))
    except ValueError:
        raise DelugeRuntimeError("invokeurl: page and per_page must be numbers") from None
    return page, per_page


def _options(query) -> dict:
    return {k: v for k, v in query.items() if k not in ("page", "per_page")}


def _fields(query) -> dict | None:
    return {"fields": query["fields"]} if "fields" in query else None


def _is_error(value) -> bool:
    return isinstance(value, dict) and value.get("status") == "error"


def _respond(status: int, payload) -> HttpResponse:
    return HttpResponse(status, dict(JSON_HEADERS), json.dumps(payload))
