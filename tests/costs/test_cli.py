"""`hub costs statement|agree|dispute`, and a rate change after the fact shown as a difference."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine
from typer.testing import CliRunner

from hub.cli import app
from hub.config import Settings
from hub.costs import load_rates, rates
from hub.store import models as m
from tests.client import graph_client
from tests.costs.conftest import Duty, utc, write_duties

runner = CliRunner()
DUTIES = [
    Duty("metropolitan", "police-scotland", "PC", utc(2021, 11, 2, 7), utc(2021, 11, 2, 15)),
    Duty("metropolitan", "police-scotland", "SGT", utc(2021, 11, 3, 7), utc(2021, 11, 3, 15)),
    Duty("police-scotland", "police-scotland", "PC", utc(2021, 11, 3, 7), utc(2021, 11, 3, 15)),
]


@pytest.fixture
async def written(
    engine: AsyncEngine, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> Settings:
    """The duties, one duty unit named like a spreadsheet formula; the CLI on that database."""
    await write_duties(engine, "CLI", DUTIES)
    async with engine.begin() as connection:
        await connection.execute(
            update(m.DutyUnit).where(m.DutyUnit.reference == "CLI-DUTY-1").values(reference="=2+5")
        )
    monkeypatch.setenv("HUB_DATABASE_URL", settings.database_url)
    return settings


def test_statement_as_csv_neutralises_formulas(written: Settings) -> None:
    result = runner.invoke(
        app, ["costs", "statement", "--operation", "CLI", "--force", "metropolitan"]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    tours = [row for row in rows if row["kind"] == "TOUR"]
    assert [row["reference"] for row in tours] == ["'=2+5", "CLI-DUTY-2"]
    # 8 h x £60.00 and 8 h x £72.00; the own-force duty of Police Scotland is not charged.
    assert [row["amount"] for row in tours] == ["480.00", "576.00"]
    assert rows[-1]["kind"] == "TOTAL" and rows[-1]["amount"] == "1056.00"
    assert "2 deployments priced once each" in result.stderr


def test_statement_as_printable_html(written: Settings, tmp_path: Path) -> None:
    page = tmp_path / "statement.html"
    args = ["costs", "statement", "--operation", "CLI", "--force", "police-scotland"]
    result = runner.invoke(app, [*args, "--format", "html", "--output", str(page)])
    assert result.exit_code == 0, result.output
    text = page.read_text()
    assert "metropolitan charges police-scotland" in text and "1056.00" in text
    # Police Scotland's officer on its own request is checked but not charged.
    assert "1 worked for their own force" in result.stderr


def test_statement_as_pdf(written: Settings, tmp_path: Path) -> None:
    pdf = tmp_path / "statement.pdf"
    args = ["costs", "statement", "--operation", "CLI", "--force", "metropolitan"]
    result = runner.invoke(app, [*args, "--format", "pdf", "--output", str(pdf)])
    assert result.exit_code == 0, result.output
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert data.count(b"/Type /Page\n") == 1  # one statement, one page


def test_an_unknown_operation_is_refused(written: Settings) -> None:
    result = runner.invoke(app, ["costs", "statement", "--operation", "NOPE", "--force", "cumbria"])
    assert result.exit_code == 1 and "UNKNOWN_OPERATION" in result.stderr


AGREEMENT = """
{ costStatement(operation: "CLI", providingForce: "metropolitan",
                requestingForce: "police-scotland") {
    total difference agreement { status total note } } }
"""


def _dearer(tmp_path: Path) -> rates.Rates:
    """The published rates with a constable's hourly cost raised from £60.00 to £66.00."""
    source = rates.rates_folder()
    (tmp_path / "holidays").mkdir()
    for path in source.glob("holidays/*.csv"):
        (tmp_path / "holidays" / path.name).write_text(path.read_text())
    for path in source.glob("*.yaml"):
        text = path.read_text().replace('PC: "60.00"', 'PC: "66.00"')
        (tmp_path / path.name).write_text(text)
    return load_rates(tmp_path)


async def test_a_rate_change_after_agreement_shows_a_difference(
    written: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["--operation", "CLI", "--from", "metropolitan", "--to", "police-scotland"]
    import asyncio

    result = await asyncio.to_thread(
        runner.invoke, app, ["costs", "agree", *args, "--note", "checked"]
    )
    assert result.exit_code == 0, result.output
    async with graph_client(written) as graph:
        data = await graph.data(AGREEMENT)
        assert data["costStatement"] == {
            "total": "1056.00",
            "difference": "0.00",
            "agreement": {"status": "AGREED", "total": "1056.00", "note": "checked"},
        }
        dearer = _dearer(tmp_path)
        monkeypatch.setattr(rates, "standard_rates", lambda: dearer)
        data = await graph.data(AGREEMENT)
        # The constable's 8 hours now cost 8 x £66.00 = £528.00, £48.00 more than agreed.
        assert data["costStatement"]["total"] == "1104.00"
        assert data["costStatement"]["difference"] == "48.00"
    # Disputed at the new rates: the word is recorded with the total as it now stands.
    result = await asyncio.to_thread(
        runner.invoke, app, ["costs", "dispute", *args, "--note", "rates of 2022?"]
    )
    assert result.exit_code == 0, result.output
    async with graph_client(written) as graph:
        data = await graph.data(AGREEMENT)
        assert data["costStatement"] == {
            "total": "1104.00",
            "difference": "0.00",
            "agreement": {"status": "DISPUTED", "total": "1104.00", "note": "rates of 2022?"},
        }
