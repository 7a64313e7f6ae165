"""Fixtures as a user writes them by hand: kept as given, references checked with a
warning, and any malformed file one clear error with file, line and column."""

import json
import random
import subprocess
import sys

import pytest

from deluge2py.runtime import Context, zoho
from deluge2py.runtime.backends.sandbox import FixtureError, SandboxCRM

PRIYA = {"name": "Priya Raman", "id": "4876876000000011001", "email": "priya@example.com"}
GOOD = {
    "$users": [PRIYA],
    "$variables": {"tax_rate": "7.5"},
    "Products": [{"id": "4876876000000401001", "Product_Name": "Pump", "Unit_Price": 145.0}],
    "Sales_Orders": [{
        "id": "4876876000000624001", "Subject": "Refit", "Sub_Total": 415.0,
        "Grand_Total": 999.99, "Owner": PRIYA,
        "Product_Details": [{"product": {"name": "Pump", "id": "4876876000000401001"},
                             "quantity": 2, "list_price": 145.0, "discount": 10.0,
                             "total": 290.0, "net_total": 280.0}]}],
}

MALFORMED = {
    "empty file": "",
    "not json": "{Deals: []}",
    "trailing comma": '{"Deals": [{"Deal_Name": "A"},]}',
    "truncated": '{"Deals": [{"Deal_Name": "A"}',
    "top-level list": "[1, 2]",
    "top-level text": '"Deals"',
    "top-level number": "42",
    "top-level null": "null",
    "module is a map": '{"Deals": {"Deal_Name": "A"}}',
    "module is text": '{"Deals": "A"}',
    "module name with a space": '{"Sales Orders": []}',
    "record is a list": '{"Deals": [["A"]]}',
    "record is text": '{"Deals": ["A"]}',
    "record is null": '{"Deals": [null]}',
    "id with letters": '{"Deals": [{"id": "12ab"}]}',
    "id negative": '{"Deals": [{"id": -5}]}',
    "id decimal": '{"Deals": [{"id": 1.5}]}',
    "id boolean": '{"Deals": [{"id": true}]}',
    "id too long": '{"Deals": [{"id": "12345678901234567890"}]}',
    "users not a list": '{"$users": {"id": "1"}}',
    "user without id": '{"$users": [{"name": "A"}]}',
    "user id bad": '{"$users": [{"id": "x"}]}',
    "user is text": '{"$users": ["A"]}',
    "variables a list": '{"$variables": ["a"]}',
    "variable value a map": '{"$variables": {"a": {"b": 1}}}',
    "owner a list": '{"Deals": [{"Owner": [1]}]}',
    "owner map without id": '{"Deals": [{"Owner": {"name": "A"}}]}',
    "owner boolean": '{"Deals": [{"Owner": false}]}',
    "line items a map": '{"Quotes": [{"Subject": "Q", "Product_Details": {"product": "1"}}]}',
    "line item text": '{"Quotes": [{"Subject": "Q", "Product_Details": ["1"]}]}',
    "line item product a list": '{"Quotes": [{"Subject": "Q", "Product_Details": [{"product": [1]}]}]}',
    "line item without product": '{"Quotes": [{"Subject": "Q", "Product_Details": [{"quantity": 1}]}]}',
    "line item quantity a map": '{"Quotes": [{"Subject": "Q", "Product_Details": [{"product": "1", "quantity": {}}]}]}',
    "unknown dollar key": '{"$user": []}',
    "duplicate id": '{"Deals": [{"id": "1"}, {"id": "1"}]}',
    "duplicate id, number and text": '{"Deals": [{"id": 7}, {"Deal_Name": "B", "id": "7"}]}',
    "NaN": '{"Deals": [{"id": "1", "Amount": NaN}]}',
    "Infinity": '{"Deals": [{"id": "1", "Amount": -Infinity}]}',
    "deeply nested": '{"Deals": [{"X": ' + "[" * 100_000 + "]" * 100_000 + "}]}",
}


@pytest.mark.parametrize("text", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_file_is_one_error_with_its_position(tmp_path, text):
    path = tmp_path / "fixtures.json"
    path.write_text(text)
    with pytest.raises(FixtureError) as caught:
        SandboxCRM(fixtures=str(path))
    message = str(caught.value)
    assert message.startswith(f"{path}:") and ": error: " in message
    assert caught.value.line is not None or "nested" in message
    assert "\n" not in message


def test_not_utf8_and_missing_file(tmp_path):
    path = tmp_path / "latin.json"
    path.write_bytes(b'{"Deals": [{"Deal_Name": "Caf\xe9"}]}')
    with pytest.raises(FixtureError, match=r"latin.json:1:\d+: error: .*not UTF-8"):
        SandboxCRM(fixtures=str(path))
    with pytest.raises(FixtureError, match="cannot read"):
        SandboxCRM(fixtures=str(tmp_path / "missing.json"))


def test_the_position_points_at_the_bad_value(tmp_path):
    path = tmp_path / "fixtures.json"
    path.write_text('{\n  "Deals": [\n    {"Deal_Name": "A"},\n    {"Deal_Name": "B", "Owner": [1]}\n  ]\n}\n')
    with pytest.raises(FixtureError) as caught:
        SandboxCRM(fixtures=str(path))
    assert (caught.value.line, caught.value.column) == (4, 33)
    assert "Deals[1].Owner: expected a map, a text, a whole number or null, found a list" in str(caught.value)


def test_mutated_files_load_or_fail_cleanly(tmp_path):
    """Any shape: truncations and type swaps of a good file either load or give one
    FixtureError, never another exception (bounded: 150 variants)."""
    text = json.dumps(GOOD, indent=1)
    rng = random.Random(7)
    variants = [text[:cut] for cut in rng.sample(range(len(text)), 60)]
    swaps = ['[]', '{}', '"x"', '0', 'null', 'true', '-1', '[{}]', '{"id": []}']
    tokens = [i for i, ch in enumerate(text) if ch in '"[{0123456789']
    for _ in range(90):
        start = rng.choice(tokens)
        end = start + rng.randint(1, 40)
        variants.append(text[:start] + rng.choice(swaps) + text[end:])
    path = tmp_path / "f.json"
    for variant in variants:
        path.write_text(variant)
        try:
            SandboxCRM(fixtures=str(path))
        except FixtureError as exc:
            assert str(exc).startswith(str(path))


def test_values_are_kept_as_given():
    crm = SandboxCRM(fixtures=GOOD)
    order = crm.get_record("Sales_Orders", "4876876000000624001")
    (row,) = order["Product_Details"]
    assert (row["discount"], row["total"], row["net_total"]) == (10.0, 290.0, 280.0)
    assert (order["Sub_Total"], order["Grand_Total"]) == (415.0, 999.99)
    assert crm.fixture_warnings == []


def test_a_write_gets_crm_arithmetic_and_takes_lower_case_discount():
    crm = SandboxCRM(fixtures=GOOD)
    with Context(crm=crm):
        answer = zoho.crm.createRecord("Purchase_Orders", {"Subject": "PO", "Product_Details": [
            {"product": {"id": "4876876000000401001"}, "quantity": 2, "list_price": 145.0,
             "discount": 10.0, "net_total": 1}]})
        po = zoho.crm.getRecordById("Purchase_Orders", answer.get("id"))
    row = po.get("Product_Details")[0]
    assert (row.get("Discount"), row.get("net_total")) == (10.0, 280.0)
    assert po.get("Sub_Total") == 280.0


def test_unknown_users_and_records_are_answered_as_given_with_warnings(tmp_path):
    path = tmp_path / "fixtures.json"
    path.write_text(json.dumps({
        "$users": [PRIYA],
        "Deals": [{"id": "5", "Deal_Name": "D", "Stage": "New",
                   "Owner": {"name": "Ghost", "id": "77"},
                   "Account_Name": {"name": "Nowhere", "id": "88"}},
                  {"id": "6", "Deal_Name": "E", "Stage": "New", "Owner": PRIYA["id"]}]},
        indent=2))
    crm = SandboxCRM(fixtures=str(path))
    assert len(crm.fixture_warnings) == 2
    owner, account = crm.fixture_warnings
    assert owner.startswith(f"{path}:14:16:") and "Deals[0].Owner: user 77 is not in $users" in owner
    assert "Deals[0].Account_Name: Accounts 88 is not in the fixtures" in account
    with Context(crm=crm):
        ghost = zoho.crm.getRecordById("Deals", 5)
        known = zoho.crm.getRecordById("Deals", 6)
    assert dict(ghost.get("Owner")) == {"name": "Ghost", "id": "77", "email": None}
    assert dict(ghost.get("Account_Name")) == {"name": "Nowhere", "id": "88"}
    assert dict(known.get("Owner")) == PRIYA  # a bare id, filled from $users


def test_classic_reads_give_the_owner_email():
    crm = SandboxCRM(fixtures=GOOD)
    with Context(crm=crm):
        order = zoho.crm.getRecordById("Sales_Orders", 4876876000000624001)
    assert order.get("Owner").get("email") == "priya@example.com"


def test_the_cli_reports_a_malformed_file_and_warnings(tmp_path):
    script = tmp_path / "f.dg"
    script.write_text('d = zoho.crm.getRecordById("Deals", 5);\ninfo d.get("Owner");\n')
    bad = tmp_path / "bad.json"
    bad.write_text('{"Deals": [{"id": "5", "Owner": [1]}]}')
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"Deals": [{"id": "5", "Deal_Name": "D", "Stage": "New",
                                           "Owner": {"name": "Ghost", "id": "77"}}]}))
    base = [sys.executable, "-m", "deluge2py", "run", str(script),
            "--ledger", str(tmp_path / "ledger.jsonl"), "--fixtures"]
    failed = subprocess.run(base + [str(bad)], capture_output=True, text=True, timeout=60)
    assert failed.returncode == 2 and "Traceback" not in failed.stderr
    assert failed.stderr.strip() == (f"deluge2py run: error: {bad}:1:33: Deals[0].Owner: expected a map, "
                                     "a text, a whole number or null, found a list")
    ran = subprocess.run(base + [str(good)], capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0, ran.stderr
    assert "warning: Deals[0].Owner: user 77 is not in $users" in ran.stderr
    assert '{"name":"Ghost","id":"77","email":null}' in ran.stdout


@pytest.mark.parametrize("row, where, message", [
    ('{"product":5,"quantity":"two"}', "2:46", "Product_Details[0].quantity: expected a number, "
                                               "found a text"),
    ('{"quantity":2}', "2:22", "Product_Details[0]: a row needs a product"),
    ('{"product":5,"Discount":"lots"}', "2:46", "Product_Details[0].Discount: expected a number"),
])
def test_a_bad_line_item_names_its_field_and_position(tmp_path, capsys, row, where, message):
    from deluge2py.cli import main

    script = tmp_path / "f.dg"
    script.write_text("info 1;\n")
    fixtures = tmp_path / "m.json"
    fixtures.write_text('{"Sales_Orders":[{"id":"1",\n  "Product_Details":[' + row + ']}]}')
    assert main(["run", str(script), "--ledger", str(tmp_path / "l.jsonl"),
                 "--fixtures", str(fixtures)]) == 2
    assert f"{fixtures}:{where}: Sales_Orders[0].{message}" in capsys.readouterr().err
