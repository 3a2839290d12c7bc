"""Refusals of EDXL-RM messages: a stable code, the file, and where in it."""

from __future__ import annotations

from hub.errors import HubError


class EdxlError(HubError):
    """A message the hub will not read or apply; nothing of it is written."""

    def __init__(
        self,
        code: str,
        message: str,
        file: str | None = None,
        path: str | None = None,
        *,
        line: int | None = None,
    ) -> None:
        super().__init__(code, message, file=file, path=path, line=line)
        self.file = file
        self.path = path


def located(error: HubError, file: str, path: str) -> EdxlError:
    """A workflow refusal (ILLEGAL_TRANSITION, VERSION_CONFLICT ...) named with its message."""
    if isinstance(error, EdxlError):
        return error
    located_error = EdxlError(error.code, error.message, file, path)
    located_error.location.update(
        {k: v for k, v in error.location.items() if k not in ("file", "path")}
    )
    return located_error
