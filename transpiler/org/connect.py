"""Opening the org: the live backend's authorised client for a credentials profile,
wrapped in ``FunctionsAPI`` with the ledger the charges go to."""

from __future__ import annotations

from .api import FunctionsAPI, OrgError


def open_api(profile: str | None = None, ledger_path: str | None = None, *,
             ledger=None) -> FunctionsAPI:
    """``FunctionsAPI`` over ``ZohoClient(profile)``; bad or missing credentials are an
    ``OrgError`` with the live backend's message (which never holds a secret).  The calls
    are recorded in ``ledger``, else the ledger at ``ledger_path``, else the default one."""
    from deluge2py.runtime.backends.live.client import ZohoClient
    from deluge2py.runtime.backends.live.credentials import CredentialsError, load_profile
    from deluge2py.runtime.credits import Ledger

    try:
        resolved = load_profile(profile)
    except CredentialsError as exc:
        raise OrgError(str(exc)) from None
    if ledger is None:
        ledger = Ledger(ledger_path) if ledger_path else Ledger.default()
    api = FunctionsAPI(ZohoClient(resolved), ledger)
    api.label = f"the org of profile {resolved.name} ({resolved.api_domain or resolved.dc})"
    api.profile_name = resolved.name
    return api
