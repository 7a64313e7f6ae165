"""Whatever the input, parse() returns a Module or raises a positioned DelugeSyntaxError."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deluge2py import nodes as n
from deluge2py.errors import DelugeSyntaxError
from deluge2py.parser import parse

VALID = '''void automation.sync(Int dealId, String mode)
{
    // fetch the deal
    deal = zoho.crm.getRecordById("Deals", dealId);
    items = List:String();
    for each index i in deal.get("Items") { items.add(i.toString()); }
    if(mode == "full" && deal.get("Amount") > 10.5) { info "big"; } else if(mode = "x") { } else { return; }
    resp = invokeurl [ url: "https://x.io/" + dealId type: POST headers: {"a": 'b'} ];
    try { n = 1 / 0; } catch (e) { info e.lineNo; }
    sendmail [ from: zoho.adminuserid to: "a@x.io", other subject: "s" message: if(x is null, "-", x) ]
    r = Orders[ID != 0 && Name not in {1, 2}] sort by Name desc range from 1 to 5;
}
'''

TOKENS = re.findall(r'"[^"]*"|\'[^\']*\'|\w+|//[^\n]*|[^\s\w]', VALID)
ALPHABET = st.sampled_from(list('{}()[];:,.=+-*/%!<>&|"\'\\?# \n\tab1_') + ["\u00a0", "\u201c", "if",
                                "else", "for each", "info", "invokeurl", "/*", "*/", "//"])

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(src):
    try:
        result = parse(src, "fuzz.dg")
    except DelugeSyntaxError as e:
        assert isinstance(e.line, int) and e.line >= 1
        assert isinstance(e.column, int) and e.column >= 1
        assert e.format().startswith("fuzz.dg:")
        return
    assert isinstance(result.module, n.Module)


def test_valid_program_parses():
    module = parse(VALID).module
    assert len(module.functions[0].body.body) == 8


@FAST
@given(st.lists(ALPHABET, max_size=60).map("".join))
def test_random_text(src):
    check(src)


@FAST
@given(st.text(max_size=80))
def test_random_unicode(src):
    check(src)


@FAST
@given(st.data())
def test_mutated_program(data):
    tokens = list(TOKENS)
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(tokens) - 1))
        kind = data.draw(st.sampled_from(["drop", "dup", "swap"]))
        if kind == "drop":
            del tokens[i]
        elif kind == "dup":
            tokens.insert(i, tokens[i])
        else:
            j = data.draw(st.integers(0, len(tokens) - 1))
            tokens[i], tokens[j] = tokens[j], tokens[i]
    check("\n".join(tokens) if data.draw(st.booleans()) else " ".join(tokens))
