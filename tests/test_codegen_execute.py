"""Golden files run: every ``tests/cases/*.py`` is imported against the runtime, must
define its functions through ``deluge_function``, and the functions that need no
integration backend are called with values chosen for the case.  A golden file that
refers to something the runtime no longer exports, or no longer behaves as the Deluge
source means, fails here, not only in a diff."""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path

import pytest

from deluge2py.runtime import DelugeRuntimeError, function, to_python
from deluge2py.runtime.context import Context
from deluge2py.host.runner import functions as deluge_functions

CASES = Path(__file__).parent / "cases"
GOLDEN = sorted(p for p in CASES.glob("*.py") if p.with_suffix(".dg").exists())

#: Cases whose functions reach the CRM, Creator forms, HTTP or mail: imported, not called.
INTEGRATION = {
    "compound_assign": "a Creator record field",
    "creator_actions": "Creator form actions",
    "creator_tasks": "Creator forms",
    "function_header": "zoho.crm",
    "invokeurl": "invokeurl and invokeapi",
    "sales_order_to_purchase_order": "zoho.crm",
    "sendmail": "mail",
    "set_field": "Creator forms",
}

STRINGS_INFO = ('He said "hi"' + "C:\\temp\\new" + "one\ntwo\tthree" + "Grüße, 東京 🚀"
                + "\"\"\"; import os; os.system('x') #" + "' + __import__('os').name + '")



class Raises:
    """An expected ``DelugeRuntimeError``: its message starts with ``message``, at ``line``."""

    def __init__(self, message: str, line: int):
        self.message, self.line = message, line


#: case -> calls ``(python function name, arguments, info lines logged, result)``;
#: the result may be a ``Raises``.
CALLS = {
    "arithmetic": [("arithmetic", (7, 2, 3), [], None)],
    "builtins": [("builtins_", ("42", {"Name": "Zylker"}, "abc", [1, 2]), ["Zy"], None)],
    "collection_insert": [("collection_insert", (),
                           ['{"small":1,"large":3,"medium":2}', "a,b"], None)],
    "collections": [("collections_", (), [], None)],
    "comments": [("comments", ([1, 2],), ["1", "2"], None)],
    # `!a` needs a boolean and `a + 1` a number, so Deluge stops at line 4 either way.
    "comparisons": [("comparisons", (1, 2, 3), [],
                     Raises("Condition must be of type BOOLEAN", 4))],
    "conditional_expression": [
        ("conditional_expression", (60, True, True, False, True), ["finished!"], None),
        ("conditional_expression", (10, False, False, True, False), ["running!"], None)],
    "empty_function": [("nightly", (), [], None)],
    "equals_in_condition": [("equals_in_condition", ("Net 30",), ["thirty days"], None),
                            ("equals_in_condition", ("Net 60",), [], None)],
    "for_each": [("for_each", ([{"amount": 50}, {"skip": True}, {"amount": 70}], ["x"]),
                  ["0", "1", "2", "ax", "bx", "cx", "120"], None)],
    "functions_calling": [("greet", ("Ann",), [], "Hello Ann")],
    "if_else": [("if_else", (5000,), ["gold"], None), ("if_else", (500,), ["silver"], None),
                ("if_else", (5,), ["bronze"], None)],
    "literals": [("literals", (), ["plain Zylker"], None)],
    "logical": [("logical", (True, False, True, True, "xyz", []), [], None)],
    "names_mangling": [("names_mangling", (), ['{"k":"a2"}'], None)],
    "null_and_in": [("null_and_in", (None, 1, ["a", "b"]), ["no x"], None),
                    ("null_and_in", (1, 2, ["a"]), ["x and y"], None)],
    "null_receivers": [
        ("describe_value", (None, True, 1234.5, " Zylker "), [],
         {"missing": True, "empty": None, "blank": False, "same": False, "flag": "true",
          "price": "1,234.50", "name": "Zylker", "literal": False, "list": False}),
        ("describe_value", ("x", False, 0.5, "Ann"), [],
         {"missing": False, "empty": False, "blank": False, "same": False, "flag": "false",
          "price": "0.50", "name": "Ann", "literal": False, "list": False})],
    "return_values": [("describe", (20,), [], "big"), ("describe", (3,), [], "small: 3"),
                      ("nothing", (), [], None)],
    "strings": [("strings", (), [STRINGS_INFO], None)],
    "throw": [("throw_", (5,), [], None),
              ("throw_", (-1,), [], Raises("amount must not be negative", 3))],
    "try_catch": [("try_catch", (), ["4", "Given index 10 is greater than the list size"],
                   None)],
    "value_statement": [("value_statement", (), ["3"], None)],
}


@pytest.fixture
def registry():
    """Keep the function registry as it was: golden modules register their functions."""
    saved = dict(function._registry)
    yield
    function._registry.clear()
    function._registry.update(saved)


def _load(path: Path):
    name = f"_deluge2py_golden_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules.pop(name, None)
    return module


def test_every_case_is_called_or_named_an_integration():
    stems = {p.stem for p in GOLDEN}
    assert stems == set(CALLS) | set(INTEGRATION)
    assert not set(CALLS) & set(INTEGRATION)


@pytest.mark.parametrize("path", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_golden_module_defines_its_functions(path: Path, registry):
    with Context(meter=None):
        module = _load(path)
    defined = {node.name for node in ast.parse(path.read_text(encoding="utf-8")).body
               if isinstance(node, ast.FunctionDef)}
    functions = deluge_functions(module)
    assert set(functions) == defined and defined
    for fn in functions.values():
        assert fn.__deluge__["source"] == path.with_suffix(".dg").name
        assert function.lookup(fn.__deluge__["name"]) is fn


@pytest.mark.parametrize("path", [p for p in GOLDEN if p.stem in CALLS],
                         ids=[p.stem for p in GOLDEN if p.stem in CALLS])
def test_golden_module_runs(path: Path, registry):
    module = _load(path)
    for name, args, info, result in CALLS[path.stem]:
        with Context(meter=None) as ctx:
            if isinstance(result, Raises):
                with pytest.raises(DelugeRuntimeError) as error:
                    getattr(module, name)(*args)
                assert error.value.message.startswith(result.message), (name, args)
                assert error.value.lineNo == result.line, (name, args)
            else:
                answer = getattr(module, name)(*args)
                assert to_python(answer) == result, (name, args)
        assert ctx.info_log == info, (name, args)
