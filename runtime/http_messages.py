"""The messages of ``invokeurl``: the request it sends, the response it gets, and
which URLs are Zoho CRM's REST API (answered by the CRM backend, ``zoho/crm_rest.py``).

Below both ``http.py`` and ``zoho/crm_rest.py``, so neither imports the other's
module to share them (``http`` re-exports them).
"""

from __future__ import annotations

import json
import urllib.parse
from dataclasses import dataclass, field

__all__ = ["HttpRequest", "HttpResponse", "crm_rest_target"]


@dataclass
class HttpRequest:
    """What ``invokeurl`` sends: the full URL (query included), upper-case method, headers,
    the encoded body (or None), and the connection name, if any."""

    url: str
    method: str = "GET"
    headers: dict = field(default_factory=dict)
    body: bytes | None = None
    connection: str | None = None

    def json(self):
        """The body decoded as JSON (for callables and tests)."""
        return json.loads(self.body.decode("utf-8")) if self.body else None

    def text(self) -> str:
        return self.body.decode("utf-8") if self.body else ""


@dataclass
class HttpResponse:
    """What came back: status, headers and the raw body (bytes or text)."""

    status: int = 200
    headers: dict = field(default_factory=dict)
    body: bytes | str = b""


def crm_rest_target(url: str):
    """``(version, path)`` when ``url`` is Zoho CRM's REST API, else None."""
    parts = urllib.parse.urlsplit(url)
    host = parts.netloc.lower()
    if not (host.startswith("www.zohoapis.") or host.startswith("zohoapis.")):
        return None
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) < 2 or segments[0] != "crm" or not segments[1].lower().startswith("v"):
        return None
    return segments[1].lower(), segments[2:]
