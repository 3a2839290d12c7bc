"""Reading XML exports safely and in constant memory.

No DTD, entity or network access ever; a DOCTYPE refuses the file. Records are found by simple
element paths while streaming; each record is cleared once mapped, and so is every element
that held records, so memory stays flat however long the file is.

The reader does a few dictionary look-ups per element: each open element knows its *state*
(its path of tags from the root, interned), and a state knows which outputs read it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from lxml import etree

from hub.adapters.errors import SourceError
from hub.adapters.model.source import Limits, XmlSource
from hub.adapters.read.raw import Pace, RawRecord, drain

MAX_STATES = 20_000  # distinct element paths remembered; more are worked out each time


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


class _State:
    """An element path from the root: the outputs whose records sit there, its children."""

    __slots__ = ("children", "kept", "qname", "records", "tags")

    def __init__(
        self, tags: tuple[str, ...], records: tuple[int, ...], qname: str, kept: bool = False
    ) -> None:
        self.tags = tags
        self.records = records
        self.qname = qname
        self.kept = kept  # inside an element the mapping keeps for the whole file
        self.children: dict[str, _State] = {}


class _States:
    def __init__(
        self, paths: Sequence[RecordPath], names: dict[str, str], keep: Sequence[RecordPath] = ()
    ) -> None:
        self.paths = paths
        self.keep = keep
        self.names = names
        self.count = 0
        self.top = _State((), (), "")

    def child(self, state: _State, tag: str) -> _State:
        found = state.children.get(tag)
        if found is not None:
            return found
        tags = (*state.tags, tag)
        records = tuple(i for i, path in enumerate(self.paths) if path.matches(tags))
        kept = state.kept or any(path.matches(tags) for path in self.keep)
        found = _State(tags, records, _qname(tag, self.names), kept)
        if self.count < MAX_STATES:
            self.count += 1
            state.children[tag] = found
        return found


# An open element, as a list (made and read once per element, so no class): its state, its
# position among same-named siblings, the elements started before it, its children's counts
# by tag, whether a child was a record or held records, the last released child (removed at
# the next release), and its path once worked out.
STATE, POSITION, FIRST, COUNTS, HELD, RELEASED, PATH = range(7)


def _frame(state: _State, position: int, first: int) -> list[Any]:
    return [state, position, first, None, False, None, None]


def check_xml(
    path: Path,
    source: XmlSource,
    paths: Sequence[RecordPath],
    schema: etree.XMLSchema | None,
    pace: Pace | None = None,
) -> None:
    """Parse the whole file once (validating it if a schema is given) before writing anything."""
    with path.open("rb") as stream:
        drain(_stream(stream, source, paths, schema, emit=False), pace)


def read_xml(
    path: Path,
    source: XmlSource,
    paths: Sequence[RecordPath],
    schema: etree.XMLSchema | None = None,
) -> Iterator[RawRecord]:
    """The records: elements whose path matches one of `paths` (index = output index). With
    the schema, reading the whole file refuses it exactly as `check_xml` does."""
    with path.open("rb") as stream:
        yield from cast(Iterator[RawRecord], _stream(stream, source, paths, schema, emit=True))


def _stream(
    stream: Any,
    source: XmlSource,
    paths: Sequence[RecordPath],
    schema: etree.XMLSchema | None,
    *,
    emit: bool,
) -> Iterator[RawRecord | None]:
    """The records (`emit`), or None for each record (a check: nothing of them is made)."""
    limits = source.limits
    depth_cap, text_cap = limits.max_depth, limits.max_text_bytes
    group_cap, record_cap = limits.max_group_records, limits.max_record_elements
    names = {uri: prefix for prefix, uri in source.namespaces.items()}
    keep = [record_path(text, source.namespaces) for text in source.keep]
    states = _States(paths, names, keep)
    child = states.child
    stack = [_frame(states.top, 1, 0)]  # the top frame stands for the document
    started = open_records = grouped = 0
    # No text node can be longer than the file: a file within the cap is not measured.
    measure = _size(stream) > text_cap
    try:
        for event, element in _parse(stream, schema):
            if event == "start":
                if started == 0:
                    _check_root(element)
                if len(stack) > depth_cap:
                    message = f"elements are nested deeper than {depth_cap}"
                    raise SourceError("XML_TOO_DEEP", message, line=element.sourceline)
                parent = stack[-1]
                tag = element.tag
                if not isinstance(tag, str):
                    tag = ""
                counts = parent[COUNTS]
                if counts is None:
                    counts = parent[COUNTS] = {}
                position = counts[tag] = counts.get(tag, 0) + 1
                state = parent[STATE].children.get(tag) or child(parent[STATE], tag)
                stack.append([state, position, started, None, False, None, None])
                started += 1
                if state.records:
                    open_records += 1
                continue
            frame = stack.pop()
            if measure:
                text, tail = element.text, element.tail
                if (text is not None and len(text) > text_cap) or (
                    tail is not None and len(tail) > text_cap
                ):
                    raise _too_large(element, text_cap)
            state = frame[STATE]
            records = state.records
            if records:
                open_records -= 1
                grouped = grouped + 1 if open_records else 0
                if grouped > group_cap:
                    raise SourceError(
                        "XML_GROUP_TOO_LARGE",
                        f"more than {group_cap} records inside one record",
                        line=element.sourceline,
                    )
                if started - frame[FIRST] > record_cap:
                    _check_record(element, limits, stack, frame)
                if emit:
                    yield RawRecord(
                        element.sourceline,
                        _path(stack, frame),
                        element,
                        outputs=records,
                        cut_ok=open_records == 0,
                    )
                else:
                    yield None
            if records or frame[HELD]:
                parent = stack[-1]
                parent[HELD] = True
                # Inside an open record everything stays until that record is done (all its
                # outputs see all of it); kept elements stay for the whole file.
                if open_records == 0 and not state.kept:
                    _release(element, parent)
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


def _check_root(element: Any) -> None:
    if element.getroottree().docinfo.doctype:
        raise SourceError(
            "XML_DOCTYPE_FORBIDDEN",
            "the file declares a DOCTYPE (DTDs and entities are refused)",
            line=element.sourceline,
        )


def _size(stream: Any) -> int:
    """The stream's size in bytes, if it is a file (else as if unbounded)."""
    try:
        return os.fstat(stream.fileno()).st_size
    except (AttributeError, OSError, ValueError):
        return sys.maxsize


def _too_large(element: Any, text_cap: int) -> SourceError:
    return SourceError(
        "XML_TEXT_TOO_LARGE",
        f"a text node is longer than {text_cap} characters",
        line=element.sourceline,
    )


def _check_record(element: Any, limits: Limits, stack: list[list[Any]], frame: list[Any]) -> None:
    """Count the elements the record still holds (released inner records hold none)."""
    size = sum(1 for _ in element.iter())
    if size > limits.max_record_elements:
        raise SourceError(
            "XML_RECORD_TOO_LARGE",
            f"a record holds more than {limits.max_record_elements} elements",
            line=element.sourceline,
            path=_path(stack, frame),
        )


def _release(element: Any, parent: list[Any]) -> None:
    """Free a finished record (or holder of records), and the one released before it."""
    element.clear(keep_tail=True)
    previous = parent[RELEASED]
    if previous is not None:
        owner = previous.getparent()
        if owner is not None:
            owner.remove(previous)
    parent[RELEASED] = element


def _path(stack: Sequence[list[Any]], frame: list[Any]) -> str:
    prefix = ""
    for open_frame in stack[1:]:
        if open_frame[PATH] is None:
            open_frame[PATH] = f"{prefix}/{open_frame[STATE].qname}[{open_frame[POSITION]}]"
        prefix = open_frame[PATH]
    return f"{prefix}/{frame[STATE].qname}[{frame[POSITION]}]"


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
    # An XSD's complaints carry libxml2's XML_SCHEMAV_* codes (the error has no domain).
    return getattr(error, "code", None) not in _SCHEMA_VALIDITY_CODES


_SCHEMA_VALIDITY_CODES = frozenset(
    code for name, code in vars(etree.ErrorTypes).items() if name.startswith("SCHEMAV_")
)


def load_schema(path: Path) -> etree.XMLSchema:
    """An XSD, read with the same refusals as the data (imports of local files only)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.XMLSchema(etree.parse(str(path), parser))
