"""Encoding and hashing functions (zoho.encryption.* implementations)."""

import pytest

from deluge2py.runtime import DelugeRuntimeError, Text
from deluge2py.runtime.builtins import encoding as E
from deluge2py.runtime.builtins import functions as F


def test_encode_url_is_form_encoding():
    url = "http://www.zoho.com/zohotest?name=John&country=Australia&age=101"
    assert F.encodeUrl(url) == ("http%3A%2F%2Fwww.zoho.com%2Fzohotest%3Fname%3DJohn"
                                "%26country%3DAustralia%26age%3D101")
    assert E.encodeUrl("a b*~é") == "a+b*%7E%C3%A9"


def test_url_encode_decode():
    assert E.urlEncode("a b") == "a%20b"
    assert E.urlDecode("https%3A%2F%2Fwww.zoho.com") == "https://www.zoho.com"
    assert E.urlDecode("a+b%20c") == "a b c"
    assert E.urlEncode(5) is None and E.urlDecode(None) is None
    assert type(E.urlEncode("x")) is Text


def test_base64_round_trips_and_charsets():
    assert E.base64Decode("am9obkB6eWxrZXIuY29t") == "john@zylker.com"
    assert E.base64Encode("john@zylker.com") == "am9obkB6eWxrZXIuY29t"
    for charset in ("UTF-8", "UTF-16LE", "UTF-16BE"):
        assert E.base64Decode(E.base64Encode("héllo", charset), charset) == "héllo"
    with pytest.raises(DelugeRuntimeError):
        E.base64Decode("////", "UTF-8")
    with pytest.raises(DelugeRuntimeError):
        E.base64Encode("x", "EBCDIC")


def test_base32_and_html():
    assert E.base32Decode(E.base32Encode("Zoho")) == "Zoho"
    assert E.htmlEncode("<a href=\"x\">&</a>") == "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;"
    assert E.htmlDecode("&lt;b&gt;") == "<b>"


def test_hashes_are_lower_case_hex_by_default():
    assert E.sha256("hello") == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
    assert E.md5("") == "d41d8cd98f00b204e9800998ecf8427e"
    assert len(E.sha512("x")) == 128 and len(E.sha1("x")) == 40
    assert E.sha256("hello", "binary") == "LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ="
    with pytest.raises(DelugeRuntimeError):
        E.sha256("hello", "octal")


def test_hmac():
    # RFC 4231 test case 2
    assert E.hmacsha256("Jefe", "what do ya want for nothing?", "hex") == \
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    assert E.hmacsha1("key", "msg") == E.hmacsha1("key", "msg", "base64")
    with pytest.raises(DelugeRuntimeError, match="No. of arguments"):
        E.hmacsha256("key")
