from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

from hub.standard import Vocabulary, load_vocabulary

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"


@pytest.fixture(scope="session")
def vocabulary() -> Vocabulary:
    return load_vocabulary()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"the real data files are not beside the repository ({SHARED_DATA})")
    return SHARED_DATA


ReadRecords = Callable[..., list[dict[str, str]]]


def _read_records(path: Path, encoding: str = "utf-8") -> list[dict[str, str]]:
    """The rows of a real CSV file as dicts, header names stripped of stray spaces."""
    with path.open(encoding=encoding, newline="") as stream:
        reader = csv.reader(stream)
        header = [name.strip() for name in next(reader)]
        return [dict(zip(header, row, strict=True)) for row in reader if row]


@pytest.fixture(scope="session")
def read_records() -> ReadRecords:
    return _read_records
