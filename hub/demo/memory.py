"""Keeping `hub demo`'s memory down: fewer malloc arenas, and freed memory given back.

CPython keeps small objects in its own arenas and asks the C library's malloc for the rest.
glibc's malloc gives each thread that allocates an arena of its own (up to eight per CPU),
and pages freed inside an arena stay with the process until `malloc_trim` hands them back.
The importing process runs threads (the read-ahead pool, the database's) and leaves tens of
MB free but held after an import (docs/performance.md). Elsewhere than glibc both are no-ops.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from functools import cache
from typing import Any

M_ARENA_MAX = -8  # mallopt parameter (malloc.h)
ARENAS = 2  # the main thread's arena and one for every other thread


@cache
def _glibc() -> Any | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    if libc is None or not hasattr(libc, "malloc_trim") or not hasattr(libc, "mallopt"):
        return None
    return libc


def limit_arenas(arenas: int = ARENAS) -> bool:
    """Let malloc make at most `arenas` arenas in this process; whether it could be told."""
    libc = _glibc()
    return libc is not None and bool(libc.mallopt(M_ARENA_MAX, arenas))


def give_back() -> None:
    """Free what only cycles keep, then hand malloc's free pages back to the system."""
    gc.collect()
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)
