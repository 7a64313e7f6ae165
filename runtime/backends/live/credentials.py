"""Zoho OAuth credentials: data centres, profiles, and the credentials file.

A ``Profile`` holds what the refresh-token grant needs (client id, client secret,
refresh token) and where to send it (the data centre's accounts server).  It comes
from environment variables or from a named table of the credentials file::

    # ~/.config/deluge2py/credentials.toml  (created 0600; $DELUGE2PY_CREDENTIALS moves it)
    [default]
    client_id = "1000.ABC..."
    client_secret = "..."
    refresh_token = "1000.abc..."
    dc = "eu"                    # com, eu, in, com.au, jp, ca, sa, com.cn, uk
    api_domain = "https://www.zohoapis.eu"   # what the token endpoint answered
    # accounts_url = "http://127.0.0.1:8765"  # serve-sandbox instead of Zoho
    # org = "sandbox"             # "production" (asks before writing) or "sandbox"

Environment: ``DELUGE2PY_CLIENT_ID``, ``DELUGE2PY_CLIENT_SECRET``,
``DELUGE2PY_REFRESH_TOKEN``, ``DELUGE2PY_DC``, ``DELUGE2PY_ACCOUNTS_URL``,
``DELUGE2PY_ORG``; they make the profile ``env`` and win when no profile is named.
``DELUGE2PY_PROFILE`` names the default profile.

Secrets never appear in a ``repr``, an error message or a log line.
"""

from __future__ import annotations

import json
import os
import tempfile
import tomllib
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

# Data centre -> (accounts server, API domain); reference zoho-functions-api.md §5.
DATA_CENTRES = {
    "com": ("https://accounts.zoho.com", "https://www.zohoapis.com"),
    "eu": ("https://accounts.zoho.eu", "https://www.zohoapis.eu"),
    "in": ("https://accounts.zoho.in", "https://www.zohoapis.in"),
    "com.au": ("https://accounts.zoho.com.au", "https://www.zohoapis.com.au"),
    "jp": ("https://accounts.zoho.jp", "https://www.zohoapis.jp"),
    "ca": ("https://accounts.zohocloud.ca", "https://www.zohoapis.ca"),
    "sa": ("https://accounts.zoho.sa", "https://www.zohoapis.sa"),
    "com.cn": ("https://accounts.zoho.com.cn", "https://www.zohoapis.com.cn"),
    "uk": ("https://accounts.zoho.uk", "https://www.zohoapis.uk"),
}
DC_ALIASES = {"us": "com", "au": "com.au", "cn": "com.cn", "zoho.com": "com"}
_FIELDS = ("client_id", "client_secret", "refresh_token", "dc", "accounts_url", "api_domain",
           "org")


class CredentialsError(Exception):
    """Missing or unreadable credentials; the message never holds a secret."""


def data_centre(name: str) -> str:
    key = DC_ALIASES.get(str(name).lower().strip(), str(name).lower().strip())
    if key not in DATA_CENTRES:
        raise CredentialsError(f"unknown Zoho data centre {name!r}; known: "
                               + ", ".join(DATA_CENTRES))
    return key


@dataclass(frozen=True)
class Profile:
    """One set of credentials.  ``accounts`` is the token server, ``api_domain`` the API
    base (the token endpoint's answer wins over the data centre's default)."""

    name: str
    client_id: str
    client_secret: str = field(repr=False)
    refresh_token: str | None = field(default=None, repr=False)
    dc: str = "com"
    accounts_url: str | None = None
    api_domain: str | None = None
    org: str | None = None

    @property
    def accounts(self) -> str:
        return (self.accounts_url or DATA_CENTRES[data_centre(self.dc)][0]).rstrip("/")

    @property
    def default_api_domain(self) -> str:
        if self.api_domain:
            return self.api_domain.rstrip("/")
        if self.accounts_url:
            return self.accounts_url.rstrip("/")  # serve-sandbox answers both
        return DATA_CENTRES[data_centre(self.dc)][1]

    @property
    def secrets(self) -> tuple[str, ...]:
        return tuple(s for s in (self.client_secret, self.refresh_token) if s)

    def is_production(self, api_domain: str | None = None) -> bool:
        """Writes here reach a production org: unless the profile says ``org = "sandbox"``
        (or ``"developer"``), or the API domain is a Zoho sandbox/developer domain or
        this machine (serve-sandbox)."""
        if self.org:
            return self.org.lower() == "production"
        host = urllib.parse.urlsplit(api_domain or self.default_api_domain).hostname or ""
        if host in ("127.0.0.1", "localhost", "::1"):
            return False
        return not (host.startswith("sandbox.") or host.startswith("developer."))


def credentials_path() -> Path:
    explicit = os.environ.get("DELUGE2PY_CREDENTIALS")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "deluge2py" / "credentials.toml"


def from_environment() -> Profile | None:
    env = os.environ
    if not env.get("DELUGE2PY_REFRESH_TOKEN"):
        return None
    missing = [v for v in ("DELUGE2PY_CLIENT_ID", "DELUGE2PY_CLIENT_SECRET") if not env.get(v)]
    if missing:
        raise CredentialsError("DELUGE2PY_REFRESH_TOKEN is set but " + " and ".join(missing)
                               + " is not")
    dc = data_centre(env.get("DELUGE2PY_DC", "com"))
    return Profile("env", env["DELUGE2PY_CLIENT_ID"], env["DELUGE2PY_CLIENT_SECRET"],
                   env["DELUGE2PY_REFRESH_TOKEN"], dc, env.get("DELUGE2PY_ACCOUNTS_URL") or None,
                   None, env.get("DELUGE2PY_ORG") or None)


def read_profiles(path: Path | None = None) -> dict[str, dict]:
    path = path or credentials_path()
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CredentialsError(f"cannot read {path}: {exc}") from None
    return {name: table for name, table in data.items() if isinstance(table, dict)}


def load_profile(name: str | None = None, path: Path | None = None) -> Profile:
    """The named profile; without a name, the environment's credentials, else the
    profile ``$DELUGE2PY_PROFILE`` or ``default`` of the credentials file."""
    if name is None:
        env = from_environment()
        if env is not None:
            return env
        name = os.environ.get("DELUGE2PY_PROFILE") or "default"
    path = path or credentials_path()
    table = read_profiles(path).get(name)
    if table is None:
        raise CredentialsError(
            f"no Zoho credentials for profile {name!r}: run `deluge2py auth --profile {name} "
            f"--client-id ID --code GRANT_CODE` (a self-client grant code), or set "
            f"DELUGE2PY_CLIENT_ID, DELUGE2PY_CLIENT_SECRET and DELUGE2PY_REFRESH_TOKEN")
    missing = [k for k in ("client_id", "client_secret", "refresh_token") if not table.get(k)]
    if missing:
        raise CredentialsError(f"profile {name!r} in {path} lacks " + ", ".join(missing))
    return Profile(name, str(table["client_id"]), str(table["client_secret"]),
                   str(table["refresh_token"]), data_centre(table.get("dc", "com")),
                   table.get("accounts_url") or None, table.get("api_domain") or None,
                   table.get("org") or None)


def save_profile(profile: Profile, path: Path | None = None) -> Path:
    """Write (or replace) the profile's table; the file is created 0600 in a 0700 folder
    and replaced atomically, other profiles kept."""
    path = path or credentials_path()
    profiles = read_profiles(path)
    profiles[profile.name] = {k: getattr(profile, k) for k in _FIELDS
                              if getattr(profile, k) not in (None, "")}
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    lines = ["# deluge2py Zoho credentials: keep this file private (mode 0600).", ""]
    for name, table in profiles.items():
        lines.append(f"[{_toml_key(name)}]")
        lines.extend(f"{_toml_key(k)} = {json.dumps(str(v))}" for k, v in table.items())
        lines.append("")
    fd, tmp = tempfile.mkstemp(prefix=".credentials.", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines))
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


def _toml_key(key: str) -> str:
    return key if key.replace("_", "").replace("-", "").isalnum() else json.dumps(key)
