"""Pausing Python's cyclic garbage collector around bulk work that makes no cycles.

Loading a pack and planning a path allocate hundreds of thousands of small
containers (tuples, lists, dataclasses). Each few hundred allocations trigger a
collection, and now and then a full one, which walks every live object: on a
100,000-concept pack one full collection took about 90 ms, longer than the path
it interrupted, and made the time of both grow faster than the work
(docs/performance.md). Neither job creates reference cycles, so the collector
has nothing to find there: it is paused for their duration and resumes after.
Reference counting still frees everything as usual.

Reentrant and thread-safe: the collector resumes when the last pause ends, and
only if it was running when the first began.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

_lock = threading.Lock()
_depth = 0
_resume = False  # whether the collector was running when the outermost pause began

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block."""
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
                _age_survivors()
                gc.enable()


def _age_survivors() -> None:
    """Move every object allocated during the pause into the oldest generation, without a walk.

    Resumed as they were, the first allocation would trigger a young collection,
    and every object made while paused is young: on a 100,000-concept pack that one
    collection walked the whole unpickled graph (about 1 s) to find nothing, since
    loading and planning make no cycles. Freezing then unfreezing ages them at once,
    as surviving that collection would, and full collections still see them. Skipped
    while something is frozen for good (``freeze_loaded``): unfreezing would undo that.
    """
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


def gc_paused(func: Callable[P, R]) -> Callable[P, R]:
    """Decorate a function to run with the collector paused."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with paused():
            return func(*args, **kwargs)

    return wrapper


def freeze_loaded() -> None:
    """Move every object alive now out of the collector's sight, for good.

    Called once a pack is loaded: the graph lives as long as the process, and later
    full collections (while typing into the TUI, say) no longer walk it. No
    collection first: loading makes no cycles, and a full collection would cost
    the start-up what the freeze saves later.
    """
    gc.freeze()
