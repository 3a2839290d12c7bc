"""A source record as a reader hands it over: where it is, and its data (cells or element)."""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hub.adapters.errors import SourceError

CHUNK = 1024 * 1024
#: What a check calls now and then (every `PACE_RECORDS` records): it may wait there, so that
#: a check made ahead of time takes turns with other work (`hub.adapters.reader.Inbox`).
Pace = Callable[[], None]
PACE_RECORDS = 200


def drain(records: Iterable[Any], pace: Pace | None = None) -> None:
    """Read `records` to their end (a check: its faults are raised), calling `pace` now and then."""
    if pace is None:
        for _ in records:
            pass
        return
    for count, _ in enumerate(records, 1):
        if count % PACE_RECORDS == 0:
            pace()


@dataclass(slots=True)
class RawRecord:
    """One record of a source file.

    `data` is a dict of cells (CSV) or the record's element (XML, valid only until the reader
    moves on). `outputs` lists the mapping outputs an XML record feeds (None: all of them);
    `cut_ok` is False while the record sits inside another record, so both land in one batch.
    `error` is set when the record could not even be split into fields: (code, message, value).
    """

    line: int | None
    path: str | None
    data: Any
    outputs: tuple[int, ...] | None = None
    cut_ok: bool = True
    error: tuple[str, str, str | None] | None = None


def scan_bytes(path: Path, max_bytes: int, codec: str | None = None) -> str:
    """The SHA-256 of the file, after checking its size and, for text, NUL bytes and encoding."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder(codec)("strict") if codec else None
    offset = lines = 0
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            if offset + len(chunk) > max_bytes:
                raise SourceError(
                    "FILE_TOO_LARGE", f"the file is larger than the cap of {max_bytes} bytes"
                )
            digest.update(chunk)
            if decoder is not None:
                _check_text(chunk, decoder, offset, lines, codec or "")
                lines += chunk.count(b"\n")
            offset += len(chunk)
        if decoder is not None:
            _decode(decoder, b"", offset, lines, codec or "", final=True)
    return digest.hexdigest()


def _check_text(chunk: bytes, decoder: Any, offset: int, lines: int, codec: str) -> None:
    nul = chunk.find(b"\x00")
    if nul >= 0:
        line = lines + chunk.count(b"\n", 0, nul) + 1
        raise SourceError(
            "NUL_BYTE",
            f"the file holds a NUL byte at byte {offset + nul} (a binary or UTF-16 file?)",
            line=line,
            offset=offset + nul,
        )
    _decode(decoder, chunk, offset, lines, codec, final=False)


def _decode(
    decoder: Any, chunk: bytes, offset: int, lines: int, codec: str, *, final: bool
) -> None:
    pending = len(decoder.getstate()[0])
    try:
        decoder.decode(chunk, final)
    except UnicodeDecodeError as error:
        position = offset + error.start - pending
        line = lines + chunk.count(b"\n", 0, max(error.start - pending, 0)) + 1
        raise SourceError(
            "ENCODING_ERROR",
            f"bytes at {position} are not valid {codec}: declare the file's encoding",
            line=line,
            offset=position,
            value=error.object[error.start : error.end].hex(),
        ) from None
