"""The identity of a GraphQL document: the SHA-256 of its canonical printed form.

Two documents that differ only in whitespace, commas or comments have the same hash, so an
allow-list of trusted documents and the audit log name the same operation the same way.
"""

from __future__ import annotations

import hashlib
import re

from graphql import DocumentNode, parse, print_ast

from hub.errors import HubError

HASH = re.compile(r"(?:sha256:)?(?P<hex>[0-9a-f]{64})")


def document_hash(document: DocumentNode) -> str:
    """The hex SHA-256 of a parsed document's canonical text."""
    return hashlib.sha256(print_ast(document).encode()).hexdigest()


def allowed_hash(entry: str) -> str:
    """An allow-list entry as a hash: a hex digest (optionally `sha256:`) or a document."""
    match = HASH.fullmatch(entry.strip().lower())
    if match:
        return match["hex"]
    try:
        return document_hash(parse(entry))
    except Exception as error:  # graphql-core raises GraphQLSyntaxError
        raise HubError(
            "INVALID_TRUSTED_DOCUMENT", "an allowed operation is neither a hash nor GraphQL"
        ) from error
