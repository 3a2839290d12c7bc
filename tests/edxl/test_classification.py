"""An imported message's `mah:Classification` marks the records it creates or changes (the
request, and the commitment it names), never lowers a marking, and a value the hub does not
hold is refused with its element's path, nothing written (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, select

from hub.config import Settings
from hub.store import models as m
from tests.edxl.conftest import hub_cli
from tests.edxl.test_round_trip import Story, remove_request
from tests.workflow.conftest import Workflow

pytestmark = pytest.mark.asyncio(loop_scope="package")

MARK = """mutation($id: ID!) {
  markClassification(id: $id, classification: OFFICIAL_SENSITIVE) { classification } }"""
CLASSIFIED = """query($ref: String!) { mutualAidRequest(reference: $ref) {
  classification commitments { classification } edxlMessages { xml } } }"""
PLACE = "/rmsg:ResourceInformation/rmsg:Resource/rmsg:TypeInfo/mah:Classification"


async def _requisition(story: Story) -> None:
    """A request with one commitment offered and accepted: three messages, one naming it."""
    await story.submit()
    await story.offer("donor", 5)
    await story.commitment("donor", "host", "acceptCommitment")


async def _classified(story: Story) -> dict[str, Any]:
    found = await story.w.call("coordinator", CLASSIFIED, {"ref": story.request["reference"]})
    assert "errors" not in found, found
    request: dict[str, Any] = found["data"]["mutualAidRequest"]
    return request


async def _exported(story: Story, tmp_path: Path) -> list[Path]:
    files = []
    for number, message in enumerate((await _classified(story))["edxlMessages"]):
        files.append(tmp_path / f"{number:02d}.xml")
        files[-1].write_text(message["xml"])
    return files


async def _forget(story: Story) -> None:
    """The request gone from this hub, with its markings (as on a hub that never had it)."""
    async with story.w.graph.engine.begin() as connection:
        await connection.execute(delete(m.RecordMarking))
    await remove_request(story)


async def _import(settings: Settings, files: list[Path]) -> str:
    result = await hub_cli(settings, "edxl", "import", *map(str, files))
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


@pytest.mark.parametrize("sensitive", [True, False])
async def test_an_imported_marking_marks_the_request_and_its_commitment(
    hub: tuple[Settings, Workflow], tmp_path: Path, sensitive: bool
) -> None:
    settings, workflow = hub
    story = Story(workflow, tmp_path, settings)
    await _requisition(story)
    if sensitive:
        await workflow.call("coordinator", MARK, {"id": story.request["id"]})
    files = await _exported(story, tmp_path)
    label = "OFFICIAL-SENSITIVE" if sensitive else "OFFICIAL"
    assert all(f"Classification>{label}</" in path.read_text() for path in files)
    await _forget(story)
    await _import(settings, files)
    after = await _classified(story)
    code = "OFFICIAL_SENSITIVE" if sensitive else "OFFICIAL"
    assert after["classification"] == code
    assert [c["classification"] for c in after["commitments"]] == [code]
    async with workflow.graph.engine.connect() as connection:
        marks = (await connection.execute(select(m.RecordMarking))).all()
    expected = {("MutualAidRequest", code), ("Commitment", code)} if sensitive else set()
    assert {(mark.record_type, mark.classification) for mark in marks} == expected
    assert all(mark.marked_by == "EDXL-RM import" for mark in marks)
    # Exported again, the documents say what they said.
    assert [path.read_text() for path in await _exported(story, tmp_path)] == [
        path.read_text() for path in files
    ]


async def test_an_official_message_never_lowers_a_marking(
    hub: tuple[Settings, Workflow], tmp_path: Path
) -> None:
    settings, workflow = hub
    story = Story(workflow, tmp_path, settings)
    await story.submit()
    await story.offer("donor", 5)
    files = await _exported(story, tmp_path)  # marked OFFICIAL
    await _forget(story)
    await _import(settings, files[:1])
    await story.refresh()
    await workflow.call("coordinator", MARK, {"id": story.request["id"]})
    await _import(settings, files[1:])  # the offer, marked OFFICIAL
    after = await _classified(story)
    assert after["classification"] == "OFFICIAL_SENSITIVE"
    assert [c["classification"] for c in after["commitments"]] == ["OFFICIAL"]


@pytest.mark.parametrize("value", ["SECRET", "official-sensitive", ""])
async def test_an_unknown_classification_is_refused_with_its_path(
    hub: tuple[Settings, Workflow], tmp_path: Path, value: str
) -> None:
    settings, workflow = hub
    story = Story(workflow, tmp_path, settings)
    await story.submit()
    first = (await _exported(story, tmp_path))[0]
    await _forget(story)
    text = first.read_text().replace("Classification>OFFICIAL</", f"Classification>{value}</")
    first.write_text(text)
    result = await hub_cli(settings, "edxl", "import", str(first))
    output = " ".join(result.output.split())
    assert result.exit_code == 1 and "1 refused" in output, output
    assert "EDXL_BAD_VALUE" in output and f"path /rmsg:RequestResource{PLACE}" in output
    async with workflow.graph.engine.connect() as connection:
        r = m.MutualAidRequest
        reference = story.request["reference"]
        assert (await connection.execute(select(r.id).where(r.reference == reference))).all() == []
