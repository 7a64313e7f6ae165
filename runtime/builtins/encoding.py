"""Encoding and hashing: ``encodeUrl`` and the ``zoho.encryption.*`` tasks as plain
functions (the zoho namespace exposes them under their Deluge names).

Text is encoded as UTF-8 unless a charset is given.  The ``zoho.encryption``
URL functions return null for non-text input, as documented.
"""

import base64
import binascii
import html
from urllib.parse import quote, unquote_plus

from .. import values as V
from . import TEXT, DelugeRuntimeError, builtin

_CHARSETS = {"utf-8": "utf-8", "utf8": "utf-8", "utf-16le": "utf-16-le", "utf-16be": "utf-16-be",
             "utf-16": "utf-16", "iso-8859-1": "latin-1", "us-ascii": "ascii"}


def _java_url_encode(text: str, space: str) -> str:
    """Java's ``URLEncoder.encode`` (UTF-8): letters, digits and ``.-*_`` stay."""
    encoded = quote(text.encode("utf-8", "surrogatepass"), safe="*")
    return encoded.replace("~", "%7E").replace("%20", space)


def _charset(name: str) -> str:
    codec = _CHARSETS.get(name.lower())
    if codec is None:
        raise DelugeRuntimeError(f"Unsupported charset '{name}'")
    return codec


def _bytes(data, name: str) -> bytes:
    if isinstance(data, str):
        return data.encode("utf-8", "surrogatepass")
    content = getattr(data, "content", None)  # a FILE
    if isinstance(content, bytes):
        return content
    raise DelugeRuntimeError(f"'{name}' needs TEXT or a FILE")


@builtin
def encodeUrl(text: TEXT):
    """Form encoding: ``a b&c`` -> ``a+b%26c``."""
    return V.Text(_java_url_encode(text, "+"))


def urlEncode(text):
    """Like encodeUrl but a space becomes ``%20``; null for anything but text."""
    if not isinstance(text, str):
        return None
    return V.Text(_java_url_encode(text, "%20"))


def urlDecode(text):
    """Decode ``%XX`` and ``+``; null for anything but text."""
    if not isinstance(text, str):
        return None
    return V.Text(unquote_plus(text))


@builtin
def base64Encode(data, charset: TEXT = "UTF-8"):
    raw = data.encode(_charset(charset), "surrogatepass") if isinstance(data, str) \
        else _bytes(data, "base64Encode")
    return V.Text(base64.b64encode(raw).decode("ascii"))


@builtin
def base64Decode(text: TEXT, charset: TEXT = "UTF-8"):
    """Decode base64 into text of ``charset`` (UTF-8, UTF-16LE or UTF-16BE)."""
    try:
        raw = base64.b64decode(text.strip(), validate=False)
        return V.Text(raw.decode(_charset(charset)))
    except (binascii.Error, UnicodeDecodeError, ValueError) as bad:
        raise DelugeRuntimeError(f"Invalid input for 'base64Decode': {bad}") from None


@builtin
def base32Encode(text: TEXT):
    return V.Text(base64.b32encode(text.encode("utf-8", "surrogatepass")).decode("ascii"))


@builtin
def base32Decode(text: TEXT):
    try:
        return V.Text(base64.b32decode(text.strip().upper()).decode("utf-8"))
    except (binascii.Error, UnicodeDecodeError, ValueError) as bad:
        raise DelugeRuntimeError(f"Invalid input for 'base32Decode': {bad}") from None


@builtin
def htmlEncode(text: TEXT):
    return V.Text(html.escape(text, quote=True))


@builtin
def htmlDecode(text: TEXT):
    return V.Text(html.unescape(text))


def _digest(algorithm: str, name: str):
    def digest(data, output: TEXT = "hex"):
        """Hash of the UTF-8 text (or FILE bytes): lower-case hex, or base64 with
        ``"binary"``."""
        import hashlib  # here: a slow import (OpenSSL), for the few scripts that hash

        value = hashlib.new(algorithm, _bytes(data, name)).digest()
        return V.Text(_output(value, output, name))

    digest.__name__ = digest.__qualname__ = name
    digest.__code__ = digest.__code__.replace(co_name=name, co_qualname=name)
    return builtin(digest)


def _hmac(algorithm: str, name: str):
    def signature(key: TEXT, message: TEXT, output: TEXT = "base64"):
        """HMAC of the UTF-8 message with the UTF-8 key: base64 (default) or hex."""
        import hmac  # here: it imports hashlib (OpenSSL), slow to import

        value = hmac.new(key.encode("utf-8"), message.encode("utf-8", "surrogatepass"),
                         algorithm).digest()
        return V.Text(_output(value, output, name))

    signature.__name__ = signature.__qualname__ = name
    signature.__code__ = signature.__code__.replace(co_name=name, co_qualname=name)
    return builtin(signature)


def _output(value: bytes, output: str, name: str) -> str:
    kind = output.lower()
    if kind == "hex":
        return value.hex()
    if kind in ("base64", "binary"):
        return base64.b64encode(value).decode("ascii")
    raise DelugeRuntimeError(f"Unknown output type '{output}' for '{name}'")


md5 = _digest("md5", "md5")
sha1 = _digest("sha1", "sha1")
sha256 = _digest("sha256", "sha256")
sha512 = _digest("sha512", "sha512")
hmacsha1 = _hmac("sha1", "hmacsha1")
hmacsha256 = _hmac("sha256", "hmacsha256")
hmacsha512 = _hmac("sha512", "hmacsha512")

__all__ = ["encodeUrl", "urlEncode", "urlDecode", "base64Encode", "base64Decode",
           "base32Encode", "base32Decode", "htmlEncode", "htmlDecode",
           "md5", "sha1", "sha256", "sha512", "hmacsha1", "hmacsha256", "hmacsha512"]
