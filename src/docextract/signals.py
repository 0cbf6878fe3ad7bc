"""SIGINT and SIGTERM stop a command the same way: where it stands, as an exception the command turns
into complete reports; while the reports are written, a signal waits until they are."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

from docextract.exitstatus import ExitStatus


class Interrupted(KeyboardInterrupt):
    """A stop asked for by a signal; a KeyboardInterrupt so that every `except KeyboardInterrupt` sees it."""

    def __init__(self, signum: int = signal.SIGINT):
        super().__init__()
        self.signum = signum

    @property
    def status(self) -> ExitStatus:
        return ExitStatus.TERMINATED if self.signum == signal.SIGTERM else ExitStatus.INTERRUPTED

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name


def status_of(interruption: KeyboardInterrupt) -> ExitStatus:
    return interruption.status if isinstance(interruption, Interrupted) else ExitStatus.INTERRUPTED


def name_of(interruption: KeyboardInterrupt) -> str:
    """SIGINT or SIGTERM (a KeyboardInterrupt raised by Python itself is a Ctrl-C)."""
    return interruption.name if isinstance(interruption, Interrupted) else "SIGINT"


class _State:
    shielded = 0
    pending: int | None = None


def _raise(signum: int, frame) -> None:
    if _State.shielded:
        _State.pending = _State.pending or signum
        return
    raise Interrupted(signum)


@contextmanager
def handled() -> Iterator[None]:
    """Turn SIGINT and SIGTERM into Interrupted for the time of a command (main thread only)."""
    try:
        previous = {signum: signal.signal(signum, _raise) for signum in (signal.SIGINT, signal.SIGTERM)}
    except ValueError:  # not the main thread (signal.signal works there only): signals stay as they are
        yield
        return
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextmanager
def shielded() -> Iterator[None]:
    """Hold signals while reports are written; one that came meanwhile is raised afterwards."""
    _State.shielded += 1
    try:
        yield
    finally:
        _State.shielded -= 1
        if not _State.shielded and _State.pending is not None:
            signum, _State.pending = _State.pending, None
            raise Interrupted(signum)
