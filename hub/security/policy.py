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
from hub.standard.ids import encode_id
from hub.store import models as m

#: Personal fields of each type of the graph, by GraphQL name. A reject's value and message
#: are personal when the field rejected is (`reject_is_personal`).
PERSONAL_FIELDS: Mapping[str, frozenset[str]] = {
    "Officer": frozenset({"serviceNumber", "givenName", "familyName"}),
    "ImportReject": frozenset({"value", "message"}),
}
MASKED_VALUE = None
#: Filters that match personal fields, by type: asking them is asking for personal data.
PERSONAL_FILTERS: Mapping[str, frozenset[str]] = {"Officer": frozenset({"search"})}
#: Orderings that sort by a personal field, by type: the field each sorts by. The order of a
#: list tells how its records sort by that field, so it is the field's to allow.
PERSONAL_ORDERS: Mapping[str, Mapping[str, str]] = {
    "Officer": {"SERVICE_NUMBER": "serviceNumber", "FAMILY_NAME": "familyName"}
}
#: Fields of the standard (as rejects name them) that hold personal data or quote it.
PERSONAL_SOURCE_FIELDS = frozenset({"service_number", "given_name", "family_name", "holder_key"})
#: Rejects whose message may quote a stored value whatever the field (the database's words).
QUOTING_CODES = frozenset({"DB_CONSTRAINT"})
WITHHELD_MESSAGE = "withheld: the message quotes personal data"

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
    security: RequestSecurity,
    type_name: str,
    filters: Mapping[str, Any],
    order: str | None = None,
) -> dict[str, Any]:
    """A root list's filters narrowed to what the principal may list, in `order` (the name
    of one of the type's orderings; None: its default).

    A filter over personal fields (an officer search) is itself a consultation of personal
    data: refused to roles that see none, and otherwise it needs a purpose and is audited
    (`disclose_matches` notes the records it found). An ordering by a personal field is
    refused to roles that see none, and narrows a partner's list to its own force."""
    principal = security.principal
    scoped = dict(filters)
    if type_name == "ImportBatch" and principal.role is Role.INGEST:
        scoped["forces"] = _within(scoped.get("forces"), principal.force_code)
    sorted_by = PERSONAL_ORDERS.get(type_name, {}).get(order or "")
    if sorted_by is not None:
        if not sees_personal_data(principal):
            raise SecurityError(
                "FORBIDDEN_FIELD",
                f"sorting officers by {sorted_by} would tell how their {sorted_by}s sort "
                "(personal data): sort by ID or RANK",
                403,
                argument="orderBy.field",
            )
        if principal.role is Role.PARTNER:
            scoped["forces"] = _within(scoped.get("forces"), principal.force_code)
    personal = sorted(PERSONAL_FILTERS.get(type_name, frozenset()) & scoped.keys())
    if personal:
        argument = f"filter.{personal[0]}"
        if not sees_personal_data(principal):
            raise SecurityError(
                "FORBIDDEN_FIELD",
                "searching officers matches names and service numbers (personal data)",
                403,
                argument=argument,
            )
        if not security.purpose:
            raise SecurityError(
                "PURPOSE_REQUIRED",
                "searching officers matches names and service numbers (personal data): "
                "say why in the X-Purpose header",
                400,
                argument=argument,
            )
        security.personal_requested = True
        security.disclosed_fields.add(f"{type_name}.{argument}")
        security.caches["personal_search"] = True
        if principal.role is Role.PARTNER:
            scoped["forces"] = _within(scoped.get("forces"), principal.force_code)
    return scoped


def disclose_matches(security: RequestSecurity, rows: Sequence[Any]) -> None:
    """After a personal search: note the records it found (the page) for the audit log."""
    if security.caches.get("personal_search"):
        for row in rows:
            security.disclosed_records.add(str(row.gid))


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
        security.disclose(f"Officer.{field_name}", str(officer.gid))
        value = getattr(officer, column)
        return None if value is None else str(value)  # a provisional officer has no names yet
    security.mask(path, f"Officer.{field_name}")
    return MASKED_VALUE


async def visible_record(security: RequestSecurity, record: Any) -> Any:
    """A record fetched by id or natural key, or None when it is an officer the principal
    may not see: then it looks exactly like an id that does not exist."""
    if getattr(record, "typename", None) != "Officer":
        return record
    return record if await officer_visible(security, record) else None


def reject_is_personal(reject: Any) -> bool:
    """Whether a reject's value (and maybe its message) may be personal data: the field is a
    personal one, or none (the value is then a whole record's key)."""
    field = reject.field
    if field is None:
        return reject.value is not None or reject.code in QUOTING_CODES
    names = [part for part in str(field).split(".") if not part.isdigit()]
    return bool(names) and names[-1] in PERSONAL_SOURCE_FIELDS


def may_see_force_personal(principal: Principal, force_id: int | None) -> bool:
    """Whether the principal may see personal data of the force (its own, or any)."""
    if principal.role is Role.COORDINATOR:
        return True
    return principal.role is Role.PARTNER and force_id == principal.force_id


def reject_value(security: RequestSecurity, batch: Any, reject: Any, path: Path) -> str | None:
    """A reject's value as the principal may read it: a personal one of a force the principal
    may not see is withheld (null, noted like a masked field); one it may see is disclosed."""
    value: str | None = reject.value
    if value is None or not reject_is_personal(reject):
        return value
    if may_see_force_personal(security.principal, batch.force_id):
        security.disclose("ImportReject.value", encode_id("ImportBatch", batch.uid))
        return value
    security.mask(path, "ImportReject.value")
    return MASKED_VALUE


def reject_message(security: RequestSecurity, batch: Any, reject: Any) -> str:
    """A reject's message as the principal may read it: withheld when it quotes a personal
    value of a force the principal may not see."""
    message: str = reject.message
    if not reject_is_personal(reject):
        return message
    if may_see_force_personal(security.principal, batch.force_id):
        security.disclose("ImportReject.message", encode_id("ImportBatch", batch.uid))
        return message
    value = reject.value
    quoted = reject.code in QUOTING_CODES or (value is not None and str(value) in message)
    return WITHHELD_MESSAGE if quoted else message


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
