"""How an entity of the standard is read: its columns, natural key, filters and orderings.

Every entity's SQL is described once, here and in `catalog.py`; pages, loaders and
node look-ups are built from these descriptions, so no resolver writes its own SELECT.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, literal, or_, select, true
from sqlalchemy.orm import QueryableAttribute

from hub.errors import BadUserInput

Condition = Callable[[Any], ColumnElement[bool]]
#: A column of a table or of a mapped class, optionally labelled.
Expr = ColumnElement[Any] | QueryableAttribute[Any]


@dataclass(frozen=True)
class Entity:
    """One type of the graph as SQL: labelled columns over a table and its key joins."""

    name: str
    table: Any
    pk: Expr
    columns: tuple[Expr, ...]
    key: tuple[Expr, ...]
    joins: tuple[tuple[Any, ColumnElement[bool]], ...] = ()
    filters: Mapping[str, Condition] = field(default_factory=dict)
    orders: Mapping[str, Expr] = field(default_factory=dict)
    default_order: str = ""
    #: For a type whose natural key is personal, the stored column that holds each record's
    #: opaque global id (see `hub.standard.ids`): its id is read from the row as it is.
    gid: Expr | None = None

    def base(self, *columns: Expr) -> Select[Any]:
        """SELECT of some columns from the entity's table and its key joins."""
        stmt = select(*columns).select_from(self.table)
        for target, onclause in self.joins:
            stmt = stmt.join(target, onclause)
        return stmt

    def select(self) -> Select[Any]:
        """SELECT of every column the graph reads, with `typename` and `pk` first."""
        gid = () if self.gid is None else (self.gid.label("gid"),)
        return self.base(
            literal(self.name).label("typename"), self.pk.label("pk"), *gid, *self.columns
        )


@dataclass(frozen=True)
class Relation:
    """A to-many relationship: the child entity, the parent's key column and extra joins."""

    child: Entity
    parent_key: Expr
    via: tuple[tuple[Any, ColumnElement[bool]], ...] = ()
    order_by: tuple[Expr, ...] = ()
    extra: tuple[Expr, ...] = ()

    def select(self, parent_keys: Any, limit: Any) -> Select[Any]:
        """The children of all `parent_keys`, at most `limit` each, in one statement (either may
        be a bound parameter)."""
        order = (*self.order_by, self.child.pk)
        stmt = self.child.select().add_columns(self.parent_key.label("parent_key"), *self.extra)
        for target, onclause in self.via:
            stmt = stmt.join(target, onclause)
        stmt = stmt.where(self.parent_key.in_(parent_keys))
        if limit is None:
            return stmt.order_by(self.parent_key, *order)
        ranked = stmt.add_columns(
            func.row_number().over(partition_by=self.parent_key, order_by=order).label("rank_")
        ).subquery()
        return (
            select(ranked)
            .where(ranked.c.rank_ <= limit)
            .order_by(ranked.c.parent_key, ranked.c.rank_)
        )


def search(*columns: Expr) -> Condition:
    """A case-insensitive substring match on any of the columns."""

    def condition(text: str) -> ColumnElement[bool]:
        needle = text.strip().lower()
        return or_(*(func.lower(column).contains(needle, autoescape=True) for column in columns))

    return condition


def within(column: Expr) -> Condition:
    """A range filter: `value` has optional `start` and `end` (both inclusive)."""

    def condition(value: Any) -> ColumnElement[bool]:
        parts = []
        for end, compare in (("start", column.__ge__), ("end", column.__le__)):
            bound = getattr(value, end, None)
            if isinstance(bound, datetime) and bound.tzinfo is None:
                raise BadUserInput("BAD_USER_INPUT", "times in a range need a timezone", field=end)
            if bound is not None:
                parts.append(compare(bound))
        return and_(true(), *parts)

    return condition


def one_of(column: Expr) -> Condition:
    """Membership of a column in a list of values."""
    return lambda values: column.in_(list(values))


def linked(column: Expr, ids: Callable[[Any], Select[Any]]) -> Condition:
    """Membership of a foreign key in the ids selected from the filter's values."""
    return lambda values: column.in_(ids(list(values)))
