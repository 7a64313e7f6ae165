"""OAuth as Zoho does it, against the fake accounts server: ``deluge2py auth`` exchanges a
grant code for a refresh token kept in a 0600 profile file; profiles and environment;
every data centre; access tokens refreshed before expiry; production writes confirmed."""

import os
import stat

import pytest

from deluge2py.fakezoho import running
from deluge2py.runtime import Context, zoho
from deluge2py.runtime.backends.live import LiveCRM, ZohoClient, load_profile
from deluge2py.runtime.backends.live.credentials import (DATA_CENTRES, CredentialsError,
                                                         Profile, data_centre)
from deluge2py.runtime.credits import Meter

from live_support import CLIENT_ID, CLIENT_SECRET, SAMPLES, cli, use_env

DEAL_DIR = os.path.join(SAMPLES, "deal_stage_automation")


def _auth(capsys, url, *extra, code="1000.grant-code"):
    return cli(capsys, "auth", "--code", code, "--client-id", CLIENT_ID, "--client-secret",
               CLIENT_SECRET, "--accounts-url", url, *extra)


def test_auth_saves_named_profiles_0600_and_run_live_uses_them(tmp_path, capsys, monkeypatch):
    creds = tmp_path / "conf" / "credentials.toml"
    with running(fixtures=os.path.join(DEAL_DIR, "fixtures.json")) as server:
        url = server.url
        use_env(monkeypatch, url)
        for key in ("DELUGE2PY_CLIENT_ID", "DELUGE2PY_CLIENT_SECRET", "DELUGE2PY_REFRESH_TOKEN"):
            monkeypatch.delenv(key)
        monkeypatch.setenv("DELUGE2PY_CREDENTIALS", str(creds))
        first = _auth(capsys, url, "--profile", "fake")
        second = _auth(capsys, url, "--profile", "other", "--dc", "eu")
        refused = _auth(capsys, url, "--profile", "bad", code="revoked-code")
        ran = cli(capsys, "run", os.path.join(DEAL_DIR, "deal_stage_automation.dg"), "--arg",
                  "dealId=6600000000000701003", "--live", "--profile", "fake")
    assert first[0] == 0, first[2]
    assert "saved profile 'fake' (non-production org" in first[1]
    assert stat.S_IMODE(os.stat(creds).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(creds.parent).st_mode) == 0o700
    assert second[0] == 0
    fake, other = load_profile("fake", creds), load_profile("other", creds)
    assert fake.client_id == CLIENT_ID and fake.refresh_token.startswith("1000.")
    assert fake.api_domain == url and other.dc == "eu"
    assert CLIENT_SECRET not in first[1] + first[2] + repr(fake)
    assert fake.refresh_token not in first[1] + repr(fake)
    assert refused[0] == 1 and "invalid_code" in refused[2]
    assert "generate a new one" in refused[2]
    assert ran[0] == 0, ran[2]
    assert "probability 80" in ran[1]


def test_environment_credentials_win_unless_a_profile_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("DELUGE2PY_CREDENTIALS", str(tmp_path / "none.toml"))
    for name in ("DELUGE2PY_CLIENT_ID", "DELUGE2PY_CLIENT_SECRET", "DELUGE2PY_REFRESH_TOKEN",
                 "DELUGE2PY_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(CredentialsError, match="no Zoho credentials for profile 'default'"):
        load_profile()
    monkeypatch.setenv("DELUGE2PY_REFRESH_TOKEN", "1000.r")
    with pytest.raises(CredentialsError, match="DELUGE2PY_CLIENT_ID and DELUGE2PY_CLIENT_SECRET"):
        load_profile()
    monkeypatch.setenv("DELUGE2PY_CLIENT_ID", "id")
    monkeypatch.setenv("DELUGE2PY_CLIENT_SECRET", "secret")
    monkeypatch.setenv("DELUGE2PY_DC", "ca")
    profile = load_profile()
    assert profile.name == "env" and profile.accounts == "https://accounts.zohocloud.ca"
    with pytest.raises(CredentialsError, match="profile 'named'"):
        load_profile("named")


@pytest.mark.parametrize("dc, accounts, api", [
    ("com", "accounts.zoho.com", "www.zohoapis.com"),
    ("eu", "accounts.zoho.eu", "www.zohoapis.eu"),
    ("in", "accounts.zoho.in", "www.zohoapis.in"),
    ("com.au", "accounts.zoho.com.au", "www.zohoapis.com.au"),
    ("jp", "accounts.zoho.jp", "www.zohoapis.jp"),
    ("ca", "accounts.zohocloud.ca", "www.zohoapis.ca"),
    ("sa", "accounts.zoho.sa", "www.zohoapis.sa"),
    ("com.cn", "accounts.zoho.com.cn", "www.zohoapis.com.cn"),
])
def test_every_data_centre(dc, accounts, api):
    profile = Profile("p", "id", "secret", "token", dc)
    assert profile.accounts == f"https://{accounts}"
    assert profile.default_api_domain == f"https://{api}"
    assert profile.is_production()
    assert data_centre(dc) in DATA_CENTRES


def test_the_token_endpoints_api_domain_is_used_and_tokens_refresh_before_expiry():
    with running(fixtures={"Deals": [{"id": "1001", "Deal_Name": "D"}]},
                 token_seconds=61) as server:
        # the profile names Zoho's EU data centre; the token answer's api_domain wins
        profile = Profile("p", "id", CLIENT_SECRET, "1000.r", "eu", accounts_url=server.url,
                          api_domain="https://www.zohoapis.eu")
        now = [0.0]
        client = ZohoClient(profile, clock=lambda: now[0])
        crm = LiveCRM(client=client)
        assert crm.get_record("Deals", "1001")["Deal_Name"] == "D"
        assert client.api_domain == server.url and client.refreshes == 1
        now[0] = 1.5  # inside the minute before expiry (61 s tokens): refresh first
        assert crm.get_record("Deals", "1001")["Deal_Name"] == "D"
        assert client.refreshes == 2 and server.state.stats["unauthorised"] == 0


def _production(url):
    return Profile("prod", "id", CLIENT_SECRET, "1000.r", accounts_url=url, org="production")


def test_production_writes_wait_for_confirmation():
    asked = []
    with running(fixtures={"Deals": [{"id": "1001", "Deal_Name": "D"}]}) as server:
        crm = LiveCRM(_production(server.url), confirm_write=lambda what: asked.append(what))
        with Context(crm=crm, meter=Meter()):
            assert zoho.crm.getRecordById("Deals", 1001)["Deal_Name"] == "D"  # reads: no question
            assert asked == []
            with pytest.raises(Exception, match="declined"):
                zoho.crm.createRecord("Tasks", {"Subject": "x"})
        assert asked == [f"POST Tasks (profile prod, {server.url})"]
        assert server.state.crm.records("Tasks") == []
        yes = LiveCRM(_production(server.url), confirm_write=lambda what: asked.append(what) or True)
        with Context(crm=yes, meter=Meter()):
            zoho.crm.createRecord("Tasks", {"Subject": "x"})
            zoho.crm.createRecord("Tasks", {"Subject": "y"})
        assert len(asked) == 2  # asked once per run
        assert len(server.state.crm.records("Tasks")) == 2


def test_run_live_against_production_without_a_terminal_needs_yes(capsys, monkeypatch):
    dg = os.path.join(DEAL_DIR, "deal_stage_automation.dg")
    with running(fixtures=os.path.join(DEAL_DIR, "fixtures.json")) as server:
        use_env(monkeypatch, server.url, DELUGE2PY_ORG="production")
        command = ["run", dg, "--arg", "dealId=6600000000000701003", "--live"]
        refused = cli(capsys, *command)  # pytest's stdin is no terminal
        allowed = cli(capsys, *command, "--yes")
    assert refused[0] == 1
    assert "PRODUCTION" in refused[2] and "pass --yes" in refused[2]
    assert "declined" in refused[2] and "Traceback" not in refused[2]
    assert allowed[0] == 0 and "probability 80" in allowed[1]
