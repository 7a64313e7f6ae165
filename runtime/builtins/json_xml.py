"""JSON and XML methods of text (``class JsonXmlMethods``, a base of ``TextMethods``):
``toMap``, ``toJSONList``, ``getJSON``/``get``, ``executeXPath``, ``toXML`` and ``toXmlList``.

Deluge reads JSON leniently: ``"{company:Zoho, product:Creator}".toMap()`` works,
and single-quoted strings are accepted.  Strict JSON is tried first (fast, C);
the lenient reader below takes over only when that fails.  Parsed values become
Deluge values (maps, lists, texts, numbers).  ``executeXPath`` lives in ``xpath.py``.
"""

import json
import re

from .. import values as V
from . import (LONG_MAX, LONG_MIN, REQUIRED, TEXT, DelugeRuntimeError, arity_error, builtin,
               hot_builtin)


def _parse_int(digits: str):
    n = int(digits)
    return n if LONG_MIN <= n <= LONG_MAX else float(n)


def parse_json(text: str, name: str):
    """The Python value of JSON ``text`` (lenient), or a DelugeRuntimeError."""
    try:
        return json.loads(text, parse_int=_parse_int)
    except ValueError:
        pass
    except RecursionError:
        raise DelugeRuntimeError(f"JSON text nested too deeply for '{name}'") from None
    try:
        return _Lenient(text).document()
    except RecursionError:
        raise DelugeRuntimeError(f"JSON text nested too deeply for '{name}'") from None
    except ValueError as bad:
        raise DelugeRuntimeError(f"Invalid JSON for '{name}': {bad}") from None


class _Lenient:
    """JSON with unquoted keys and values and single-quoted strings."""

    STOP = ",:]}"

    def __init__(self, text: str):
        self.text, self.at = text, 0

    def document(self):
        value = self.value()
        self.space()
        if self.at != len(self.text):
            raise ValueError(f"unexpected {self.text[self.at]!r} at {self.at}")
        return value

    def space(self):
        while self.at < len(self.text) and self.text[self.at].isspace():
            self.at += 1

    def peek(self) -> str:
        self.space()
        return self.text[self.at] if self.at < len(self.text) else ""

    def expect(self, char: str):
        if self.peek() != char:
            raise ValueError(f"expected {char!r} at {self.at}")
        self.at += 1

    def value(self):
        c = self.peek()
        if c == "{":
            return self.object()
        if c == "[":
            return self.array()
        if c in ("\"", "'"):
            return self.string()
        return self.bare(keep_text=False)

    def object(self):
        self.expect("{")
        result = {}
        if self.peek() == "}":
            self.at += 1
            return result
        while True:
            key = self.string() if self.peek() in ("\"", "'") else self.bare(keep_text=True)
            self.expect(":")
            result[key] = self.value()
            if self.peek() == ",":
                self.at += 1
                continue
            self.expect("}")
            return result

    def array(self):
        self.expect("[")
        result = []
        if self.peek() == "]":
            self.at += 1
            return result
        while True:
            result.append(self.value())
            if self.peek() == ",":
                self.at += 1
                continue
            self.expect("]")
            return result

    def string(self) -> str:
        quote = self.text[self.at]
        self.at += 1
        out = []
        while self.at < len(self.text):
            c = self.text[self.at]
            self.at += 1
            if c == quote:
                return "".join(out)
            if c == "\\" and self.at < len(self.text):
                c = self.text[self.at]
                self.at += 1
                if c == "u" and self.at + 4 <= len(self.text):
                    out.append(chr(int(self.text[self.at:self.at + 4], 16)))
                    self.at += 4
                    continue
                c = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f"}.get(c, c)
            out.append(c)
        raise ValueError("unterminated string")

    def bare(self, keep_text: bool):
        start = self.at
        while self.at < len(self.text) and self.text[self.at] not in self.STOP:
            self.at += 1
        word = self.text[start:self.at].strip()
        if not word:
            raise ValueError(f"missing value at {start}")
        if keep_text:
            return word
        literal = {"true": True, "false": False, "null": None}
        if word in literal:
            return literal[word]
        try:
            return json.loads(word, parse_int=_parse_int) if word[0] in "-0123456789" else word
        except ValueError:
            return word


def _structure(text: str, name: str, kind: type):
    value = parse_json(text, name)
    if not isinstance(value, kind):
        wanted = "a JSON object" if kind is dict else "a JSON array"
        raise DelugeRuntimeError(f"'{name}' needs {wanted}, not '{text[:60]}'")
    return value


_XML_NAME = re.compile(r"[^\W\d][\w.\-]*")


def to_xml(value) -> str:
    """XML text for a JSON object or array (Python or Deluge values) under ``<root>``:
    each key becomes an element, a list repeats its key's element, an array's items are
    ``<element>``s (as ``executeXPath`` reads JSON), scalars print as ``info`` prints them
    and null or empty text gives an empty element."""
    import xml.etree.ElementTree as ET  # here: slow to import, rarely needed

    from ..render import render

    def elements(tag, item):
        if isinstance(item, list):
            return [element for part in item for element in elements(tag, part)]
        if not _XML_NAME.fullmatch(tag):
            raise DelugeRuntimeError(f"'{tag}' cannot be an XML element name ('toXML')")
        element = ET.Element(tag)
        if isinstance(item, dict):
            for key, part in item.items():
                element.extend(elements(render(key), part))
        elif item is not None and item != "":
            element.text = render(item)
        return [element]

    if isinstance(value, dict):
        (root,) = elements("root", value)
    elif isinstance(value, list):
        root = ET.Element("root")
        root.extend(elements("element", value))
    else:
        raise DelugeRuntimeError("'toXML' needs a JSON object or array")
    return ET.tostring(root, encoding="unicode")


def xml_list(text: str) -> list:
    """The top-level elements of XML text (a document, or the several elements
    ``executeXPath`` returns for several matches), each as XML text."""
    import xml.etree.ElementTree as ET  # here: slow to import, rarely needed

    body = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        holder = ET.fromstring(f"<dg-list>{body}</dg-list>")
    except ET.ParseError:
        raise DelugeRuntimeError(f"Invalid XML for 'toXmlList': '{text[:60]}'") from None
    if (holder.text or "").strip() or any((el.tail or "").strip() for el in holder):
        raise DelugeRuntimeError(f"'toXmlList' needs XML elements, not text: '{text[:60]}'")
    for element in holder:
        element.tail = None
    return [ET.tostring(element, encoding="unicode") for element in holder]


class JsonXmlMethods:
    """JSON/XML methods of text; ``self`` is a ``values.Text``."""

    @builtin
    def toMap(self):
        """JSON object text to a map (lenient: unquoted keys and values allowed)."""
        return V.to_deluge(_structure(str(self), "toMap", dict))

    @builtin
    def toJSONList(self):
        """JSON array text to a list; objects inside become maps."""
        return V.to_deluge(_structure(str(self), "toJSONList", list))

    @builtin
    def getJSON(self, key: TEXT):
        """The value at ``key`` of JSON object text; null when the key is absent."""
        return V.to_deluge(_structure(str(self), "getJSON", dict).get(key))

    get = getJSON

    @builtin
    def executeXPath(self, path: TEXT):
        from .xpath import execute_xpath  # imports xml.etree, slow and rarely needed

        return V.Text(execute_xpath(str(self), path))

    @builtin
    def toXML(self):
        """JSON object (or array) text to XML under ``<root>``; see ``to_xml``."""
        return V.Text(to_xml(parse_json(str(self), "toXML")))

    @builtin
    def toXmlList(self):
        """The top-level elements of XML text as a list of XML texts."""
        return V.List(xml_list(str(self)))


class JsonMapMethods:
    """The JSON methods of a map (Deluge allows them on maps as on JSON text)."""

    @hot_builtin
    def getJSON(self, key=REQUIRED, *extra):
        """The value at ``key``; null when absent (keys are case-sensitive).  A hot built-in:
        API responses are read with it key by key."""
        if key is REQUIRED or extra:
            raise arity_error("getJSON")
        if type(key) is not str:  # a str finds what its Text would
            if type(key) not in V.DELUGE_TYPES:
                key = V.to_deluge(key)
            if type(key).__hash__ is None:  # a list or map key cannot be stored in this map
                return None
        value = dict.get(self, key)
        return value if type(value) in V.DELUGE_TYPES else V.to_deluge(value)

    @builtin
    def toMap(self):
        return self

    @builtin
    def toXML(self):
        return V.Text(to_xml(self))


class JsonListMethods:
    """``toJSONList`` of a list (already a list: a shallow copy)."""

    @builtin
    def toJSONList(self):
        return V.List(self)
