"""An unknown name in a code-list field is rejected with the codes it may have meant."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from hub.cli import app

runner = CliRunner()
MAPPING = """\
adapter: suggestions
force: kent
source: {type: csv}
records:
  - entity: officer
    fields:
      serviceNumber: Number
      familyName: Surname
      givenName: Forename
      rank: Rank
      capabilities: {column: Skills, transforms: [{split: "/"}]}
"""
ROWS = """Number,Surname,Forename,Rank,Skills
K1,Ashe,Ann,PC,PSU DRV
K2,Brook,Bo,Cadet,
K3,Cole,Cy,PC,Taser
"""


def test_unknown_codes_name_the_codes_they_may_have_meant(tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text(MAPPING, encoding="utf-8")
    (tmp_path / "kent.csv").write_text(ROWS, encoding="utf-8")
    report = tmp_path / "report.json"
    env = {"HUB_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'hub.db'}"}
    assert runner.invoke(app, ["db", "upgrade"], env=env).exit_code == 0
    result = runner.invoke(
        app,
        [
            "ingest",
            "--dry-run",
            "--adapter",
            str(tmp_path / "m.yaml"),
            str(tmp_path / "kent.csv"),
            "--report",
            str(report),
        ],
        env=env,
    )
    assert result.exit_code == 0, result.output
    (found,) = json.loads(report.read_text(encoding="utf-8"))
    messages = {reject["line"]: reject["message"] for reject in found["rejects"]}
    assert "(did you mean PSU_DRIVER?)" in messages[2]
    assert "did you mean" not in messages[3] and "is no rank of the standard" in messages[3]
    assert "did you mean" not in messages[4] and "standards/codelists/" in messages[4]
