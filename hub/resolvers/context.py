"""What every resolver of one GraphQL request shares: settings, the reader and its loaders,
and the request's security state (the principal, its purpose, what was disclosed)."""

from __future__ import annotations

from dataclasses import dataclass, field

from hub.config import Settings
from hub.resolvers.loaders import Loaders
from hub.resolvers.reader import Reader
from hub.security.state import RequestSecurity


@dataclass
class RequestContext:
    """The per-request context handed to strawberry; nothing in it outlives the request."""

    settings: Settings
    reader: Reader
    security: RequestSecurity
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.reader)
        self.security.run = self.reader.rows
