"""One naming: mapping files name fields as the graph does; the old Python names still work for
one release, with a deprecation warning in the report and the CLI output."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from hub.cli import app
from hub.config import Settings
from tests.adapters.conftest import EXAMPLES, example

runner = CliRunner()
OLD_NAMES = {
    "serviceNumber": "service_number",
    "familyName": "family_name",
    "givenName": "given_name",
    "availabilityStatus": "availability",
    "availableFrom": "available_from",
    "availableTo": "available_to",
}


@pytest.fixture
def database(settings: Settings, engine: object, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("HUB_DATABASE_URL", settings.database_url)
    return settings


def _with_old_names(tmp_path: Path) -> Path:
    text = example("hr-availability", "mapping.yaml").read_text(encoding="utf-8")
    for new, old in OLD_NAMES.items():
        text = text.replace(f"{new}:", f"{old}:").replace(f" {new},", f" {old},")
        text = text.replace(f" {new}}}", f" {old}}}")
    assert "serviceNumber" not in text and "availableTo" not in text
    mapping = tmp_path / "old-names.yaml"
    mapping.write_text(text, encoding="utf-8")
    return mapping


def _ingest(adapter: str, report: Path) -> dict[str, object]:
    sample = str(example("hr-availability", "availability.csv"))
    result = runner.invoke(app, ["ingest", "--adapter", adapter, sample, "--report", str(report)])
    assert result.exit_code == 0, result.output
    (data,) = json.loads(report.read_text(encoding="utf-8"))
    data["output"] = result.output
    return data


def test_old_field_names_import_the_same_records_with_a_warning(
    database: Settings, tmp_path: Path
) -> None:
    old = _ingest(str(_with_old_names(tmp_path)), tmp_path / "old.json")
    assert (old["inserted"], old["rejected"]) == (3, 2)
    warnings = old["warnings"]
    assert isinstance(warnings, list) and len(warnings) == 9  # six fields, three names in checks
    assert any("'available_to' is now 'availableTo'" in text for text in warnings)
    assert "deprecated" in str(old["output"])
    fields = {(reject["line"], reject["field"]) for reject in old["rejects"]}  # type: ignore[attr-defined]
    assert fields == {(4, "availableTo"), (5, "availabilityStatus")}  # reports use graph names
    new = _ingest("hr-availability", tmp_path / "new.json")
    assert new["warnings"] == [] and "deprecated" not in str(new["output"])
    assert (new["inserted"], new["updated"], new["unchanged"]) == (0, 0, 3)  # stored alike


def test_a_field_mapped_by_both_names_is_refused(database: Settings, tmp_path: Path) -> None:
    mapping = _with_old_names(tmp_path)
    text = mapping.read_text(encoding="utf-8")
    mapping.write_text(
        text.replace("      rank: Rank", "      rank: Rank\n      familyName: Surname")
    )
    result = runner.invoke(
        app, ["ingest", "--adapter", str(mapping), str(example("hr-availability", "x.csv"))]
    )
    assert result.exit_code == 2, result.output
    assert "MAPPING_INVALID" in result.output and "mapped twice" in result.output


def test_the_published_schema_takes_both_names_and_no_other(tmp_path: Path) -> None:
    schema = json.loads((EXAMPLES / "mapping.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted(EXAMPLES.glob("*/mapping.yaml")):
        assert not list(validator.iter_errors(yaml.safe_load(path.read_text("utf-8")))), path
    old = yaml.safe_load(_with_old_names(tmp_path).read_text(encoding="utf-8"))
    assert not list(validator.iter_errors(old))
    old["records"][0]["fields"]["surname"] = "Surname"
    assert [error.validator for error in validator.iter_errors(old)] == ["enum"]
