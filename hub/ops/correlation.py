"""The correlation id of the work in hand: the trace id when the request is traced (or its
caller's trace id, when the caller sent one), else a random id of the same form.

It is returned in errors (`extensions.correlationId`), written in every log line, and stored
as the audit record's `request_id`, so one id finds a request everywhere.
"""

from __future__ import annotations

import random
from contextvars import ContextVar

from opentelemetry import trace

_current: ContextVar[str | None] = ContextVar("hub_correlation_id", default=None)
_inherited: ContextVar[str | None] = ContextVar("hub_inherited_trace_id", default=None)


def inherit(trace_id: str) -> None:
    """The caller's trace id (32 hex digits) for a request the hub does not trace."""
    _inherited.set(trace_id)


def begin() -> str:
    """Start the correlation id of a request (or an import) and return it."""
    context = trace.get_current_span().get_span_context()
    if context.is_valid:
        value = trace.format_trace_id(context.trace_id)
    else:
        # Not a secret: a pseudo-random id is as unique and, unlike os.urandom, does not let
        # go of the interpreter lock (a wait behind aiosqlite's threads on every request).
        value = _inherited.get() or f"{random.getrandbits(128):032x}"
    _current.set(value)
    return value


def current() -> str | None:
    """The correlation id of the work in hand, if one was begun."""
    return _current.get()
