"""``ZohoClient``: one authorised, retrying HTTP client for Zoho's REST APIs.

    client = ZohoClient("default")            # a profile name, a Profile, or None
    response = client.request("GET", "/crm/v8/Deals/123")
    response.status, response.headers, response.json()

Everything that talks to Zoho goes through it: the live CRM backend, ``invokeurl``
with a CRM connection, org sync.  It

* gets access tokens with the refresh-token grant from the profile's accounts server,
  keeps the ``api_domain`` the token endpoint answers, refreshes a minute before
  expiry and once when Zoho answers ``INVALID_TOKEN``;
* retries with exponential backoff and jitter (honouring ``Retry-After``, and Zoho's
  ``details.retry_after``) on 429, on 5xx and on dropped connections, within one
  deadline per call (``timeout``, 40 s like ``invokeurl``).  A write (POST, PUT,
  PATCH, DELETE) is retried only when Zoho cannot have applied it: the connection
  was never made, or Zoho answered 429 (docs/semantics.md, "Live backend");
* keeps a bounded pool of connections (``pool``), shared by threads.

Failures to get an answer raise ``ZohoUnavailable`` / ``ZohoAuthError`` (Deluge
runtime errors); an answer, even 4xx/5xx, is returned.  No token or secret is ever
put in a message or a log line (logger ``deluge2py.live``).
"""

from __future__ import annotations

import atexit
import json
import logging
import random
import threading
import time
import urllib.parse
from dataclasses import dataclass, field

import httpx

from ...errors import DelugeRuntimeError
from .credentials import Profile, load_profile

log = logging.getLogger("deluge2py.live")

TIMEOUT_SECONDS = 40.0
REFRESH_MARGIN_SECONDS = 60.0
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
MAX_RETRY_AFTER = 60.0


class ZohoUnavailable(DelugeRuntimeError):
    """No usable answer from Zoho within the call's deadline (or a write whose fate is
    unknown, which is not retried)."""


class ZohoAuthError(DelugeRuntimeError):
    """The accounts server refused the credentials."""


@dataclass
class ZohoResponse:
    """What Zoho answered: status, headers (lower-case names), raw body, and how many
    attempts it took."""

    status: int
    headers: dict = field(default_factory=dict)
    body: bytes = b""
    attempts: int = 1

    def json(self):
        if not self.body:
            return None
        try:
            return json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return None


class ZohoClient:
    """See the module docstring.  Thread-safe; ``close()`` ends the pool."""

    def __init__(self, profile: Profile | str | None = None, *, timeout: float = TIMEOUT_SECONDS,
                 attempts: int = 5, pool: int = 10, backoff: float = 0.2,
                 max_backoff: float = 8.0, refresh_margin: float = REFRESH_MARGIN_SECONDS,
                 sleep=time.sleep, clock=time.monotonic, rng=random.random):
        self.profile = profile if isinstance(profile, Profile) else load_profile(profile)
        self.timeout = float(timeout)
        self.attempts = max(1, int(attempts))
        self.backoff, self.max_backoff = float(backoff), float(max_backoff)
        self.refresh_margin = float(refresh_margin)
        self._sleep, self._clock, self._rng = sleep, clock, rng
        self.api_domain = self.profile.default_api_domain
        self._token: str | None = None
        self._expires = 0.0
        self._token_lock = threading.Lock()
        self.refreshes = 0
        self.retries = 0
        self._http = httpx.Client(
            limits=httpx.Limits(max_connections=pool, max_keepalive_connections=pool),
            timeout=httpx.Timeout(self.timeout), follow_redirects=False,
            headers={"User-Agent": "deluge2py"})

    # ------------------------------------------------------------------ public
    def request(self, method: str, path: str, *, params=None, json_body=None, content=None,
                files=None, data=None, headers=None, write: bool | None = None,
                timeout: float | None = None) -> ZohoResponse:
        """One call to Zoho (``path`` relative to the API domain, or a full
        ``https://www.zohoapis.<dc>/...`` URL, which goes to the profile's API domain)."""
        method = method.upper()
        write = method in WRITE_METHODS if write is None else write
        deadline = self._clock() + (self.timeout if timeout is None else float(timeout))
        label = f"{method} {_path_of(path)}"
        attempt, refreshed = 0, False
        while True:
            attempt += 1
            token = self._access_token(deadline)
            url = self._url(path)
            sent = True
            try:
                raw = self._http.request(
                    method, url, params=params, json=json_body, content=content, files=files,
                    data=data, headers={**(headers or {}),
                                        "Authorization": f"Zoho-oauthtoken {token}"},
                    timeout=self._attempt_timeout(deadline))
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
                sent, failure, response = False, _describe(exc), None
            except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
                failure, response = _describe(exc), None
            else:
                response = ZohoResponse(raw.status_code, {k.lower(): v for k, v in raw.headers.items()},
                                        raw.content, attempt)
                failure = None
                if response.status == 401 and _code(response) == "INVALID_TOKEN" and not refreshed:
                    refreshed = True
                    log.info("%s -> 401 INVALID_TOKEN; refreshing the access token once", label)
                    self._invalidate(token)
                    attempt -= 1
                    continue
            retryable, delay = self._verdict(response, sent, write, attempt)
            remaining = deadline - self._clock()
            if response is not None and (not retryable or attempt >= self.attempts
                                         or delay >= remaining):
                log.debug("%s -> %s (%d attempt%s)", label, response.status, attempt,
                          "" if attempt == 1 else "s")
                return response
            if response is None and (not retryable or attempt >= self.attempts
                                     or delay >= remaining):
                raise ZohoUnavailable(self._failure_message(label, failure, sent, write,
                                                            attempt, retryable))
            self.retries += 1
            log.info("%s -> %s; retry %d of %d in %.2f s", label,
                     failure or response.status, attempt, self.attempts - 1, delay)
            self._sleep(delay)

    def close(self) -> None:
        self._http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    # ------------------------------------------------------------------ tokens
    def _access_token(self, deadline: float) -> str:
        with self._token_lock:
            if self._token is None or self._clock() >= self._expires - self.refresh_margin:
                self._refresh(deadline)
            return self._token

    def _invalidate(self, token: str) -> None:
        with self._token_lock:
            if self._token == token:  # another thread may have refreshed already
                self._token = None

    def _refresh(self, deadline: float) -> None:
        """The refresh-token grant (form-encoded, never in the URL)."""
        p = self.profile
        url = f"{p.accounts}/oauth/v2/token"
        form = {"grant_type": "refresh_token", "client_id": p.client_id,
                "client_secret": p.client_secret, "refresh_token": p.refresh_token}
        attempt = 0
        while True:
            attempt += 1
            try:
                raw = self._http.post(url, data=form, timeout=self._attempt_timeout(deadline))
                status = raw.status_code
                answer = _json_or_none(raw.content)
            except httpx.HTTPError as exc:
                status, answer, failure = None, None, _describe(exc)
            else:
                failure = f"HTTP {status}"
            if isinstance(answer, dict) and answer.get("access_token"):
                break
            if isinstance(answer, dict) and answer.get("error"):
                raise ZohoAuthError(
                    f"Zoho accounts ({p.accounts}) refused the credentials of profile "
                    f"{p.name!r}: {answer.get('error')}"
                    + (f" ({answer['error_description']})" if answer.get("error_description")
                       else "") + "; run `deluge2py auth` again for a new refresh token")
            delay = self._delay(attempt, None)
            if attempt >= self.attempts or delay >= deadline - self._clock() or (
                    status is not None and status < 500 and status != 429):
                raise ZohoAuthError(f"cannot get an access token from {p.accounts} for profile "
                                    f"{p.name!r}: {failure}")
            self._sleep(delay)
        self._token = str(answer["access_token"])
        self._expires = self._clock() + float(answer.get("expires_in") or 3600)
        if answer.get("api_domain"):
            self.api_domain = str(answer["api_domain"]).rstrip("/")
        self.refreshes += 1
        log.info("access token refreshed for profile %r (api domain %s)", p.name, self.api_domain)

    # ------------------------------------------------------------------ retries
    def _verdict(self, response: ZohoResponse | None, sent: bool, write: bool,
                 attempt: int) -> tuple[bool, float]:
        """(retry?, delay): 429 and unsent requests always; 5xx and dropped
        connections only for reads, which cannot have changed anything."""
        if response is None:
            return (not sent or not write), self._delay(attempt, None)
        if response.status == 429:
            return True, self._delay(attempt, _retry_after(response))
        if response.status >= 500:
            return not write, self._delay(attempt, _retry_after(response))
        return False, 0.0

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        """Exponential backoff with equal jitter; at least what Zoho asked for."""
        base = min(self.max_backoff, self.backoff * 2 ** (attempt - 1))
        delay = base / 2 + base / 2 * self._rng()
        if retry_after is not None:
            delay = max(delay, min(retry_after, MAX_RETRY_AFTER))
        return delay

    def _attempt_timeout(self, deadline: float) -> httpx.Timeout:
        remaining = max(0.05, deadline - self._clock())
        return httpx.Timeout(remaining)

    def _url(self, path: str) -> str:
        if path.startswith(("http://", "https://")):
            parts = urllib.parse.urlsplit(path)
            base = urllib.parse.urlsplit(self.api_domain)
            return urllib.parse.urlunsplit((base.scheme, base.netloc, parts.path, parts.query, ""))
        return self.api_domain + ("" if path.startswith("/") else "/") + path

    def _failure_message(self, label, failure, sent, write, attempts, retryable) -> str:
        where = urllib.parse.urlsplit(self.api_domain).netloc
        if sent and write and not retryable:
            return (f"{label}: {failure} after the request reached Zoho ({where}); the write "
                    f"may have been applied, so it was not retried")
        return (f"{label}: no answer from Zoho ({where}): {failure}, after {attempts} "
                f"attempt{'s' if attempts != 1 else ''}")


# ---------------------------------------------------------------------- shared clients
_shared: dict[tuple, ZohoClient] = {}
_shared_lock = threading.Lock()


def shared_client(profile: Profile | str | None = None, **options) -> ZohoClient:
    """One client per profile (and options) per process, so access tokens are reused
    (Zoho allows 10 token refreshes per 10 minutes)."""
    resolved = profile if isinstance(profile, Profile) else load_profile(profile)
    key = (resolved, tuple(sorted(options.items())))
    with _shared_lock:
        client = _shared.get(key)
        if client is None:
            client = _shared[key] = ZohoClient(resolved, **options)
        return client


@atexit.register
def close_shared() -> None:
    with _shared_lock:
        for client in _shared.values():
            client.close()
        _shared.clear()


def _describe(exc: Exception) -> str:
    kind = {httpx.ConnectError: "connection refused or unreachable",
            httpx.ConnectTimeout: "connect timed out", httpx.PoolTimeout: "no free connection",
            httpx.ReadTimeout: "timed out waiting for the answer",
            httpx.WriteTimeout: "timed out sending the request",
            httpx.RemoteProtocolError: "connection dropped",
            httpx.ReadError: "connection dropped"}.get(type(exc))
    return kind or type(exc).__name__


def _json_or_none(body: bytes):
    try:
        return json.loads(body.decode("utf-8")) if body else None
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None


def _code(response: ZohoResponse):
    body = response.json()
    return body.get("code") if isinstance(body, dict) else None


def _retry_after(response: ZohoResponse) -> float | None:
    header = response.headers.get("retry-after")
    if header is not None:
        try:
            return max(0.0, float(header))
        except ValueError:
            return None
    body = response.json()
    details = body.get("details") if isinstance(body, dict) else None
    if isinstance(details, dict) and isinstance(details.get("retry_after"), (int, float)):
        return float(details["retry_after"])
    return None


def _path_of(path: str) -> str:
    return urllib.parse.urlsplit(path).path if "://" in path else path.split("?")[0]
