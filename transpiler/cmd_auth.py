"""``deluge2py auth --code GRANT_CODE``: exchange a Zoho self-client grant code for a
refresh token and keep it in a named profile of the credentials file.

In Zoho's API console (api-console.zoho.<dc>), create a Self Client, "Generate Code"
with the scopes you need (e.g. ``ZohoCRM.modules.ALL,ZohoCRM.settings.ALL``), then run
this within the code's lifetime.  The client secret is read from ``--client-secret``,
``$DELUGE2PY_CLIENT_SECRET`` or a prompt that does not echo.  Nothing secret is printed.
"""

from __future__ import annotations

import getpass
import os
import sys


def add_arguments(parser) -> None:
    parser.add_argument("--code", required=True, help="the self-client grant code")
    parser.add_argument("--client-id", default=os.environ.get("DELUGE2PY_CLIENT_ID"),
                        help="the self client's id (default $DELUGE2PY_CLIENT_ID)")
    parser.add_argument("--client-secret", default=None,
                        help="the self client's secret (default $DELUGE2PY_CLIENT_SECRET, "
                             "else asked for)")
    parser.add_argument("--dc", default="com",
                        help="data centre: com, eu, in, com.au, jp, ca, sa, com.cn, uk "
                             "(default com)")
    parser.add_argument("--accounts-url", help="accounts server to use instead of the data "
                                               "centre's (e.g. serve-sandbox's URL)")
    parser.add_argument("--profile", default="default", help="profile name (default: default)")
    parser.add_argument("--org", choices=("production", "sandbox", "developer"),
                        help="what kind of org this is (default: production unless the API "
                             "domain says sandbox/developer or is this machine)")


def run(args) -> int:
    from deluge2py.runtime.backends.live.credentials import (CredentialsError, Profile,
                                                             credentials_path, data_centre,
                                                             save_profile)

    try:
        dc = data_centre(args.dc)
    except CredentialsError as exc:
        print(f"deluge2py auth: error: {exc}", file=sys.stderr)
        return 2
    if not args.client_id:
        print("deluge2py auth: error: --client-id is needed (or $DELUGE2PY_CLIENT_ID)", file=sys.stderr)
        return 2
    secret = args.client_secret or os.environ.get("DELUGE2PY_CLIENT_SECRET")
    if not secret:
        if not sys.stdin.isatty():
            print("deluge2py auth: error: the client secret is needed: --client-secret, "
                  "$DELUGE2PY_CLIENT_SECRET, or run it in a terminal", file=sys.stderr)
            return 2
        secret = getpass.getpass("client secret: ")
    profile = Profile(args.profile, args.client_id, secret, None, dc, args.accounts_url, None,
                      args.org)
    try:
        refresh_token, api_domain = exchange_code(profile, args.code)
    except AuthFailed as exc:
        print(f"deluge2py auth: error: {exc}", file=sys.stderr)
        return 1
    saved = Profile(profile.name, profile.client_id, secret, refresh_token, dc,
                    args.accounts_url, api_domain, args.org)
    try:
        path = save_profile(saved, credentials_path())
    except (OSError, CredentialsError) as exc:
        print(f"deluge2py auth: error: cannot save the profile: {exc}", file=sys.stderr)
        return 1
    kind = "production" if saved.is_production(api_domain) else "non-production"
    print(f"saved profile {saved.name!r} ({kind} org, data centre {dc}, API domain "
          f"{api_domain}) to {path}")
    return 0


class AuthFailed(Exception):
    pass


def exchange_code(profile, code: str) -> tuple[str, str]:
    """(refresh token, api domain) for a grant code: Zoho's authorization-code grant."""
    import httpx

    url = f"{profile.accounts}/oauth/v2/token"
    form = {"grant_type": "authorization_code", "client_id": profile.client_id,
            "client_secret": profile.client_secret, "code": code}
    try:
        response = httpx.post(url, data=form, timeout=40)
        answer = response.json()
    except httpx.HTTPError as exc:
        raise AuthFailed(f"cannot reach {profile.accounts}: {type(exc).__name__}") from None
    except ValueError:
        raise AuthFailed(f"{profile.accounts} answered HTTP {response.status_code}, "
                         f"not JSON") from None
    if not isinstance(answer, dict) or answer.get("error") or not answer.get("refresh_token"):
        error = answer.get("error") if isinstance(answer, dict) else None
        hint = {"invalid_code": "the grant code is wrong, used or expired (it lives 3 minutes "
                                "by default): generate a new one",
                "invalid_client": "the client id is not known in this data centre "
                                  "(check --dc)",
                "invalid_client_secret": "the client secret is wrong"}.get(error, "")
        raise AuthFailed(f"Zoho accounts ({profile.accounts}) refused the grant code: "
                         f"{error or 'no refresh token in the answer'}"
                         + (f"; {hint}" if hint else ""))
    return str(answer["refresh_token"]), str(answer.get("api_domain")
                                             or profile.default_api_domain).rstrip("/")
