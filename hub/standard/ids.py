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
import re
from typing import Any
from urllib.parse import quote, unquote

#: Types whose natural key is personal (a service number, or a holder naming an officer).
OPAQUE_TYPES = frozenset({"Officer", "Deployment", "AccommodationBooking", "TravelBooking"})
OPAQUE_MARK = "#"
# Text that `quote(..., safe="")` leaves as it is: most codes and service numbers.
_UNQUOTED = re.compile(r"[A-Za-z0-9_.~-]*")
_KEYED: dict[bytes, Any] = {}  # an HMAC-SHA-256 keyed once per id key, copied per id


class InvalidGlobalId(ValueError):
    """The text is not a global id of this hub."""


_URLSAFE = bytes.maketrans(b"+/", b"-_")
_MARK = f":{OPAQUE_MARK}".encode()
b2a_base64 = binascii.b2a_base64


def _b64(raw: bytes) -> str:
    """URL-safe base64 without padding (`base64.urlsafe_b64encode`, stripped)."""
    return binascii.b2a_base64(raw, newline=False).translate(_URLSAFE).rstrip(b"=").decode()


def _part(part: object) -> str:
    text = str(part)
    return text if _UNQUOTED.fullmatch(text) else quote(text, safe="")


def _plain(type_name: str, key: tuple[object, ...]) -> str:
    return ":".join([type_name, *map(_part, key)])


def encode_id(type_name: str, *key: object) -> str:
    """The readable global id of the record of `type_name` with natural key `key`."""
    if type_name in OPAQUE_TYPES:
        raise ValueError(f"{type_name} ids are opaque: use opaque_id")
    return _b64(_plain(type_name, key).encode())


def opaque_id(id_key: bytes, type_name: str, *key: object) -> str:
    """The opaque global id of a record of `type_name` with natural key `key`, under `id_key`.

    An import computes one for every personal record it inserts: written out here (one call,
    the parts quoted only when some needs it) rather than through `_plain` and `_b64`."""
    keyed = _KEYED.get(id_key)
    if keyed is None:
        if len(_KEYED) > 8:
            _KEYED.clear()
        made = hmac.new(id_key, digestmod=hashlib.sha256)
        # OpenSSL's HMAC object inside (where there is one) copies in C: three times faster
        # than `hmac.HMAC.copy`, which is Python. Both give the same digests.
        keyed = _KEYED[id_key] = getattr(made, "_hmac", None) or made
    parts = [str(part) for part in key]
    if _UNQUOTED.fullmatch("".join(parts)) is None:  # every part is safe if all together are
        parts = [_part(part) for part in parts]
    mac = keyed.copy()
    mac.update(":".join([type_name, *parts]).encode())
    digest = b2a_base64(mac.digest(), newline=False).translate(_URLSAFE).rstrip(b"=")
    whole = b"".join([type_name.encode(), _MARK, digest])
    return b2a_base64(whole, newline=False).translate(_URLSAFE).rstrip(b"=").decode()


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
