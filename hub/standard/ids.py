"""Global ids: readable for the standard's reference records, opaque for personal ones.

A readable id is the URL-safe base64 (no padding) of `Type:key1:key2...`, each key part
percent-encoded so that a `:` inside a reference cannot shift the parts. It survives
re-imports and databases, and names nothing personal: codes and references only.

Records whose natural key holds a service number or a name (`OPAQUE_TYPES`) get an opaque
id instead: the base64 of `Type:#` and the HMAC-SHA-256 of the readable form under the
federation's id key (`HUB_ID_KEY`). The same record has the same id on every hub that shares
the key, and nobody without the key can tell from it whose record it is. Opaque ids are
computed when a record is written and stored in its `gid` column; reading one needs no key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from urllib.parse import quote, unquote

#: Types whose natural key is personal (a service number, or a holder naming an officer).
OPAQUE_TYPES = frozenset({"Officer", "Deployment", "AccommodationBooking", "TravelBooking"})
OPAQUE_MARK = "#"


class InvalidGlobalId(ValueError):
    """The text is not a global id of this hub."""


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _plain(type_name: str, key: tuple[object, ...]) -> str:
    return ":".join([type_name, *(quote(str(part), safe="") for part in key)])


def encode_id(type_name: str, *key: object) -> str:
    """The readable global id of the record of `type_name` with natural key `key`."""
    if type_name in OPAQUE_TYPES:
        raise ValueError(f"{type_name} ids are opaque: use opaque_id")
    return _b64(_plain(type_name, key).encode())


def opaque_id(id_key: bytes, type_name: str, *key: object) -> str:
    """The opaque global id of a record of `type_name` with natural key `key`, under `id_key`."""
    digest = hmac.new(id_key, _plain(type_name, key).encode(), hashlib.sha256).digest()
    return _b64(f"{type_name}:{OPAQUE_MARK}{_b64(digest)}".encode())


def decode_id(global_id: str) -> tuple[str, tuple[str, ...]]:
    """The type name and natural key parts (as text) of a readable global id.

    For an opaque id the parts are one text starting with `#`: look such a record up by
    the whole id (its `gid`), never by these parts."""
    if len(global_id) > 400:
        raise InvalidGlobalId(global_id[:40])
    padded = global_id + "=" * (-len(global_id) % 4)
    try:
        raw = base64.urlsafe_b64decode(padded.encode("ascii")).decode()
    except (binascii.Error, UnicodeError, ValueError) as error:
        raise InvalidGlobalId(global_id) from error
    type_name, _, rest = raw.partition(":")
    if not type_name or not rest:
        raise InvalidGlobalId(global_id)
    if rest.startswith(OPAQUE_MARK):
        return type_name, (rest,)
    return type_name, tuple(unquote(part) for part in rest.split(":"))


def is_opaque(parts: tuple[str, ...]) -> bool:
    """Whether `decode_id` found an opaque id (then its parts are not a natural key)."""
    return len(parts) == 1 and parts[0].startswith(OPAQUE_MARK)
