"""Syntax errors: positioned, friendly, and always a DelugeSyntaxError."""

import pytest

from deluge2py import nodes as n
from deluge2py.errors import DelugeSyntaxError
from deluge2py.parser import check_source, parse


def cant_parse(src, line, column, message):
    """Assert that ``src`` fails with a DelugeSyntaxError at line:column whose message
    contains ``message``; return the error."""
    with pytest.raises(DelugeSyntaxError) as info:
        parse(src, "bad.dg")
    err = info.value
    assert isinstance(err, SyntaxError)
    assert (err.line, err.column) == (line, column), err.format()
    assert message in err.message, err.format()
    assert err.filename == "bad.dg"
    return err


def test_missing_semicolon_points_after_the_statement():
    err = cant_parse("a = 1;\ninfo a\nb = 2;", 2, 7, "expected ';' after statement")
    assert err.format() == ("bad.dg:2:7: error: expected ';' after statement\n"
                            "    info a\n"
                            "          ^")
    assert err.lineno == 2 and err.offset == 7  # SyntaxError's own attributes


def test_missing_semicolon_at_end_of_file():
    cant_parse("a = 1;\nb = 2", 2, 6, "expected ';'")


def test_missing_closing_brace():
    cant_parse("if(a)\n{\n  b = 1;\n", 4, 1, "the '{' on line 2 is never closed")


def test_unclosed_string():
    cant_parse('a = "abc;\nb = 1;', 1, 5, "unterminated text literal")
    cant_parse("a = 'abc;", 1, 5, "unterminated quoted literal")


def test_smart_quotes():
    cant_parse("a = \u201chello\u201d;", 1, 5, "typographic quote")
    cant_parse('a = "x\u201d;\nb = 1;', 1, 5, "closed with a typographic quote")


def test_while_is_not_deluge():
    cant_parse("x = 1;\nwhile (x < 3) { x = x + 1; }", 2, 1, "no 'while' loop")


def test_indexing_is_not_deluge():
    cant_parse("x = items[0];", 1, 11, "no indexing: use items.get(...)")
    cant_parse('x = m.get("a")[0];', 1, 15, "no indexing")


def test_elseif_and_stray_else():
    cant_parse("if(a) { }\nelseif(b) { }", 2, 1, "write 'else if'")
    cant_parse("x = 1;\nelse { x = 2; }", 2, 1, "'else' without a matching 'if'")


def test_ternary():
    cant_parse("x = a > 1 ? 2 : 3;", 1, 11, "no '?:' operator")


def test_unterminated_block_comment():
    cant_parse("x = 1;\n/* open", 2, 1, "unterminated comment")


def test_expression_statement_must_be_a_call_or_a_value():
    cant_parse("x = 1;\na + b;", 2, 2, "expected ';'")
    (warning,) = check_source('x = 1;\n"text";')
    assert (warning.severity, warning.line) == ("warning", 2)
    assert "no effect" in warning.message


def test_creator_page_markup():
    cant_parse("<%{\n x = 1; }%>", 1, 1, "Creator page markup")


def test_bad_assignment_target():
    cant_parse("f(x) = 1;", 1, 1, "cannot assign")


def test_mixed_braces():
    cant_parse('x = {"a": 1, 2};', 1, 14, "mixes 'key: value' pairs")


def test_pairs_outside_maps():
    cant_parse('x = foo("a": 1);', 1, 9, "pairs are only allowed")


def test_for_each_with_two_names():
    cant_parse("for each a b in L { }", 1, 12, "expected 'in'")


def test_unexpected_token_lists_expectations():
    err = cant_parse("x = (1 + ;", 1, 10, "unexpected ';'")
    assert "expected" in err.message


def test_deep_nesting_parses_without_recursion():
    # The AST is built during the LALR parse, which does not recurse: depth is no limit.
    deep = "x = " + "-(" * 5000 + "1" + ")" * 5000 + ";"
    (stmt,) = parse(deep, "deep.dg").module.script.body
    node, depth = stmt.value, 0
    while isinstance(node, n.UnaryOp):
        node, depth = node.operand, depth + 1
    assert depth == 5000 and node.text == "1"
    redundant = "x = " + "(" * 5000 + "y" + ")" * 5000 + ";"
    assert parse(redundant).module.script.body[0].value.name == "y"


def test_check_source_returns_diagnostics():
    assert check_source("x = 1;") == []
    (err,) = check_source("x = ", "c.dg")
    assert err.severity == "error" and err.filename == "c.dg"
    (warn,) = check_source("if(a = b) { }")
    assert warn.severity == "warning"
