"""No Deluge program reaches Python (docs/security.md).

Hypothesis builds programs from dunder names, Python's own method and attribute names
and the runtime's private names, as member chains (fields and calls) over every kind
of value a script can hold: texts, numbers, decimals, booleans, null, maps, lists,
collections, date-times, a caught error, a Creator record set, system variables, and
the namespaces.  Arguments carry payloads that would create a canary file if they ever
reached ``eval``, ``str.format``, ``os`` or ``open``.  Each program must end in a
``check``/``convert`` error or run to a Deluge ending (a value or a Deluge runtime
error) through ``deluge2py run``; no canary file appears, and nothing the script
prints or returns is a Python object (a class, function, module, method).
"""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from deluge2py.cli import main

RECEIVERS = [
    '"text"', "42", "1.5", "true", "null", '{"k": "v"}', "{1, 2}", "Collection()",
    "'01-01-2024 10:00:00'", "zoho.currentdate", "today", "now", "zoho.loginuserid", "err",
    "Orders[ID > 0]", "v", "zoho.crm", "zoho.books", "zoho.encryption", "standalone.f",
    "thisapp", "zoho",
]
DUNDERS = ["__class__", "__globals__", "__init__", "__dict__", "__call__", "__subclasses__",
           "__builtins__", "__import__", "__reduce__", "__getattribute__", "__mro__",
           "__code__", "__self__", "__func__", "__module__", "__traceback__", "__cause__"]
PYTHON_NAMES = ["format", "format_map", "get", "pop", "update", "insert", "reverse", "mro",
                "with_traceback", "args", "fromkeys", "encode", "join", "real", "imag",
                "bit_length", "to_bytes", "isoformat", "strftime", "timestamp", "replace",
                "copy", "clear", "setdefault", "items", "values", "keys", "index", "count",
                "spec", "label", "family", "content", "data", "keyed", "element_type", "system",
                "name", "app", "task", "locate", "file", "put", "sum", "getall", "fetch",
                "system", "popen", "read", "exec", "eval", "compile", "open", "globals"]
PRIVATE = ["_name", "_app", "_task", "_tasks", "_bound", "_path", "_message", "_location",
           "_registry", "_dg_error", "_"]
DELUGE_NAMES = ["toString", "toLong", "get", "size", "keys", "toMap", "message", "lineNo",
                "getRecords", "createRecord", "base64Encode", "addDay", "toUpperCase"]
#: Refused names (dunders, private) one draw in four, so most programs reach the runtime.
MEMBERS = st.sampled_from(DUNDERS + PRIVATE + (PYTHON_NAMES + DELUGE_NAMES) * 3)


def _payloads(canary) -> list[str]:
    path = str(canary).replace("\\", "/")
    return [
        f"__import__('os').system('touch {path}')",
        f"open('{path}', 'w').write('x')",
        "{0.__class__.__init__.__globals__}",
        "{0.__class__.__mro__[1].__subclasses__}",
        "os", "__builtins__", path,
    ]


def _args(draw, canary) -> str:
    values = draw(st.lists(st.sampled_from(_payloads(canary) + ["1", "v"]), max_size=2))
    return ", ".join(v if v in ("1", "v") else '"' + v.replace('"', "") + '"' for v in values)


@st.composite
def programs(draw, canary):
    receiver = draw(st.sampled_from(RECEIVERS))
    chain = receiver
    for _ in range(draw(st.integers(1, 3))):
        member = draw(MEMBERS)
        chain += f".{member}({_args(draw, canary)})" if draw(st.booleans()) else f".{member}"
    statement = draw(st.sampled_from([f"r = {chain};\ninfo r;", f"info {chain};",
                                      f"return {chain};", f"{chain};",
                                      f"v.{draw(MEMBERS)} = {chain};"]))
    return ("string standalone.probe(string v)\n{\n"
            "try { x = 1 / 0; } catch (err) {\n" + statement + "\n}\n"
            + statement + "\nreturn \"done\";\n}\n")


PYTHON_LEAK = re.compile(r"<(class|function|bound|built-in|module|method|frame|code)\b|"
                         r"__\w+__|Traceback|object at 0x")
SETTINGS = settings(max_examples=120, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])


@pytest.fixture
def canary(tmp_path, monkeypatch):
    monkeypatch.setenv("DELUGE2PY_HOME", str(tmp_path / "home"))
    return tmp_path / "canary"


def _probe(tmp_path, canary, capsys, source) -> bool:
    """Check, then run the program; True when it ran (it converted)."""
    path = tmp_path / "probe.dg"
    path.write_text(source, encoding="utf-8")
    checked = main(["check", str(path), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert checked or all(e["line"] and e["column"] for e in report["errors"])
    args = ["--arg", "v=x"] if source.startswith("string standalone.probe") else []
    code = main(["run", str(path), "--json", *args])
    out, err = capsys.readouterr()
    assert not canary.exists()
    if not out.strip():  # refused at convert time: check refused it too
        assert not checked and ": error: " in err and "Traceback" not in err, err
        return False
    assert code in (0, 1), out
    report = json.loads(out)
    shown = json.dumps([report.get("result"), report.get("info"), report.get("error")])
    # A payload echoed back verbatim (an error message quoting its argument) is the
    # program's own text, not Python leaking: only what is left may not look like Python.
    unquoted = shown
    for payload in sorted(_payloads(canary), key=len, reverse=True):
        unquoted = unquoted.replace(payload.replace('"', ""), "")
    assert not PYTHON_LEAK.search(unquoted), shown
    return True


@SETTINGS
@given(data=st.data())
def test_member_chains_over_every_value_never_reach_python(tmp_path, canary, capsys, data):
    ran = _probe(tmp_path, canary, capsys, data.draw(programs(canary)))
    event("ran" if ran else "refused at convert time")
    assert not canary.exists()


@pytest.mark.parametrize("source", [
    # the reported escape, and the variants that worked before the closed member model
    't = "x";\ng = t.toUpperCase.__globals__;\nb = g.get("__builtins__");\n'
    'imp = b.get("__import__");\nos = imp.__call__("os");\ninfo os.popen("id").read();',
    'info zoho.books.x.app.format("{0.__class__}", 1);',
    'info zoho.crm.getRecords.label.format("{0}");',
    'info zoho.encryption.quote("x");',
    'f = Orders[ID > 0];\ninfo f.copy().pop();',
    'info "{0.__class__}".format("x");',
    'x = {"a": 1};\nx.update({"b": 2});\ninfo x;',
])
def test_known_escapes_end_in_deluge_errors(tmp_path, canary, capsys, source):
    _probe(tmp_path, canary, capsys, source)
    assert not canary.exists()
