"""Helpers for work over hundreds of thousands of rows (imports, exports, reports)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Hold off the cyclic garbage collector while building or reading big data sets.

    Bulk work allocates millions of small, acyclic objects; every few thousand
    allocations the collector would walk all of them again, which costs more time than
    the work itself. Reference counting still frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
