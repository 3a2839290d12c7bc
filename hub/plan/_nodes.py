"""`node` and `nodes` on the compiled path: which records the ids name, as the general path
looks them up (`hub.resolvers.queries.node`).

The statement depends on the types the ids name (one branch per type), so a plan is kept per
set of types (`id_types`); the ids themselves are one JSON parameter of `id_key`s.
"""

from __future__ import annotations

from typing import Any

from hub.plan._model import Decline
from hub.resolvers.catalog import ENTITIES
from hub.standard.ids import InvalidGlobalId, decode_id, is_opaque

#: Arguments of `node` and `nodes` whose variables decide the statement's types.
ID_ARGUMENTS = frozenset({"id", "ids"})
#: More ids than any page holds: the general path refuses them, so none is decoded here.
MAX_IDS = 1000


def id_key(global_id: Any) -> list[str] | None:
    """`[type, key parts...]` of the record an id names, as the general path looks it up (an
    opaque id is its own key), or None when it can name none."""
    if not isinstance(global_id, str):
        return None
    try:
        type_name, key = decode_id(global_id)
    except InvalidGlobalId:
        return None
    entity = ENTITIES.get(type_name)
    if entity is None:
        return None
    if entity.gid is not None:
        return [type_name, global_id] if is_opaque(key) else None
    if len(key) != len(entity.key):
        return None
    return [type_name, *key]


def id_types(value: Any) -> tuple[str, ...]:
    """The types of the catalog the ids (one, or a list) claim, sorted, whether or not their
    keys can name a record: an officer id that names nobody takes the same path as one naming
    an officer the key may not see (the answers must not differ even in their bytes)."""
    ids = value if isinstance(value, list) else [value]
    if len(ids) > MAX_IDS:
        raise Decline("more ids than a page holds")
    found = set()
    for global_id in ids:
        if isinstance(global_id, str):
            try:
                type_name, _ = decode_id(global_id)
            except InvalidGlobalId:
                continue
            if type_name in ENTITIES:
                found.add(type_name)
    return tuple(sorted(found))
