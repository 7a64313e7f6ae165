"""getRecords: sorting, pages by number and by page token, the REST envelope."""

from __future__ import annotations

import base64
import binascii
import datetime as _dt
import json

from ..base import CrmError
from ..modules import ModuleInfo
from .common import MAX_DISCRETE_RECORDS, MAX_FIELDS, MAX_PER_PAGE, _answer, _as_number, _id_key, _options

MAX_TOKEN_RECORDS = 100_000  # reachable through page tokens (reference §1.3)
PAGE_TOKEN_SECONDS = 24 * 60 * 60


class Paging:
    """getRecords and the paging options every read shares."""

    @staticmethod
    def _paging(page, per_page) -> tuple[int, int]:
        page = 1 if page is None else _as_number(page)
        per_page = MAX_PER_PAGE if per_page is None else _as_number(per_page)
        if page is None or page < 1 or page != int(page):
            raise CrmError("INVALID_DATA", "invalid data", {"param_name": "page"})
        if per_page is None or per_page < 1 or per_page != int(per_page):
            raise CrmError("INVALID_DATA", "invalid data", {"param_name": "per_page"})
        return int(page), min(int(per_page), MAX_PER_PAGE)

    @staticmethod
    def _fields_option(options: dict):
        fields = options.get("fields")
        if fields is None:
            return None
        if isinstance(fields, str):
            fields = [f.strip() for f in fields.split(",") if f.strip()]
        fields = [str(f) for f in fields]
        if len(fields) > MAX_FIELDS:
            raise CrmError("LIMIT_EXCEEDED", "the number of fields exceeds the limit",
                           {"limit": MAX_FIELDS, "param_name": "fields"})
        return set(fields)

    @staticmethod
    def _converted_filter(info: ModuleInfo, options: dict):
        if info.api_name != "Leads":
            return lambda record: True
        mode = str(options.get("converted", "false")).lower()
        if mode == "both":
            return lambda record: True
        if mode not in ("true", "false"):
            raise CrmError("INVALID_DATA", "invalid data", {"param_name": "converted"})
        wanted = mode == "true"
        return lambda record: bool(record.get("$converted")) == wanted

    @_answer
    def get_records(self, module, page=None, per_page=None, options=None, *,
                    family="v2"):
        """getRecords: a list of records (no subforms), sorted and paged."""
        return self._records_page(module, page, per_page, options, family)["data"]

    @_answer
    def get_records_page(self, module, page=None, per_page=None, options=None, *,
                         family="v2"):
        """getRecords as the REST API answers it: ``{"data": [...], "info": {...}}``,
        ``info`` with ``more_records``, ``next_page_token`` (null on the last page) and
        its ``page_token_expiry``."""
        return self._records_page(module, page, per_page, options, family)

    def _records_page(self, module, page, per_page, options, family) -> dict:
        """One page of getRecords, by number or after a ``page_token``: the token is
        bound to the module, sort and filters it was issued for and names the last
        record served, so the next page starts after it."""
        info = self._module(module)
        options = _options(options)
        page, per_page = self._paging(page, per_page)
        fields = self._fields_option(options)
        keep = self._converted_filter(info, options)
        sort_by = str(options.get("sort_by", "id"))
        if sort_by not in ("id", "Created_Time", "Modified_Time"):
            raise CrmError("INVALID_DATA", "invalid data", {"param_name": "sort_by"})
        order = str(options.get("sort_order", "desc")).lower()
        if order not in ("asc", "desc"):
            raise CrmError("INVALID_DATA", "invalid data", {"param_name": "sort_order"})
        wanted = None
        if options.get("ids"):
            ids = options["ids"]
            ids = ids.split(",") if isinstance(ids, str) else ids
            wanted = sorted({str(i).strip() for i in ids})
        query = [info.api_name, sort_by, order, str(options.get("converted", "false")).lower(),
                 wanted]
        token = options.get("page_token")
        after = None
        if token not in (None, ""):
            after, served = self._read_page_token(token, query)
            if served >= MAX_TOKEN_RECORDS:
                raise CrmError("PAGINATION_LIMIT_EXCEEDED",
                               f"cannot fetch more than {MAX_TOKEN_RECORDS} records",
                               {"limit": MAX_TOKEN_RECORDS})
            page = served // per_page + 1
        elif page * per_page > MAX_DISCRETE_RECORDS:
            raise CrmError("DISCRETE_PAGINATION_LIMIT_EXCEEDED",
                           "cannot fetch more than 2000 records without a page_token",
                           {"limit": MAX_DISCRETE_RECORDS})
        else:
            served = (page - 1) * per_page
        records = [r for r in self.store.all(info.api_name) if keep(r)
                   and (wanted is None or r["id"] in wanted)]
        desc = order == "desc"
        keyed = sorted(((_sort_key(r, sort_by), _id_key(r["id"])), r) for r in records)
        if desc:
            keyed.reverse()
        if after is None:
            rest = keyed[served:]
        else:
            rest = [kr for kr in keyed if (kr[0] < after if desc else kr[0] > after)]
        chunk = rest[:min(per_page, MAX_TOKEN_RECORDS - served)]
        more = len(rest) > len(chunk)
        next_token = expiry = None
        if more:
            expires = self.now() + _dt.timedelta(seconds=PAGE_TOKEN_SECONDS)
            next_token = _page_token({"q": query, "after": chunk[-1][0],
                                      "n": served + len(chunk),
                                      "exp": expires.timestamp()})
            expiry = expires.isoformat(timespec="seconds")
        data = [self._render(info, r, family, False, fields) for _, r in chunk]
        return {"data": data, "info": {
            "per_page": per_page, "count": len(data), "page": page, "sort_by": sort_by,
            "sort_order": order, "more_records": more, "next_page_token": next_token,
            "previous_page_token": token if token not in (None, "") else None,
            "page_token_expiry": expiry}}

    def _read_page_token(self, token, query) -> tuple[tuple, int]:
        """(last sort position served, records served) of a token this sandbox issued
        for the same query and not expired."""
        bad = CrmError("INVALID_DATA", "the page_token given is invalid or has expired",
                       {"param_name": "page_token"})
        try:
            text = str(token)
            state = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
            (position, (length, last_id)), served = state["after"], int(state["n"])
            after = (float(position), (int(length), str(last_id)))
            valid = state["q"] == query and self.now().timestamp() < float(state["exp"])
        except (binascii.Error, ValueError, TypeError, KeyError, UnicodeDecodeError):
            raise bad from None
        if not valid:
            raise bad
        return after, served


def _sort_key(record: dict, field: str):
    if field == "id":
        return 0.0  # the id, second in every sort key, orders them
    value = record.get(field) or ""
    try:
        return _dt.datetime.fromisoformat(value).timestamp()
    except ValueError:
        return 0.0


def _page_token(state: dict) -> str:
    text = json.dumps(state, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(text).decode().rstrip("=")
