"""A request's log record: made without LogRecord's constructor (its cost was a fifth of the
line), yet with every attribute that constructor sets, so any formatter can write it."""

from __future__ import annotations

import logging
import sys
import time
from collections import Counter
from types import FrameType
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from hub.config import Settings
from tests.client import graph_client

QUERY = "query Logged { forces { code } }"


class Kept(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


async def test_a_request_line_is_a_full_record_made_cheaply(
    settings: Settings, engine: AsyncEngine
) -> None:
    logger = logging.getLogger("hub.requests")
    kept = Kept()
    logger.addHandler(kept)
    level = logger.level
    logger.setLevel(logging.INFO)
    built: Counter[str] = Counter()

    def profile(frame: FrameType, event: str, _arg: Any) -> None:
        if event == "call" and frame.f_code.co_qualname == "LogRecord.__init__":
            built[frame.f_code.co_filename] += 1

    try:
        async with graph_client(settings) as graph:
            await graph.data(QUERY)
            sys.setprofile(profile)
            try:
                await graph.data(QUERY)
            finally:
                sys.setprofile(None)
    finally:
        logger.removeHandler(kept)
        logger.setLevel(level)
    assert not built, built
    record = [r for r in kept.records if getattr(r, "operation", None) == "Logged"][-1]
    made = logger.makeRecord(logger.name, logging.INFO, __file__, 0, "", (), None)
    assert set(vars(made)) <= set(vars(record))
    assert record.getMessage() == "graphql OK" and record.levelname == "INFO"
    assert abs(record.created - time.time()) < 60 and 0 <= record.msecs < 1000
    assert logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s").format(record)
