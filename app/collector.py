"""Pausing Python's cyclic garbage collector while a bulk job makes objects that all live on.

Reading and planning a year of submissions makes millions of objects (rows, their values) that
live until the import is written. The collector runs every 700 new objects and goes through the
growing heap again and again: a fifth of an import's time, and most of unpickling the rows a
helper process read. The jobs make next to no reference cycles, so nothing piles up meanwhile.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_resume = False


@contextmanager
def paused() -> Iterator[None]:
    """The collector off for the block; nested or concurrent blocks (the window's worker threads)
    turn it back on once, after the last, and only if it was on before the first."""
    global _depth, _resume
    with _lock:
        if _depth == 0:
            _resume = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _resume:
                gc.enable()
