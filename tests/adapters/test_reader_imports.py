"""The reader process starts without the write stage's imports (SQLAlchemy, the store's models):
it maps and checks records by their keys and references, and never writes them."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.adapters.conftest import EXAMPLES, ROOT

READ = """
import json, sys
from pathlib import Path
from hub.adapters.sources import Job
from hub.adapters.reader import read
from hub.adapters.map import load_adapter
from hub.adapters.check import Validator
from hub.standard import load_vocabulary

adapter = load_adapter(Path(sys.argv[1]))
vocabulary = load_vocabulary()
validator = Validator(vocabulary, adapter.timezone, adapter.synonyms, "greater-manchester", None)
kinds = []

class Outbox:
    def put(self, message):
        kinds.append(message[1])

    def put_pickled(self, blob):
        kinds.append("batch")

job = Job(1, sys.argv[1], sys.argv[2], 1000, "greater-manchester", None)
read(Outbox(), job, adapter, validator)
loaded = sorted({name.split(".")[0] for name in sys.modules} & {"sqlalchemy", "asyncpg"})
print(json.dumps({"kinds": kinds, "loaded": loaded, "store": "hub.store.models" in sys.modules}))
"""


def test_the_reader_reads_a_file_without_the_write_stages_imports() -> None:
    mapping = EXAMPLES / "duty-roster-xml" / "mapping.yaml"
    sample = EXAMPLES / "duty-roster-xml" / "roster.xml"
    done = subprocess.run(
        [sys.executable, "-c", READ, str(mapping), str(sample)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    answer = json.loads(done.stdout)
    assert answer["kinds"] == ["checked", "batch", "done"]
    assert answer["loaded"] == [] and not answer["store"]
