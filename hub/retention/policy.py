"""A retention policy: rules, each erasing one kind of personal data a set time after its end."""

from __future__ import annotations

import hashlib
import tomllib
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from hub.errors import HubError

DEFAULT_POLICY = Path(__file__).with_name("default_policy.toml")


class RuleKind(StrEnum):
    """What a rule erases, and from which date its clock runs."""

    #: Officers' identities on the deployments, planning-unit memberships and bookings of an
    #: operation, from the day the operation ends (bookings: the day they end). Each officer
    #: of the operation is replaced by a stand-in of the same force and rank, with no name and
    #: no service number, so counts, duty-days and costs stay as they were.
    DEPLOYMENT_IDENTITY = "deployment_identity"
    #: Rejected lines of imports (they may quote the source's personal data), from the day
    #: the import finished; the import's counts are kept.
    IMPORT_REJECTS = "import_rejects"


class Rule(BaseModel):
    """One rule of a policy."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    kind: RuleKind
    after_days: int = Field(ge=1, le=36_525)
    description: str = ""


class Policy(BaseModel):
    """A whole policy, with the digest of the file it came from (recorded in the log)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = Field(1, ge=1, le=1)
    rules: list[Rule] = Field(min_length=1)
    source: str = ""
    sha256: str = ""

    @field_validator("rules")
    @classmethod
    def _names_unique(cls, rules: list[Rule]) -> list[Rule]:
        names = [rule.name for rule in rules]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            raise ValueError(f"rule names must be unique: {', '.join(twice)} given twice")
        return rules


def load_policy(path: Path | None = None) -> Policy:
    """The policy in `path` (TOML), or the hub's default; `RETENTION_POLICY_INVALID` naming
    the file and the field when it is not a policy."""
    path = path or DEFAULT_POLICY
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise _invalid(path, f"cannot be read: {error.strerror or error}") from error
    try:
        document = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise _invalid(path, f"is not TOML: {error}") from error
    try:
        policy = Policy.model_validate(document)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "(top)"
        raise _invalid(path, f"field {where}: {first['msg']}", field=where) from error
    return policy.model_copy(
        update={"source": str(path), "sha256": hashlib.sha256(raw).hexdigest()}
    )


def _invalid(path: Path, message: str, field: str | None = None) -> HubError:
    return HubError(
        "RETENTION_POLICY_INVALID", f"retention policy {message}", file=str(path), field=field
    )
