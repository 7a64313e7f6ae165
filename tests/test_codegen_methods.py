"""Method calls: functional forms for receivers that may be null or a boolean,
``key: value`` pairs in ``Collection.insert``, and values used as statements."""

from __future__ import annotations

import ast
import inspect

import pytest

import deluge2py.runtime as runtime
from deluge2py import nodes as n
from deluge2py.api import convert, convert_with_warnings
from deluge2py.errors import DelugeError, DelugeSyntaxError
from deluge2py.parser import parse
from deluge2py.runtime import Context, DelugeRuntimeError
from deluge2py.runtime.builtins import catalog


def body(source: str) -> list[str]:
    """The statements of the single generated function, marks removed."""
    lines = convert(source).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("def "))
    return [line.strip().split("  # dg:")[0] for line in lines[start + 1:] if line.strip()]


def run(source: str, *args):
    """Convert a bare script, execute its module and call the function."""
    namespace: dict = {}
    exec(compile(convert(source, "probe.dg"), "probe.py", "exec"), namespace)
    with Context(meter=None) as ctx:
        result = namespace["probe"](*args)
    return result, ctx.info_log


def _null_or_boolean_methods():
    return sorted(e.name for e in catalog.entries()
                  if e.kind == "method" and e.receivers & {"Null", "Boolean"})


def _required_arguments(name: str) -> int:
    implementation = catalog.implementation(name, None)
    params = list(inspect.signature(implementation).parameters.values())[1:]
    return sum(p.default is inspect.Parameter.empty and p.kind is p.POSITIONAL_OR_KEYWORD
               for p in params)


def test_null_and_boolean_methods_are_known():
    methods = _null_or_boolean_methods()
    assert {"isNull", "isEmpty", "isBlank", "toString", "equals"} <= set(methods)
    assert "trim" not in methods


@pytest.mark.parametrize("method", _null_or_boolean_methods())
def test_method_that_applies_to_null_becomes_its_function(method):
    args = [f"a{i}" for i in range(_required_arguments(method))]
    source = f"r = x.{method.upper()}({', '.join(args)});"
    assert body(source) == [f"r = {method}({', '.join(['x', *args])})"]
    # The runtime function takes null and booleans: it answers, or raises a Deluge error.
    function = getattr(runtime, method)
    for receiver in (None, True, False):
        try:
            function(receiver, *[None] * len(args))
        except DelugeRuntimeError:
            pass


@pytest.mark.parametrize("source, expected", [
    ("r = x.trim();", "r = x.trim()"),
    ("r = x.get(\"k\");", 'r = x.get("k")'),
    ("r = \"abc\".isEmpty();", 'r = Text("abc").isEmpty()'),
    ("r = {1, 2}.isEmpty();", "r = List([1, 2]).isEmpty()"),
    ("r = {\"a\": 1}.toString();", 'r = Map({"a": 1}).toString()'),
    ("r = Collection().isEmpty();", "r = Collection().isEmpty()"),
    ("r = Employees[ID == 1].isEmpty();",
     'r = creator.fetch("Employees", lambda _dg_rec: _dg_rec.get("ID") == 1).isEmpty()'),
    ("r = null.isNull();", "r = isNull(None)"),
    ("r = true.toString();", "r = toString(True)"),
    ("r = (a + b).toString();", "r = toString(plus(a, b))"),
    ("r = x.trim().isBlank();", "r = isBlank(x.trim())"),
    ("r = zoho.currentdate.toString(\"yyyy\");", 'r = toString(zoho.currentdate, "yyyy")'),
])
def test_method_form_only_where_the_receiver_cannot_be_null(source, expected):
    assert body(source) == [expected]


def test_functional_form_is_a_known_boolean():
    assert body("if(x.isNull() && !y.isEmpty()) { info 1; }")[0] == \
        "if isNull(x) and not isEmpty(y):"


def test_null_and_boolean_receivers_answer_at_run_time():
    source = ('m = Map();\nm.put("null", v.isNull());\nm.put("empty", v.isEmpty());\n'
              'm.put("blank", v.isBlank());\nm.put("text", flag.toString());\n'
              'm.put("same", v.equals(flag));\nreturn m;\n')
    result, _ = run(source, None, True)
    # Zoho's isNull/isBlank/isEmpty table: null is null, not blank, and empty is null.
    assert result == {"null": True, "empty": None, "blank": False, "text": "true",
                      "same": False}
    result, _ = run(source, False, False)
    assert result == {"null": False, "empty": False, "blank": False, "text": "false",
                      "same": True}


def test_functional_form_is_not_hidden_by_a_variable_of_the_same_name():
    source = 'toString = "label";\nr = x.toString();\ninfo toString + r;\n'
    assert body(source) == ['toString_ = Text("label")', "r = toString(x)",
                            "info(toString_ + r)"]  # a text on the left: no check for a boolean
    assert run(source, 5)[1] == ["label5"]


# -- key: value pairs in insert -----------------------------------------------------


def test_parser_gives_pairs_to_insert():
    stmt = parse('c.insert("k": v, "j": 2);').module.script.body[0]
    assert isinstance(stmt.expr, n.MethodCall)
    assert [type(a) for a in stmt.expr.args] == [n.Pair, n.Pair]


def test_insert_pairs_become_one_dict():
    assert body('c = Collection();\nc.insert("k": v, "j": 2);') == [
        "c = Collection()", 'call_method(c, "insert", {"k": v, "j": 2})']


def test_inserted_pairs_make_a_key_value_collection():
    source = ('c = Collection();\nc.insert("k": v);\nc.insert("j": 2, "k": 3);\n'
              'info c;\ninfo c.get("k");\n')
    assert run(source, "first")[1] == ['{"k":3,"j":2}', "3"]


def test_pairs_mixed_with_values_are_an_error():
    with pytest.raises(DelugeError) as error:
        convert('c = Collection();\nc.insert("a", "k": 1);')
    assert (error.value.line, error.value.column) == (2, 15)


def test_pairs_in_other_methods_are_a_syntax_error():
    with pytest.raises(DelugeSyntaxError, match="only allowed"):
        convert('m = Map();\nm.put("k": 1);')


# -- values used as statements ---------------------------------------------------------


def test_value_statement_is_kept_with_its_mark_and_is_no_docstring():
    text, warnings = convert_with_warnings('"  /  ";\nx = 1;\n5;\nx;\n')
    function = next(node for node in ast.parse(text).body if isinstance(node, ast.FunctionDef))
    assert ast.get_docstring(function) is None
    assert 'Text("  /  ")  # dg:1' in text
    assert "Number(5)  # dg:3" in text and "    x  # dg:4" in text
    assert [w.line for w in warnings] == [1, 3, 4]


def test_value_statement_in_a_function_runs():
    source = 'void f()\n{\n\t"/";\n\tinfo "done";\n}\n'
    namespace: dict = {}
    exec(compile(convert(source, "f.dg"), "f.py", "exec"), namespace)
    with Context(meter=None) as ctx:
        namespace["f"]()
    assert ctx.info_log == ["done"]


def test_equals_is_also_a_function():
    text, warnings = convert_with_warnings("r = equals(a, b);")
    assert "r = equals(a, b)  # dg:1" in text and not warnings
