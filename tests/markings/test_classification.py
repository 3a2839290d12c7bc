"""Security classification: shown on every record, set by `markClassification`, inherited from
the operation, and stamped on cost statement exports; on both databases."""

from __future__ import annotations

import asyncio
import csv
import io
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine
from typer.testing import CliRunner

from hub.cli import app
from hub.config import Settings
from hub.store.gids import fill_gids
from tests.client import Graph, auth_headers
from tests.costs.conftest import Duty, utc, write_duties
from tests.helpers import count_statements

runner = CliRunner()
DUTIES = [
    Duty("metropolitan", "police-scotland", "PC", utc(2021, 11, 2, 7), utc(2021, 11, 2, 15)),
    Duty("kent", "police-scotland", "SGT", utc(2021, 11, 3, 7), utc(2021, 11, 3, 15)),
]
OTHER = [Duty("kent", "metropolitan", "PC", utc(2021, 6, 5, 7), utc(2021, 6, 5, 15))]
EVERYTHING = """{
  operations(first: 10) { nodes { id code classification } }
  mutualAidRequests(first: 10) { nodes { reference classification operation { code } } }
  planningUnits(first: 10) { nodes { reference classification } }
  dutyUnits(first: 10) { nodes { reference classification } }
  deployments(first: 10) { nodes { id classification dutyUnit { reference }
    officer { id classification } } }
}"""
MARK = """mutation($id: ID!, $c: Classification!) {
  markClassification(id: $id, classification: $c) { id recordType marking classification } }"""


async def _written(engine: AsyncEngine) -> None:
    await write_duties(engine, "COP", DUTIES)
    await write_duties(engine, "FETE", OTHER)
    async with engine.begin() as connection:
        await fill_gids(connection)


def _by(rows: list[dict[str, object]], key: str) -> dict[object, object]:
    return {row[key]: row["classification"] for row in rows}


async def test_records_are_official_until_marked_and_inherit_their_operations_marking(
    graph: Graph, engine: AsyncEngine
) -> None:
    await _written(engine)
    before = await graph.data(EVERYTHING)
    every = [
        row["classification"]
        for field in ("operations", "mutualAidRequests", "planningUnits", "dutyUnits")
        for row in before[field]["nodes"]
    ]
    assert set(every) == {"OFFICIAL"} and len(every) == 2 + 3 + 3 + 3
    cop = next(op for op in before["operations"]["nodes"] if op["code"] == "COP")

    marked = await graph.data(MARK, {"id": cop["id"], "c": "OFFICIAL_SENSITIVE"})
    assert marked["markClassification"] == {
        "id": cop["id"],
        "recordType": "Operation",
        "marking": "OFFICIAL_SENSITIVE",
        "classification": "OFFICIAL_SENSITIVE",
    }
    after = await graph.data(EVERYTHING)
    assert _by(after["operations"]["nodes"], "code") == {
        "COP": "OFFICIAL_SENSITIVE",
        "FETE": "OFFICIAL",
    }
    requests = after["mutualAidRequests"]["nodes"]
    assert {r["reference"]: r["classification"] for r in requests} == {
        "COP-REQ-1": "OFFICIAL_SENSITIVE",
        "COP-REQ-2": "OFFICIAL_SENSITIVE",
        "FETE-REQ-1": "OFFICIAL",
    }
    assert _by(after["dutyUnits"]["nodes"], "reference") == {
        "COP-DUTY-1": "OFFICIAL_SENSITIVE",
        "COP-DUTY-2": "OFFICIAL_SENSITIVE",
        "FETE-DUTY-1": "OFFICIAL",
    }
    deployments = after["deployments"]["nodes"]
    assert {d["dutyUnit"]["reference"]: d["classification"] for d in deployments} == {
        "COP-DUTY-1": "OFFICIAL_SENSITIVE",
        "COP-DUTY-2": "OFFICIAL_SENSITIVE",
        "FETE-DUTY-1": "OFFICIAL",
    }
    # An officer belongs to a force, not an operation: marked only on its own.
    assert {d["officer"]["classification"] for d in deployments} == {"OFFICIAL"}

    # A record's own OFFICIAL marking never lowers its operation's.
    cop_deployment = next(d for d in deployments if d["dutyUnit"]["reference"] == "COP-DUTY-1")
    lowered = await graph.data(MARK, {"id": cop_deployment["id"], "c": "OFFICIAL"})
    assert lowered["markClassification"]["marking"] == "OFFICIAL"
    assert lowered["markClassification"]["classification"] == "OFFICIAL_SENSITIVE"

    fete_deployment = next(d for d in deployments if d["dutyUnit"]["reference"] == "FETE-DUTY-1")
    officer = await graph.data(
        MARK, {"id": fete_deployment["officer"]["id"], "c": "OFFICIAL_SENSITIVE"}
    )
    assert officer["markClassification"]["recordType"] == "Officer"
    again = await graph.data(EVERYTHING)
    by_duty = {d["dutyUnit"]["reference"]: d for d in again["deployments"]["nodes"]}
    assert by_duty["FETE-DUTY-1"]["officer"]["classification"] == "OFFICIAL_SENSITIVE"
    assert by_duty["FETE-DUTY-1"]["classification"] == "OFFICIAL"


async def test_classification_of_a_page_is_one_statement_per_type(
    graph: Graph, engine: AsyncEngine
) -> None:
    await _written(engine)
    query = "{ deployments(first: 10) { nodes { classification officer { classification } } } }"
    with count_statements(graph.engine) as marked:
        result = await graph.data(query)
    assert len(result["deployments"]["nodes"]) == 3
    # The page, the deployments' markings, the officers, the officers' markings.
    assert marked.count == 4, marked.statements


async def test_only_coordinators_mark_and_an_unknown_id_is_refused(
    graph: Graph, engine: AsyncEngine
) -> None:
    await _written(engine)
    ops = await graph.data("{ operations(first: 1) { nodes { id } } }")
    target = ops["operations"]["nodes"][0]["id"]
    for role, force in (("partner", "kent"), ("stakeholder", None)):
        key = await graph.key(role, force)
        response = await graph.post(
            MARK, {"id": target, "c": "OFFICIAL_SENSITIVE"}, headers=auth_headers(key)
        )
        errors = response.json()["errors"]
        assert errors[0]["extensions"]["code"] == "FORBIDDEN", errors
    result = await graph.execute(MARK, {"id": "T3BlcmF0aW9uOk5PTkU", "c": "OFFICIAL"})
    assert result["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    unchanged = await graph.data("{ operations(first: 5) { nodes { classification } } }")
    assert {row["classification"] for row in unchanged["operations"]["nodes"]} == {"OFFICIAL"}


async def test_cost_statements_carry_the_operations_marking(
    graph: Graph, engine: AsyncEngine, settings: Settings, tmp_path: Path
) -> None:
    await _written(engine)
    env = {"HUB_DATABASE_URL": settings.database_url}
    args = ["costs", "statement", "--operation", "COP", "--force", "police-scotland"]

    async def export(*extra: str) -> str:
        result = await asyncio.to_thread(runner.invoke, app, [*args, *extra], env=env)
        assert result.exit_code == 0, result.output
        return result.stdout

    rows = list(csv.DictReader(io.StringIO(await export())))
    assert rows and {row["classification"] for row in rows} == {"OFFICIAL"}

    ops = await graph.data("{ operations(first: 5) { nodes { id code } } }")
    cop = next(op["id"] for op in ops["operations"]["nodes"] if op["code"] == "COP")
    await graph.data(MARK, {"id": cop, "c": "OFFICIAL_SENSITIVE"})
    rows = list(csv.DictReader(io.StringIO(await export())))
    assert {row["classification"] for row in rows} == {"OFFICIAL-SENSITIVE"}
    page = await export("--format", "html")
    assert page.count("<p class='marking'>OFFICIAL-SENSITIVE</p>") == 2
    pdf = tmp_path / "statement.pdf"
    await export("--format", "pdf", "--output", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
