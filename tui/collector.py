"""Python's cycle collector paused while a burst of objects is made that holds no cycle.

The collector runs every 700 new objects and walks the whole heap every so often. Reading a
6,000-card board makes about a million objects (text, numbers, tuples, dicts, frozen cards)
and an export about as many again; none of them is in a reference cycle, so those runs only
walk them again and again: a quarter of the time a board took to read, a fifth of an
export. Memory is freed as always while paused, by reference counting.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cycle collector off inside the block, on again after if it was on before."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
