"""The OASIS XSDs, compiled once per message type and read with the same refusals as data."""

from __future__ import annotations

from functools import lru_cache

from lxml import etree

from hub.edxl.profile import schema_path


@lru_cache(maxsize=16)
def schema(message_type: str) -> etree.XMLSchema:
    """The compiled XSD of a message type (local imports only: no network, no DTD)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.XMLSchema(etree.parse(str(schema_path(message_type)), parser))


def schema_errors(message_type: str, document: etree._ElementTree) -> list[str]:
    """What the XSD finds wrong with a document (empty when it is valid)."""
    checker = schema(message_type)
    if checker.validate(document):
        return []
    return [f"line {error.line}: {error.message}" for error in checker.error_log]  # type: ignore[attr-defined]
