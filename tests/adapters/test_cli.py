"""`hub ingest` and `hub adapters ...` as a force IT team runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from hub.cli import app
from hub.config import Settings
from tests.adapters.conftest import example

runner = CliRunner()


@pytest.fixture
def database(settings: Settings, engine: object, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The test's migrated database, as `hub` sees it through HUB_DATABASE_URL."""
    monkeypatch.setenv("HUB_DATABASE_URL", settings.database_url)
    return settings


def test_ingest_prints_a_summary_and_writes_a_json_report(
    database: Settings, tmp_path: Path
) -> None:
    report = tmp_path / "report.json"
    args = [
        "ingest",
        "--adapter",
        "hr-officers",
        str(example("hr-officers", "officers-with-errors.csv")),
    ]
    result = runner.invoke(app, [*args, "--report", str(report)])
    assert result.exit_code == 0, result.output
    assert "rejected" in result.output and "UNKNOWN_CODE" in result.output
    (data,) = json.loads(report.read_text(encoding="utf-8"))
    assert (data["read"], data["inserted"], data["rejected"], data["valid"]) == (6, 2, 4, False)
    assert data["rejects"][0]["code"] == "UNKNOWN_CODE"


def test_ingest_fails_on_a_refused_file_and_on_a_strict_reject(
    database: Settings, tmp_path: Path
) -> None:
    hostile = tmp_path / "roster.xml"
    hostile.write_bytes(b'<!DOCTYPE r SYSTEM "http://example.com/x.dtd"><r/>')
    refused = runner.invoke(app, ["ingest", "--adapter", "duty-roster-xml", str(hostile)])
    assert refused.exit_code == 1 and "XML_DOCTYPE_FORBIDDEN" in refused.output
    strict = runner.invoke(
        app,
        [
            "ingest",
            "--adapter",
            "hr-officers",
            "--strict",
            str(example("hr-officers", "officers-with-errors.csv")),
        ],
    )
    assert strict.exit_code == 1, strict.output


def test_ingest_with_a_mapping_that_does_not_exist(database: Settings) -> None:
    result = runner.invoke(app, ["ingest", "--adapter", "nowhere.yaml", "x.csv"])
    assert result.exit_code == 2 and "MAPPING_NOT_FOUND" in result.output


def test_adapters_list_shows_the_examples() -> None:
    result = runner.invoke(app, ["adapters", "list"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "hr-officers" in result.output and "edxl-rm-commit" in result.output


def test_adapters_check_validates_then_dry_runs_a_sample(database: Settings) -> None:
    mapping = example("hr-officers", "mapping.yaml")
    good = runner.invoke(
        app, ["adapters", "check", str(mapping), str(example("hr-officers", "officers.csv"))]
    )
    assert good.exit_code == 0, good.output
    assert "is valid" in good.output and "dry run" in good.output
    bad = runner.invoke(
        app,
        [
            "adapters",
            "check",
            str(mapping),
            str(example("hr-officers", "officers-with-errors.csv")),
        ],
    )
    assert bad.exit_code == 1 and "ROW_COLUMN_COUNT" in bad.output


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        (example("hr-officers", "officers.csv"), {"familyName": "Surname", "rank": "Rank"}),
        (example("duty-roster-xml", "roster.xml"), {}),
    ],
)
def test_adapters_new_writes_a_starter_mapping(
    tmp_path: Path, sample: Path, expected: dict[str, str]
) -> None:
    output = tmp_path / "starter.yaml"
    result = runner.invoke(
        app, ["adapters", "new", "--sample", str(sample), "--output", str(output)]
    )
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(output.read_text(encoding="utf-8"))
    fields = data["records"][0]["fields"]
    assert data["source"]["type"] == sample.suffix.lstrip(".")
    assert {key: fields[key] for key in expected} == expected
    assert fields["serviceNumber"] is not None
    checked = runner.invoke(app, ["adapters", "check", str(output)])
    assert checked.exit_code == 0 or "TODO" in output.read_text(encoding="utf-8")


def _starter(tmp_path: Path, sample: Path, entity: str) -> str:
    output = tmp_path / "starter.yaml"
    args = ["adapters", "new", "--sample", str(sample), "--entity", entity, "--output"]
    result = runner.invoke(app, [*args, str(output)])
    assert result.exit_code == 0, result.output
    return output.read_text(encoding="utf-8")


def test_the_starter_sees_the_shape_of_the_sample(tmp_path: Path) -> None:
    named = tmp_path / "GMP_HR export.csv"
    named.write_bytes(example("unit-members-list", "units.csv").read_bytes())
    text = _starter(tmp_path, named, "planning_unit_member")
    assert yaml.safe_load(text)["adapter"] == "gmp-hr-export"  # word breaks kept
    assert '# or one record per item: repeat: {as: item, column: "Members", split: "|"}' in text
    (tmp_path / "starter.yaml").unlink()
    rota = _starter(tmp_path, example("wide-rota-csv", "rota.csv"), "deployment")
    assert "#   repeat: {as: day, columns: '^\\d+\\-[A-Za-z]+\\-\\d+$'}" in rota
    assert "holds lists" not in rota  # day cells and dates are not lists
    (tmp_path / "starter.yaml").unlink()
    nested = tmp_path / "people.xml"
    person = "<Person id='p{0}'><Name><Surname>S{0}</Surname><Forenames>F</Forenames></Name>"
    nested.write_text(
        "<Export>"
        + "".join(person.format(n) + "<Rank>PC</Rank></Person>" for n in range(3))
        + "</Export>",
        encoding="utf-8",
    )
    data = yaml.safe_load(_starter(tmp_path, nested, "officer"))
    assert data["source"]["record"] == "/Export/Person"
    assert data["records"][0]["fields"]["familyName"] == "Name/Surname"
    assert data["records"][0]["fields"]["givenName"] == "Name/Forenames"


def test_the_starter_reads_a_workbook_and_refuses_other_binary_files(tmp_path: Path) -> None:
    text = _starter(tmp_path, example("rota-xlsx", "rota.xlsx"), "deployment")
    source = yaml.safe_load(text)["source"]
    assert source == {"type": "xlsx", "sheet": "Rota", "header_row": 3}  # the title skipped
    (tmp_path / "starter.yaml").unlink()
    old = tmp_path / "rota.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)  # an Excel 97 workbook's signature
    result = runner.invoke(app, ["adapters", "new", "--sample", str(old)])
    assert result.exit_code == 1 and "save an Excel workbook as .xlsx" in result.output
