"""The policy's other rules: mutation permission, anonymous reads, bounded SQL, shared limits."""

from __future__ import annotations

import pytest
import strawberry
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.config import Settings
from hub.security.errors import SecurityError
from hub.security.permissions import CanWrite
from hub.security.policy import WriteAs, require_write
from hub.security.principal import Principal, Role
from hub.security.state import RequestSecurity
from tests.client import auth_headers, graph_client
from tests.helpers import count_statements
from tests.security.conftest import Hub


@strawberry.type
class _Query:
    ping: str = "pong"


@strawberry.type
class _Mutation:
    """A mutation of a test-only schema: the public schema has none yet."""

    @strawberry.mutation(permission_classes=[CanWrite])
    def raise_request(self, info: strawberry.Info, force: str) -> str:
        require_write(info.context.security.principal, WriteAs.REQUESTER, force)
        return "raised"


class _Context:
    def __init__(self, principal: Principal) -> None:
        self.settings = Settings()
        self.security = RequestSecurity(principal)


@pytest.mark.parametrize(
    ("role", "force", "answer"),
    [
        (Role.COORDINATOR, None, "raised"),
        (Role.PARTNER, "metropolitan", "raised"),
        (Role.PARTNER, "merseyside", "FORBIDDEN"),
        (Role.INGEST, "metropolitan", "FORBIDDEN"),
        (Role.STAKEHOLDER, None, "FORBIDDEN"),
    ],
)
async def test_mutations_are_refused_with_forbidden_unless_the_role_writes_for_the_force(
    role: Role, force: str | None, answer: str
) -> None:
    schema = strawberry.Schema(query=_Query, mutation=_Mutation)
    principal = Principal(key_id=1, name="k", role=role, force_code=force)
    result = await schema.execute(
        'mutation { raiseRequest(force: "metropolitan") }', context_value=_Context(principal)
    )
    if answer == "raised":
        assert result.errors is None and result.data == {"raiseRequest": "raised"}
    else:
        assert result.errors and isinstance(result.errors[0].original_error, SecurityError)
        assert result.errors[0].original_error.code == answer


async def test_the_demo_serves_anonymous_callers_as_stakeholders(
    settings: Settings, engine: AsyncEngine
) -> None:
    from hub.demo.fixture import load_fixture

    await load_fixture(engine, requests=1)
    demo = settings.model_copy(update={"anonymous_role": "stakeholder"})
    async with graph_client(demo, role=None, purpose=None) as graph:
        body = (
            await graph.post("{ officers(first: 1) { totalCount nodes { familyName } } }")
        ).json()
    assert body["data"]["officers"]["totalCount"] == 10
    assert body["data"]["officers"]["nodes"] == [{"familyName": None}]
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN_FIELD"
    assert body["errors"][0]["path"] == ["officers", "nodes", 0, "familyName"]


DEEP = """
query ($first: Int!) {
  deployments(first: $first) {
    nodes {
      officer { serviceNumber familyName planningUnits { members { officer { givenName } } } }
    }
  }
}"""


async def test_a_partners_personal_reads_cost_the_same_statements_for_any_page(hub: Hub) -> None:
    counts: dict[int, int] = {}
    for first in (40, 90):
        with count_statements(hub.graph.engine) as log:
            response = await hub.post("partner-donor", DEEP, {"first": first})
        assert "data" in response.json()
        counts[first] = log.count
    # Deployments, officers, units, members, and one visibility check for all of them.
    assert counts[40] == counts[90] == 5, counts


async def test_rate_limits_are_shared_by_every_process_on_postgresql(
    settings: Settings, engine: AsyncEngine
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite installs run one process and count in memory")
    limited = settings.model_copy(update={"rate_limit_partner": 3})
    async with graph_client(limited, role=None) as one, graph_client(limited, role=None) as two:
        headers = auth_headers(await one.key("partner", "metropolitan"))
        statuses = [
            (await graph.post("{ ranks { code } }", headers=headers)).status_code
            for graph in (one, two, one, two)
        ]
    assert statuses == [200, 200, 200, 429]
