"""Work on many pages in forked worker processes when it pays, the results coming back in order."""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from typing import TypeVar

# Below this many pages, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 24

Item = TypeVar("Item")
Result = TypeVar("Result")

# The work of the current pool: set before forking, so each worker inherits it (a closure need not pickle).
_work: Callable | None = None


def _worker_init() -> None:
    # Forked from a command that turns SIGINT and SIGTERM into exceptions: in a worker that would raise
    # inside the pool's queues when the pool ends it (SIGTERM), print a traceback and can hang the run.
    # The parent alone handles Ctrl-C; a worker ends when told to.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _call(item):
    return _work(item)


def ordered(
    work: Callable[[Item], Result],
    items: list[Item],
    jobs: int | None = None,
    prepare: Callable[[], None] = lambda: None,
) -> Iterator[Result]:
    """work(item) for each item, in order: here, or in worker processes when there are enough items.

    prepare runs before forking: what it builds (parsers) is inherited by every worker, not built by each.
    work must not raise (a worker's exception would end the run): it returns its failure as data."""
    global _work
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(items) < PARALLEL_THRESHOLD or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(work, items)
        return
    prepare()
    _work = work
    context = multiprocessing.get_context("fork")
    try:
        with context.Pool(min(jobs, len(items)), initializer=_worker_init) as pool:
            yield from pool.imap(_call, items, chunksize=max(1, len(items) // (jobs * 8)))
    finally:
        _work = None
