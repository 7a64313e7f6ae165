"""zoho.encryption.aesEncode/aesDecode/aesEncode128/aesDecode128 against Zoho's
documented ciphertexts, plus round trips and the error cases (docs/semantics.md)."""

import base64
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deluge2py.runtime import DelugeRuntimeError, Text, zoho
from deluge2py.runtime.builtins import encoding as E

SECRET = "This is a secret"
#: aesDecode("passkey", ...) without an IV (Zoho's aesdecode page).
DOC_NO_IV = "yf/u6N0HjKWXFFHIEKzG23+CM+BoL4RBPNb4mc0G3hw5q6xPe9KSpUd62Z5sjjSE"
#: aesDecode128("passkey", ..., "a00000000000000b", 201) (Zoho's aesdecode128 page).
DOC_128 = "pWBt7NM4llIu0n9gES91lR5fXNaAG/mx5UNPtJY0Bv8="
#: Zoho's aesencode page prints this for IV "0000000000000000"; it is SECRET's ciphertext.
DOC_WITH_IV = "AR+ygx+et18UNeIltGh82NBgPQx6Y0hWbEcgN3NVbJA="
#: Zoho's aesdecode page: it decodes to SECRET with IV "b00000000000000a" (not the
#: page's "0000000000000000", which garbles the first and last character).
DOC_DECODE_IV = "5GzwCtoMcLE83Mmt4okldDoddwF7E07kKqSQHLSBPSw="

keys = st.text(st.characters(codec="ascii", min_codepoint=32), min_size=1, max_size=16)
ivs = st.text(st.characters(codec="ascii", min_codepoint=32), min_size=16, max_size=16)


def test_documented_ciphertexts_decode():
    assert E.aesDecode("passkey", DOC_NO_IV) == SECRET
    assert E.aesDecode128("passkey", DOC_128, "a00000000000000b", 201) == SECRET
    assert E.aesDecode("passkey", DOC_WITH_IV, "0000000000000000") == SECRET
    assert E.aesDecode("passkey", DOC_DECODE_IV, "b00000000000000a") == SECRET
    assert type(E.aesDecode("passkey", DOC_NO_IV)) is Text


def test_encoding_with_an_iv_reproduces_zoho():
    assert E.aesEncode("passkey", SECRET, "0000000000000000") == DOC_WITH_IV
    assert E.aesEncode128("passkey", SECRET, "a00000000000000b", 201) == DOC_128


def test_the_iteration_count_does_not_change_the_key_with_an_iv():
    plain = E.aesEncode128("passkey", SECRET, "a00000000000000b")
    assert E.aesEncode128("passkey", SECRET, "a00000000000000b", 0) == plain
    assert E.aesEncode128("passkey", SECRET, "a00000000000000b", "201") == plain
    for bad in ("many", -1, True, 2.5):
        with pytest.raises(DelugeRuntimeError, match="iteration count"):
            E.aesDecode128("passkey", DOC_128, "a00000000000000b", bad)


def test_encoding_without_an_iv_puts_a_random_iv_first():
    first, second = E.aesEncode("passkey", SECRET), E.aesEncode("passkey", SECRET)
    assert first != second
    assert len(base64.b64decode(first)) == 16 + 32  # IV, then SECRET and a padding block
    assert E.aesDecode("passkey", first) == E.aesDecode("passkey", second) == SECRET


@settings(max_examples=60, deadline=None)
@given(key=keys, text=st.text(), iv=st.none() | ivs)
def test_aes256_round_trip(key, text, iv):
    assert E.aesDecode(key, E.aesEncode(key, text, iv), iv) == text


@settings(max_examples=60, deadline=None)
@given(key=keys, text=st.text(), iv=ivs)
def test_aes128_round_trip(key, text, iv):
    assert E.aesDecode128(key, E.aesEncode128(key, text, iv), iv) == text


def test_128_without_an_iv_is_not_supported():
    for call in (lambda: E.aesEncode128("passkey", SECRET),
                 lambda: E.aesDecode128("passkey", DOC_128, None, 0)):
        with pytest.raises(DelugeRuntimeError, match="not supported"):
            call()


@pytest.mark.parametrize("call", [
    lambda: E.aesDecode("passkez", DOC_WITH_IV, "0000000000000000"),  # wrong key
    lambda: E.aesDecode("passkey", "not base64!"),
    lambda: E.aesDecode("passkey", DOC_WITH_IV[:-4]),  # not whole blocks
    lambda: E.aesDecode("passkey", base64.b64encode(b"0" * 16).decode()),  # IV only
    lambda: E.aesDecode128("passkey", "", "a00000000000000b"),
])
def test_undecodable_input_is_a_deluge_error(call):
    with pytest.raises(DelugeRuntimeError, match="Invalid encrypted text"):
        call()


@pytest.mark.parametrize("call", [
    lambda: E.aesEncode("k" * 33, SECRET),
    lambda: E.aesEncode("", SECRET),
    lambda: E.aesEncode128("k" * 17, SECRET, "a00000000000000b"),
    lambda: E.aesEncode("passkey", SECRET, "short"),
    lambda: E.aesDecode("passkey", DOC_NO_IV, 1234567890123456),
])
def test_bad_keys_and_ivs_are_deluge_errors(call):
    with pytest.raises(DelugeRuntimeError):
        call()


def test_invalid_utf8_plaintext_decodes_with_replacement_characters():
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    encryptor = Cipher(algorithms.AES(b"passkey".ljust(32, b"\0")),
                       modes.CBC(b"0" * 16)).encryptor()
    cipher = encryptor.update(b"ok\xff" + bytes([13]) * 13) + encryptor.finalize()
    assert E.aesDecode("passkey", base64.b64encode(cipher).decode(), "0" * 16) == "ok\ufffd"


def test_zoho_encryption_names_are_case_insensitive():
    assert zoho.encryption.aesdecode("passkey", DOC_NO_IV) == SECRET
    assert zoho.encryption.AESDECODE128("passkey", DOC_128, "a00000000000000b") == SECRET


def test_importing_the_runtime_does_not_import_cryptography():
    probe = "import sys, deluge2py.runtime; print('cryptography' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
