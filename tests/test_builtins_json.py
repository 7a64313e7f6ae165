"""JSON and XML built-ins of text."""

import pytest

from deluge2py.runtime import Decimal, DelugeRuntimeError, List, Map, Number, Text
from deluge2py.runtime.builtins import functions as F


def test_to_map_strict_and_lenient():
    m = Text('{"a": 1, "b": [1, 2.5, "x"], "c": {"d": null, "e": true}}').toMap()
    assert type(m) is Map and m["a"] == 1 and type(m["a"]) is Number
    assert type(m["b"]) is List and type(m["b"][1]) is Decimal and type(m["c"]) is Map
    assert m["c"]["d"] is None and m["c"]["e"] is True
    assert Text("{company:Zoho, product:Creator}").toMap() == {"company": "Zoho", "product": "Creator"}
    assert Text("{Name:'Lia Shelton', OrderNo:[343,443,577]}").toMap() == \
        {"Name": "Lia Shelton", "OrderNo": [343, 443, 577]}
    assert F.toMap('{"a":1}') == {"a": 1}


@pytest.mark.parametrize("text", ["", "[1,2]", "{a:", "not json", "{'a':1"])
def test_to_map_rejects_what_is_not_an_object(text):
    with pytest.raises(DelugeRuntimeError):
        Text(text).toMap()


def test_to_json_list_and_get_json():
    items = Text('[{"id": 1}, {"id": 2}]').toJSONList()
    assert type(items) is List and [item.getJSON("id") for item in items] == [1, 2]
    text = Text('{"response": {"employee": {"id": 7}}}')
    assert text.getJSON("response").getJSON("employee").getJSON("id") == 7
    assert text.get("missing") is None
    with pytest.raises(DelugeRuntimeError):
        Text('{"a":1}').toJSONList()


def test_deep_nesting_is_a_deluge_error():
    with pytest.raises(DelugeRuntimeError):
        Text("[" * 100000 + "]" * 100000).toJSONList()


XML = '<a href="https://example.com/book.pdf" target="_blank">Harry Potter</a>'


def test_execute_xpath_attribute_then_text():
    href = Text(XML).executeXPath("/a/@href")
    assert href == "<href>https://example.com/book.pdf</href>"
    assert href.executeXPath("/href/text()") == "https://example.com/book.pdf"
    assert Text(XML).executeXPath("/a/text()") == "Harry Potter"


def test_execute_xpath_on_json_uses_a_root_node():
    text = Text('{"user": {"city": "Surat", "tags": ["a", "b"]}}')
    assert text.executeXPath("/root/user/city") == "<city>Surat</city>"
    assert text.executeXPath("/root/user/tags[2]/text()") == "b"
    assert text.executeXPath("//city/text()") == "Surat"
    assert text.executeXPath("/root/nothing") == ""


@pytest.mark.parametrize("path", ["a/b", "/a/[", "/a[@x="])
def test_invalid_xpath_is_a_runtime_error(path):
    with pytest.raises(DelugeRuntimeError):
        Text(XML).executeXPath(path)


def test_invalid_xml_is_a_runtime_error():
    with pytest.raises(DelugeRuntimeError):
        Text("<a><b></a>").executeXPath("/a")
