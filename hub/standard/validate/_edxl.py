"""EDXL-RM 1.0 messages checked against the OASIS XSDs, read safely.

No DTD, entity or network access: a DOCTYPE refuses the file, and the XSDs import only the
local files beside them. The message type is the root element's name in the EDXL-RM message
namespace; its XSD is `EDXL-RM<type>.xsd`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, cast

from lxml import etree

from hub.standard.validate._report import FileError, FileReport, Problem, file_error

MESSAGE_NAMESPACE = "urn:oasis:names:tc:emergency:EDXL:RM:1.0:msg"
MAX_XML_BYTES = 16 * 1024 * 1024
STEP_INDEX = re.compile(r"\[\d+\]$")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@functools.cache
def _schema(path: Path) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(path), _parser()))


def message_types(folder: Path) -> list[str]:
    """The EDXL-RM messages that have an XSD in `folder`, by name."""
    return sorted(path.stem.removeprefix("EDXL-RM") for path in folder.glob("EDXL-RM*.xsd"))


def validate_message(path: Path, shown: str, folder: Path) -> FileReport:
    """One EDXL-RM message file, checked against its message's XSD."""
    report = FileReport(file=shown, kind="xml")
    try:
        document = _read(path, shown)
        report.type = _message_type(document, shown, folder)
    except FileError as error:
        report.error = error.problem
        return report
    schema = _schema(folder / f"EDXL-RM{report.type}.xsd")
    report.read = 1
    if not schema.validate(document):
        errors = cast(Iterable[etree._LogEntry], schema.error_log)
        report.reject([_problem(shown, error) for error in errors])
    return report


def _read(path: Path, shown: str) -> etree._ElementTree:
    if path.stat().st_size > MAX_XML_BYTES:
        raise file_error(shown, None, "FILE_TOO_LARGE", f"larger than {MAX_XML_BYTES} bytes")
    try:
        document = etree.parse(str(path), _parser())
    except etree.XMLSyntaxError as error:
        line = error.position[0] if error.position and error.position[0] else None
        raise file_error(shown, line, "XML_MALFORMED", f"not well-formed: {error.msg}") from None
    if getattr(document.docinfo, "doctype", None):
        message = "the file declares a DOCTYPE (DTDs and entities are refused)"
        raise file_error(shown, 1, "XML_DOCTYPE_FORBIDDEN", message)
    return document


def _message_type(document: etree._ElementTree, shown: str, folder: Path) -> str:
    root = etree.QName(document.getroot())
    known = message_types(folder)
    if root.namespace != MESSAGE_NAMESPACE or root.localname not in known:
        message = (
            f"the root element {root.text} is no EDXL-RM 1.0 message "
            f"({{{MESSAGE_NAMESPACE}}}: {', '.join(known)})"
        )
        raise file_error(shown, _line(document.getroot()), "EDXL_UNKNOWN_MESSAGE", message)
    return root.localname


def _problem(shown: str, error: etree._LogEntry) -> Problem:
    path = error.path or None
    field = STEP_INDEX.sub("", path.rsplit("/", 1)[-1]) if path else None
    return Problem(
        shown, error.line or None, path, field, None, "XML_SCHEMA_INVALID", error.message
    )


def _line(element: Any) -> int | None:
    line = element.sourceline
    return line if isinstance(line, int) else None
