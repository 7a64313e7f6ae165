"""Unit tests of code generation: precedence, names, literals, warnings, the line map."""

from __future__ import annotations

import ast

import operator

import pytest

from deluge2py import nodes as n
from deluge2py.api import convert, convert_with_warnings, generate
from deluge2py.pysource import comment_lines, py_str
from deluge2py.errors import DelugeError
from deluge2py.runtime.sourcemap import line_map
from deluge2py.names import module_name, py_name


def body_lines(text: str) -> list[str]:
    """The statements of the (single) generated function, marks removed."""
    out, inside = [], False
    for line in text.splitlines():
        if line.startswith("def "):
            inside = True
            continue
        if inside and line.strip():
            out.append(line.strip().split("  # dg:")[0])
    return out


def one(source: str) -> str:
    return body_lines(convert(source))[0]


@pytest.mark.parametrize("source, expected", [
    ("x = !a == b;", "x = (not truth(a)) == b"),
    ("x = !(a == b);", "x = not a == b"),
    ("x = (a < b) < c;", "x = (a < b) < c"),
    ("x = a < (b < c);", "x = a < (b < c)"),
    ("x = (a == b) != (c == d);", "x = (a == b) != (c == d)"),
    ("x = a - (b - c);", "x = minus(a, minus(b, c))"),
    ("x = a - b - c;", "x = minus(a, b) - c"),
    ("x = a * (b + c);", "x = times(a, plus(b, c))"),
    ("x = (a * b) + c;", "x = times(a, b) + c"),
    ("x = -(a + b);", "x = -plus(a, b)"),
    ("x = -a.abs();", "x = -a.abs()"),
    ("x = (-a).abs();", "x = (-a).abs()"),
    ("x = (a + b).round(2);", "x = plus(a, b).round(2)"),
    ("x = a || b && c;", "x = truth(a) or truth(b) and truth(c)"),
    ("x = (a || b) && c;", "x = (truth(a) or truth(b)) and truth(c)"),
    ("x = a > 1 && b;", "x = a > 1 and truth(b)"),
    ("x = !(a > 1 || b < 2);", "x = not (a > 1 or b < 2)"),
    ("x = (a is null) == true;", "x = (a is None) == True"),
    ("x = a in L;", "x = contains_op(a, L)"),
    ("x = a not in L;", "x = not contains_op(a, L)"),
    ("x = if(a > 1, b, c) + 1;", "x = plus(b if a > 1 else c, 1)"),
    ("x = if(a, if(b, 1, 2), 3);", "x = (Number(1) if truth(b) else Number(2)) if truth(a) else Number(3)"),
    ("x = if(a, 1, if(b, 2, 3));", "x = Number(1) if truth(a) else Number(2) if truth(b) else Number(3)"),
])
def test_precedence_parentheses_only_where_needed(source, expected):
    assert one(source) == expected


def test_generated_expressions_evaluate_like_the_deluge_tree():
    """Python's reading of the emitted text must equal the Deluge tree, checked by
    evaluating both on plain integers (truth() replaced by bool)."""
    cases = {"x = a - (b - c);": lambda a, b, c: a - (b - c),
             "x = (a < b) < c;": lambda a, b, c: (a < b) < c,
             "x = a * (b + c) % 7;": lambda a, b, c: a * (b + c) % 7,
             "x = -(a - b) * c;": lambda a, b, c: -(a - b) * c}
    for source, expected in cases.items():
        expr = one(source).split(" = ", 1)[1]
        for a, b, c in [(1, 2, 3), (5, 3, 1), (2, 9, 4)]:
            names = {"a": a, "b": b, "c": c, "plus": operator.add, "minus": operator.sub,
                     "times": operator.mul, "modulo": operator.mod}
            assert eval(expr, names) == expected(a, b, c)


@pytest.mark.parametrize("source, expected", [
    ('x = "a";', 'x = Text("a")'),
    ("x = 5;", "x = Number(5)"),
    ("x = 2.50;", 'x = Decimal("2.50")'),
    ("x = -7;", "x = Number(-7)"),
    ("x = -0.25;", 'x = Decimal("-0.25")'),
    ("x = true;", "x = True"),
    ("x = null;", "x = None"),
    ("x = '01-Jan-2024';", 'x = datetime_literal("01-Jan-2024")'),
    ("x = 1 + 2;", "x = Number(1) + 2"),
    ("x = a + 2;", "x = plus(a, 2)"),
    ('x = "abc".length();', 'x = Text("abc").length()'),
    ('info "a";', 'info("a")'),
    ("x = 007;", "x = Number(7)"),
])
def test_literals_are_wrapped_only_where_the_contract_says(source, expected):
    assert one(source) == expected


def test_empty_braces_become_list_when_a_list_method_is_called():
    lines = body_lines(convert("a = {}; b = {}; b.add(1); c = {}; for each x in c { info x; }"))
    assert lines[0] == "a = Map()"
    assert lines[1] == "b = List()"
    assert lines[3] == "c = List()"


def test_canonical_spelling_of_builtins():
    lines = body_lines(convert("x = a.TOUPPERCASE(); y = ISNULL(x); z = ifNull(y, 1); "
                               "w = a.TOLONG();"))
    assert lines == ["x = a.toUpperCase()", "y = isNull(x)", "z = ifnull(y, 1)",
                     "w = a.toLong()"]


def test_unknown_method_and_function_are_warnings_not_errors():
    text, warnings = convert_with_warnings("x = a.noSuchMethod(); y = noSuchFunction(1);")
    assert 'call_method(a, "noSuchMethod")' in text  # by name: never a Python attribute
    assert "thisapp.noSuchFunction(1)" in text
    assert [(w.line, w.column) for w in warnings] == [(1, 5), (1, 27)]
    assert all(w.severity == "warning" for w in warnings)


def test_return_value_in_void_function_warns():
    source = "void automation.f()\n{\n\treturn 5;\n}\n"
    text, warnings = convert_with_warnings(source)
    assert "return Number(5)" in text
    assert len(warnings) == 1 and warnings[0].line == 3 and "void" in warnings[0].message


def test_bare_script_parameters_in_order_of_first_use():
    text = convert("a = input.first + second; second = 1; c = third + a + input.fourth;")
    assert "def script(first, second, third, fourth):" in text


def test_input_x_and_x_are_the_same_argument():
    source = "string standalone.f(String name)\n{\n\treturn input.name + name;\n}\n"
    assert "return input_" not in convert(source)
    assert "return name + name" in convert(source)


@pytest.mark.parametrize("name, expected", [
    ("from", "from_"), ("from_", "from__"), ("class", "class_"), ("match", "match"), ("case", "case"),
    ("_dg_error", "_dg_error_"), ("__import__", "__import___"), ("Exception", "Exception_"),
    ("deal", "deal"), ("_", "__"),
])
def test_py_name_mangling(name, expected):
    assert py_name(name) == expected


def test_names_clashing_with_imports_are_mangled_consistently():
    lines = body_lines(convert("info = Map(); info.put(1, 2); info info; each = 1;"))
    assert lines == ["info_ = Map()", "info_.put(1, 2)", "info(info_)", "each = Number(1)"]


def test_local_variable_does_not_hide_a_called_function():
    source = ("string standalone.helper()\n{\n\treturn \"x\";\n}\n"
              "string standalone.main()\n{\n\thelper = helper();\n\treturn helper;\n}\n")
    text = convert(source)
    assert "helper_ = helper()" in text
    namespace = {}
    exec(compile(text, "m.py", "exec"), namespace)  # the module imports and defines cleanly


@pytest.mark.parametrize("stem, expected", [
    ("Sales Order -> PO", "sales_order_po"), ("2024 report", "m_2024_report"),
    ("class", "class_"), ("json", "json_"), ("Ünïcode Dëal", "unicode_deal"), ("---", "script"),
])
def test_module_names(stem, expected):
    assert module_name(stem) == expected


def test_tasks_become_calls_with_keyword_arguments():
    text = convert('r = invokeurl [ url: u type: POST content type: "x" ];'
                   'sendmail [ from: a to: b, c reply to: d ]')
    assert 'r = invokeurl(url=u, type="POST", content_type="x")' in text
    assert "sendmail(from_=a, to=[b, c], reply_to=d)" in text


def test_duplicate_task_key_is_a_positioned_error():
    with pytest.raises(DelugeError) as info:
        convert('r = invokeurl [ url: "a" url: "b" ];', "t.dg")
    assert info.value.line == 1 and "duplicate key" in info.value.message


def test_try_catch_and_throw():
    text = convert("try { throw \"bad\"; } catch (e) { info e.message; }")
    assert "except Exception as _dg_error:" in text
    assert "e = caught(_dg_error)" in text
    assert 'throw("bad")' in text


def test_statement_counts_for_loops_and_the_function():
    source = ("x = 1;\nfor each a in L\n{\n\tif(a > 1)\n\t{\n\t\tinfo a;\n\t}\n\telse\n\t{\n"
              "\t\tinfo 0;\n\t}\n\tfor each b in L\n\t{\n\t\tinfo b;\n\t\tinfo b;\n\t}\n}\n")
    text = convert(source)
    assert "statements=2)" in text  # x = 1 and the loop
    assert "in each(L, 4):" in text  # if + its two branches + the nested loop
    assert "in each(L, 2):" in text


def test_comments_are_carried_over():
    text = convert("// lead\nx = 1; // trail\n/* a\n * b */\ny = 2;\n")
    lines = [line.strip() for line in text.splitlines()]
    assert "# lead" in lines
    assert "x = Number(1)  # trail  # dg:2" in lines
    assert lines.index("# a") + 1 == lines.index("# b")


def test_comment_text_cannot_break_lines_or_fake_a_mark():
    comment = n.Comment(n.Pos(1, 1, 1, 10), "// a\x0cb\u2028c\x00 # dg:99")
    (line,) = comment_lines(comment)
    assert "\x0c" not in line and "\u2028" not in line and "\x00" not in line
    text = convert("// dg:99\nx = 1;\n")
    assert line_map(text) == {number: 2 for number, l in enumerate(text.splitlines(), 1)
                              if l.strip().startswith("x =")}


def test_line_map_covers_multiline_statements():
    long_args = ", ".join(f'"value number {i}"' for i in range(12))
    text = convert(f"x = 1;\ny = {{{long_args}}};\nif(x > 0 && y.size() > 100000000000000000000 && x < 1000000000000000000000000000000)\n{{\n\tinfo x;\n}}\n")
    lines = text.splitlines()
    mapping = line_map(text)
    start = next(i for i, l in enumerate(lines, 1) if l.strip().startswith("y = List("))
    end = next(i for i, l in enumerate(lines, 1) if i > start and l.strip().startswith(")"))
    assert end > start + 1
    assert all(mapping[i] == 2 for i in range(start, end + 1))
    if_start = next(i for i, l in enumerate(lines, 1) if l.strip().startswith("if "))
    assert mapping[if_start] == 3
    info_line = next(i for i, l in enumerate(lines, 1) if "info(x)" in l)
    assert mapping[info_line] == 5


def test_deterministic_and_no_absolute_paths(tmp_path):
    path = str(tmp_path / "sub" / "deal.dg")
    text = convert("x = 1;", path)
    assert str(tmp_path) not in text
    assert '__deluge_source__ = "deal.dg"' in text
    assert convert("x = 1;", path) == text


def test_hand_built_ast_for_creator_fetch():
    p = n.Pos(1, 1, 1, 2)
    crit = n.BinOp(p, "==", n.Name(p, "Status"), n.Name(p, "wanted"))
    module = n.Module(p, (), n.Block(p, (
        n.Assign(p, n.Name(p, "r"), "=", n.Fetch(p, "Orders", crit,
                                                 (n.SortKey(p, "Added", True),),
                                                 n.Number(p, "1", False), n.Number(p, "5", False))),
    )))
    text, _ = generate(module, "x.dg", format=False)
    assert ('r = creator.fetch("Orders", lambda _dg_rec: _dg_rec.get("Status") == wanted, '
            'sort_by=[("Added", True)], range_from=1, range_to=5)') in text
    assert "def x(wanted):" in text


def test_py_str_round_trips():
    for value in ['"', "\\", "'''", '"""', "\n\r\t\x00\x0b\u2028\ud800", "ü東🚀", "a\\\"b"]:
        assert ast.literal_eval(py_str(value)) == value


def test_category_calls_go_through_thisapp_and_fetch_aggregates_do_not_warn():
    text, warnings = convert_with_warnings("automation.logEvent(1); n = Emp[ID != 0].count();")
    assert "thisapp.automation.logEvent(1)" in text
    assert '.count()' in text and warnings == []
    assert "def script():" in text  # a category is not a parameter


DEEP_SOURCES = [
    "x = " + " + ".join(["a"] * depth) + ";" for depth in (200, 400)
] + ["x = " + "!" * depth + "a;" for depth in (200, 400)] + [
    "x = " + "f(" * depth + "1" + ")" * depth + ";" for depth in (200, 400)
] + ["x = " + "{" * depth + "1" + "}" * depth + ";" for depth in (200, 400)]


@pytest.mark.parametrize("source", DEEP_SOURCES, ids=range(len(DEEP_SOURCES)))
def test_deep_nesting_is_a_deluge_error_never_a_recursion_error(source):
    try:
        compile(convert(source), "deep.py", "exec")
    except DelugeError as error:
        assert error.line == 1


def test_comparison_with_null_reads_as_is_none():
    lines = body_lines(convert("a = x == null; b = null != y; c = x == y;"))
    assert lines == ["a = x is None", "b = y is not None", "c = x == y"]


def test_indexing_a_variable_is_an_error_not_a_creator_fetch():
    with pytest.raises(DelugeError) as caught:
        convert("items = List();\ni = 0;\nx = items[i];")
    assert caught.value.line == 3
    assert "Deluge has no indexing: use items.get(...)" in caught.value.message
    # A form name that is no variable of the function stays a Creator fetch.
    assert "creator.fetch(\"Orders\"" in convert("x = Orders[Status == \"Open\"];")
    # A variable named like the form it is fetched from, with a condition: still a fetch.
    assert "creator.fetch(\"Deals\"" in convert("Deals = 1;\nDeals = Deals[Stage == \"Won\"];")
