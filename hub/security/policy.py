"""The roles of DESIGN.md section 5, decided in one place.

| role        | reads                        | personal data            | writes                |
|-------------|------------------------------|--------------------------|-----------------------|
| coordinator | all                          | all                      | all, any force ingest |
| partner     | all non-personal             | own force's and received | requester, provider   |
| ingest      | own force's import batches   | none                     | own force's ingest    |
| stakeholder | all non-personal, aggregates | none (masked)            | none                  |

Personal fields that a role may not see keep the schema's shape: the value is null (the
fields are nullable in the standard for this reason) and the response carries a
`FORBIDDEN_FIELD` error at that path.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any

from aiodataloader import DataLoader
from sqlalchemy import Row, select

from hub.security.errors import SecurityError, forbidden
from hub.security.principal import Principal, Role
from hub.security.state import Path, RequestSecurity
from hub.store import models as m

#: Personal fields of each type of the graph, by GraphQL name.
PERSONAL_FIELDS: Mapping[str, frozenset[str]] = {
    "Officer": frozenset({"serviceNumber", "givenName", "familyName"}),
}
MASKED_VALUE = None

_PERSONAL_ROLES = frozenset({Role.COORDINATOR, Role.PARTNER})
_WRITING_ROLES = frozenset({Role.COORDINATOR, Role.PARTNER})
#: The types an ingest key may read: its import batches and the reference data they name.
_INGEST_TYPES = frozenset(
    {
        "Query",
        "ImportBatch",
        "ImportBatchConnection",
        "ImportBatchEdge",
        "ImportReject",
        "PageInfo",
        "Force",
        "Region",
        "Capability",
        "Rank",
    }
)


class WriteAs(StrEnum):
    """On whose behalf a mutation writes: the force that raised a request, or that offers."""

    REQUESTER = "requester"
    PROVIDER = "provider"


def sees_personal_data(principal: Principal) -> bool:
    """Whether the role may see any personal data at all (then a purpose is required)."""
    return principal.role in _PERSONAL_ROLES


def sees_actors(principal: Principal) -> bool:
    """Whether the role sees who took a workflow step (the API key's name), not only the role."""
    return principal.role in _PERSONAL_ROLES


def may_introspect(principal: Principal) -> bool:
    """The standard is open: any key may introspect; anonymous callers may not."""
    return not principal.anonymous


def may_read_audit(principal: Principal) -> bool:
    """Only national coordinators read the audit log."""
    return principal.role is Role.COORDINATOR


def may_read_type(principal: Principal, type_name: str) -> bool:
    """Whether the role may select fields of this type."""
    if principal.role is Role.INGEST:
        return type_name in _INGEST_TYPES or type_name.startswith("__")
    return True


def may_run_mutations(principal: Principal) -> bool:
    """Whether the role may send mutations at all (each mutation checks its force too)."""
    return principal.role in _WRITING_ROLES


def require_write(principal: Principal, write_as: WriteAs, force_code: str) -> None:
    """Refuse with FORBIDDEN unless the principal may write for `force_code` as `write_as`."""
    if principal.role is Role.COORDINATOR:
        return
    if principal.role is Role.PARTNER and principal.force_code == force_code:
        return
    raise forbidden(f"this key may not write as {write_as.value} for another force")


def require_ingest(principal: Principal, force_code: str | None) -> str | None:
    """The force an upload is limited to: an ingest key's own; any (or none) for a coordinator."""
    if principal.role is Role.COORDINATOR:
        return force_code
    if principal.role is Role.INGEST and force_code in (None, principal.force_code):
        return principal.force_code
    if principal.role is Role.INGEST:
        raise forbidden("an ingest key uploads only its own force's data")
    raise forbidden("this key may not upload data")


def scoped_filters(
    principal: Principal, type_name: str, filters: Mapping[str, Any]
) -> dict[str, Any]:
    """A root list's filters narrowed to what the principal may list."""
    scoped = dict(filters)
    if type_name == "ImportBatch" and principal.role is Role.INGEST:
        scoped["forces"] = _within(scoped.get("forces"), principal.force_code)
    if type_name == "Officer" and scoped.get("search") is not None:
        if principal.role is Role.PARTNER:
            scoped["forces"] = _within(scoped.get("forces"), principal.force_code)
        elif principal.role is not Role.COORDINATOR:
            raise SecurityError(
                "FORBIDDEN_FIELD",
                "searching officers matches names and service numbers (personal data)",
                403,
                argument="filter.search",
            )
    return scoped


def _within(codes: Sequence[str] | None, own: str | None) -> list[str]:
    if own is None:
        return []
    return [own] if codes is None or own in codes else []


async def officer_visible(security: RequestSecurity, officer: Row[Any]) -> bool:
    """Whether the principal may see this officer's personal data."""
    principal = security.principal
    if principal.role is Role.COORDINATOR:
        return True
    if principal.role is not Role.PARTNER:
        return False
    if officer.force_id == principal.force_id:
        return True
    received: bool = await _received_loader(security).load(officer.pk)
    return received


async def personal_value(
    security: RequestSecurity, officer: Row[Any], column: str, field_name: str, path: Path
) -> str | None:
    """A personal field's value when the principal may see it; otherwise masked, and noted."""
    if await officer_visible(security, officer):
        security.disclose(f"Officer.{field_name}", officer.pk)
        return str(getattr(officer, column))
    security.mask(path, f"Officer.{field_name}")
    return MASKED_VALUE


async def visible_record(security: RequestSecurity, record: Any) -> Any:
    """A record fetched by id or natural key, or None when it is an officer the principal
    may not see: then it looks exactly like an id that does not exist."""
    if getattr(record, "typename", None) != "Officer":
        return record
    return record if await officer_visible(security, record) else None


def _received_loader(security: RequestSecurity) -> DataLoader[int, bool]:
    loader: DataLoader[int, bool] | None = security.caches.get("received")
    if loader is None:

        async def batch(officer_ids: Sequence[int]) -> list[bool]:
            assert security.run is not None and security.principal.force_id is not None
            rows = await security.run(_received_officers(security.principal.force_id, officer_ids))
            found = {row.officer_id for row in rows}
            return [officer_id in found for officer_id in officer_ids]

        loader = DataLoader(batch, max_batch_size=2_000)
        security.caches["received"] = loader
    return loader


def _received_officers(force_id: int, officer_ids: Sequence[int]) -> Any:
    """Of these officers, those deployed on a duty of a unit committed to the force's requests."""
    d, du, pu, c, r = m.Deployment, m.DutyUnit, m.PlanningUnit, m.Commitment, m.MutualAidRequest
    return (
        select(d.officer_id)
        .distinct()
        .join(du, du.id == d.duty_unit_id)
        .join(pu, pu.id == du.planning_unit_id)
        .join(c, c.id == pu.commitment_id)
        .join(r, r.id == c.request_id)
        .where(r.requesting_force_id == force_id, d.officer_id.in_(list(officer_ids)))
    )
