"""Reading one EDXL-RM 1.0 message file safely, and what it says in the hub's profile.

A file is refused before anything is written when it is over `MAX_BYTES`, declares a DOCTYPE
(so no entity, external or internal, is ever expanded), is not well-formed, is not one of the
sixteen message types, or does not match its OASIS schema. libxml2 reads it with entities,
DTDs and network access off and its own limits on (nesting, text size).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from lxml import etree

from hub.domain.edxl import MESSAGE_TYPES, CommitmentKey, Party, RequestState
from hub.edxl.errors import EdxlError
from hub.edxl.profile import MAH, NAMESPACES, NATIONAL, RMSG
from hub.edxl.schemas import schema_errors
from hub.standard.enums import Classification

#: A message is a few kilobytes; anything much larger is not one.
MAX_BYTES = 1_000_000
#: The longest message id the hub keeps (its own are UUIDs).
MAX_ID = 36
#: The longest text of each kind the hub keeps (as its columns do).
MAX_TEXT = {"reference": 60, "code": 60, "note": 2_000, "price": 60}
#: Numbers of officers or offers past this are not mutual aid.
MAX_NUMBER = 1_000_000
#: The markings a message may carry, as documents write them (the code list's labels).
CLASSIFICATIONS = {code.value.replace("_", "-"): code for code in Classification}


@dataclass(frozen=True, slots=True)
class Parsed:
    """One message, as the hub reads it."""

    file: str
    message_type: str
    message_id: str
    sent_at: datetime
    originating_message_id: str
    preceding_message_id: str | None
    recalls: bool
    sender: str | None
    party: Party | None
    note: str | None
    response_type: str | None
    request: RequestState | None
    commitment: CommitmentKey | None
    quantity: int | None
    price: str | None
    #: `mah:Classification`: the marking the sender gave the request (None: not given).
    classification: Classification | None = None

    @property
    def root(self) -> str:
        return f"/rmsg:{self.message_type}"


def parse_file(path: Path) -> Parsed:
    """Read and check one message file (EdxlError when it is refused)."""
    name = str(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise EdxlError("EDXL_TOO_LARGE", f"a message is at most {MAX_BYTES} bytes", name)
        data = path.read_bytes()
    except OSError as error:
        message = f"the file cannot be read: {error.strerror}"
        raise EdxlError("EDXL_UNREADABLE", message, name) from None
    return parse_bytes(data, name)


def parse_bytes(data: bytes, name: str) -> Parsed:
    """Read and check one message held in memory."""
    if len(data) > MAX_BYTES:
        raise EdxlError("EDXL_TOO_LARGE", f"a message is at most {MAX_BYTES} bytes", name)
    if _declares_doctype(data):
        raise _doctype(name)
    document = _document(data, name)
    root = document.getroot()
    message_type = _message_type(root, name)
    problems = schema_errors(message_type, document)
    if problems:
        raise EdxlError(
            "EDXL_SCHEMA_INVALID",
            f"the message does not match the OASIS schema of {message_type}: {problems[0]}",
            name,
            f"/rmsg:{message_type}",
        )
    return _Reader(root, message_type, name).parsed()


def _declares_doctype(data: bytes) -> bool:
    """A DOCTYPE anywhere, in UTF-8 or (with its byte order mark) UTF-16: refused unread."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "<!DOCTYPE" in data.decode("utf-16", errors="replace")
    return b"<!DOCTYPE" in data


def _doctype(name: str) -> EdxlError:
    return EdxlError(
        "EDXL_DOCTYPE_FORBIDDEN",
        "the file declares a DOCTYPE (DTDs and entities are refused)",
        name,
    )


def _document(data: bytes, name: str) -> Any:
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        line = error.position[0] if error.position else None
        raise EdxlError(
            "EDXL_MALFORMED", f"the XML is not well-formed: {error.msg}", name, line=line
        ) from None
    document = root.getroottree()
    if document.docinfo.doctype:  # type: ignore[union-attr]
        raise _doctype(name)
    return document


def _message_type(root: Any, name: str) -> str:
    tag = etree.QName(root)
    if tag.namespace != RMSG or tag.localname not in MESSAGE_TYPES:
        raise EdxlError(
            "EDXL_UNKNOWN_MESSAGE",
            f"{tag.text} is not one of the 16 EDXL-RM 1.0 messages",
            name,
            f"/{tag.localname}",
        )
    return str(tag.localname)


class _Reader:
    """Finds the profile's facts in a checked message, naming the XML path of each problem."""

    def __init__(self, root: Any, message_type: str, name: str) -> None:
        self.root = root
        self.type = message_type
        self.name = name
        self.line = root.find("rmsg:ResourceInformation", NAMESPACES)

    def path(self, relative: str) -> str:
        return f"/rmsg:{self.type}/{relative}"

    def text(self, relative: str, *, under_line: bool = False) -> str | None:
        base = self.line if under_line else self.root
        if base is None:
            return None
        found = base.findtext(relative, namespaces=NAMESPACES)
        return None if found is None else found.strip()

    def fail(self, relative: str, message: str) -> EdxlError:
        return EdxlError("EDXL_BAD_VALUE", message, self.name, self.path(relative))

    def parsed(self) -> Parsed:
        lines = self.root.findall("rmsg:ResourceInformation", NAMESPACES)
        if len(lines) > 1:
            raise EdxlError(
                "EDXL_UNSUPPORTED",
                "the hub reads one resource line per message (one request or commitment)",
                self.name,
                self.path("rmsg:ResourceInformation[2]"),
            )
        return Parsed(
            file=self.name,
            message_type=self.type,
            message_id=self.message_id("rmsg:MessageID"),
            sent_at=self.moment(),
            originating_message_id=self.message_id("rmsg:OriginatingMessageID"),
            preceding_message_id=self.optional_id("rmsg:PrecedingMessageID"),
            recalls=self.text("rmsg:MessageRecall/rm:RecallType") == "Update",
            sender=self.sender(),
            party=self.party(),
            note=self.bounded("rmsg:MessageDescription", "note"),
            response_type=self.text("rmsg:ResponseInformation/rm:ResponseType", under_line=True),
            request=self.request(),
            commitment=self.commitment(),
            quantity=self.number(
                "rmsg:AssignmentInformation/rmsg:Quantity/rm:QuantityText", "quantity"
            ),
            price=self.bounded(
                "rmsg:AssignmentInformation/rmsg:PriceQuote/rm:QuantityText", "price", True
            ),
            classification=self.classification(),
        )

    def classification(self) -> Classification | None:
        text = self.fact("Classification")
        if text is None:
            return None
        found = CLASSIFICATIONS.get(text)
        if found is None:
            raise self.fail(
                self.fact_path("Classification"),
                f"{text!r} is not a classification the hub holds: {' or '.join(CLASSIFICATIONS)}",
            )
        return found

    def bounded(self, relative: str, kind: str, under_line: bool = False) -> str | None:
        text = self.text(relative, under_line=under_line) or None
        if text is not None and len(text) > MAX_TEXT[kind]:
            where = f"rmsg:ResourceInformation/{relative}" if under_line else relative
            raise self.fail(where, f"the {kind} is over {MAX_TEXT[kind]} characters")
        return text

    def message_id(self, relative: str) -> str:
        value = self.text(relative) or ""
        if not value or len(value) > MAX_ID:
            raise self.fail(relative, f"a message id is 1 to {MAX_ID} characters")
        return value

    def optional_id(self, relative: str) -> str | None:
        return self.message_id(relative) if self.text(relative) is not None else None

    def moment(self) -> datetime:
        text = self.text("rmsg:SentDateTime") or ""
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise self.fail("rmsg:SentDateTime", f"{text!r} is not a date and time") from None
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

    def sender(self) -> str | None:
        text = self.text("rmsg:ContactInformation/rm:ContactDescription")
        return None if text in (None, "", NATIONAL) else text

    def party(self) -> Party | None:
        text = self.text("rmsg:ContactInformation/rm:ContactRole")
        known = {party.value: party for party in Party}
        return known.get(text or "")

    def fact(self, tag: str) -> str | None:
        text = self.text(f"rmsg:Resource/rmsg:TypeInfo/{{{MAH}}}{tag}", under_line=True)
        limit = MAX_TEXT["reference" if tag == "Reference" else "code"]
        if text is not None and len(text) > limit:
            raise self.fail(self.fact_path(tag), f"the {tag} is over {limit} characters")
        return text

    def fact_path(self, tag: str) -> str:
        return f"rmsg:ResourceInformation/rmsg:Resource/rmsg:TypeInfo/mah:{tag}"

    def number(self, relative: str, what: str, *, fact: bool = False) -> int | None:
        text = self.fact(relative) if fact else self.text(relative, under_line=True)
        if text is None:
            return None
        where = self.fact_path(relative) if fact else f"rmsg:ResourceInformation/{relative}"
        if not text.isdigit() or int(text) > MAX_NUMBER:
            raise self.fail(where, f"the {what} {text[:20]!r} is not a plausible whole number")
        return int(text)

    def day(self, tag: str) -> date:
        text = self.fact(tag) or ""
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise self.fail(self.fact_path(tag), f"{text!r} is not a date") from None

    def request(self) -> RequestState | None:
        reference = self.fact("Reference")
        if reference is None:
            return None
        missing = [t for t in ("RequestingForce", "Capability", "Quantity") if not self.fact(t)]
        if missing:
            raise EdxlError(
                "EDXL_MISSING",
                f"the request's {missing[0]} is not given",
                self.name,
                self.path(self.fact_path(missing[0])),
            )
        return RequestState(
            reference=reference,
            requesting_force=self.fact("RequestingForce") or "",
            capability=self.fact("Capability") or "",
            quantity=self.number("Quantity", "quantity", fact=True) or 0,
            starts_on=self.day("StartsOn"),
            ends_on=self.day("EndsOn"),
            description=self.text("rmsg:Resource/rmsg:Description", under_line=True) or "",
            operation=self.fact("Operation"),
            location=self.fact("Location"),
            unit=self.fact("Unit"),
        )

    def commitment(self) -> CommitmentKey | None:
        force = self.fact("ProvidingForce")
        if force is None:
            return None
        sequence = self.number("Sequence", "sequence", fact=True)
        quantity = self.number(
            "rmsg:AssignmentInformation/rmsg:Quantity/rm:QuantityText", "quantity"
        )
        if sequence is None or quantity is None:
            raise EdxlError(
                "EDXL_MISSING",
                "a commitment's sequence and quantity are given with its providing force",
                self.name,
                self.path(self.fact_path("Sequence")),
            )
        return CommitmentKey(force, sequence, quantity)
