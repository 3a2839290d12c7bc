"""API keys: random, shown once, stored as their SHA-256; create, list, revoke, authenticate."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from hub.errors import HubError
from hub.security.documents import allowed_hash
from hub.security.principal import FORCE_SCOPED, Principal, Role
from hub.store.models import ApiKey, Force
from hub.store.types import utcnow

KEY_PREFIX = "hub_"
PREFIX_LENGTH = 12


@dataclass(frozen=True, slots=True)
class KeyInfo:
    """What `hub keys list` shows of a key: never the key itself."""

    id: int
    prefix: str
    name: str
    role: str
    force: str | None
    restricted: bool
    created_at: datetime
    revoked_at: datetime | None


def hash_key(key: str) -> str:
    """The stored form of a key."""
    return hashlib.sha256(key.encode()).hexdigest()


def _role(role: str, force: str | None) -> Role:
    try:
        parsed = Role(role)
    except ValueError as error:
        roles = ", ".join(member.value for member in Role)
        raise HubError("UNKNOWN_ROLE", f"role must be one of {roles}", role=role) from error
    if parsed in FORCE_SCOPED and not force:
        raise HubError("FORCE_REQUIRED", f"a {role} key must name its force", role=role)
    if parsed not in FORCE_SCOPED and force:
        raise HubError("FORCE_NOT_APPLICABLE", f"a {role} key is not tied to a force", role=role)
    return parsed


async def _force_id(connection: AsyncConnection, force: str | None) -> int | None:
    if force is None:
        return None
    found = await connection.scalar(select(Force.id).where(Force.code == force))
    if found is None:
        raise HubError("UNKNOWN_FORCE", "no force has this code", force=force)
    return int(found)


async def create_api_key(
    engine: AsyncEngine,
    *,
    role: str,
    name: str,
    force: str | None = None,
    allowed_operations: Sequence[str] | None = None,
) -> str:
    """Create a key and return it in plain text: the only time it is ever shown."""
    parsed = _role(role, force)
    allowed = None if allowed_operations is None else sorted(map(allowed_hash, allowed_operations))
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    async with engine.begin() as connection:
        await connection.execute(
            insert(ApiKey).values(
                prefix=key[:PREFIX_LENGTH],
                key_hash=hash_key(key),
                name=name,
                role=parsed.value,
                force_id=await _force_id(connection, force),
                allowed_operations=allowed,
                created_at=utcnow(),
            )
        )
    return key


async def list_keys(engine: AsyncEngine) -> list[KeyInfo]:
    """Every key ever issued, oldest first, revoked ones included."""
    stmt = (
        select(ApiKey, Force.code).outerjoin(Force, Force.id == ApiKey.force_id).order_by(ApiKey.id)
    )
    async with engine.connect() as connection:
        rows = (await connection.execute(stmt)).all()
    return [
        KeyInfo(
            id=row.id,
            prefix=row.prefix,
            name=row.name,
            role=row.role,
            force=row.code,
            restricted=row.allowed_operations is not None,
            created_at=row.created_at,
            revoked_at=row.revoked_at,
        )
        for row in rows
    ]


async def revoke_key(engine: AsyncEngine, key: str) -> int:
    """Revoke the key with this id or prefix; the number of keys revoked (0 or 1)."""
    column = ApiKey.id if key.isdigit() else ApiKey.prefix
    value: int | str = int(key) if key.isdigit() else key
    stmt = (
        update(ApiKey)
        .where(column == value, ApiKey.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    async with engine.begin() as connection:
        result = await connection.execute(stmt)
    return int(result.rowcount)


async def authenticate(connection: AsyncConnection, key: str) -> Principal | None:
    """The principal of a presented key, or None when it is unknown or revoked."""
    if not key.startswith(KEY_PREFIX) or len(key) > 200:
        return None
    stmt = (
        select(ApiKey, Force.code.label("force_code"))
        .outerjoin(Force, Force.id == ApiKey.force_id)
        .where(ApiKey.key_hash == hash_key(key), ApiKey.revoked_at.is_(None))
    )
    row = (await connection.execute(stmt)).first()
    if row is None:
        return None
    allowed = row.allowed_operations
    return Principal(
        key_id=row.id,
        name=row.name,
        role=Role(row.role),
        force_code=row.force_code,
        force_id=row.force_id,
        allowed_operations=None if allowed is None else frozenset(allowed),
    )
