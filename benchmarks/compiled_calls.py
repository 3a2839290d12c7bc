"""Python calls per request on each path (deterministic, unlike times on a shared machine).

    python -m benchmarks.compiled_calls [--requests 100]

Builds the test fixture operation in a scratch SQLite file, then for Q1-Q5 and a `nodes` look-up
counts with cProfile the calls of one request (after three warm-ups) through the whole app,
once on the general path (`X-Hub-Plan: general`) and once as it comes (compiled when it
compiles), and says which path answered (`X-Hub-Plan`).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import secrets
import tempfile
from typing import Any

from benchmarks.queries import Q1, Q2, Q3, Q4, Q5

NODES = """query N($ids: [ID!]!) {
  nodes(ids: $ids) { id ... on Officer { detective rank { code } force { code } } }
}"""


async def _count(requests: int) -> None:
    import httpx

    from hub.app import create_app
    from hub.config import Settings
    from hub.demo.fixture import load_fixture
    from hub.plan import PATH_HEADER
    from hub.security.keys import create_api_key
    from hub.store.engine import create_engine
    from hub.store.migrate import upgrade

    folder = tempfile.mkdtemp()
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{folder}/hub.db",
        id_key=secrets.token_urlsafe(32),
        max_cost=10**9,
    )
    engine = create_engine(settings)
    await upgrade(engine)
    await load_fixture(engine, requests=requests)
    key = await create_api_key(engine, role="coordinator", name="calls")
    await engine.dispose()
    app = create_app(settings)
    headers = {"authorization": f"Bearer {key}", "x-purpose": "BENCH: call counts"}
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://hub") as http:

            async def post(query: str, variables: Any, sent: dict[str, str]) -> Any:
                body = {"query": query, "variables": variables}
                return await http.post("/graphql", json=body, headers=sent)

            officers = await post("{ officers(first: 100) { nodes { id } } }", None, headers)
            ids = [n["id"] for n in officers.json()["data"]["officers"]["nodes"]]
            first = await post(
                "{ mutualAidRequests(first: 1) { nodes { reference } } }", None, headers
            )
            reference = first.json()["data"]["mutualAidRequests"]["nodes"][0]["reference"]
            officer = await post(
                "{ officers(first: 1) { nodes { force { code } capabilities { code } } } }",
                None,
                headers,
            )
            sample = officer.json()["data"]["officers"]["nodes"][0]
            q4 = {"force": sample["force"]["code"], "capability": sample["capabilities"][0]["code"]}
            cases = {
                "Q1": (Q1, {"reference": reference}),
                "Q2": (Q2, None),
                "Q3": (Q3, None),
                "Q4": (Q4, q4),
                "Q5": (Q5, {"representations": [{"__typename": "Officer", "id": i} for i in ids]}),
                "nodes": (NODES, {"ids": ids}),
            }
            for name, (query, variables) in cases.items():
                for path in ("general", "compiled"):
                    sent = {**headers, PATH_HEADER: "general"} if path == "general" else headers
                    for _ in range(3):
                        await post(query, variables, sent)
                    profile = cProfile.Profile()
                    profile.enable()
                    response = await post(query, variables, sent)
                    profile.disable()
                    calls = pstats.Stats(profile).total_calls  # type: ignore[attr-defined]
                    answered = response.headers.get(PATH_HEADER, "?")
                    size = len(response.content)
                    print(f"{name:5} {path:9} {calls:>8,} calls {size:>8,} bytes ({answered})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=100, help="Requests in the fixture.")
    asyncio.run(_count(parser.parse_args().requests))


if __name__ == "__main__":
    main()
