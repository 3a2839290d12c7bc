"""The JSON-building SQL of each database: SQLite's `json_*` and PostgreSQL's `json_build_*`."""

from __future__ import annotations

from dataclasses import dataclass


def quoted(text: str) -> str:
    """A SQL string literal (its colons escaped for SQLAlchemy's `text`)."""
    return "'" + text.replace("'", "''").replace(":", "\\:") + "'"


@dataclass(frozen=True)
class Dialect:
    """How one database builds JSON values; `name` is SQLAlchemy's dialect name."""

    name: str

    @property
    def sqlite(self) -> bool:
        return self.name == "sqlite"

    def obj(self, pairs: list[tuple[str, str]]) -> str:
        """A JSON object of (key, SQL value) pairs, in order."""
        function = "json_object" if self.sqlite else "json_build_object"
        inner = ", ".join(f"{quoted(key)}, {value}" for key, value in pairs)
        return f"{function}({inner})"

    def nested(self, subquery: str) -> str:
        """A scalar subquery that yields JSON text (or NULL), as a JSON value."""
        return f"json(({subquery}))" if self.sqlite else f"({subquery})"

    def array(self, value: str, order: str) -> str:
        """A JSON array of `value` over the rows (in `order`; SQLite keeps its FROM's order)."""
        if self.sqlite:
            return f"json_group_array(json({value}))"
        return f"coalesce(json_agg({value} ORDER BY {order}), '[]'::json)"

    def array_of(self, values: list[str]) -> str:
        """A JSON array of SQL values, in order."""
        function = "json_array" if self.sqlite else "json_build_array"
        return f"{function}({', '.join(values)})"

    def boolean(self, value: str) -> str:
        """A SQL boolean (SQLite: 0 or 1) as a JSON boolean."""
        if self.sqlite:
            truth = f"WHEN {value} THEN 'true' ELSE 'false'"
            return f"json(CASE WHEN {value} IS NULL THEN NULL {truth} END)"
        return value

    def literal(self, json_text: str) -> str:
        """A constant JSON value."""
        return f"json({quoted(json_text)})" if self.sqlite else f"{quoted(json_text)}::json"

    def text_param(self, name: str) -> str:
        return f"CAST(:{name} AS TEXT)"

    def value_param(self, name: str, convert: str) -> str:
        """A filter value's parameter: a date (ISO text on SQLite), else text."""
        if convert == "date" and not self.sqlite:
            return f"CAST(:{name} AS DATE)"
        return self.text_param(name)

    def int_param(self, name: str) -> str:
        return f"CAST(:{name} AS INTEGER)"

    def no_limit(self) -> str:
        """A LIMIT that keeps every row (SQLite orders an aggregate's input only under one)."""
        return "LIMIT -1" if self.sqlite else ""
