"""Work on many pages: here, and in forked helper processes when there are enough pages to pay for
them, the results coming back in order.

Each process takes the next page not yet taken (a shared counter), so a long page does not hold the
others back, and the results (pickled back from the helpers) are the only traffic. Either the process
that runs the command works too (`here`: pages converted, validated, or read for a run on a cluster at a
URL; with N jobs it forks N - 1 helpers, so a two-core machine runs the command and one helper, not a
parent that waits on two workers), or the helpers do all the items while it does other work.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import select
import signal
import struct
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Generic, NoReturn, TypeVar

from docextract import collector

# Below this many pages, forking a helper costs more than it saves (a page takes a few milliseconds).
PARALLEL_THRESHOLD = 8

Item = TypeVar("Item")
Result = TypeVar("Result")


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
    here: bool = False,
) -> Started[Result]:
    """As ordered, but the helpers start at once: the caller does other work while they run (reads a
    setups file, loads a catalogue), then takes the results. Done here, one by one as taken, when
    helpers do not pay. A helper sends each result as it ends.

    here: this process is one of the jobs, working on the items left as it takes the results (quick
    items: pages converted). Without, `jobs` helpers do all the work and this process only takes each
    result as it comes, doing its own work meanwhile (pages read while it loads what the run needs and
    generates the tests of each page read); with jobs == 0, it does them all itself as it takes them."""
    jobs = min((os.cpu_count() or 1) if jobs is None else jobs, len(items))
    helpers = jobs - 1 if here else jobs
    if helpers < 1 or len(items) < PARALLEL_THRESHOLD or not hasattr(os, "fork"):
        return Started(None, map(work, items))
    prepare()
    shared = _Shared(work, items, helpers, here)
    return Started(shared, shared.results())


class _Shared:
    """One run shared by this process and its helpers: a pipe of item numbers that every process takes
    the next from (a read of a few bytes from a pipe is atomic: no lock, no shared memory), and a pipe
    from each helper carrying its results. Plain os.fork and pipes: multiprocessing's shared counter and
    processes cost more to set up (a temporary file, a semaphore, ~10 ms) than a short run gains."""

    def __init__(self, work: Callable, items: list, helpers: int, here: bool) -> None:
        self.work, self.items, self.here = work, items, here
        self.done: dict[int, object] = {}  # results not yet handed on, by index
        self.helpers: list[_Helper] = []
        self.inboxes: dict[int, bytearray] = {}  # a helper's result pipe → what came of it so far
        self.queue, feed = os.pipe()
        rest = _fill(feed, len(items))
        # Working too, this process takes the first item before any helper can: the run's results come
        # in order, so the first must not wait behind a long item this process took later.
        self.reserved = _take(self.queue) if here else None
        # A helper flushes the standard streams as it ends: what this process has buffered would be
        # written twice.
        sys.stdout.flush()
        sys.stderr.flush()
        # Objects made so far are left out of the helpers' garbage collections (in this process, they are
        # collected as before once the helpers are forked): a collection touches every object it tracks,
        # which would copy into each helper the memory pages it shares with this process.
        with collector.left_out():
            for _ in range(helpers):
                receiving, sending = os.pipe()
                pid = os.fork()
                if pid == 0:  # the helper: never returns
                    os.close(feed)
                    os.close(receiving)
                    for inbox in self.inboxes:
                        os.close(inbox)
                    _helper(self, sending)
                os.close(sending)
                self.helpers.append(_Helper(pid))
                self.inboxes[receiving] = bytearray()
        # What the pipe could not hold is fed as it empties, by a thread started after the forks (no helper
        # holds the feeding end, so all of them see the end of the items once they are taken).
        threading.Thread(target=_feed, args=(feed, rest), daemon=True).start()

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
        taken, self.reserved = (self.reserved, None) if self.reserved is not None else (None, None)
        if taken is None and self.here:
            taken = _take(self.queue)
        if taken is not None:
            self.done[taken] = self.work(self.items[taken])
        elif self.inboxes:
            self._receive(block=True)
        else:
            # Every helper has ended and the item is missing: its helper died on it. Do it here.
            self.done[wanted] = self.work(self.items[wanted])

    def _receive(self, block: bool) -> None:
        ready, _, _ = select.select(list(self.inboxes), [], [], None if block else 0)
        for pipe in ready:
            data = os.read(pipe, 1 << 18)
            if not data:  # the helper has ended: it has sent every result it had
                del self.inboxes[pipe]
                os.close(pipe)
                continue
            inbox = self.inboxes[pipe]
            inbox += data
            for index, result in messages(inbox):
                self.done[index] = result

    def end(self) -> None:
        """End the helpers (at once, if the run is cut short: Ctrl-C, an error in the caller)."""
        for helper in self.helpers:
            helper.end()
        for pipe in [self.queue, *self.inboxes] if self.queue >= 0 else []:
            os.close(pipe)
        self.helpers, self.inboxes, self.queue = [], {}, -1


class _Helper:
    """A forked helper process."""

    def __init__(self, pid: int) -> None:
        self.pid, self._status = pid, None

    def is_alive(self) -> bool:
        if self._status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self._status = status
        return self._status is None

    def end(self) -> None:
        if self.is_alive():
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGTERM)
            _, self._status = os.waitpid(self.pid, 0)


_SIZE = struct.Struct("<Q")  # a result's length, before its pickled bytes
_INDEX = struct.Struct("<I")  # an item number in the queue: 4 bytes, read whole (atomic) by one process


def _fill(feed: int, count: int) -> bytes:
    """Every item number into the queue, as much as the pipe holds now; what is left."""
    data = b"".join(_INDEX.pack(index) for index in range(count))
    os.set_blocking(feed, False)
    with contextlib.suppress(BlockingIOError):  # full already
        data = data[os.write(feed, data) :]
    os.set_blocking(feed, True)
    return data


def _feed(feed: int, data: bytes) -> None:
    """The rest of the item numbers into the queue, then its end (the pipe closed)."""
    try:
        while data:
            data = data[os.write(feed, data) :]
    except OSError:  # the run ended first (the queue was closed)
        pass
    finally:
        os.close(feed)


def _take(queue: int) -> int | None:
    """The next item nobody has taken; None when none is left."""
    data = os.read(queue, _INDEX.size)
    return _INDEX.unpack(data)[0] if data else None


def _helper(shared: _Shared, sending: int) -> NoReturn:
    # Forked from a command that turns SIGINT and SIGTERM into exceptions: in a helper that would raise
    # inside the pipe when the run ends it (SIGTERM), print a traceback and can hang the run. The
    # command alone handles Ctrl-C; a helper ends when told to.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    status = 0
    # Results leave through a thread of their own: a pipe holds some 64 KB, and while this process's
    # parent is busy elsewhere (loading the API catalogue as pages are read) a helper sending straight
    # into it would stop working once it is full.
    outbox: queue.SimpleQueue = queue.SimpleQueue()
    sender = threading.Thread(target=send_all, args=(outbox, sending))
    sender.start()
    try:
        while (taken := _take(shared.queue)) is not None:
            outbox.put((taken, shared.work(shared.items[taken])))
    except BaseException:  # what was done is sent; the item that broke this helper is then done there
        status = 1
    finally:
        outbox.put(None)
        sender.join()
        for stream in (sys.stdout, sys.stderr):  # what the work wrote, if anything (nothing is expected)
            with contextlib.suppress(Exception):
                stream.flush()
        # Ended without Python's exit: the parent's exit handlers are the parent's.
        os._exit(status)


def send_all(outbox: queue.SimpleQueue, sending: int) -> None:
    """Each message put in outbox, pickled and framed, into the pipe until None comes; then close it."""
    with contextlib.suppress(OSError):  # the parent is gone or has stopped listening: nothing to do
        while (message := outbox.get()) is not None:
            data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
            data = memoryview(_SIZE.pack(len(data)) + data)
            while data:
                data = data[os.write(sending, data) :]
    os.close(sending)


def messages(inbox: bytearray) -> Iterator:
    """The whole messages send_all framed at the start of inbox, taken out of it (a part of the next one
    stays for the bytes still to come)."""
    while len(inbox) >= _SIZE.size:
        (size,) = _SIZE.unpack_from(inbox)
        if len(inbox) < _SIZE.size + size:
            return
        message = pickle.loads(inbox[_SIZE.size : _SIZE.size + size])
        del inbox[: _SIZE.size + size]
        yield message
