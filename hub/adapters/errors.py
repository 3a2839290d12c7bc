"""The adapters' errors: fatal configuration and source errors, and skippable record errors.

Every error carries a stable `code` (listed in docs/adapters.md) and where it happened.
"""

from __future__ import annotations

from typing import Any

from hub.errors import ConfigurationError, HubError


class MappingError(ConfigurationError):
    """A mapping file (or the adapter named) is wrong: nothing can be imported with it."""

    def __init__(self, code: str, message: str, *, key: str | None = None, **where: Any) -> None:
        super().__init__(code, message, key=key, **where)
        self.key = key


class SourceError(HubError):
    """The file itself cannot be read safely (hostile, malformed, too large): nothing is written."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        line: int | None = None,
        path: str | None = None,
        value: str | None = None,
        offset: int | None = None,
    ) -> None:
        super().__init__(code, message, line=line, path=path, offset=offset)
        self.line = line
        self.path = path
        self.value = value
        self.offset = offset


class RecordError(HubError):
    """One value of one source record is wrong: that record is rejected, the others go on.

    Raise it from a named transform to reject the record with your own code.
    """

    def __init__(
        self, code: str, message: str, *, field: str | None = None, value: Any = None
    ) -> None:
        super().__init__(code, message, field=field)
        self.field = field
        self.value = None if value is None else str(value)
