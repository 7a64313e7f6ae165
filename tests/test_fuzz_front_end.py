"""One front end: what ``check`` accepts, ``convert`` converts into Python that compiles.

A time-bounded slice (a few seconds) of benchmarks/fuzz.py, and the inputs the first
fuzzing found, each through the CLI as a user meets them."""

from __future__ import annotations

import importlib.util
import os
import time

import pytest

from deluge2py.api import check, convert, convert_with_warnings
from deluge2py.cli import main
from deluge2py.errors import DelugeError

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_spec = importlib.util.spec_from_file_location("fuzz", os.path.join(ROOT, "benchmarks",
                                                                    "fuzz.py"))
fuzz = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fuzz)

SLICE_SECONDS = 3.0


def test_fuzz_slice_check_and_convert_agree():
    done, kinds, failures = fuzz.fuzz(10_000, seed=int(time.time()) % 1000,
                                      deadline=time.monotonic() + SLICE_SECONDS)
    assert done > 50
    assert failures == [], failures[:3]


@pytest.mark.parametrize("source, line, column, message", [
    ("0.o;", None, None, None),  # crashed black once; now a field read, and it converts
    ('r = invokeurl [ url: "a" url: "b" ];', 1, 26, "duplicate key 'url' in invokeurl"),
    ('sendmail [ from: "a" to: "b" to: "c" subject: "s" message: "m" ];', 1, 30,
     "duplicate key 'to' in sendmail"),
    ('r = invokeapi [ service: x service: y path: "p" ];', 1, 28,
     "duplicate key 'service' in invokeapi"),
    ('x = ifnull("a": 1, 2);', 1, 12, "'key: value' pair"),
    ("break;", 1, 1, "'break' outside a 'for each' loop"),
    ("if (true) { continue; }", 1, 13, "'continue' outside a 'for each' loop"),
    ("void automation.f()\n{\n\treturn 5;\n}\n", 3, 2,
     "'return' with a value in a void function"),
])
def test_check_reports_what_convert_enforces(tmp_path, capsys, source, line, column, message):
    path = tmp_path / "case.dg"
    path.write_text(source)
    code = main(["check", str(path)])
    out = capsys.readouterr().out
    if message is None:
        assert code == 0, out
        compile(convert(source), "<generated>", "exec")
        return
    assert code == 1
    assert f"{path}:{line}:{column}: error: {message}" in out
    converted = main(["convert", str(path), "-o", str(tmp_path / "out")])
    capsys.readouterr()
    # Save-time refusals still convert (the code raises a Deluge error there); others do not.
    assert (converted == 0) == ("void" in message)


def test_check_reports_every_syntax_error_it_recovers_from(tmp_path, capsys):
    path = tmp_path / "many.dg"
    path.write_text("void automation.f(int a)\n{\n\tx = = 1;\n\tif (a > 1) {\n\t\ty = 2 +;\n"
                    "\t}\n\tz = \"ok\";\n\tw = (3;\n}\n")
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert [line.split(": error")[0] for line in out.splitlines() if ": error:" in line] == [
        f"{path}:3:6", f"{path}:5:10", f"{path}:8:8"]
    assert "y = 2 +;" in out  # the line as written, not as recovery left it


def test_zoho_save_time_checks(tmp_path, capsys):
    path = tmp_path / "f.dg"
    path.write_text('void automation.f(int id)\n{\n\tr = zoho.crm.updateRecords("Leads", id);\n'
                    '\tinfo total;\n\tn = "x".toLongg();\n\ttoday.addDay(1);\n}\n')
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:3:6: error: 'zoho.crm.updateRecords' is not a zoho.crm task" in out
    assert f"{path}:4:7: error: variable 'total' is not defined" in out
    assert f"{path}:5:6: error: unknown method 'toLongg'" in out
    assert "today" not in out


def test_bare_script_free_names_are_parameters_not_undefined():
    assert not [d for d in check("info amount * 2;\ntotal = amount;\n") if d.severity == "error"]


def test_convert_never_fails_outside_deluge_errors():
    for source in ["0.o;", "x = 1.e5;", "info 0..toLong();", "x = 9999999999999999999999;"]:
        try:
            compile(convert(source), "<generated>", "exec")
        except DelugeError as e:
            assert e.line and not e.message.startswith("internal error")


def test_things_zoho_saves_are_not_refused(tmp_path, capsys):
    """Deluge names deluge2py lacks (integrations, Creator subform rows, documented methods
    and tasks not run yet) are warnings, not save-time errors; a criteria's method receiver
    is a form field."""
    path = tmp_path / "f.dg"
    path.write_text('void f(string ms)\n{\n\tids = Contacts[Tags.contains(ms)].ID.getAll();\n'
                    '\trow = Residences.Residence_Contact();\n\tt = twilio.sms.send("a", "b");\n'
                    '\tx = ms.toFile("a.txt");\n\ty = zoho.crm.invokeConnector("crm.get", {});\n}\n')
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.count(": warning: ") == 4
    text = convert_with_warnings(path.read_text(), format=False)[0]
    assert 'creator.fetch("Contacts", lambda _dg_rec: _dg_rec.get("Tags").contains(ms))' \
        '.getall("ID")' in text
