"""The parser on small snippets: one test (or a few) per construct."""

import logging

import pytest

from deluge2py import nodes as n
from deluge2py.parser import get_lark, parse


def body(src):
    """The statements of a bare script."""
    module = parse(src, "t.dg").module
    assert module.functions == ()
    return module.script.body


def stmt(src):
    (only,) = body(src)
    return only


def expr(src):
    s = stmt(f"x = {src};")
    assert isinstance(s, n.Assign)
    return s.value


def test_grammar_has_no_conflicts(caplog):
    get_lark.cache_clear()
    try:
        with caplog.at_level(logging.DEBUG, logger="lark"):
            get_lark(debug=True)
    finally:
        get_lark.cache_clear()
    assert not [r for r in caplog.records if "conflict" in r.getMessage().lower()]


# ------------------------------------------------------------------ top level


def test_function_header_crm():
    m = parse("void automation.update_deal(Int dealId, String note)\n{\n info dealId;\n}\n").module
    (fn,) = m.functions
    assert fn.return_type.name == "void"
    assert fn.qualified_name == ("automation", "update_deal")
    assert [(p.type.name, p.name) for p in fn.params] == [("Int", "dealId"), ("String", "note")]
    assert isinstance(fn.body.body[0], n.Info)
    assert m.script is None


@pytest.mark.parametrize("header, ret, qname", [
    ("string standalone.f(map m)", "string", ("standalone", "f")),
    ("map button.b()", "map", ("button", "b")),
    ("void ns.fn(int a)", "void", ("ns", "fn")),
    ("void fn()", "void", ("fn",)),
    ("List:String standalone.names(List:String xs)", "List", ("standalone", "names")),
])
def test_function_headers(header, ret, qname):
    (fn,) = parse(header + " { return; }").module.functions
    assert fn.return_type.name == ret
    assert fn.qualified_name == qname


def test_typed_list_types_in_header():
    (fn,) = parse("List:String standalone.f(List:Int xs) { return xs; }").module.functions
    assert fn.return_type == n.TypeRef(fn.return_type.pos, "List", "String")
    assert fn.params[0].type.element == "Int"


def test_several_functions():
    m = parse("void a.one() { x = 1; }\nstring a.two() { return \"t\"; }").module
    assert [f.qualified_name[1] for f in m.functions] == ["one", "two"]


def test_bare_script_and_empty_file():
    assert len(body("a = 1;\nb = 2;")) == 2
    assert parse("").module.script.body == ()
    assert parse("  // only a comment\n").module.leading[0].text == "// only a comment"


# ------------------------------------------------------------------ statements


@pytest.mark.parametrize("op", ["=", "+=", "-=", "*=", "/=", "%="])
def test_assignment_operators(op):
    s = stmt(f"total {op} 5;")
    assert isinstance(s, n.Assign) and s.op == op and s.target == n.Name(s.target.pos, "total")


def test_assignment_to_fields():
    s = stmt("input.Status = \"Done\";")
    assert s.target.obj.name == "input" and s.target.name == "Status"
    s = stmt("rec.Amount = 10;")
    assert isinstance(s.target, n.Attribute)


def test_call_and_method_chain_statements():
    s = stmt('resp = zoho.crm.getRecordById("Deals", id).get("Items").toList();')
    outer = s.value
    assert isinstance(outer, n.MethodCall) and outer.method == "toList"
    inner = outer.receiver.receiver
    assert inner.method == "getRecordById"
    assert inner.receiver == n.Attribute(inner.receiver.pos, n.Name(inner.receiver.obj.pos, "zoho"), "crm")
    s = stmt('standalone.log("x");')
    assert isinstance(s, n.ExprStmt) and s.expr.receiver.name == "standalone"
    s = stmt("openUrl(url, \"new window\");")
    assert s.expr == n.Call(s.expr.pos, "openUrl", s.expr.args)


def test_if_else_if_else():
    s = stmt("if(a > 1) { x = 1; } else if(a == 0) { x = 0; } else   if (b) { } else { x = 2; }")
    assert isinstance(s, n.If)
    assert len(s.branches) == 3
    assert s.branches[1].cond.op == "=="
    assert s.orelse.body[0].value.text == "2"


def test_for_each_and_index():
    s = stmt("for each  item in items { info item; }")
    assert isinstance(s, n.ForEach) and s.var == "item" and not s.index
    s = stmt("for each index i in items { continue; }")
    assert s.index and s.var == "i" and isinstance(s.body.body[0], n.Continue)
    s = stmt("for each r in Employees[Dept == \"Sales\"] sort by Name desc { break; }")
    assert isinstance(s.iterable, n.Fetch)


def test_try_catch_return_info_throw():
    s = stmt("try { x = 1/0; } catch (e) { info e.message; throw e; }")
    assert isinstance(s, n.TryCatch) and s.var == "e"
    assert isinstance(s.handler.body[1], n.Throw)
    fn = parse("string f() { return; }").module.functions[0]
    assert fn.body.body[0] == n.Return(fn.body.body[0].pos, None)
    assert stmt("info (x);").value == n.Name(n.Pos(1, 7, 1, 8), "x")


def test_empty_statements_are_dropped():
    assert len(body(";; a = 1;; ;")) == 1


def test_keywords_are_case_insensitive():
    s = stmt("IF(A) { INFO TRUE; } ELSE { RETURN NULL; }")
    assert isinstance(s.branches[0].body.body[0], n.Info)
    assert s.branches[0].body.body[0].value.value is True
    assert isinstance(s.orelse.body[0].value, n.Null)
    s = stmt("For Each X In L { }")
    assert s.var == "X"


def test_soft_keywords_as_names():
    stmts = body("info = Map(); info.put(\"a\", 1); info info; map = {}; list = List();"
                 " type = 1; from = 2; to = 3; index = 4; message = 5; file = 6; clear = 7;"
                 " show = list.get(0); x = info.get(\"a\");")
    assert isinstance(stmts[0], n.Assign) and stmts[0].target.name == "info"
    assert isinstance(stmts[1], n.ExprStmt)
    assert isinstance(stmts[2], n.Info) and stmts[2].value.name == "info"
    names = [s.target.name for s in stmts[3:] if isinstance(s, n.Assign)]
    assert names == ["map", "list", "type", "from", "to", "index", "message", "file", "clear",
                     "show", "x"]


def test_invokeurl_block_all_key_forms():
    s = stmt('resp = invokeurl\n[\n url :"https://x.io/" + id\n type: POST\n'
             ' parameters: params.toString()\n headers: {"a": "b"}\n'
             ' response-format : JSON\n connection:"conn"\n detailed: true\n];')
    task = s.value
    assert task.kind == "invokeurl"
    assert [p.key for p in task.params] == ["url", "type", "parameters", "headers",
                                           "response-format", "connection", "detailed"]
    assert task.params[1].values == (n.Name(task.params[1].values[0].pos, "POST"),)
    assert isinstance(task.params[0].values[0], n.BinOp)


def test_invokeurl_without_semicolon_and_as_statement():
    stmts = body('r = invokeUrl [ url: u type: GET ]\ninfo r;\ninvokeurl [ url: u ];')
    assert isinstance(stmts[0], n.Assign) and stmts[0].value.kind == "invokeurl"
    assert isinstance(stmts[1], n.Info)
    assert isinstance(stmts[2], n.ExprStmt) and isinstance(stmts[2].expr, n.Task)


def test_invokeurl_function_form_is_a_call():
    s = stmt('r = invokeUrl(url, "PUT", body, headers, false);')
    assert isinstance(s.value, n.Call) and s.value.name == "invokeUrl"


def test_invokeapi():
    s = stmt('r = invokeapi [ service: ZohoBooks path: "/v3/x" type: GET ];')
    assert s.value.kind == "invokeapi" and s.value.params[0].key == "service"


def test_sendmail_keys_and_values():
    s = stmt('sendmail\n[\n From: zoho.adminuserid\n to: "a@x.io", other\n REPLY  TO: r\n'
             ' subject: "Hi " + name\n message: body\n content type: HTML\n'
             ' Attachments: file: f1, file:f2\n]')
    task = s.expr
    assert task.kind == "sendmail"
    keys = [p.key for p in task.params]
    assert keys == ["from", "to", "reply to", "subject", "message", "content type", "attachments"]
    assert task.params[2].key_text == "REPLY  TO"
    assert len(task.params[1].values) == 2
    att = task.params[-1].values
    assert all(isinstance(v, n.Pair) and v.key.name == "file" for v in att)
    assert len(body("sendmail [ to: a ];")) == 1


def test_comments_inside_task_blocks_and_arguments():
    s = stmt('r = invokeurl [ // the url\n url: u /* x */ type: GET // y\n ];')
    assert len(s.value.params) == 2
    s = stmt("m.put(/* key */ \"k\", // value next\n 1);")
    assert len(s.expr.args) == 2


def test_creator_statements():
    stmts = body('id = insert into Orders [ Added_User = zoho.loginuser\n Qty = 2 ];\n'
                 'delete from Orders[ID == id];\n'
                 'alert "Bad";\nalert(Field, "msg");\ncancel  submit;\ncancel delete;\n'
                 'success message "ok";\nhide Notes;\nshow a, b;\n'
                 'recs = Orders[Qty > 1 && Status != "x"] sort by Added_Time range from 1 to 10;\n'
                 'n = Orders[ID != 0].count();\nemail = Orders[ID == x].Email;\n')
    ins = stmts[0].value
    assert isinstance(ins, n.InsertInto) and ins.form == "Orders"
    assert [f.field for f in ins.fields] == ["Added_User", "Qty"]
    assert isinstance(stmts[1], n.DeleteFrom) and stmts[1].criteria.op == "=="
    actions = [(s.action, len(s.args)) for s in stmts[2:9]]
    assert actions == [("alert", 1), ("alert", 2), ("cancel submit", 0), ("cancel delete", 0),
                       ("success message", 1), ("hide", 1), ("show", 2)]
    fetch = stmts[9].value
    assert fetch.sort_by[0].field == "Added_Time" and not fetch.sort_by[0].descending
    assert fetch.range_from.text == "1" and fetch.range_to.text == "10"
    assert stmts[10].value.receiver.form == "Orders"
    assert isinstance(stmts[11].value, n.Attribute)


# ------------------------------------------------------------------ expressions


def test_precedence():
    e = expr("a || b && c == d + e * -f")
    assert e.op == "||"
    assert e.right.op == "&&"
    assert e.right.right.op == "=="
    add = e.right.right.right
    assert add.op == "+" and add.right.op == "*"
    assert add.right.right == n.UnaryOp(add.right.right.pos, "-", add.right.right.operand)


def test_left_associativity_and_parentheses():
    e = expr("a - b - c")
    assert e.left.op == "-" and e.right.name == "c"
    e = expr("(a - b) * c")
    assert e.op == "*" and e.left.op == "-"


def test_method_binds_tighter_than_unary_and_binary():
    e = expr("1.4 + 3.6.round(0)")
    assert e.op == "+" and e.right.method == "round" and e.right.receiver.text == "3.6"
    e = expr("!list.contains(x)")
    assert e.op == "!" and isinstance(e.operand, n.MethodCall)
    e = expr("2434.text(\"000\")")
    assert e.receiver.text == "2434" and not e.receiver.is_decimal


def test_comparisons_do_not_chain():
    with pytest.raises(SyntaxError):
        parse("x = a < b < c;")


def test_literals():
    assert expr("10") == n.Number(n.Pos(1, 5, 1, 7), "10", False)
    assert expr(".5").text == ".5" and expr(".5").is_decimal
    assert expr("2.50").text == "2.50"
    assert expr('"a \\"q\\" \\\\ \\n \\t \\\' \\u0041"').value == 'a "q" \\ \n \t \' A'
    sq = expr("'01-Jan-2020'")
    assert sq == n.String(sq.pos, "01-Jan-2020", single_quoted=True)
    assert expr(r"'^\d+$'").value == r"^\d+$"
    assert expr(r"'it\'s'").value == "it's"
    assert expr("false") == n.Bool(n.Pos(1, 5, 1, 10), False)
    assert isinstance(expr("NULL"), n.Null)


def test_unknown_escape_is_kept_and_warned():
    result = parse(r'x = "\d+";', "t.dg")
    assert result.module.script.body[0].value.value == r"\d+"
    assert [w.line for w in result.warnings] == [1]
    assert "unknown escape" in result.warnings[0].message


def test_collections():
    assert isinstance(expr("{}"), n.EmptyBraces)
    assert expr("{1, 2}").items[1].text == "2"
    assert isinstance(expr("[1, 2]"), n.ListLit)
    assert expr("[]") == n.ListLit(n.Pos(1, 5, 1, 7), ())
    m = expr('{"a": 1, "b": {"c": [1]}}')
    assert isinstance(m, n.MapLit) and isinstance(m.items[1].value, n.MapLit)
    lm = expr('{{"type": "list"}}')
    assert isinstance(lm, n.ListLit) and isinstance(lm.items[0], n.MapLit)


def test_constructors():
    c = expr("Map()")
    assert c == n.Constructor(c.pos, "Map", None, ())
    c = expr("list()")
    assert c.type_name == "list"
    c = expr("List:String()")
    assert (c.type_name, c.element_type) == ("List", "String")
    c = expr("Map : String()")
    assert (c.type_name, c.element_type) == ("Map", "String")
    c = expr('Collection("k1": "v1", "k2": 2)')
    assert all(isinstance(a, n.Pair) for a in c.args)
    c = expr('Map({"k": "v"})')
    assert isinstance(c.args[0], n.MapLit)


def test_conditional_ifnull_is_null_in():
    c = expr('if(a == 1, "one", "other")')
    assert isinstance(c, n.Conditional) and c.then.value == "one"
    c = expr("ifnull(a, 0)")
    assert c == n.Call(c.pos, "ifnull", c.args)
    e = expr("a is null")
    assert isinstance(e, n.IsNull) and not e.negated
    e = expr("a.get(\"x\") IS NOT NULL && b")
    assert e.op == "&&" and e.left.negated
    e = expr("x in {true, false}")
    assert isinstance(e, n.In) and not e.negated
    e = expr("x not in list")
    assert e.negated and e.container.name == "list"


def test_single_equals_in_condition_warns():
    result = parse("if(a = 1) { info a; }", "w.dg")
    cond = result.module.script.body[0].branches[0].cond
    assert cond.op == "="
    (warning,) = result.warnings
    assert (warning.line, warning.column) == (1, 4)
    assert warning.severity == "warning" and "'=='" in warning.message


# ------------------------------------------------------------------ positions and text


def test_positions_of_statements_and_expressions():
    src = "a = 1;\nif(b)\n{\n    c.put(\"k\", 2);\n}\n"
    stmts = body(src)
    assert stmts[0].pos == n.Pos(1, 1, 1, 7)
    assert stmts[1].pos == n.Pos(2, 1, 5, 2)
    call = stmts[1].branches[0].body.body[0]
    assert call.pos == n.Pos(4, 5, 4, 19)
    assert call.expr.args[1].pos == n.Pos(4, 16, 4, 17)


def test_pasted_text_keeps_original_positions():
    src = "\ufeffa = 1;\r\nb\u00a0=\u200b2;\r\n\tc = 3;"
    stmts = body(src)
    assert [s.target.name for s in stmts] == ["a", "b", "c"]
    assert stmts[0].pos.column == 2  # the BOM is a character of the original text
    assert stmts[1].pos == n.Pos(2, 1, 2, 7)
    assert stmts[2].pos.column == 2


def test_comments_attach_to_statements():
    src = ("// file header\n"
           "a = 1; // trailing a\n"
           "/* before b */\n"
           "// also before b\n"
           "b = f(1, /* inside */ 2);\n"
           "if(a)\n{\n    x = 1;\n    // dangling in if\n} // after if\n"
           "// at the end\n")
    module = parse(src).module
    assert [c.text for c in module.leading] == ["// file header"]
    a, b, cond = module.script.body
    assert a.trailing.text == "// trailing a"
    assert [c.text for c in b.leading] == ["/* before b */", "// also before b", "/* inside */"]
    assert [c.text for c in cond.branches[0].body.dangling] == ["// dangling in if"]
    assert cond.trailing.text == "// after if"
    assert [c.text for c in module.script.dangling] == ["// at the end"]


def test_comments_around_functions_are_kept():
    src = ("// top\nvoid a.f()\n{\n x = 1; // one\n}\n// between\nvoid a.g() // header\n"
           "{\n}\n// end\n")
    module = parse(src).module
    f, g = module.functions
    assert [c.text for c in module.leading] == ["// top"]
    assert f.body.body[0].trailing.text == "// one"
    assert [c.text for c in g.leading] == ["// between", "// header"]
    assert [c.text for c in g.body.dangling] == ["// end"]


def test_crlf_line_comment_text_has_no_carriage_return():
    module = parse("a = 1; // note\r\nb = 2;").module
    assert module.script.body[0].trailing.text == "// note"
