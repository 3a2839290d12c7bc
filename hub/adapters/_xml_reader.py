"""Reading XML exports safely and in constant memory.

No DTD, entity or network access ever; a DOCTYPE refuses the file. Records are found by simple
element paths while streaming; each record is cleared once mapped, and so is every element
that held records, so memory stays flat however long the file is.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from hub.adapters._errors import SourceError
from hub.adapters._raw import RawRecord
from hub.adapters._source_models import Limits, XmlSource

DONE = "{urn:mutual-aid-hub:adapters}done"


@dataclass(frozen=True, slots=True)
class RecordPath:
    """A record selector: element names from the root (`/a/b`) or from anywhere (`//b`, `b`)."""

    steps: tuple[str, ...]
    anchored: bool

    def matches(self, stack: Sequence[str]) -> bool:
        if len(stack) < len(self.steps) or (self.anchored and len(stack) != len(self.steps)):
            return False
        tail = stack[len(stack) - len(self.steps) :]
        return all(step in ("*", tag) for step, tag in zip(self.steps, tail, strict=True))


def record_path(text: str, namespaces: dict[str, str]) -> RecordPath:
    """Compile `//r:unit/r:member` into Clark-notation steps, or raise ValueError."""
    anchored = text.startswith("/") and not text.startswith("//")
    parts = [part for part in text.strip("/").split("/") if part]
    if not parts:
        raise ValueError("an element path names at least one element")
    return RecordPath(tuple(_clark(part, namespaces) for part in parts), anchored)


def _clark(step: str, namespaces: dict[str, str]) -> str:
    if step == "*" or step.startswith("{"):
        return step
    if not all(char.isalnum() or char in "-_.:" for char in step):
        raise ValueError(f"{step!r} is not an element name (paths here are names only)")
    prefix, _, local = step.rpartition(":")
    if not prefix:
        return local
    if prefix not in namespaces:
        raise ValueError(f"the prefix {prefix!r} is not declared under source.namespaces")
    return f"{{{namespaces[prefix]}}}{local}"


@dataclass(slots=True)
class _Frame:
    tag: str
    record: tuple[int, ...]
    children: dict[str, int] = field(default_factory=dict)
    held_records: bool = False
    position: int = 1


def check_xml(
    path: Path, source: XmlSource, paths: Sequence[RecordPath], schema: etree.XMLSchema | None
) -> None:
    """Parse the whole file once (validating it if a schema is given) before writing anything."""
    for _ in _records(path, source, paths, schema):
        pass


def read_xml(path: Path, source: XmlSource, paths: Sequence[RecordPath]) -> Iterator[RawRecord]:
    """The records: elements whose path matches one of `paths` (index = output index)."""
    return _records(path, source, paths, None)


def _records(
    path: Path,
    source: XmlSource,
    paths: Sequence[RecordPath],
    schema: etree.XMLSchema | None,
) -> Iterator[RawRecord]:
    with path.open("rb") as stream:
        yield from _stream(stream, source, paths, schema)


def _stream(
    stream: Any,
    source: XmlSource,
    paths: Sequence[RecordPath],
    schema: etree.XMLSchema | None,
) -> Iterator[RawRecord]:
    names = {uri: prefix for prefix, uri in source.namespaces.items()}
    events = _parse(stream, schema)
    stack: list[_Frame] = []
    open_records = grouped = 0
    try:
        for event, element in events:
            if event == "start":
                _start(element, stack, paths, source.limits)
                open_records += bool(stack[-1].record)
                continue
            frame = stack.pop()
            _check_text(element, source.limits)
            if frame.record:
                open_records -= 1
                grouped = grouped + 1 if open_records else 0
                if grouped > source.limits.max_group_records:
                    raise SourceError(
                        "XML_GROUP_TOO_LARGE",
                        f"more than {source.limits.max_group_records} records inside one record",
                        line=element.sourceline,
                    )
                _check_record(element, source.limits, stack, frame, names)
                yield RawRecord(
                    element.sourceline,
                    _path(stack, frame, names),
                    element,
                    outputs=frame.record,
                    cut_ok=open_records == 0,
                )
            if frame.record or frame.held_records:
                if stack:
                    stack[-1].held_records = True
                _release(element)
    except etree.XMLSyntaxError as error:
        raise _syntax_error(error, schema is not None) from None


def _parse(stream: Any, schema: etree.XMLSchema | None) -> Iterator[tuple[str, Any]]:
    return etree.iterparse(  # type: ignore[no-any-return, call-overload]
        stream,
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        schema=schema,
    )


def _start(element: Any, stack: list[_Frame], paths: Sequence[RecordPath], limits: Limits) -> None:
    if not stack and element.getroottree().docinfo.doctype:
        raise SourceError(
            "XML_DOCTYPE_FORBIDDEN",
            "the file declares a DOCTYPE (DTDs and entities are refused)",
            line=element.sourceline,
        )
    if len(stack) >= limits.max_depth:
        message = f"elements are nested deeper than {limits.max_depth}"
        raise SourceError("XML_TOO_DEEP", message, line=element.sourceline)
    tag = element.tag if isinstance(element.tag, str) else ""
    position = 1
    if stack:
        counts = stack[-1].children
        position = counts[tag] = counts.get(tag, 0) + 1
    tags = [frame.tag for frame in stack] + [tag]
    record = tuple(index for index, path in enumerate(paths) if path.matches(tags))
    stack.append(_Frame(tag, record, position=position))


def _check_text(element: Any, limits: Limits) -> None:
    for text in (element.text, element.tail):
        if text is not None and len(text) > limits.max_text_bytes:
            raise SourceError(
                "XML_TEXT_TOO_LARGE",
                f"a text node is longer than {limits.max_text_bytes} characters",
                line=element.sourceline,
            )


def _check_record(
    element: Any, limits: Limits, stack: list[_Frame], frame: _Frame, names: dict[str, str]
) -> None:
    size = sum(1 for _ in element.iter())
    if size > limits.max_record_elements:
        raise SourceError(
            "XML_RECORD_TOO_LARGE",
            f"a record holds more than {limits.max_record_elements} elements",
            line=element.sourceline,
            path=_path(stack, frame, names),
        )


def _release(element: Any) -> None:
    """Free a finished record (or holder of records) and earlier finished siblings."""
    element.clear(keep_tail=True)
    element.set(DONE, "")
    parent = element.getparent()
    previous = element.getprevious()
    while parent is not None and previous is not None and previous.get(DONE) is not None:
        before = previous.getprevious()
        parent.remove(previous)
        previous = before


def _path(stack: Sequence[_Frame], frame: _Frame, names: dict[str, str]) -> str:
    steps = [*stack, frame]
    return "".join(f"/{_qname(step.tag, names)}[{step.position}]" for step in steps)


def _qname(tag: str, names: dict[str, str]) -> str:
    if not tag.startswith("{"):
        return tag
    uri, _, local = tag[1:].partition("}")
    prefix = names.get(uri)
    return f"{prefix}:{local}" if prefix else tag


def _syntax_error(error: etree.XMLSyntaxError, validating: bool) -> SourceError:
    line = error.position[0] if error.position and error.position[0] else None
    text = str(error.msg if hasattr(error, "msg") else error)
    if validating and not _is_wellformedness(error):
        return SourceError(
            "XML_SCHEMA_INVALID", f"the file does not match its XSD: {text}", line=line
        )
    if "Excessive depth" in text:
        return SourceError("XML_TOO_DEEP", "elements are nested too deep", line=line)
    return SourceError("XML_MALFORMED", f"the XML is not well-formed: {text}", line=line)


def _is_wellformedness(error: etree.XMLSyntaxError) -> bool:
    domain = getattr(error, "domain", None)
    return bool(domain != etree.ErrorDomains.SCHEMASV)


def load_schema(path: Path) -> etree.XMLSchema:
    """An XSD, read with the same refusals as the data (imports of local files only)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.XMLSchema(etree.parse(str(path), parser))
