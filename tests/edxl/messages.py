"""EDXL-RM messages a partner's own system might send: the eight kinds with no workflow step.

Written out by hand (not by the hub's builder), in the hub's profile: the sender's force code
in `ContactDescription`, the request's first message in `OriginatingMessageID`, the message
before in `PrecedingMessageID`.
"""

from __future__ import annotations

from dataclasses import dataclass

#: For each type: names the message before (None: cannot), carries a response, a price, a
#: resource status.
SHAPES: dict[str, tuple[bool, bool, bool, bool]] = {
    "RequestInformation": (True, False, False, False),
    "ResponseToRequestInformation": (True, True, False, False),
    "OfferUnsolicitedResource": (False, False, False, False),
    "RequestQuote": (True, False, False, False),
    "ResponseToRequestQuote": (True, True, True, False),
    "RequestResourceDeploymentStatus": (True, False, False, False),
    "ResponseToRequestExtendedDeploymentDuration": (True, True, False, False),
    "ResponseToRequestReturn": (True, True, False, True),
}


@dataclass(frozen=True)
class Sent:
    """One message to write: its type, ids, sender and what it says."""

    message_type: str
    message_id: str
    originating: str
    preceding: str
    sender: str
    role: str
    reference: str
    note: str = "Please reply by 18:00"
    quantity: int | None = None


def message_xml(sent: Sent) -> str:
    preceding, response, price, status = SHAPES[sent.message_type]
    parts = [
        f"<rmsg:MessageID>{sent.message_id}</rmsg:MessageID>",
        "<rmsg:SentDateTime>2026-11-02T09:30:00Z</rmsg:SentDateTime>",
        f"<rmsg:MessageContentType>{sent.message_type}</rmsg:MessageContentType>",
        f"<rmsg:MessageDescription>{sent.note}</rmsg:MessageDescription>",
        f"<rmsg:OriginatingMessageID>{sent.originating}</rmsg:OriginatingMessageID>",
    ]
    if preceding:
        parts.append(f"<rmsg:PrecedingMessageID>{sent.preceding}</rmsg:PrecedingMessageID>")
    parts.append(
        "<rmsg:ContactInformation>"
        f"<rm:ContactDescription>{sent.sender}</rm:ContactDescription>"
        f"<rm:ContactRole>{sent.role}</rm:ContactRole></rmsg:ContactInformation>"
    )
    line = [f"<rmsg:ResourceInfoElementID>{sent.reference}</rmsg:ResourceInfoElementID>"]
    if response:
        line.append(
            "<rmsg:ResponseInformation>"
            f"<rm:PrecedingResourceInfoElementID>{sent.reference}</rm:PrecedingResourceInfoElementID>"
            "<rm:ResponseType>Accept</rm:ResponseType></rmsg:ResponseInformation>"
        )
    resource = f"<rmsg:Name>Officers for {sent.reference}</rmsg:Name>"
    if status:
        resource += (
            "<rmsg:ResourceStatus><rmsg:DeploymentStatus>"
            "<rm:ValueListURN>urn:example:status</rm:ValueListURN><rm:Value>Home</rm:Value>"
            "</rmsg:DeploymentStatus><rmsg:Availability>Available</rmsg:Availability>"
            "</rmsg:ResourceStatus>"
        )
    line.append(f"<rmsg:Resource>{resource}</rmsg:Resource>")
    if sent.quantity is not None or price:
        assignment = ""
        if sent.quantity is not None:
            assignment += (
                f"<rmsg:Quantity><rm:QuantityText>{sent.quantity}</rm:QuantityText></rmsg:Quantity>"
            )
        if price:
            assignment += (
                "<rmsg:PriceQuote><rm:QuantityText>GBP 12480.00</rm:QuantityText></rmsg:PriceQuote>"
            )
        line.append(f"<rmsg:AssignmentInformation>{assignment}</rmsg:AssignmentInformation>")
    parts.append(f"<rmsg:ResourceInformation>{''.join(line)}</rmsg:ResourceInformation>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<rmsg:{sent.message_type} xmlns:rmsg="urn:oasis:names:tc:emergency:EDXL:RM:1.0:msg" '
        'xmlns:rm="urn:oasis:names:tc:emergency:EDXL:RM:1.0">'
        f"{''.join(parts)}</rmsg:{sent.message_type}>\n"
    )
