"""A plan: plain frozen data that says how one operation is answered by one SQL statement."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import TextClause

#: The key under which a record lists the personal fields it discloses (never a GraphQL name).
DISCLOSED_KEY = "#disclosed"
BindKind = Literal["text", "page_size", "limit", "representations", "leaf", "cursor", "ids"]
Convert = Literal["text", "date", "search"]


class Decline(Exception):
    """The compiler does not cover this document exactly: the general path answers it."""


@dataclass(frozen=True)
class Leaf:
    """One value of a filter: variable `variable` at `path` within it, or the constant `value`."""

    variable: str | None
    path: tuple[str | int, ...]
    value: object
    scalar: str


@dataclass(frozen=True, slots=True)
class Bind:
    """How one parameter of the statement takes its value from the request.

    `text`: a string argument; `page_size`: a root page's `first` (null: the default page
    size); `limit`: a nested list's `first`; `representations`: `_entities`' keys as JSON.
    The value is the variable `variable` when given, else the document's constant `value`.
    """

    name: str
    kind: BindKind
    variable: str | None = None
    value: object = None
    #: For `representations`: the type they must all name, and whether its ids are stored.
    type_name: str = ""
    stored: bool = False
    key_size: int = 0
    leaf: Leaf | None = None
    convert: Convert = "text"
    order: tuple[str, bool] = ("", False)


@dataclass(frozen=True, slots=True)
class Plan:
    """One operation as one SQL statement returning the response's `data` as JSON text."""

    operation: str | None
    dialect: str
    sql: str
    statement: TextClause
    binds: tuple[Bind, ...]
    #: The statement in the driver's own parameter style, and the parameters in its order.
    driver_sql: str = ""
    positions: tuple[str, ...] = ()
    #: Whether the JSON carries personal fields: each record holding some also carries
    #: `DISCLOSED_KEY` (its id and which fields), taken out for the audit before sending.
    disclosing: bool = False
    #: Whether the statement only looks a few records up by key (each root field one record,
    #: with only to-one relations under it): on SQLite it runs without a thread hand-off.
    light: bool = False

    def explain(self) -> str:
        """The plan as text, like EXPLAIN: the statement, then how each parameter binds."""
        lines = [f"-- compiled read ({self.dialect}) of {self.operation or 'anonymous'}"]
        lines.append(self.sql)
        for bind in self.binds:
            source = f"${bind.variable}" if bind.variable else repr(bind.value)
            if bind.leaf is not None:
                leaf = bind.leaf
                path = "".join(f"[{step!r}]" for step in leaf.path)
                source = f"${leaf.variable}{path}" if leaf.variable else repr(leaf.value)
                source += f" as {bind.convert}"
            lines.append(f"-- :{bind.name} <- {bind.kind} {source}")
        return "\n".join(lines)
