"""`hub serve` believes a proxy's X-Forwarded-For only when HUB_FORWARDED_ALLOW_IPS names the
proxy: otherwise the client is the address the connection comes from, so a local process
cannot pass for another client (docs/configuration.md).

Seen through anonymous callers' rate limit, which counts per client address: at one request
per window, a second request from the same address is refused (429) whatever address its
X-Forwarded-For claims, unless the header is believed and names another client.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.browser import start_hub


def _statuses(url: str) -> list[int]:
    """Two anonymous requests over the loopback, each claiming another client address."""
    statuses = []
    for client in ("203.0.113.7", "203.0.113.8"):
        response = httpx.post(
            f"{url}/graphql",
            json={"query": "{ __typename }"},
            headers={"X-Forwarded-For": client},
            timeout=30,
        )
        statuses.append(response.status_code)
    return statuses


@pytest.mark.parametrize(
    ("trusted", "statuses"),
    [(None, [200, 429]), ("10.0.0.1", [200, 429]), ("127.0.0.1", [200, 200])],
    ids=["unset", "another-proxy", "this-proxy"],
)
def test_forwarded_for_counts_only_from_a_trusted_proxy(
    tmp_path: Path, trusted: str | None, statuses: list[int]
) -> None:
    settings = {"anonymous_role": "stakeholder", "rate_limit_stakeholder": "1"}
    if trusted is not None:
        settings["forwarded_allow_ips"] = trusted
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'hub.db'}"
    with start_hub(database_url, tmp_path, **settings) as server:
        assert _statuses(server.url) == statuses
