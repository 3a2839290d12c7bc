"""Errors of access control and operation limits: a stable code and an HTTP status each."""

from __future__ import annotations

from hub.errors import HubError


class SecurityError(HubError):
    """A request refused by access control or by an operation limit.

    `status` is the HTTP status the refusal is answered with: always for errors raised before
    GraphQL runs (authentication, rate limits, the body), and for errors that stop an
    operation before execution when the client accepts `application/graphql-response+json`.
    """

    def __init__(
        self,
        code: str,
        message: str,
        status: int,
        *,
        headers: dict[str, str] | None = None,
        **location: object,
    ) -> None:
        super().__init__(code, message, **location)
        self.status = status
        self.headers = headers or {}


def forbidden(message: str) -> SecurityError:
    """The principal's role may not do this."""
    return SecurityError("FORBIDDEN", message, 403)


def limit_exceeded(code: str, message: str) -> SecurityError:
    """The operation is over one of the configured limits."""
    return SecurityError(code, message, 400)
