"""Check: a source record's values validated into records of the standard (types, code lists,
the mapping's declared rules across fields), keyed and ready to write, or rejected with codes."""

from hub.adapters.check.prepare import Batch, dedupe, gather, prepare
from hub.adapters.check.rules import CheckRule, compile_check
from hub.adapters.check.validate import Item, Pending, Problem, Validator

__all__ = [
    "Batch",
    "CheckRule",
    "Item",
    "Pending",
    "Problem",
    "Validator",
    "compile_check",
    "dedupe",
    "gather",
    "prepare",
]
