"""Encoding and hashing: ``encodeUrl`` and the ``zoho.encryption.*`` tasks as plain
functions (the zoho namespace exposes them under their Deluge names).

Text is encoded as UTF-8 unless a charset is given.  The ``zoho.encryption``
URL functions return null for non-text input, as documented.

AES (``aesEncode``/``aesDecode`` with a 256-bit key, ``aesEncode128``/``aesDecode128``
with a 128-bit key) is Zoho's scheme as confirmed against the documented ciphertexts
(docs/semantics.md): the key is the UTF-8 key text zero-padded to the key size, CBC mode,
PKCS#7 padding, base64 output; the IV is the UTF-8 IV text, or, when none is given, 16
random bytes put in front of the ciphertext.  The ``cryptography`` package does the AES.
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


_AES_BLOCK = 16


def _aes_key(key: str, size: int, name: str) -> bytes:
    raw = key.encode("utf-8")
    if not 0 < len(raw) <= size:
        raise DelugeRuntimeError(
            f"The key of '{name}' must be 1 to {size} bytes of text, not {len(raw)}")
    return raw.ljust(size, b"\0")


def _aes_iv(iv, name: str):
    """The IV bytes, or None for "no IV" (left out or null)."""
    if iv is None:
        return None
    if not isinstance(iv, str) or len(iv.encode("utf-8")) != _AES_BLOCK:
        raise DelugeRuntimeError(f"The IV of '{name}' must be a text of 16 characters")
    return iv.encode("utf-8")


def _iterations(count, name: str) -> None:
    """Check the iteration count (a whole number, or its text).  With an IV Zoho ignores
    it: the documented aesDecode128 example decodes with the plain key at 201."""
    if count is None or (isinstance(count, int) and not isinstance(count, bool) and count >= 0):
        return
    if not (isinstance(count, str) and count.strip().isdigit()):
        raise DelugeRuntimeError(f"The iteration count of '{name}' must be a whole number")


def _aes(key: bytes, iv: bytes):
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes  # slow import

    return Cipher(algorithms.AES(key), modes.CBC(iv))


def _aes_encode(key: bytes, text: str, iv) -> str:
    from cryptography.hazmat.primitives.padding import PKCS7

    padder = PKCS7(8 * _AES_BLOCK).padder()
    data = padder.update(text.encode("utf-8", "replace")) + padder.finalize()
    prefix = b""
    if iv is None:
        import secrets

        iv = prefix = secrets.token_bytes(_AES_BLOCK)
    encryptor = _aes(key, iv).encryptor()
    return base64.b64encode(prefix + encryptor.update(data) + encryptor.finalize()).decode("ascii")


def _undecodable(name: str) -> DelugeRuntimeError:
    return DelugeRuntimeError(f"Invalid encrypted text for '{name}' (wrong key or IV?)")


def _aes_decode(key: bytes, cipher: str, iv, name: str) -> str:
    from cryptography.hazmat.primitives.padding import PKCS7

    try:
        data = base64.b64decode(cipher.strip(), validate=True)
    except (binascii.Error, ValueError):
        data = b""
    if iv is None:
        iv, data = data[:_AES_BLOCK], data[_AES_BLOCK:]
    if not data or len(data) % _AES_BLOCK:
        raise _undecodable(name)
    decryptor = _aes(key, iv).decryptor()
    padded = decryptor.update(data) + decryptor.finalize()
    unpadder = PKCS7(8 * _AES_BLOCK).unpadder()
    try:
        plain = unpadder.update(padded) + unpadder.finalize()
    except ValueError:
        raise _undecodable(name) from None
    # Java's new String(bytes, UTF-8) replaces undecodable bytes rather than failing.
    return plain.decode("utf-8", "replace")


@builtin
def aesEncode(key: TEXT, text: TEXT, iv=None):
    """AES-256-CBC of ``text``; without an IV a random one leads the output."""
    return V.Text(_aes_encode(_aes_key(key, 32, "aesEncode"), text, _aes_iv(iv, "aesEncode")))


@builtin
def aesDecode(key: TEXT, cipher: TEXT, iv=None):
    return V.Text(_aes_decode(_aes_key(key, 32, "aesDecode"), cipher,
                              _aes_iv(iv, "aesDecode"), "aesDecode"))


def _needs_iv(iv, name: str) -> bytes:
    """The 128-bit functions are supported with an IV only: Zoho's form without one
    (iterations as a key-derivation cost) has no documented test vector."""
    iv = _aes_iv(iv, name)
    if iv is None:
        raise DelugeRuntimeError(
            f"'{name}' without an IV is not supported by deluge2py (Zoho's scheme for it "
            f"is undocumented); pass a 16-character IV")
    return iv


@builtin
def aesEncode128(key: TEXT, text: TEXT, iv=None, iterations=None):
    """AES-128-CBC of ``text`` with the given IV (the iteration count is ignored)."""
    _iterations(iterations, "aesEncode128")
    return V.Text(_aes_encode(_aes_key(key, 16, "aesEncode128"), text,
                              _needs_iv(iv, "aesEncode128")))


@builtin
def aesDecode128(key: TEXT, cipher: TEXT, iv=None, iterations=None):
    _iterations(iterations, "aesDecode128")
    return V.Text(_aes_decode(_aes_key(key, 16, "aesDecode128"), cipher,
                              _needs_iv(iv, "aesDecode128"), "aesDecode128"))


md5 = _digest("md5", "md5")
sha1 = _digest("sha1", "sha1")
sha256 = _digest("sha256", "sha256")
sha512 = _digest("sha512", "sha512")
hmacsha1 = _hmac("sha1", "hmacsha1")
hmacsha256 = _hmac("sha256", "hmacsha256")
hmacsha512 = _hmac("sha512", "hmacsha512")

__all__ = ["encodeUrl", "urlEncode", "urlDecode", "base64Encode", "base64Decode",
           "base32Encode", "base32Decode", "htmlEncode", "htmlDecode",
           "md5", "sha1", "sha256", "sha512", "hmacsha1", "hmacsha256", "hmacsha512",
           "aesEncode", "aesDecode", "aesEncode128", "aesDecode128"]
