"""A hub with an empty store (code lists only) and a key per workflow caller."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.config import Settings
from tests.client import Graph, auth_headers, graph_client

#: Police Scotland asks for help; the Met and Greater Manchester offer it.
CALLERS: dict[str, tuple[str, str | None]] = {
    "coordinator": ("coordinator", None),
    "host": ("partner", "police-scotland"),
    "donor": ("partner", "metropolitan"),
    "donor2": ("partner", "greater-manchester"),
    "stakeholder": ("stakeholder", None),
}

REQUEST_FIELDS = "id reference status version quantity startsOn endsOn"
COMMITMENT_FIELDS = "id status version quantity sequence providingForce { code }"


@dataclass
class Workflow:
    """Calls the hub as each caller, and knows the workflow's mutations."""

    graph: Graph
    keys: dict[str, str]

    async def call(self, caller: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        response = await self.graph.post(
            query, variables, headers=auth_headers(self.keys[caller], None)
        )
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result

    async def mutate(
        self, caller: str, name: str, input: dict[str, Any], key: str | None = None
    ) -> dict[str, Any]:
        """The result of one mutation: its data, or its errors."""
        input_type, fields = MUTATIONS[name]
        query = (
            f"mutation($input: {input_type}!, $key: String) "
            f"{{ {name}(input: $input, idempotencyKey: $key) {{ {fields} }} }}"
        )
        return await self.call(caller, query, {"input": input, "key": key})

    async def ok(
        self, caller: str, name: str, input: dict[str, Any], key: str | None = None
    ) -> dict[str, Any]:
        """The record a mutation that must succeed answers with."""
        result = await self.mutate(caller, name, input, key)
        assert "errors" not in result, result["errors"]
        record: dict[str, Any] = result["data"][name]
        return record

    async def error(self, caller: str, name: str, input: dict[str, Any]) -> dict[str, Any]:
        """The one error a mutation that must fail answers with."""
        result = await self.mutate(caller, name, input)
        assert result.get("data") is None, result
        (error,) = result["errors"]
        extensions: dict[str, Any] = error["extensions"]
        return extensions

    async def raise_submitted(self, quantity: int, caller: str = "host") -> dict[str, Any]:
        """A request of police-scotland, raised and submitted."""
        raised = await self.ok(caller, "raiseRequest", raise_input(quantity))
        return await self.ok(caller, "submitRequest", step(raised))


MUTATIONS: dict[str, tuple[str, str]] = {
    **{
        name: (input_type, REQUEST_FIELDS)
        for name, input_type in [
            ("raiseRequest", "RaiseRequestInput"),
            ("updateRequest", "UpdateRequestInput"),
            ("submitRequest", "StepInput"),
            ("confirmRequest", "StepInput"),
            ("startRequest", "StepInput"),
            ("completeRequest", "StepInput"),
            ("extendRequest", "ExtendRequestInput"),
            ("cancelRequest", "CancelRequestInput"),
        ]
    },
    **{
        name: (input_type, COMMITMENT_FIELDS)
        for name, input_type in [
            ("offerCommitment", "OfferCommitmentInput"),
            ("acceptCommitment", "StepInput"),
            ("declineCommitment", "StepInput"),
            ("withdrawCommitment", "StepInput"),
            ("releaseCommitment", "StepInput"),
        ]
    },
}


def raise_input(quantity: int = 8, **changes: Any) -> dict[str, Any]:
    return {
        "capability": "PUBLIC_ORDER_L2",
        "quantity": quantity,
        "startsOn": "2026-11-01",
        "endsOn": "2026-11-13",
        "description": "COP26 public order support",
        **changes,
    }


def step(record: dict[str, Any]) -> dict[str, Any]:
    return {"id": record["id"], "expectedVersion": record["version"]}


def offer(request: dict[str, Any], quantity: int, force: str | None = None) -> dict[str, Any]:
    return {"request": request["id"], "quantity": quantity, "force": force}


@pytest.fixture
async def workflow(settings: Settings, engine: AsyncEngine) -> AsyncIterator[Workflow]:
    async with graph_client(settings) as graph:
        keys = {name: await graph.key(role, force) for name, (role, force) in CALLERS.items()}
        yield Workflow(graph, keys)
