"""Global ids as the module docstring of hub.standard.ids defines them, worked out here the
slow way (percent-encoding every part, one HMAC a call) for keys with and without characters
that need encoding: the ids' fast paths must give exactly these texts."""

from __future__ import annotations

import base64
import hashlib
import hmac
from urllib.parse import quote

import pytest

from hub.standard.ids import decode_id, encode_id, opaque_id

KEYS = [
    ("metropolitan", "MP001234"),
    ("metropolitan", "MP001234", "COP26-DU-17.a~b_c"),
    ("avon-and-somerset", "A/S 12:3"),
    ("", "é£%"),
    ("x", 42),
    ("x", -7, None),
    ("tab\there", "new\nline", "plus+and=equals"),
]


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _plain(type_name: str, key: tuple[object, ...]) -> str:
    return ":".join([type_name, *(quote(str(part), safe="") for part in key)])


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("id_key", [b"k" * 32, b"another key", b""])
def test_opaque_ids_are_the_hmac_of_the_readable_form(
    id_key: bytes, key: tuple[object, ...]
) -> None:
    digest = hmac.new(id_key, _plain("Deployment", key).encode(), hashlib.sha256).digest()
    expected = _b64(f"Deployment:#{_b64(digest)}".encode())
    assert opaque_id(id_key, "Deployment", *key) == expected
    assert decode_id(expected) == ("Deployment", (f"#{_b64(digest)}",))


@pytest.mark.parametrize("key", KEYS)
def test_readable_ids_encode_each_part(key: tuple[object, ...]) -> None:
    text = encode_id("Location", *key)
    assert text == _b64(_plain("Location", key).encode())
    assert decode_id(text) == ("Location", tuple(str(part) for part in key))


def test_two_id_keys_give_two_ids() -> None:
    assert opaque_id(b"one", "Officer", "kent", "1") != opaque_id(b"two", "Officer", "kent", "1")
    assert opaque_id(b"one", "Officer", "kent", "1") == opaque_id(b"one", "Officer", "kent", "1")
