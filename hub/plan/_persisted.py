"""Persisted documents: a client sends a document's SHA-256 instead of its text.

Two sources, one table: a trusted-documents file a force publishes (`HUB_TRUSTED_DOCUMENTS`,
loaded at start-up), and Apollo's automatic persisted queries (a client that sends the text
with its hash registers it, in memory, for later requests that send the hash alone). Entries
are content-addressed, so whoever registered a hash, it names the same text for everyone.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from pathlib import Path
from typing import Any

import orjson
from graphql import parse

from hub.errors import ConfigurationError
from hub.security.documents import document_hash


def sha256(text: str) -> str:
    """The hex SHA-256 of a document's text as sent (Apollo's persisted-query hash)."""
    return hashlib.sha256(text.encode()).hexdigest()


class PersistedDocuments:
    """Document texts by hash: trusted ones for good, registered ones in a bounded cache."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self.trusted: dict[str, str] = {}
        self.registered: OrderedDict[str, str] = OrderedDict()

    def get(self, digest: str) -> str | None:
        """The text with this hash, if known."""
        text = self.trusted.get(digest)
        if text is None:
            text = self.registered.get(digest)
        return text

    def register(self, digest: str, text: str) -> None:
        """Remember a text a client sent with its (checked) hash."""
        if digest in self.trusted:
            return
        self.registered[digest] = text
        self.registered.move_to_end(digest)
        if len(self.registered) > self.size:
            self.registered.popitem(last=False)

    def load(self, path: Path) -> int:
        """Add a trusted-documents file; the number of documents in it.

        The file is a JSON object of hash -> text, or Apollo's persisted query manifest
        (`{"operations": [{"id": hash, "body": text}]}`). Each hash must be the SHA-256 of
        its text as written, or of its canonical form (the hash keys are restricted by).
        """
        try:
            content: Any = orjson.loads(path.read_bytes())
        except (OSError, orjson.JSONDecodeError) as error:
            raise ConfigurationError(
                "TRUSTED_DOCUMENTS_UNREADABLE", f"{path} is not a readable JSON file"
            ) from error
        if isinstance(content, dict) and isinstance(content.get("operations"), list):
            pairs = [(op.get("id"), op.get("body")) for op in content["operations"]]
        elif isinstance(content, dict):
            pairs = list(content.items())
        else:
            pairs = []
        for digest, text in pairs:
            if not isinstance(digest, str) or not isinstance(text, str):
                raise ConfigurationError("TRUSTED_DOCUMENTS_INVALID", f"{path}: an odd entry")
            digest = digest.lower().removeprefix("sha256:")
            if digest not in (sha256(text), document_hash(parse(text))):
                raise ConfigurationError(
                    "TRUSTED_DOCUMENTS_INVALID", f"{path}: {digest} is not the hash of its text"
                )
            self.trusted[digest] = text
        return len(pairs)
