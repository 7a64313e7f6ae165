"""``executeXPath``: XPath over XML text (or JSON text, read as XML under ``<root>``).

Kept apart from ``json_xml`` so that ``xml.etree`` is imported only when a script
uses it.
"""

import json
import xml.etree.ElementTree as ET

from . import DelugeRuntimeError
from .json_xml import parse_json


def _json_to_xml(tag: str, value) -> list:
    """Elements for a JSON value under ``tag``: a list repeats the element."""
    if isinstance(value, list):
        return [el for item in value for el in _json_to_xml(tag, item)]
    element = ET.Element(tag)
    if isinstance(value, dict):
        for key, item in value.items():
            element.extend(_json_to_xml(str(key), item))
    elif value is not None:
        element.text = json.dumps(value) if isinstance(value, bool) else str(value)
    return [element]


def _xml_document(text: str) -> ET.Element:
    """The document element for XML text, or ``<root>`` wrapping JSON text."""
    stripped = text.lstrip()
    if stripped[:1] in ("{", "["):
        root = ET.Element("root")
        value = parse_json(text, "executeXPath")
        items = value.items() if isinstance(value, dict) else [("element", value)]
        for key, item in items:
            root.extend(_json_to_xml(str(key), item))
        return root
    try:
        return ET.fromstring(text)
    except ET.ParseError as bad:
        raise DelugeRuntimeError(f"Invalid XML for 'executeXPath': {bad}") from None


def _serialize(element: ET.Element) -> str:
    tail, element.tail = element.tail, None
    try:
        return ET.tostring(element, encoding="unicode")
    finally:
        element.tail = tail


def execute_xpath(text: str, path: str) -> str:
    """Evaluate an absolute XPath (ElementTree's subset, plus a final ``text()`` or
    ``@attribute`` step) and return the matches as text, concatenated: elements
    serialized, attributes as ``<name>value</name>``, ``text()`` as plain text."""
    root = _xml_document(text)
    if not path.startswith("/"):
        raise DelugeRuntimeError(f"Invalid XPath '{path}': it must start with '/'")
    steps, _, last = path.rpartition("/")
    tail = None
    if last == "text()" or last.startswith("@"):
        tail, path = last, steps
    document = ET.Element("document")
    document.append(root)
    relative = "." + path if path.startswith("//") else path[1:]
    try:
        matches = document.findall(relative) if relative else [document]
    except (SyntaxError, KeyError, TypeError, ValueError) as bad:
        raise DelugeRuntimeError(f"Invalid XPath '{path}': {bad or 'unsupported'}") from None
    if tail == "text()":
        return "".join(el.text or "" for el in matches)
    if tail:
        name = tail[1:]
        return "".join(_serialize(_attribute(key, value))
                       for el in matches for key, value in el.attrib.items()
                       if name in ("*", key))
    return "".join(_serialize(el) for el in matches if el is not document)


def _attribute(name: str, value: str) -> ET.Element:
    element = ET.Element(name)
    element.text = value
    return element
