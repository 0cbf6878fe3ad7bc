"""The garbage collector's pace for commands that read many pages, what it leaves out, and its last pass
skipped at exit."""

from __future__ import annotations

import atexit
import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Allocations between two collections of the youngest generation while pages are read (Python's default
# is 700). Reading a page allocates tens of thousands of objects and leaves almost no cycles (a few
# hundred in the whole Elasticsearch reference), so at the default the collector ran a hundred times a
# run, and its older generations, which walk every object the run keeps (parsers, files read), cost about
# 5% of a run for nothing.
YOUNG_COLLECTION_THRESHOLD = 10_000


@contextmanager
def fewer_collections() -> Iterator[None]:
    """The collector run less often inside, as before afterwards (a command may run in a test session)."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], YOUNG_COLLECTION_THRESHOLD), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


@contextmanager
def left_out() -> Iterator[None]:
    """What exists now left out of the collector's passes inside (gc.freeze), and collected as before
    afterwards. Not when something froze the heap before (a host process): unfreezing would thaw that too."""
    if not may_freeze():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def may_freeze() -> bool:
    """Whether this process may freeze the heap and thaw it later: nothing else holds it frozen."""
    return gc.get_freeze_count() == 0


def freeze_at_exit() -> None:
    """Skip the collector's pass over the heap as the process ends (~12 ms for a run's parsers and files):
    frozen, the heap is left to the system, which takes the whole memory back. Registered once, however
    many commands a process runs (a test session)."""
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)
