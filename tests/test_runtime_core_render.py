"""Rendering: what info, toString and concatenation print."""

import pytest

from deluge2py.runtime import (Collection, Context, Decimal, File, List, Map, Number, Text,
                               datetime_literal, info)
from deluge2py.runtime.render import java_double, render, render_json, render_nested


@pytest.mark.parametrize("value, text", [
    (0.1 + 0.2, "0.30000000000000004"), (10.0, "10.0"), (2.50, "2.5"), (-1.0, "-1.0"),
    (0.0, "0.0"), (1 / 3, "0.3333333333333333"), (1e7, "1.0E7"), (12345678.9, "1.23456789E7"),
    (1.5e-5, "1.5E-5"), (0.001, "0.001"), (0.000123, "1.23E-4"), (-2.5e-10, "-2.5E-10"),
    (9999999.0, "9999999.0"), (1e21, "1.0E21"), (float("inf"), "Infinity"),
    (float("nan"), "NaN"),
])
def test_java_double(value, text):
    assert java_double(value) == text


def test_scalars():
    assert render(Text("Hello World")) == "Hello World"
    assert render(Number(-218)) == "-218"
    assert render(Decimal("2.50")) == "2.5"
    assert render(True) == "true" and render(False) == "false"
    assert render(None) == "null"
    assert str(Decimal(1e7)) == "1.0E7" and str(Number(5)) == "5"


def test_lists():
    assert render(List(["Product", "Version"])) == "Product,Version"
    assert render(List(["Creator", List(["CRM", "Projects"])])) == 'Creator,{"CRM","Projects"}'
    assert render(List([List(["a", 1, List(["b"])]), "z"])) == '{"a",1,{"b"}},z'
    assert render(List([Map({"a": 1}), None, True])) == '{"a":1},null,true'
    assert render(List()) == ""


def test_maps_are_compact_json():
    m = Map({"Creator": 5, "CRM": Decimal(3.0), "s": 'say "hi"\n', "n": None,
             "l": List([1, "a"]), "m": Map()})
    assert render(m) == ('{"Creator":5,"CRM":3.0,"s":"say \\"hi\\"\\n","n":null,'
                         '"l":[1,"a"],"m":{}}')
    assert render(Map({"é": "ü"})) == '{"é":"ü"}'
    assert render(Map({Number(1): "a"})) == '{"1":"a"}'


def test_dates_collections_files():
    d = datetime_literal("01-Jan-2020 10:15:30")
    assert render(d) == "01-Jan-2020 10:15:30"
    assert render(Map({"d": d})) == '{"d":"01-Jan-2020 10:15:30"}'
    assert render_nested(d) == '"01-Jan-2020 10:15:30"'
    assert render(Collection("Creator", "Campaigns")) == "Creator,Campaigns"
    assert render(Collection({"a": 1})) == '{"a":1}'
    assert render(Collection()) == "{}"
    assert render_json(Collection("a")) == '["a"]'
    assert render(File("x.pdf", b"")) == "x.pdf"


def test_info_appends_to_the_context_log(capsys):
    with Context(meter=None) as ctx:
        info(List([1, 2]))
        info(None)
    assert ctx.info_log == ["1,2", "null"]
    assert capsys.readouterr().out == ""
    with Context(meter=None, print_info=True):
        info(Text("shown"))
    assert capsys.readouterr().out == "shown\n"
