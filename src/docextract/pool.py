"""Work on many pages in forked worker processes when it pays, the results coming back in order."""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

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
    with started(work, items, jobs, prepare) as results:
        yield from results


class Started(Generic[Result]):
    """The results of work started at once, in order: a context manager that stops the workers on leaving
    (after the last result, on an error, on Ctrl-C), as leaving `with Pool` does."""

    def __init__(self, workers, results: Iterator[Result]):
        self._workers, self._results = workers, results
        self.parallel = workers is not None  # False: the work is done here, as the results are taken

    def __enter__(self) -> Started[Result]:
        return self

    def __iter__(self) -> Iterator[Result]:
        return self._results

    def __exit__(self, *exc) -> None:
        global _work
        if self._workers is not None:
            self._workers.terminate()
            self._workers, _work = None, None


def started(
    work: Callable[[Item], Result],
    items: list[Item],
    jobs: int | None = None,
    prepare: Callable[[], None] = lambda: None,
    chunk: int | None = None,
) -> Started[Result]:
    """As ordered, but the worker processes start at once: the caller does other work while they run (reads
    a setups file, loads a catalogue), then takes the results. Done here, one by one as taken, when worker
    processes do not pay. A worker takes `chunk` items at a time and returns their results together: by
    default a few per worker, for work that is quick; 1 for work whose results must come as each ends."""
    global _work
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(items) < PARALLEL_THRESHOLD or "fork" not in multiprocessing.get_all_start_methods():
        return Started(None, map(work, items))
    prepare()
    _work = work
    workers = multiprocessing.get_context("fork").Pool(min(jobs, len(items)), initializer=_worker_init)
    chunk = chunk or max(1, len(items) // (jobs * 8))
    return Started(workers, workers.imap(_call, items, chunksize=chunk))
