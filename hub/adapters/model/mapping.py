"""The mapping file's models: a source, lookup and shift tables, and the records to produce.

A field is written in full (`{type: column, column: Rank}`), by its one key (`{column: Rank}`),
or as a bare string: a column name for a CSV source, an XPath for an XML source.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, ValidationInfo, field_validator, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError, ValidationError

from hub.adapters.model.source import Source, Strict

ENTITIES = (
    "force",
    "operation",
    "location",
    "officer",
    "mutual_aid_request",
    "commitment",
    "planning_unit",
    "planning_unit_member",
    "duty_unit",
    "deployment",
    "accommodation_booking",
    "travel_booking",
)
Entity = Literal[
    "force",
    "operation",
    "location",
    "officer",
    "mutual_aid_request",
    "commitment",
    "planning_unit",
    "planning_unit_member",
    "duty_unit",
    "deployment",
    "accommodation_booking",
    "travel_booking",
]
CODE_LISTS = (
    "force",
    "rank",
    "capability",
    "request-status",
    "commitment-status",
    "deployment-status",
    "location-type",
    "travel-mode",
    "booking-status",
    "shift-type",
    "availability-status",
    "resource-unit",
)
#: Entities whose records carry a security marking, by the graph's type name.
MARKABLE_ENTITIES = {
    "operation": "Operation",
    "location": "Location",
    "officer": "Officer",
    "mutual_aid_request": "MutualAidRequest",
    "commitment": "Commitment",
    "planning_unit": "PlanningUnit",
    "duty_unit": "DutyUnit",
    "deployment": "Deployment",
    "accommodation_booking": "AccommodationBooking",
    "travel_booking": "TravelBooking",
}
#: Entities a file may list in full (`snapshot: true`): absent ones are marked withdrawn.
SNAPSHOT_ENTITIES = ("officer",)
# Records a mapping writes per transaction unless it says otherwise. Each commit of SQLite's
# write-ahead log writes every page the transaction changed; a deployment touches pages all
# over its random-order indexes (its opaque id, its officer), so at 5,000 a transaction the
# largest COP26 duty roster (132,000 records) wrote most of those pages 27 times, not 7.
# A transaction of 20,000 holds SQLite's write lock for about a second on two cores.
DEFAULT_BATCH_SIZE = 20_000
KINDS = ("lookup", "column", "xpath", "constant", "template", "item")
TransformItem = str | dict[str, Any]
NAME = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"
ITEM_NAME = r"^[A-Za-z_][A-Za-z0-9_]*$"
CODE = r"^[A-Z][A-Z0-9_]*$"
PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
# entity a record may create provisionally -> the outputs whose references may name one
PROVISIONAL = {
    "officer": ("planning_unit_member", "deployment", "accommodation_booking", "travel_booking"),
    "planning_unit": (
        "planning_unit_member",
        "duty_unit",
        "accommodation_booking",
        "travel_booking",
    ),
}


class _Field(Strict):
    transforms: list[TransformItem] = Field(
        default_factory=list, description="Transforms applied in order to the value."
    )
    default: Any = Field(None, description="Value used when the source value is empty.")

    @field_validator("transforms")
    @classmethod
    def _one_key_each(cls, items: list[TransformItem]) -> list[TransformItem]:
        for item in items:
            if isinstance(item, dict) and len(item) != 1:
                raise ValueError("a transform is a name or a mapping with exactly one key")
        return items


class ColumnField(_Field):
    """The value of a CSV column (by header name, after header aliases)."""

    type: Literal["column"] = "column"
    column: str


class XPathField(_Field):
    """An XPath 1.0 expression evaluated on the XML record element (`..` reaches ancestors)."""

    type: Literal["xpath"] = "xpath"
    xpath: str


class ConstantField(_Field):
    """The same value for every record."""

    type: Literal["constant"] = "constant"
    constant: Any


class TemplateField(_Field):
    """Text with `{column}` (CSV) or `{xpath}` (XML) placeholders filled from the record."""

    type: Literal["template"] = "template"
    template: str


class ItemField(_Field):
    """The current item of one of the output's `repeat`s: its value, or (columns) its header."""

    type: Literal["item"] = "item"
    item: str = Field(pattern=ITEM_NAME)
    part: Literal["value", "header"] = Field(
        "value", description="`header`: the header of the column repeated over (`columns`)."
    )


class LookupField(_Field):
    """A value looked up in one of the mapping's `lookups` tables by a column, XPath or template."""

    type: Literal["lookup"] = "lookup"
    lookup: str
    column: str | None = None
    xpath: str | None = None
    template: str | None = None

    @model_validator(mode="after")
    def _one_key(self) -> LookupField:
        given = [key for key in (self.column, self.xpath, self.template) if key is not None]
        if len(given) != 1:
            raise ValueError("a lookup names exactly one of column, xpath or template as its key")
        return self


def _kind(value: Any) -> str | None:
    if isinstance(value, dict):
        if "type" in value:
            return str(value["type"])
        return next((kind for kind in KINDS if kind in value), None)
    return getattr(value, "type", None)


FieldSpec = Annotated[
    Annotated[ColumnField, Tag("column")]
    | Annotated[XPathField, Tag("xpath")]
    | Annotated[ConstantField, Tag("constant")]
    | Annotated[TemplateField, Tag("template")]
    | Annotated[LookupField, Tag("lookup")]
    | Annotated[ItemField, Tag("item")],
    Discriminator(_kind),
]


class Repeat(Strict):
    """Produce the output once per item: of a list in a cell, of nested elements, of columns.

    Several repeats give every combination (members x shifts); a later one may use the items
    of earlier ones (`$member` in an XPath).
    """

    name: str = Field(alias="as", pattern=ITEM_NAME, description="The item's name.")
    column: str | None = Field(None, description="CSV: the cell to split into items.")
    xpath: str | None = Field(
        None, description="XML: the nodes (or values) to repeat over, from the record element."
    )
    split: str | None = Field(None, min_length=1, description="Separator of items in one text.")
    columns: str | None = Field(
        None, description="CSV: a regular expression; every column whose header matches is an item."
    )

    @model_validator(mode="after")
    def _one_source(self) -> Repeat:
        given = [key for key in (self.column, self.xpath, self.columns) if key is not None]
        if len(given) != 1:
            raise ValueError("a repeat names exactly one of column, xpath or columns")
        if self.columns is not None and self.split is not None:
            raise ValueError("split does not apply to columns")
        return self


class Check(Strict):
    """A rule across fields of one record, with its own reject code."""

    field: str = Field(description="The field checked (after its transforms).")
    code: str = Field(pattern=CODE, description="The reject code when the rule fails.")
    message: str | None = Field(None, description="The reject message, instead of the default.")
    after: str | None = Field(None, description="`field` must be later than this field.")
    not_before: str | None = Field(None, description="`field` must not be earlier than this.")
    pattern: str | None = Field(None, description="`field` must match this regular expression.")
    present: bool | None = Field(None, description="`true`: `field` must have a value.")

    @model_validator(mode="after")
    def _one_rule(self) -> Check:
        given = [rule for rule in (self.after, self.not_before, self.pattern, self.present) if rule]
        if len(given) != 1:
            raise ValueError("a check names exactly one of after, not_before, pattern, present")
        return self


class LookupTable(Strict):
    """A table of source values and what they mean; keys match ignoring case and spaces."""

    values: dict[str, Any]
    default: Any = Field(None, description="Value for a key not in the table (else a reject).")


class Shift(Strict):
    """What a shift code means: its start and end time of day, and its shift type."""

    start: datetime.time
    end: datetime.time
    type: str | None = Field(None, description="A shift type of the standard (DAY, LATE, NIGHT).")


class Output(Strict):
    """One record of the standard to produce from each source record."""

    entity: Entity
    record: str | None = Field(None, description="XML only: element path of this output's records.")
    repeat: list[Repeat] = Field(
        default_factory=list, description="Produce the record once per item (or combination)."
    )
    when: FieldSpec | None = Field(
        None, description="Produce the record only if this is not empty."
    )
    fields: dict[str, FieldSpec]
    checks: list[Check] = Field(
        default_factory=list, description="Rules across the record's fields, each with a code."
    )
    merge: Literal["update", "keep", "fill"] = Field(
        "update",
        description="A record already stored: `update` it with the mapped fields, `keep` it as "
        "it is, or `fill` only the fields it lacks.",
    )
    provisional: list[str] = Field(
        default_factory=list,
        description="Entities (`officer`, `planning_unit`) this output may name though none is "
        "stored: a provisional record holding only the key is created, to be filled in by a "
        "later complete record. A provisional planning unit belongs to the mapping's `force`.",
    )

    snapshot: bool = Field(
        False,
        description="The file is the full list of these records (officers only) of each force "
        "it names: a stored officer of such a force the file does not name is marked "
        "withdrawn (not deleted), and one a later full list names again is reinstated.",
    )

    classification: Literal["OFFICIAL", "OFFICIAL_SENSITIVE"] | None = Field(
        None,
        description="The security marking of the records this output writes: OFFICIAL_SENSITIVE "
        "marks each record the import inserts or updates (OFFICIAL, or nothing, adds no mark).",
    )

    @field_validator("classification")
    @classmethod
    def _markable(cls, value: str | None, info: ValidationInfo) -> str | None:
        entity = info.data.get("entity")
        if value is not None and entity is not None and entity not in MARKABLE_ENTITIES:
            raise ValueError(f"a {entity} record carries no classification of its own")
        return value

    @field_validator("snapshot")
    @classmethod
    def _snapshot_of_officers(cls, value: bool, info: ValidationInfo) -> bool:
        entity = info.data.get("entity")
        if value and entity is not None and entity not in SNAPSHOT_ENTITIES:
            raise ValueError(
                f"a file can be the full list of officers only, not of {entity} records"
            )
        return value

    @field_validator("provisional")
    @classmethod
    def _provisional_refs(cls, value: list[str], info: ValidationInfo) -> list[str]:
        entity = info.data.get("entity")
        for name in value:
            outputs = PROVISIONAL.get(name)
            if outputs is None:
                raise ValueError(
                    f"{name!r} cannot be provisional, only 'officer' and 'planning_unit' "
                    f"can; a {name} must be "
                    "stored (or be in the same file) before a record names it"
                )
            if entity is not None and entity not in outputs:
                raise ValueError(
                    f"a {entity} names no {name}; a provisional {name} may be named by "
                    f"{', '.join(outputs)}"
                )
        return value


class Mapping(Strict):
    """A mapping file: how one export shape becomes records of the standard."""

    adapter: str = Field(pattern=NAME, description="The adapter's name, as `--adapter` takes it.")
    description: str = ""
    force: str | None = Field(None, description="Force whose data the files are, if always one.")
    timezone: str = Field("Europe/London", description="Zone of times written without an offset.")
    batch_size: int = Field(
        DEFAULT_BATCH_SIZE,
        ge=1,
        le=50_000,
        description="Records written per transaction (read and checked 1,000 at most at a time).",
    )
    source: Source
    lookups: dict[str, LookupTable] = Field(default_factory=dict)
    shifts: dict[str, dict[str, Shift]] = Field(default_factory=dict)
    synonyms: dict[str, dict[str, str]] = Field(
        default_factory=dict, description="Code list -> extra names and the codes they mean."
    )
    records: list[Output] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _short_forms(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        kind = "xpath" if _source_type(data) == "xml" else "column"
        lookups = data.get("lookups")
        if isinstance(lookups, dict):
            data["lookups"] = {k: _table(v) for k, v in lookups.items()}
        for output in data.get("records") or ():
            if isinstance(output, dict):
                _expand_output(output, kind)
        return data

    @model_validator(mode="after")
    def _provisional_units_have_a_force(self) -> Mapping:
        for output in self.records:
            if "planning_unit" in output.provisional and self.force is None:
                raise ValueError(
                    f"the {output.entity} output may create provisional planning units, which "
                    "belong to the import's force: give the mapping a `force`"
                )
        return self

    @model_validator(mode="after")
    def _fill_down_columns_are_read(self) -> Mapping:
        wanted = getattr(self.source, "fill_down", [])
        if not wanted:
            return self
        read = set(_columns_read([output.model_dump() for output in self.records]))
        for index, name in enumerate(wanted):
            if name not in read:
                error = PydanticCustomError(
                    "fill_down_column",
                    "fill_down names '{column}', a column the mapping does not read "
                    "(it reads {read})",
                    {"column": name, "read": ", ".join(sorted(read)) or "none"},
                )
                where = ("source", self.source.type, "fill_down", index)
                details = InitErrorDetails(type=error, loc=where, input=name)
                raise ValidationError.from_exception_data("Mapping", [details])
        return self

    @field_validator("synonyms")
    @classmethod
    def _known_lists(cls, value: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        unknown = sorted(set(value) - set(CODE_LISTS))
        if unknown:
            raise ValueError(f"unknown code list {unknown[0]!r}; one of {', '.join(CODE_LISTS)}")
        return value


def _columns_read(data: Any) -> Iterator[str]:
    """The columns a mapping's outputs name: in fields, `when:`, repeats, lookups' keys,
    templates' placeholders and fields inside transforms' options."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "column" and isinstance(value, str):
                yield value
            elif key == "template" and isinstance(value, str):
                found = (name.strip() for name in PLACEHOLDER.findall(value))
                yield from (name for name in found if not name.startswith("$"))
            else:
                yield from _columns_read(value)
    elif isinstance(data, list):
        for item in data:
            yield from _columns_read(item)


def _source_type(data: dict[str, Any]) -> str | None:
    source = data.get("source")
    return source.get("type") if isinstance(source, dict) else None


def _table(value: Any) -> Any:
    if isinstance(value, dict) and "values" not in value:
        return {"values": value}
    return value


def _expand_output(output: dict[str, Any], kind: str) -> None:
    fields = output.get("fields")
    if isinstance(fields, dict):
        output["fields"] = {name: expand_field(spec, kind) for name, spec in fields.items()}
    if "when" in output:
        output["when"] = expand_field(output["when"], kind)
    if isinstance(output.get("repeat"), dict):
        output["repeat"] = [output["repeat"]]


def expand_field(spec: Any, kind: str) -> Any:
    """The full form of a field given as a bare string (a column or an XPath)."""
    if isinstance(spec, str):
        return {kind: spec}
    if isinstance(spec, int | float | bool):
        return {"constant": spec}
    return spec
