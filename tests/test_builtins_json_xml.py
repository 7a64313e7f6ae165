"""toXML (JSON text or a map to XML) and toXmlList (XML text to a list of elements)."""

import xml.etree.ElementTree as ET

import pytest

from deluge2py.api import convert
from deluge2py.runtime import Context, DelugeRuntimeError, List, Map, Text
from deluge2py.runtime.builtins import catalog

DOC_JSON = "{Name:'Lia Shelton', OrderNo:[343,443,577]}"


def test_to_xml_of_the_documented_example():
    xml = Text(DOC_JSON).toXML()
    assert type(xml) is Text
    # Zoho prints the keys in Java HashMap order (OrderNo first); we keep the text's order.
    assert xml == ("<root><Name>Lia Shelton</Name>"
                   "<OrderNo>343</OrderNo><OrderNo>443</OrderNo><OrderNo>577</OrderNo></root>")
    assert xml.executeXPath("/root/OrderNo[2]/text()") == "443"


def test_to_xml_scalars_print_as_info_prints_them():
    xml = Text('{"a": null, "b": 2.50, "c": true, "d": "", "e": 1e20, "f": {"g": []}}').toXML()
    assert xml == ("<root><a /><b>2.5</b><c>true</c><d /><e>1.0E20</e><f /></root>")


def test_to_xml_escapes_text():
    text = 'x < y & "z" > w'
    xml = Map({"t": text}).toXML()
    assert "&lt;" in xml and "&amp;" in xml
    assert ET.fromstring(xml).findtext("t") == text


def test_to_xml_of_an_array_and_of_nested_maps():
    assert Text('[1, {"a": 2}]').toXML() == \
        "<root><element>1</element><element><a>2</a></element></root>"
    nested = Map({"order": Map({"id": 7, "lines": List([Map({"sku": "A"}), Map({"sku": "B"})])})})
    assert nested.toXML() == ("<root><order><id>7</id><lines><sku>A</sku></lines>"
                              "<lines><sku>B</sku></lines></order></root>")


@pytest.mark.parametrize("text", ["5", "'just text'", "{a:", '{"first name": 1}',
                                  '{"1st": 1}', '{"a": {"x:y": 2}}'])
def test_to_xml_rejects_what_cannot_become_xml(text):
    with pytest.raises(DelugeRuntimeError):
        Text(text).toXML()


def test_to_xml_list_splits_executexpath_matches():
    catalog_xml = Text("<CATALOG><CD><T>A</T></CD><CD><T>B &amp; C</T></CD></CATALOG>")
    items = catalog_xml.executeXPath("/CATALOG/CD").toXmlList()
    assert type(items) is List and all(type(item) is Text for item in items)
    assert items == ["<CD><T>A</T></CD>", "<CD><T>B &amp; C</T></CD>"]
    assert [item.executeXPath("/CD/T/text()") for item in items] == ["A", "B & C"]


def test_to_xml_list_of_a_document_and_of_nothing():
    assert Text('<?xml version="1.0"?>\n<a x="1">t</a>\n').toXmlList() == ['<a x="1">t</a>']
    assert Text("  ").toXmlList() == []
    assert Text("<CATALOG/>").executeXPath("/CATALOG/CD").toXmlList() == []


@pytest.mark.parametrize("text", ["<a>", "plain text", "<a/>tail text", "<a></b>"])
def test_to_xml_list_rejects_what_is_not_xml_elements(text):
    with pytest.raises(DelugeRuntimeError):
        Text(text).toXmlList()


def test_catalog_and_generated_code():
    assert catalog.canonical_method("toxml") == "toXML"
    assert {"Text", "Map"} <= catalog.receivers("toXML")
    assert catalog.canonical_method("TOXMLLIST") == "toXmlList"
    source = ('void standalone.x()\n{\njson = "' + DOC_JSON + '";\n'
              'info json.toXML().executeXPath("/root/OrderNo").toXmlList().size();\n}\n')
    namespace = {"__name__": "toxml_case"}
    exec(compile(convert(source, filename="toxml_case.dg"), "<toxml_case>", "exec"), namespace)
    function = next(v for v in namespace.values() if hasattr(v, "__deluge__"))
    with Context(meter=None) as ctx:
        function()
    assert ctx.info_log == ["3"]
