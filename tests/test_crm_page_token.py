"""getRecords past 2,000 records: page tokens (reference §1.3, getRecords paging)."""

import datetime as dt

import pytest

from deluge2py.runtime import Context, List, Map, invokeurl
from deluge2py.runtime.backends.sandbox import paging
from deluge2py.runtime.backends.sandbox import SandboxCRM
from deluge2py.runtime.credits import Meter
from deluge2py.runtime.zoho import zoho

TASKS_URL = "https://www.zohoapis.com/crm/v8/Tasks"


def tasks(n):
    return {"Tasks": [{"Subject": f"Task {i}"} for i in range(n)]}


class Clock:
    def __init__(self):
        self.now = dt.datetime(2024, 3, 5, 9, 30, tzinfo=dt.timezone.utc)

    def __call__(self):
        return self.now


@pytest.fixture
def small():
    crm = SandboxCRM(fixtures=tasks(7), clock=Clock())
    with Context(crm=crm, meter=Meter()) as ctx:
        yield ctx


def rest_page(**parameters):
    return invokeurl(url=TASKS_URL, type="GET", parameters=Map(parameters), connection="crm")


def ids(records):
    return [r.get("id") for r in records]


def test_tokens_reach_past_2000_records():
    crm = SandboxCRM(fixtures=tasks(2_150))
    meter = Meter()
    with Context(crm=crm, meter=meter):
        assert zoho.crm.getRecords("Tasks", 11, 200).get("code") == \
            "DISCRETE_PAGINATION_LIMIT_EXCEEDED"
        seen, token, calls = [], None, 0
        while True:
            answer = rest_page(per_page=200, **({"page_token": token} if token else {}))
            calls += 1
            info = answer.get("info")
            seen.extend(ids(answer.get("data")))
            token = info.get("next_page_token")
            assert info.get("more_records") == (token is not None)
            if token is None:
                break
    expected = [r["id"] for r in crm.records("Tasks")][::-1]  # id descending, the default
    assert seen == expected and len(seen) == 2_150
    assert calls == 11 and meter.api == 1 + 11


def test_the_task_accepts_a_token_from_the_rest_envelope(small):
    first = rest_page(per_page=3)
    token = first.get("info").get("next_page_token")
    page = zoho.crm.getRecords("Tasks", 1, 3, {"page_token": token})
    assert isinstance(page, List)
    assert ids(page) == [r["id"] for r in small.crm.records("Tasks")][::-1][3:6]
    v8_page = zoho.crm.v8.getRecords("Tasks", 1, 3, {"page_token": token})
    assert v8_page == rest_page(per_page=3, page_token=token).get("data")


def test_info_of_a_page(small):
    info = rest_page(per_page=5, sort_order="asc").get("info")
    assert (info.get("count"), info.get("page"), info.get("per_page")) == (5, 1, 5)
    assert info.get("sort_order") == "asc" and info.get("more_records") is True
    assert info.get("previous_page_token") is None
    assert info.get("page_token_expiry") == "2024-03-06T09:30:00+00:00"  # 24 hours
    token = info.get("next_page_token")
    last = rest_page(per_page=5, sort_order="asc", page_token=token).get("info")
    assert (last.get("count"), last.get("page"), last.get("more_records")) == (2, 2, False)
    assert last.get("next_page_token") is None and last.get("page_token_expiry") is None
    assert last.get("previous_page_token") == token


def test_a_token_continues_after_the_last_record_served(small):
    first = zoho.crm.v8.getRecords("Tasks", 1, 2)
    token = small.crm.get_records_page("Tasks", 1, 2)["info"]["next_page_token"]
    before = [r["id"] for r in small.crm.records("Tasks")][::-1]
    zoho.crm.createRecord("Tasks", {"Subject": "New"})  # now first in id-descending order
    second = zoho.crm.getRecords("Tasks", 1, 2, {"page_token": token})
    assert ids(first) == before[:2] and ids(second) == before[2:4]
    assert ids(zoho.crm.getRecords("Tasks", 2, 2)) != before[2:4]  # page numbers shift


def test_tokens_page_through_equal_sort_values(small):
    # Every fixture record has the same Created_Time: ties are ordered by id.
    seen, token = [], None
    while True:
        options = {"sort_by": "Created_Time", "sort_order": "asc"}
        if token:
            options["page_token"] = token
        page = small.crm.get_records_page("Tasks", 1, 3, options)
        seen.extend(r["id"] for r in page["data"])
        token = page["info"]["next_page_token"]
        if token is None:
            break
    assert seen == [r["id"] for r in small.crm.records("Tasks")]


@pytest.mark.parametrize("token, options", [
    ("not a token", {}),
    ("e30", {}),  # valid base64 of "{}"
    (None, {"sort_order": "asc"}),  # a token of another query
])
def test_a_bad_token_is_invalid_data(small, token, options):
    if token is None:
        token = small.crm.get_records_page("Tasks", 1, 2)["info"]["next_page_token"]
    answer = zoho.crm.getRecords("Tasks", 1, 2, {**options, "page_token": token})
    assert answer.get("code") == "INVALID_DATA"
    assert answer.get("details") == {"param_name": "page_token"}


def test_a_token_expires_after_24_hours(small):
    token = small.crm.get_records_page("Tasks", 1, 2)["info"]["next_page_token"]
    small.crm._clock.now += dt.timedelta(hours=23, minutes=59)
    assert len(zoho.crm.getRecords("Tasks", 1, 2, {"page_token": token})) == 2
    small.crm._clock.now += dt.timedelta(minutes=1)
    assert zoho.crm.getRecords("Tasks", 1, 2, {"page_token": token}).get("code") == \
        "INVALID_DATA"


def test_tokens_stop_at_the_pagination_limit(small, monkeypatch):
    monkeypatch.setattr(paging, "MAX_TOKEN_RECORDS", 4)
    page = small.crm.get_records_page("Tasks", 1, 2)
    page = small.crm.get_records_page("Tasks", 1, 2,
                                      {"page_token": page["info"]["next_page_token"]})
    assert len(page["data"]) == 2 and page["info"]["more_records"] is True
    answer = small.crm.get_records_page("Tasks", 1, 2,
                                        {"page_token": page["info"]["next_page_token"]})
    assert answer["code"] == "PAGINATION_LIMIT_EXCEEDED"
    assert answer["details"] == {"limit": 4}
