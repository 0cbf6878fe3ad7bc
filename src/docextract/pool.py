"""Work on many pages: here, and in forked helper processes when there are enough pages to pay for
them, the results coming back in order.

Each process takes the next page not yet taken (a shared counter), so a long page does not hold the
others back, and the results (pickled back from the helpers) are the only traffic. Either the process
that runs the command works too (`here`: pages converted, validated or replayed; with N jobs it forks N - 1
helpers, so a two-core machine runs the command and one helper, not a parent that waits on two workers), or
the helpers do all the items while it does other work (run's pages read while it loads what the replay
needs and generates each page's tests).
"""

from __future__ import annotations

import gc
import os
import queue
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

# Below this many pages, forking a helper costs more than it saves (a page takes a few milliseconds).
PARALLEL_THRESHOLD = 8

Item = TypeVar("Item")
Result = TypeVar("Result")

# The work of the current run: set before forking, so each helper inherits it (a closure need not pickle).
_work: Callable | None = None
_items: list | None = None


def ordered(
    work: Callable[[Item], Result],
    items: list[Item],
    jobs: int | None = None,
    prepare: Callable[[], None] = lambda: None,
) -> Iterator[Result]:
    """work(item) for each item, in order: here, and in helper processes when there are enough items.

    prepare runs before forking: what it builds (parsers) is inherited by every helper, not built by each.
    work must not raise (a helper's exception would lose its item): it returns its failure as data."""
    with started(work, items, jobs, prepare, here=True) as results:
        yield from results


class Started(Generic[Result]):
    """The results of work started at once, in order: a context manager that ends the helpers on leaving
    (after the last result, on an error, on Ctrl-C)."""

    def __init__(self, shared: _Shared | None, results: Iterator[Result]):
        self._shared, self._results = shared, results
        self.parallel = shared is not None  # False: the work is done here, as the results are taken

    def __enter__(self) -> Started[Result]:
        return self

    def __iter__(self) -> Iterator[Result]:
        return self._results

    def __exit__(self, *exc) -> None:
        if self._shared is not None:
            self._shared.end()
            self._shared = None


def started(
    work: Callable[[Item], Result],
    items: list[Item],
    jobs: int | None = None,
    prepare: Callable[[], None] = lambda: None,
    chunk: int = 1,
    here: bool = False,
) -> Started[Result]:
    """As ordered, but the helpers start at once: the caller does other work while they run (reads a
    setups file, loads a catalogue), then takes the results. Done here, one by one as taken, when
    helpers do not pay. A helper takes `chunk` items at a time (fewer turns of the shared counter) and
    sends each result as it ends.

    here: this process is one of the jobs, working on the items left as it takes the results (quick
    items: pages converted). Without, `jobs` helpers do all the work and this process only takes each
    result as it comes, doing its own work meanwhile (pages read while it loads what the run needs and
    generates the tests of each page read); with jobs == 0, it does them all itself as it takes them."""
    import multiprocessing

    jobs = min((os.cpu_count() or 1) if jobs is None else jobs, len(items))
    helpers = jobs - 1 if here else jobs
    forks = "fork" in multiprocessing.get_all_start_methods()
    if helpers < 1 or len(items) < PARALLEL_THRESHOLD or not forks:
        return Started(None, map(work, items))
    prepare()
    shared = _Shared(work, items, helpers, max(1, chunk), here)
    return Started(shared, shared.results())


class _Shared:
    """One run shared by this process and its helpers."""

    def __init__(self, work: Callable, items: list, helpers: int, chunk: int, here: bool) -> None:
        import multiprocessing

        global _work, _items
        context = multiprocessing.get_context("fork")
        self.work, self.items, self.here = work, items, here
        self.taken = context.Value("q", 0)  # the index of the next item nobody has taken
        self.done: dict[int, object] = {}  # results not yet handed on, by index
        self.helpers = []
        self.pipes = []
        _work, _items = work, items
        # A helper flushes the standard streams as it ends: what this process has buffered would be
        # written twice.
        sys.stdout.flush()
        sys.stderr.flush()
        # Objects made so far are left out of the helpers' garbage collections: a collection touches every
        # object it tracks, which would copy into each helper the memory pages it shares with this process.
        gc.freeze()
        try:
            for _ in range(helpers):
                receiving, sending = context.Pipe(duplex=False)
                helper = context.Process(target=_helper, args=(sending, self.taken, chunk), daemon=True)
                helper.start()
                sending.close()
                self.helpers.append(helper)
                self.pipes.append(receiving)
        finally:
            _work = _items = None
            gc.unfreeze()  # here, they are collected as before

    def results(self) -> Iterator:
        try:
            for index in range(len(self.items)):
                while index not in self.done:
                    self._next(index)
                yield self.done.pop(index)
        finally:
            self.end()

    def _next(self, wanted: int) -> None:
        """Make progress towards the result at index wanted: take in what the helpers sent, or work on
        the next item nobody has taken (when this process works too), or wait for the helpers."""
        self._receive(block=False)
        if wanted in self.done:
            return
        taken = _take(self.taken, len(self.items), 1) if self.here else range(0)
        if taken:
            self.done[taken.start] = self.work(self.items[taken.start])
        elif self.pipes:
            self._receive(block=True)
        else:
            # Every helper has ended and the item is missing: its helper died on it. Do it here.
            self.done[wanted] = self.work(self.items[wanted])

    def _receive(self, block: bool) -> None:
        from multiprocessing.connection import wait

        ready = wait(self.pipes) if block else [pipe for pipe in self.pipes if pipe.poll()]
        for pipe in ready:
            try:
                index, result = pipe.recv()
            except EOFError:  # the helper has ended: it has sent every result it had
                self.pipes.remove(pipe)
                pipe.close()
            else:
                self.done[index] = result

    def end(self) -> None:
        """End the helpers (at once, if the run is cut short: Ctrl-C, an error in the caller)."""
        for helper in self.helpers:
            if helper.is_alive():
                helper.terminate()
            helper.join()
        for pipe in self.pipes:
            pipe.close()
        self.helpers, self.pipes = [], []


def _take(taken, count: int, chunk: int) -> range:
    """The next chunk of items nobody has taken (empty when none is left)."""
    with taken.get_lock():
        start = taken.value
        end = min(start + chunk, count)
        taken.value = max(start, end)
    return range(start, end)


def _helper(sending, taken, chunk: int) -> None:
    # Forked from a command that turns SIGINT and SIGTERM into exceptions: in a helper that would raise
    # inside the pipe when the run ends it (SIGTERM), print a traceback and can hang the run. The
    # command alone handles Ctrl-C; a helper ends when told to.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    work, items = _work, _items
    # Results leave through a thread of their own: a pipe holds some 64 KB, and while this process's
    # parent is busy elsewhere (loading the API catalogue as pages are read) a helper sending straight
    # into it would stop working once it is full.
    outbox: queue.SimpleQueue = queue.SimpleQueue()
    sender = threading.Thread(target=_send_all, args=(outbox, sending))
    sender.start()
    try:
        while chunk_taken := _take(taken, len(items), chunk):
            for index in chunk_taken:
                outbox.put((index, work(items[index])))
    finally:  # what was done is sent, even if an item broke this helper (this process then does it)
        outbox.put(None)
        sender.join()
        sending.close()


def _send_all(outbox: queue.SimpleQueue, sending) -> None:
    while (message := outbox.get()) is not None:
        sending.send(message)
