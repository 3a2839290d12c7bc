"""One message of a request's chain as a complete EDXL-RM 1.0 XML document.

Documents name forces, codes, dates and numbers of officers, never a person or an API key:
the same document goes to every role that may read the request.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from lxml import etree

from hub.domain.edxl import Message
from hub.edxl.profile import FUND_CODE, MAH, NATIONAL, RM, RMSG, SHAPES, Presence, Shape

_NSMAP = {"rmsg": RMSG, "rm": RM, "mah": MAH}


def _add(parent: Any, namespace: str, name: str, text: str | None = None) -> Any:
    element = etree.SubElement(parent, f"{{{namespace}}}{name}")
    if text is not None:
        element.text = text
    return element


def _msg(parent: Any, name: str, text: str | None = None) -> Any:
    return _add(parent, RMSG, name, text)


def _rm(parent: Any, name: str, text: str | None = None) -> Any:
    return _add(parent, RM, name, text)


#: Types whose schema requires a MessageDescription (an empty note is written as the type).
DESCRIBED = frozenset({"RequestInformation"})


def timestamp(moment: datetime) -> str:
    """An xsd:dateTime with its offset (UTC when the moment has none)."""
    return moment.isoformat() if moment.tzinfo else f"{moment.isoformat()}Z"


def _day(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def element_id(message: Message) -> str:
    """`ResourceInfoElementID`: the commitment's key, or the request's reference."""
    reference = message.request.reference if message.request else ""
    if message.commitment is None:
        return reference
    key = message.commitment
    return f"{reference}/{key.providing_force}/{key.sequence}"


def to_xml(message: Message) -> bytes:
    """The message as an XML document (UTF-8, with its declaration)."""
    shape = SHAPES[message.message_type]
    root = etree.Element(f"{{{RMSG}}}{message.message_type}", nsmap=_NSMAP)
    _header(root, message, shape)
    _resource_information(root, message, shape)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _header(root: Any, message: Message, shape: Shape) -> None:
    _msg(root, "MessageID", message.message_id)
    _msg(root, "SentDateTime", timestamp(message.sent_at))
    _msg(root, "MessageContentType", message.message_type)
    if message.note or message.message_type in DESCRIBED:
        _msg(root, "MessageDescription", message.note or message.message_type)
    _msg(root, "OriginatingMessageID", message.originating_message_id)
    preceding = message.preceding_message_id
    if shape.preceding is Presence.REQUIRED:
        preceding = preceding or message.originating_message_id
    if preceding and shape.preceding is not Presence.NONE:
        _msg(root, "PrecedingMessageID", preceding)
    if message.request and message.request.operation:
        incident = _msg(root, "IncidentInformation")
        _rm(incident, "IncidentID", message.request.operation)
    if message.action == "UPDATE":
        recall = _msg(root, "MessageRecall")
        _rm(recall, "RecallMessageID", message.originating_message_id)
        _rm(recall, "RecallType", "Update")
    if shape.funding:
        _rm(_msg(root, "Funding"), "FundCode", FUND_CODE)
    contact = _msg(root, "ContactInformation")
    _rm(contact, "ContactDescription", message.sender or NATIONAL)
    _rm(contact, "ContactRole", message.party.value)


def _resource_information(root: Any, message: Message, shape: Shape) -> None:
    line = _msg(root, "ResourceInformation")
    _msg(line, "ResourceInfoElementID", element_id(message))
    response = message.response_type
    if shape.response is Presence.REQUIRED or (response and shape.response is Presence.OPTIONAL):
        info = _msg(line, "ResponseInformation")
        _rm(info, "PrecedingResourceInfoElementID", element_id(message))
        _rm(info, "ResponseType", response or "Accept")
    _resource(line, message, shape)
    quantity = _quantity(message)
    if quantity is not None or shape.price:
        assignment = _msg(line, "AssignmentInformation")
        if quantity is not None:
            _rm(_msg(assignment, "Quantity"), "QuantityText", str(quantity))
        if shape.price:
            _rm(_msg(assignment, "PriceQuote"), "QuantityText", message.price or "0")
    state = message.request
    if state is not None:
        start = _msg(line, "ScheduleInformation")
        _msg(start, "ScheduleType", shape.start)
        _msg(start, "DateTime", _day(state.starts_on))
        if state.location:
            _rm(_msg(start, "Location"), "LocationDescription", state.location)
        end = _msg(line, "ScheduleInformation")
        _msg(end, "ScheduleType", shape.end)
        _msg(end, "DateTime", _day(state.ends_on))


def _quantity(message: Message) -> int | None:
    if message.quantity is not None:
        return message.quantity
    if message.commitment is not None:
        return message.commitment.quantity
    return message.request.quantity if message.request else None


def _resource(line: Any, message: Message, shape: Shape) -> None:
    resource = _msg(line, "Resource")
    state = message.request
    if state is None:
        return
    name = f"Mutual aid request {state.reference}"
    if message.commitment is not None:
        name = f"Commitment {message.commitment.sequence} of {message.commitment.providing_force}"
    _msg(resource, "Name", name)
    info = _msg(resource, "TypeInfo")
    facts: list[tuple[str, str | None]] = [
        ("Reference", state.reference),
        ("RequestingForce", state.requesting_force),
        ("Capability", state.capability),
        ("Quantity", str(state.quantity)),
        ("Unit", state.unit),
        ("StartsOn", state.starts_on.isoformat()),
        ("EndsOn", state.ends_on.isoformat()),
        ("Operation", state.operation),
        ("Location", state.location),
        ("Classification", state.marking),
    ]
    if message.commitment is not None:
        facts.append(("ProvidingForce", message.commitment.providing_force))
        facts.append(("Sequence", str(message.commitment.sequence)))
    for tag, value in facts:
        if value is not None:
            _add(info, MAH, tag, value)
    if state.description:
        _msg(resource, "Description", state.description)
    if shape.resource_status:
        status = _msg(resource, "ResourceStatus")
        deployment = _msg(status, "DeploymentStatus")
        _rm(deployment, "ValueListURN", f"{MAH}:deployment-status")
        _rm(deployment, "Value", "Returned")
        _msg(status, "Availability", "Available")
