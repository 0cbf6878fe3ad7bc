"""`docextract run --jobs N` on the embedded cluster: the pages split into N shares (balanced by what each
page costs: run_suites.py), each read, generated and replayed by a process of its own on a server of its
own (this process, which takes the first, and N - 1 helpers forked here). Nothing passes between them but
what a share found: each page's problems as it is read, then each page's results (run_order.py reports
them as one process would).

Why shares, rather than helpers that read pages for this process and replay the pages it then gives them
(as docextract did before): pages read elsewhere came back pickled, this process alone generated every
page's tests, and no page was replayed before the last was read. With two jobs on two cores the corpus's
run went from 1.19x to 1.27-1.29x faster than with one, and ten copies of it from 1.33-1.37x to 1.45-1.48x.
"""

from __future__ import annotations

import contextlib
import os
import queue
import select
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

from docextract import collector, pool
from docextract.commands import run_suites
from docextract.commands.common import NothingSelected, Opening
from docextract.commands.run_suites import Part, Share
from docextract.diagnostics import Diagnostic
from docextract.exitstatus import ExitStatus
from docextract.notrun import Planned, planned
from docextract.results import SuiteResult
from docextract.runner.clusters import ClusterUnavailable, EmbeddedCluster
from docextract.runner.osmem import needs_japanese
from docextract.runner.replay import run_all

# How long an ending helper may take to send what it holds and stop its server before it is killed.
ENDING_SECONDS = 10.0


def count(jobs: int, embedded: bool, pages: list) -> int:
    """How many shares the run is spread over: one a job on the embedded cluster (a cluster at a URL is
    one, shared), each of pool.PARALLEL_THRESHOLD pages at least, since a share costs a process and a
    server (on a 64-core machine, a tree of 166 pages runs in 20 shares, not 64); 1: not spread."""
    if not embedded or not hasattr(os, "fork"):
        return 1
    return max(1, min(jobs, len(pages) // pool.PARALLEL_THRESHOLD))


@dataclass
class Selected:
    """What a share found once its pages were read: their problems, and the suites it will replay."""

    problems: list[tuple[object, list[Diagnostic]]]  # where (START, END, LOADED: not a page), what
    share: Share
    docs: list[str]  # the suites it replays, in its order
    planned: list[Planned] = field(default_factory=list)  # their tests (listed if the run is cut short)


@dataclass
class Found:
    """The problems a share found on one of its pages, sent as soon as the page is read."""

    page: Path
    problems: list[Diagnostic]


@dataclass
class Stopped:
    """Why a share stopped before replaying all its pages."""

    why: str
    # What the run's exit status says: its cluster did not start (unreachable), a worker failed
    # (internal error); None when the tests tell it (a cluster lost on the way).
    status: ExitStatus | None = ExitStatus.INTERNAL_ERROR


@dataclass
class _Helper:
    """A forked helper, and what it has sent so far."""

    pid: int
    pipe: int  # what it sends
    part: int  # its share: 2 to N
    inbox: bytearray = field(default_factory=bytearray)
    selected: Selected | None = None
    sent: int = 0  # results received
    stopped: Stopped | None = None
    ended: bool = False


class Shares:
    """The helpers' shares of the run: forked at once, each reading, generating and replaying its pages;
    what they send is taken in as it comes. A context manager: leaving it ends the helpers."""

    def __init__(self, args, opening: Opening, lines, count: int, connect, timeout, clock):
        self.helpers: list[_Helper] = []
        self.count = count
        self.results: dict[tuple[int, int], SuiteResult] = {}  # (share, place in it) → its result
        self.found: dict[Path, list[Diagnostic]] = {}  # page → its problems, until printed
        sys.stdout.flush()  # a helper ends without flushing: nothing buffered here is written twice
        sys.stderr.flush()
        # Objects made so far stay out of the helpers' collections (a collection would copy into each the
        # memory it shares with this process).
        with collector.left_out():
            for number in range(2, count + 1):
                receiving, sending = os.pipe()
                pid = os.fork()
                if pid == 0:  # the helper: never returns
                    try:
                        os.close(receiving)
                        for helper in self.helpers:
                            os.close(helper.pipe)
                        share = Share(Part(number, count))
                        _share(args, opening, lines, share, connect, timeout, clock, sending)
                    finally:
                        os._exit(1)  # never back into the command's code (_share ends the process)
                os.close(sending)
                self.helpers.append(_Helper(pid, receiving, number))

    def __enter__(self) -> Shares:
        return self

    def __exit__(self, *exc) -> None:
        self.end()

    def selected(self) -> list[Selected]:
        """Every helper's Selected, waiting for those that have not sent it yet."""
        while any(helper.selected is None and not helper.ended for helper in self.helpers):
            self.receive(block=True)
        return [helper.selected or self._lost(helper) for helper in self.helpers]

    def _lost(self, helper: _Helper) -> Selected:
        """What a helper that ended before reading its pages selected: nothing, and why it stopped."""
        if helper.stopped is None:
            helper.stopped = Stopped(f"worker process {helper.part} ended before reading its pages")
        return Selected([], Share(Part(helper.part, self.count)), [])

    def receive(self, block: bool, within: float | None = None) -> None:
        """Take in what the helpers sent (waiting for something, if block and one is still working: at
        most `within` seconds, if given)."""
        working = {helper.pipe: helper for helper in self.helpers if not helper.ended}
        if not working:
            return
        ready, _, _ = select.select(list(working), [], [], within if block else 0)
        for pipe in ready:
            helper = working[pipe]
            data = os.read(pipe, 1 << 18)
            if not data:  # it has ended, having sent everything it had
                helper.ended = True
                os.close(pipe)
                os.waitpid(helper.pid, 0)
                continue
            helper.inbox += data
            for message in pool.messages(helper.inbox):
                if isinstance(message, Selected):
                    helper.selected = message
                elif isinstance(message, Found):
                    self.found[message.page] = message.problems
                elif isinstance(message, Stopped):
                    helper.stopped = message
                else:
                    self.results[(helper.part - 1, helper.sent)] = message
                    helper.sent += 1

    @property
    def all_selected(self) -> bool:
        """Whether every helper has sent its Selected (or has ended without)."""
        return all(helper.selected is not None or helper.ended for helper in self.helpers)

    @property
    def working(self) -> bool:
        return any(not helper.ended for helper in self.helpers)

    def end(self) -> None:
        """End the helpers still working (at once: the run is over or cut short). What they sent is taken
        in until each has ended: a helper ends once it has sent what it holds, and waiting for it without
        reading its pipe would wait for ever once the pipe is full. One that does not end within
        ENDING_SECONDS (stuck in its server's stop) is killed."""
        for helper in self.helpers:
            if not helper.ended:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(helper.pid, signal.SIGTERM)
        deadline = time.monotonic() + ENDING_SECONDS
        while self.working and (left := deadline - time.monotonic()) > 0:
            self.receive(block=True, within=left)
        for helper in self.helpers:
            if not helper.ended:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(helper.pid, signal.SIGKILL)
                os.waitpid(helper.pid, 0)
                os.close(helper.pipe)
                helper.ended = True


def _share(args, opening: Opening, lines, share: Share, connect, timeout, clock, sending: int) -> NoReturn:
    """A helper: its share of the pages read and selected, replayed on a server of its own, sent back."""
    # The command alone handles Ctrl-C (the terminal sends it to every process of the group); a helper
    # ends when told to (SIGTERM), after stopping its server (the finally clauses on the way out).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _told_to_end)
    # Its notes ("using setups from…") are the command's process's to write, once: this printer is the
    # helper's own copy. The pages found stay those the command found (opening.pages, inherited).
    opening.printer.quiet = True
    outbox: queue.SimpleQueue = queue.SimpleQueue()
    sender = threading.Thread(target=pool.send_all, args=(outbox, sending))
    sender.start()
    status = 0
    try:
        problems: list = []
        try:
            suites = run_suites.select(
                args, opening, [], lines, 1, problems=_forward(outbox, problems), share=share
            )
        except NothingSelected:  # the process that reports the run says why (a line past a page's end)
            outbox.put(Selected(problems, share, []))
            suites = []
        else:
            outbox.put(Selected(problems, share, [suite.doc for suite in suites], planned(suites)))
        if suites:
            cluster = EmbeddedCluster(connect, timeout, japanese=needs_japanese(suites))
            try:
                cluster.start()
                run_all(suites, cluster, outbox.put, clock)
            finally:
                cluster.close()
    except ClusterUnavailable as err:
        outbox.put(Stopped(f"the cluster is unreachable: {err}", ExitStatus.CLUSTER_UNREACHABLE))
    except _Ended:
        pass
    except BaseException as err:  # what was sent stays sent; the command reports the pages missing
        outbox.put(Stopped(f"worker process {share.part.number} failed: {err!r}"))
        status = 1
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # told again: it is ending already
        outbox.put(None)
        sender.join()
        os._exit(status)  # not Python's exit: the parent's exit handlers are the parent's


class _Ended(BaseException):
    """The run has ended (or was cut short): a helper stops where it stands."""


def _told_to_end(signum, frame) -> None:
    raise _Ended


def _forward(outbox: queue.SimpleQueue, kept: list) -> Callable:
    """What a helper's select calls with the problems it finds: a page's sent at once (the process that
    reports the run prints them in page order as they come), the others kept for its Selected."""

    def put(where: object, items) -> None:
        if isinstance(where, Path):
            outbox.put(Found(where, list(items)))
        else:
            kept.append((where, list(items)))

    return put
