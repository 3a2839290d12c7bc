"""Structured logs: one JSON object a line, with the correlation id of the work in hand.

A line holds the time, level, logger, message, correlation id, and the fields the hub passes
in `extra` that `FIELDS` names (key id, role, operation name, outcome, duration...); nothing
else a caller passes is written. An exception is written as its type and stack (file, line,
function), never its message: messages of database drivers and validators quote the values
they were given, and values can be personal data.
"""

from __future__ import annotations

import contextlib
import logging
import logging.config
import os
import sys
import traceback
from datetime import UTC, datetime
from typing import Any, TextIO

import orjson

from hub.config import Settings
from hub.ops import correlation

#: The `extra` fields a log line may carry (all of them counts, codes, names of things).
FIELDS = (
    "key_id",
    "role",
    "force",
    "operation",
    "operation_type",
    "outcome",
    "path",
    "status",
    "duration_ms",
    "statements",
    "adapter",
    "batch",
    "file_status",
    "read",
    "written",
    "rejected",
)


#: ".000+00:00" to ".999+00:00": a line's milliseconds and time zone, after its second.
_MILLISECONDS = tuple(f".{ms:03d}+00:00" for ms in range(1000))


class JsonFormatter(logging.Formatter):
    """Formats a record as one line of JSON."""

    def __init__(self) -> None:
        super().__init__()
        self._second = -1
        self._second_text = ""

    def timestamp(self, created: float) -> str:
        """ISO 8601 in UTC to the millisecond; the text up to the second made once a second
        (datetime's `isoformat` cost a tenth of a request's line)."""
        second = int(created)
        if second != self._second:
            self._second = second
            self._second_text = datetime.fromtimestamp(second, UTC).strftime("%Y-%m-%dT%H:%M:%S")
        return self._second_text + _MILLISECONDS[int((created - second) * 1000)]

    def format(self, record: logging.LogRecord) -> str:
        fields = record.__dict__
        line: dict[str, Any] = {
            "time": self.timestamp(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "correlation_id": fields.get("correlation_id") or correlation.current(),
        }
        for name in FIELDS:
            if name in fields:
                value = fields[name]
                if value is not None:
                    line[name] = value
        if record.exc_info and record.exc_info[0] is not None:
            kind, _error, trace = record.exc_info
            line["exception"] = kind.__qualname__
            line["stack"] = [
                f"{frame.filename}:{frame.lineno} in {frame.name}"
                for frame in traceback.extract_tb(trace)
            ]
        # orjson: a fifth of the time of json.dumps, on a line written for every request.
        return orjson.dumps(line, default=str).decode()


class LineHandler(logging.Handler):
    """Writes each record, formatted once, as one line to stderr and/or a file: to the file with
    one `write` (O_APPEND, so the lines of several workers never mix), unbuffered.

    The file is opened again when it was moved or removed (logrotate), which is looked at no
    more than once a second, not for every line.
    """

    def __init__(self, filename: str | None = None, stderr: bool = False) -> None:
        super().__init__()
        self.stream: TextIO | None = sys.stderr if stderr else None
        self.stderr_fd = -1
        if self.stream is not None:
            with contextlib.suppress(OSError, ValueError, AttributeError):
                self.stream.flush()
                self.stderr_fd = self.stream.fileno()  # a real stream: written to directly
        self.filename = filename
        self.fd = -1
        self.checked = 0.0
        if filename is not None:
            self._open()

    def _open(self) -> None:
        assert self.filename is not None
        self.fd = os.open(self.filename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        self.identity = _identity(os.fstat(self.fd))

    def _reopen_if_moved(self, now: float) -> None:
        self.checked = now
        assert self.filename is not None
        try:
            moved = _identity(os.stat(self.filename)) != self.identity
        except FileNotFoundError:
            moved = True
        if moved:
            os.close(self.fd)
            self._open()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record) + "\n"
            data = line.encode()
            if self.stderr_fd >= 0:
                _write(self.stderr_fd, data)
            elif self.stream is not None:
                self.stream.write(line)
                self.stream.flush()
            if self.fd >= 0:
                if record.created - self.checked >= 1.0:
                    self._reopen_if_moved(record.created)
                _write(self.fd, data)
        except Exception:
            self.handleError(record)

    def close(self) -> None:
        with self.lock:  # type: ignore[union-attr]
            if self.fd >= 0:
                os.close(self.fd)
                self.fd = -1
        super().close()


def _write(fd: int, data: bytes) -> None:
    while data:
        data = data[os.write(fd, data) :]


def lean_records() -> None:
    """Log records leave out the thread's and process's names and ids, which no line of the
    hub shows (the logging HOWTO's advice for speed; a few microseconds a record)."""
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False


def _identity(stat: os.stat_result) -> tuple[int, int]:
    return stat.st_dev, stat.st_ino


def log_config(settings: Settings, stderr: bool = True) -> dict[str, Any]:
    """A `logging.config.dictConfig` for the hub and uvicorn: every line on stderr (unless
    `stderr` is false), and in `settings.log_file` when set (always JSON there). JSON lines
    for both are formatted once and written by one handler."""
    text = "%(asctime)s %(levelname)s %(name)s: %(message)s"
    handlers: dict[str, Any] = {}
    lines: dict[str, Any] = {"()": f"{__name__}.LineHandler", "formatter": "json"}
    if stderr and settings.log_format == "text":
        handlers["stderr"] = {
            "class": "logging.StreamHandler",
            "formatter": "text",
            "stream": "ext://sys.stderr",
        }
    elif stderr:
        lines["stderr"] = True
    if settings.log_file is not None:
        settings.log_file.parent.mkdir(parents=True, exist_ok=True)
        lines["filename"] = str(settings.log_file)
    if "stderr" in lines or "filename" in lines:
        handlers["lines"] = lines
    # uvicorn's loggers hand their lines to the root's handlers, so they are formatted alike.
    uvicorn = {"handlers": [], "propagate": True}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {"()": f"{__name__}.JsonFormatter"},
            "text": {"format": text},
        },
        "handlers": handlers,
        "loggers": {
            "uvicorn": uvicorn,
            "uvicorn.error": uvicorn,
            "uvicorn.access": uvicorn,
            "alembic": {"level": "WARNING"},  # its plugins announce themselves at INFO
        },
        "root": {"handlers": list(handlers), "level": settings.log_level},
    }


def configure_logging(settings: Settings) -> None:
    """Commands other than `hub serve`: their log lines to `settings.log_file` only (their
    output on the terminal stays as it is)."""
    logging.config.dictConfig(log_config(settings, stderr=False))
