"""The `source:` section of a mapping file: how to read a CSV or an XML export safely."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

ENCODINGS = {
    "utf-8": "utf-8-sig",
    "utf-8-sig": "utf-8-sig",
    "windows-1252": "cp1252",
    "cp1252": "cp1252",
    "iso-8859-1": "latin-1",
    "latin-1": "latin-1",
    "ascii": "ascii",
}
MIB = 1024 * 1024


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _fill_down_field() -> Any:
    return Field(
        default_factory=list,
        description="Columns in which a blank cell means 'as above' (a unit's serial in cells "
        "merged down over its officers' rows): it takes the last non-blank value above it.",
    )


def fill_down_columns(value: list[str]) -> list[str]:
    """The columns of `fill_down`, each named once."""
    if any(not name.strip() for name in value):
        raise ValueError("fill_down names columns: a name is blank")
    twice = sorted({name for name in value if value.count(name) > 1})
    if twice:
        raise ValueError(f"fill_down names the column {twice[0]!r} twice")
    return value


class Limits(Strict):
    """Caps that refuse a file before it can hurt the hub; the defaults suit real exports."""

    max_file_bytes: int = Field(4 * 1024 * MIB, gt=0, description="Largest file accepted.")
    max_depth: int = Field(64, gt=0, le=250, description="Deepest XML element nesting.")
    max_text_bytes: int = Field(MIB, gt=0, le=10 * MIB, description="Largest XML text node.")
    max_record_elements: int = Field(
        10_000, gt=0, description="Most elements inside one XML record."
    )
    max_group_records: int = Field(
        10_000, gt=0, description="Most XML records nested inside one record."
    )


class CsvSource(Strict):
    """A delimited text export."""

    type: Literal["csv"] = "csv"
    encoding: str = Field(
        "utf-8",
        description="utf-8 (a BOM is skipped), windows-1252, iso-8859-1 or ascii (strict).",
    )
    delimiter: str = Field(",", min_length=1, max_length=1, description="Cell separator.")
    quote: str = Field('"', min_length=1, max_length=1, description="Quote character.")
    skip_rows: int = Field(0, ge=0, description="Rows before the header row (a preamble).")
    headers: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Column name -> other headers meaning that column in some exports.",
    )
    unknown_columns: Literal["ignore", "error"] = Field(
        "ignore", description="Whether a header the mapping does not know refuses the file."
    )
    fill_down: list[str] = _fill_down_field()
    limits: Limits = Field(default_factory=Limits)

    @field_validator("encoding")
    @classmethod
    def _known_encoding(cls, value: str) -> str:
        name = value.strip().lower().replace("_", "-")
        if name not in ENCODINGS:
            raise ValueError(f"encoding must be one of {sorted(ENCODINGS)}")
        return name

    @property
    def codec(self) -> str:
        return ENCODINGS[self.encoding]

    @field_validator("fill_down")
    @classmethod
    def _fill_down(cls, value: list[str]) -> list[str]:
        return fill_down_columns(value)


class XmlSource(Strict):
    """An XML export: records are the elements at `record` (or at each output's own `record`)."""

    type: Literal["xml"] = "xml"
    record: str | None = Field(
        None, description="Element path of a record, such as `//r:unit/r:members/r:member`."
    )
    namespaces: dict[str, str] = Field(
        default_factory=dict, description="Prefix -> namespace URI, for paths and XPaths."
    )
    schema_file: str | None = Field(
        None,
        alias="schema",
        description="XSD (path relative to the mapping file) every file must validate against.",
    )
    keep: list[str] = Field(
        default_factory=list,
        description="Element paths kept in memory for the whole file (sections that later "
        "records refer to by local ids, such as `/roster/people`).",
    )
    limits: Limits = Field(default_factory=Limits)

    @model_validator(mode="before")
    @classmethod
    def _no_fill_down(cls, data: Any) -> Any:
        if isinstance(data, dict) and "fill_down" in data:
            raise ValueError(
                "fill_down is for csv and xlsx sources: an XML export holds a group's value "
                "once, on the element around its records; reach it with `..`"
            )
        return data


class XlsxSource(Strict):
    """An Excel workbook (xlsx): one sheet, a header row, one record per row below it."""

    type: Literal["xlsx"] = "xlsx"
    sheet: str | None = Field(None, description="The sheet's name (default: the first sheet).")
    header_row: int = Field(1, ge=1, description="The row holding the column names.")
    headers: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Column name -> other headers meaning that column in some exports.",
    )
    unknown_columns: Literal["ignore", "error"] = Field(
        "ignore", description="Whether a header the mapping does not know refuses the file."
    )
    fill_down: list[str] = _fill_down_field()
    limits: Limits = Field(default_factory=Limits)

    @field_validator("fill_down")
    @classmethod
    def _fill_down(cls, value: list[str]) -> list[str]:
        return fill_down_columns(value)


Source = Annotated[CsvSource | XmlSource | XlsxSource, Field(discriminator="type")]
