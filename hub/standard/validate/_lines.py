"""A text file's lines, read safely: each decoded strictly as UTF-8, none over a cap.

A BOM at the start is skipped; a NUL byte (a binary or UTF-16 file) or bytes that are not
UTF-8 refuse the file with the line and byte, and so does a line over `MAX_LINE_BYTES` (a
file without line breaks is never read whole).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from hub.standard.validate._report import file_error

BOM = b"\xef\xbb\xbf"
MAX_LINE_BYTES = 1024 * 1024


def text_lines(path: Path, shown: str) -> Iterator[tuple[int, str]]:
    """Each line of the file with its number, line ending kept."""
    with path.open("rb") as stream:
        number = 0
        while raw := stream.readline(MAX_LINE_BYTES + 1):
            number += 1
            if len(raw) > MAX_LINE_BYTES:
                message = f"a line over {MAX_LINE_BYTES} bytes"
                raise file_error(shown, number, "LINE_TOO_LONG", message)
            yield number, _decode(raw.removeprefix(BOM) if number == 1 else raw, shown, number)


def _decode(data: bytes, shown: str, number: int) -> str:
    if b"\0" in data:
        at = data.index(b"\0") + 1
        message = f"a NUL byte (byte {at} of the line): a binary or UTF-16 file"
        raise file_error(shown, number, "NUL_BYTE", message)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        message = f"not UTF-8 (byte {error.start + 1} of the line)"
        raise file_error(shown, number, "ENCODING_ERROR", message) from None
