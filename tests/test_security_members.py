"""The closed member model (docs/security.md): a Deluge script reaches the runtime's
catalog of members and nothing of Python, through the CLI as a user runs it."""

from __future__ import annotations

import json

import pytest

from deluge2py.api import convert_with_warnings
from deluge2py.cli import main
from deluge2py.errors import DelugeError, ZohoRefusal
from deluge2py.runtime import Context, List, Map, Number, Text, call_method, get_field
from deluge2py.runtime.errors import DelugeRuntimeError
from deluge2py.runtime.ops import set_field
from deluge2py.runtime.zoho import zoho

ESCAPE = """t = "x";
g = t.toUpperCase.__globals__;
b = g.get("__builtins__");
imp = b.get("__import__");
os = imp.__call__("os");
info os.popen("id").read();
"""


@pytest.fixture(autouse=True)
def private_home(tmp_path, monkeypatch):
    monkeypatch.setenv("DELUGE2PY_HOME", str(tmp_path / "home"))


def _run_json(path, capsys, *args):
    code = main(["run", str(path), "--json", *args])
    return code, json.loads(capsys.readouterr().out)


def test_the_reported_escape_is_refused_by_check_and_convert(tmp_path, capsys):
    path = tmp_path / "escape.dg"
    path.write_text(ESCAPE)
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:2:5: error: '__globals__': a Deluge member name cannot start with '_'" in out
    assert main(["convert", str(path), "-o", str(tmp_path / "out")]) != 0
    assert not (tmp_path / "out" / "escape.py").exists()


@pytest.mark.parametrize("source, message", [
    ('t = "x";\ninfo t.format("{0}");', "Not able to find 'format' function for TEXT"),
    ('t = "x";\ninfo t.toUpperCase;', "Not able to find 'toUpperCase' function for TEXT"),
    ("m = Map();\nm.update({1: 2});", "Not able to find 'update' function for KEY-VALUE"),
    ("l = List();\nl.pop();", "Not able to find 'pop' function for LIST"),
    ("n = 5;\ninfo n.bit_length();", "Not able to find 'bit_length' function for BIGINT"),
    ('try { x = 1 / 0; } catch (e) { info e.with_traceback(null); }',
     "Not able to find 'with_traceback' function for DIVISION"),
])
def test_python_members_are_deluge_runtime_errors(tmp_path, capsys, source, message):
    path = tmp_path / "probe.dg"
    path.write_text(source)
    code, out = _run_json(path, capsys)
    assert code == 1
    assert message.split(" for ")[0] in out["error"]["message"]


def test_python_names_never_become_attributes_in_generated_code():
    text, warnings = convert_with_warnings('t = "x";\nv = t.format(1).join(t);\nw = t.count;')
    assert 'call_method(call_method(t, "format", 1), "join", t)' in text
    assert 'get_field(t, "count")' in text
    assert all(isinstance(w, ZohoRefusal) for w in warnings)


@pytest.mark.parametrize("source", [
    "x = zoho.crm;", "x = standalone.f;", "x = zoho.crm.getRecords.label.format(1);",
    "x = zoho.encryption.md5.x(1);", "x = zoho.crm._tasks;", "x = zoho.foo(1);",
])
def test_namespaces_are_not_values(source):
    with pytest.raises(DelugeError):
        convert_with_warnings(source)


def test_runtime_objects_expose_no_public_python_attribute():
    crm, app, task = zoho.crm, zoho.books, zoho.books.createRecord
    for namespace in (app, task):
        public = [a for a in dir(type(namespace)) if not a.startswith("_")]
        assert public == []
        assert not [a for a in getattr(type(namespace), "__slots__", ()) if not a.startswith("_")]
    assert [a for a in vars(crm) if not a.startswith("_")] == []
    with pytest.raises(DelugeRuntimeError):
        zoho.encryption.quote  # an import of the encoding module, not a Deluge function
    assert zoho.encryption.base64Encode("a") == "YQ=="


def test_field_access_and_method_dispatch_by_name():
    with Context():
        record = Map({"Name": "Ada"})
        assert get_field(record, "Name") == "Ada"
        assert call_method(Text("abc"), "toUpperCase") == "ABC"
        assert call_method(List([3, 1]), "size") == 2
        with pytest.raises(DelugeRuntimeError, match="'x' function cannot be applied on null"):
            get_field(None, "x")
        with pytest.raises(DelugeRuntimeError, match="Not able to find 'real' function"):
            call_method(Number(1), "real")
        with pytest.raises(DelugeRuntimeError, match="Cannot set the field"):
            set_field(Text("a"), "upper", 1)


def test_today_and_now_run_in_a_bare_script(tmp_path, capsys):
    path = tmp_path / "when.dg"
    path.write_text("d = today.addDay(7);\ninfo d > today;\ninfo now.getYear() > 2000;\n")
    code, out = _run_json(path, capsys)
    assert (code, out["error"], out["info"]) == (0, None, ["true", "true"])


def test_today_assigned_is_a_variable():
    text, _ = convert_with_warnings("today = 5;\ninfo today;")
    assert "info(today)" in text


def test_undefined_variable_in_a_function_is_a_deluge_error(tmp_path, capsys):
    path = tmp_path / "f.dg"
    path.write_text("string standalone.f()\n{\n\treturn open;\n}\n")
    code, out = _run_json(path, capsys)
    assert code == 1
    assert out["error"]["message"] == "Variable 'open' is not defined"


def test_every_catalogued_method_is_the_builtin_or_routed_by_name():
    """The invariant generated code relies on: `x.m(...)` is written as an attribute only
    for catalogued names, and on every class a script can hold such a name resolves to
    the Deluge built-in, to nothing (a Deluge error), or is listed as shadowed."""
    from deluge2py.runtime import values
    from deluge2py.runtime.builtins import catalog
    from deluge2py.runtime.creator import Records

    holdable = [getattr(values, name) for name in catalog.VALUE_CLASSES]
    holdable += [Records, DelugeRuntimeError, bool, type(None)]
    for entry in catalog.entries():
        if entry.kind != "method" or catalog.python_shadowed(entry.name):
            continue
        for cls in holdable:
            if hasattr(cls, entry.name) and not (
                    cls is Records and entry.name.lower() in catalog.RECORD_SET_METHODS):
                assert catalog._resolve(cls, entry.name) is not None, (cls, entry.name)
    assert {"insert", "reverse", "update"} <= {
        e.name.lower() for e in catalog.entries() if catalog.python_shadowed(e.name)}


def test_system_variables_work_in_bare_scripts_and_functions(tmp_path, capsys):
    bare = tmp_path / "bare.dg"
    bare.write_text("info zoho.loginuserid;\ninfo zoho.currenttime.getYear() > 2000;\n"
                    "info today == zoho.currentdate;\n")
    code, out = _run_json(bare, capsys)
    assert (code, out["info"]) == (0, ["sandbox.user@example.com", "true", "true"])
    fn = tmp_path / "fn.dg"
    fn.write_text("string standalone.f()\n{\n\treturn zoho.adminuserid + \" \" + "
                  "now.getYear().toString().length();\n}\n")
    code, out = _run_json(fn, capsys)
    assert (code, out["result"]) == (0, "sandbox.admin@example.com 4")


def test_input_names_a_function_has_not_are_undefined_not_python(tmp_path, capsys):
    path = tmp_path / "f.dg"
    path.write_text("string standalone.f()\n{\n\tx = input.eval;\n\treturn x;\n}\n")
    assert main(["check", str(path)]) == 1
    assert "3:6: error: variable 'eval' is not defined" in capsys.readouterr().out
    code, out = _run_json(path, capsys)
    assert out["error"]["message"] == "Variable 'eval' is not defined"


def test_a_catch_variable_keeps_its_fields_and_acts_as_text_for_methods(tmp_path, capsys):
    path = tmp_path / "c.dg"
    path.write_text("try { x = 1 / 0; } catch (e) {\ninfo e.toUpperCase();\ninfo e.message;\n"
                    "info e.lineNo;\ninfo e.with_traceback();\n}\n")
    code, out = _run_json(path, capsys)
    assert out["info"] == ["ERROR AT LINE 1: DIVISION BY ZERO", "Division by zero", "1"]
    assert "Not able to find 'with_traceback' function for TEXT" in out["error"]["message"]
