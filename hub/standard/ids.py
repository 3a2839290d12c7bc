"""Global ids: the type name and the natural key, so an id survives re-imports and databases.

An id is the URL-safe base64 (no padding) of `Type:key1:key2...`, each key part
percent-encoded so that a `:` inside a service number or reference cannot shift the parts.
"""

from __future__ import annotations

import base64
import binascii
from urllib.parse import quote, unquote


class InvalidGlobalId(ValueError):
    """The text is not a global id of this hub."""


def encode_id(type_name: str, *key: object) -> str:
    """The global id of the record of `type_name` with natural key `key`."""
    parts = [type_name, *(quote(str(part), safe="") for part in key)]
    raw = ":".join(parts).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def decode_id(global_id: str) -> tuple[str, tuple[str, ...]]:
    """The type name and natural key parts (as text) of a global id."""
    padded = global_id + "=" * (-len(global_id) % 4)
    try:
        raw = base64.urlsafe_b64decode(padded.encode("ascii")).decode()
    except (binascii.Error, UnicodeError, ValueError) as error:
        raise InvalidGlobalId(global_id) from error
    type_name, _, rest = raw.partition(":")
    if not type_name or not rest:
        raise InvalidGlobalId(global_id)
    return type_name, tuple(unquote(part) for part in rest.split(":"))
