"""Field types of the record models: text with a length, and codes resolved from code lists.

Code-list fields accept a code, a label or a synonym (from the code list or from the mapping's
`synonyms:`) and keep the code; they need the vocabulary in the validation context.
"""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Callable
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints, ValidationInfo
from pydantic_core import PydanticCustomError

from hub.standard import Vocabulary
from hub.standard._terms import normalise

Resolver = Callable[[Vocabulary, str], str | None]


def _rank(vocabulary: Vocabulary, text: str) -> str | None:
    match = vocabulary.resolve_rank(text)
    return match.code if match else None


RESOLVERS: dict[str, Resolver] = {
    "force": lambda v, t: v.resolve_force(t),
    "rank": _rank,
    "capability": lambda v, t: v.resolve_capability(t),
    "request-status": lambda v, t: v.request_statuses.resolve(t),
    "commitment-status": lambda v, t: v.commitment_statuses.resolve(t),
    "deployment-status": lambda v, t: v.deployment_statuses.resolve(t),
    "location-type": lambda v, t: v.location_types.resolve(t),
    "travel-mode": lambda v, t: v.travel_modes.resolve(t),
    "booking-status": lambda v, t: v.booking_statuses.resolve(t),
    "shift-type": lambda v, t: v.shift_types.resolve(t),
    "availability-status": lambda v, t: v.availability_statuses.resolve(t),
    "resource-unit": lambda v, t: v.resolve_resource_unit(t),
}


def _entries(vocabulary: Vocabulary, list_name: str) -> list[tuple[str, tuple[str, ...]]]:
    """Each code of a list with the words that name it (code, label, synonyms)."""
    if list_name == "force":
        return [(f.code, (f.code, f.name, f.short_name)) for f in vocabulary.forces]
    if list_name == "rank":
        return [(r.code, r.terms) for r in vocabulary.ranks]
    if list_name == "capability":
        return [(c.code, c.terms) for c in vocabulary.capabilities]
    if list_name == "resource-unit":
        return [(u.code, (u.code, u.label)) for u in vocabulary.resource_units]
    attribute = list_name.replace("-", "_") + "es"
    if not hasattr(vocabulary, attribute):
        attribute = list_name.replace("-", "_") + "s"
    codes = getattr(vocabulary, attribute)
    return [(code, codes[code].terms) for code in codes.codes()]


def suggestions(vocabulary: Vocabulary, list_name: str, value: str, most: int = 3) -> list[str]:
    """The codes a name nobody knows may have meant: those whose words contain it or it
    contains, then the closest spellings (`PSU DRV` -> PSU_DRIVER)."""
    wanted = normalise(value)
    if not wanted:
        return []
    entries = _entries(vocabulary, list_name)
    words = {normalise(term): code for code, terms in entries for term in terms}
    found = [
        code
        for term, code in words.items()
        if len(wanted) >= 3 and (wanted in term or (len(term) >= 3 and term in wanted))
    ]
    found += [words[term] for term in difflib.get_close_matches(wanted, list(words), n=most)]
    return list(dict.fromkeys(found))[:most]


def resolve_code(list_name: str, value: Any, context: dict[str, Any] | None) -> str:
    """The code `value` names in the code list, or a PydanticCustomError UNKNOWN_CODE."""
    if not isinstance(value, str) or not value.strip():
        raise PydanticCustomError(
            "INVALID_VALUE", "expected the name or code of a {list}", {"list": list_name}
        )
    context = context or {}
    synonyms: dict[str, dict[str, str]] = context.get("synonyms", {})
    text = synonyms.get(list_name, {}).get(normalise(value), value)
    vocabulary: Vocabulary = context["vocabulary"]
    code = RESOLVERS[list_name](vocabulary, text)
    if code is None:
        close = suggestions(vocabulary, list_name, value)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise PydanticCustomError(
            "UNKNOWN_CODE",
            "'{value}' is no {list} of the standard{hint}: use a code, a label or a synonym "
            "(standards/codelists/), or add the name to the mapping's synonyms",
            {"value": value, "list": list_name, "hint": hint},
        )
    return code


def _code_validator(list_name: str) -> BeforeValidator:
    def validate(value: Any, info: ValidationInfo) -> str:
        return resolve_code(list_name, value, info.context)

    return BeforeValidator(validate)


def _code_list(name: str) -> Any:
    return Field(json_schema_extra={"codeList": name})


def _text(max_length: int) -> StringConstraints:
    return StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length)


ForceCode = Annotated[str, _code_validator("force"), _code_list("force")]
RankCode = Annotated[str, _code_validator("rank"), _code_list("rank")]
CapabilityCode = Annotated[str, _code_validator("capability"), _code_list("capability")]
RequestStatusCode = Annotated[str, _code_validator("request-status"), _code_list("request-status")]
CommitmentStatusCode = Annotated[
    str, _code_validator("commitment-status"), _code_list("commitment-status")
]
DeploymentStatusCode = Annotated[
    str, _code_validator("deployment-status"), _code_list("deployment-status")
]
LocationTypeCode = Annotated[str, _code_validator("location-type"), _code_list("location-type")]
TravelModeCode = Annotated[str, _code_validator("travel-mode"), _code_list("travel-mode")]
AvailabilityStatusCode = Annotated[
    str, _code_validator("availability-status"), _code_list("availability-status")
]
BookingStatusCode = Annotated[str, _code_validator("booking-status"), _code_list("booking-status")]
ShiftTypeCode = Annotated[str, _code_validator("shift-type"), _code_list("shift-type")]
ResourceUnitCode = Annotated[str, _code_validator("resource-unit"), _code_list("resource-unit")]
Text10 = Annotated[str, _text(10)]
Text12 = Annotated[str, _text(12)]
Text40 = Annotated[str, _text(40)]
Text60 = Annotated[str, _text(60)]
Text80 = Annotated[str, _text(80)]
Text120 = Annotated[str, _text(120)]
Text200 = Annotated[str, _text(200)]
Text300 = Annotated[str, _text(300)]


def _aware(value: datetime.datetime, info: ValidationInfo) -> datetime.datetime:
    if value.tzinfo is not None:
        return value
    zone = (info.context or {}).get("timezone") or ZoneInfo("Europe/London")
    return value.replace(tzinfo=zone)


Moment = Annotated[datetime.datetime, AfterValidator(_aware)]
Positive = Annotated[int, Field(gt=0)]
Count = Annotated[int, Field(ge=0)]
