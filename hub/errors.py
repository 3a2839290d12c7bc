"""The hub's errors: one root, a stable code each, and where the problem is."""

from __future__ import annotations

from typing import Any


class HubError(Exception):
    """An error a person can act on: a stable `code`, a message and, where known, a place."""

    def __init__(self, code: str, message: str, **location: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.location = {key: value for key, value in location.items() if value is not None}

    def extensions(self) -> dict[str, Any]:
        """What a GraphQL error carries under `extensions`."""
        return {"code": self.code, **self.location}

    def __str__(self) -> str:
        place = ", ".join(f"{key} {value}" for key, value in self.location.items())
        return f"{self.code}: {self.message}" + (f" ({place})" if place else "")


class BadUserInput(HubError):
    """A query or its variables ask for something that cannot be: a bad id, cursor or range."""


class ConfigurationError(HubError):
    """The hub or an adapter is configured wrongly; nothing can run until it is fixed."""
