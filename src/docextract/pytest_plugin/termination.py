"""SIGTERM in a docs session (as CI cancels a job) ends it as Ctrl-C does: pytest finishes the session as
interrupted (its JUnit file and terminal summary written, the embedded servers stopped), then the process
exits 143, as `docextract run` does and as a shell reports a process ended by SIGTERM."""

from __future__ import annotations

import os
import signal
from contextlib import suppress

import pytest

from docextract.exitstatus import ExitStatus


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the session stands: a KeyboardInterrupt, so that pytest ends as on Ctrl-C."""

    def __str__(self) -> str:
        return "SIGTERM: the session stopped as on Ctrl-C"


class Termination:
    """The SIGTERM handler of a docs session, from its start to its finish; registered as a plugin."""

    def __init__(self) -> None:
        self.received = False
        self._installed = False
        self._previous = signal.SIG_DFL
        self._finishing = False
        self._workers: dict[str, int] = {}  # pytest-xdist's local workers: gateway id → pid

    @pytest.hookimpl(trylast=True)
    def pytest_sessionstart(self) -> None:
        # At the session's start, not before: pytest finishes (pytest_sessionfinish) only a session that
        # started, and until then nothing of the plugin runs that a SIGTERM could leave behind.
        try:
            previous = signal.signal(signal.SIGTERM, self._handle)
        except ValueError:  # pytest.main in a thread other than the main one: signals stay as they are
            return
        # None: a handler set outside Python, which cannot be set again; the default is the nearest.
        self._previous = signal.SIG_DFL if previous is None else previous
        self._installed = True

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session):
        # Outermost: a SIGTERM while the reports are written and the servers stopped waits until they are.
        self._finishing = True
        try:
            return (yield)
        finally:
            if self.received:
                # After every plugin's pytest_sessionfinish: before, the terminal's summary and the
                # KeyboardInterrupt report depend on the status being pytest's INTERRUPTED.
                session.exitstatus = ExitStatus.TERMINATED
            self.restore()

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_newgateway(self, gateway) -> None:
        """Note a local worker's pid, asked through execnet's remote_exec."""
        # To pass on a SIGTERM sent to the controller alone: otherwise execnet interrupts each worker only
        # 5 s after the controller starts to finish, which a CI runner's grace period may not wait for.
        spec = gateway.spec
        if spec.popen and not spec.via:  # elsewhere, a pid names another machine's process
            channel = gateway.remote_exec("import os; channel.send(os.getpid())")
            self._workers[gateway.id] = channel.receive()
            channel.waitclose()  # as execnet's own _rinfo: the worker's main thread is free for xdist's

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node, error) -> None:
        # A worker that ended (or crashed) is forgotten: its pid may be given to another process.
        self._workers.pop(node.gateway.id, None)

    def _handle(self, signum: int, frame) -> None:
        if self.received:
            return  # the session is already ending
        self.received = True
        if self._finishing:
            return
        for pid in self._workers.values():
            with suppress(OSError):  # it ended meanwhile
                os.kill(pid, signal.SIGTERM)
        raise Terminated

    def restore(self) -> None:
        """Put back the handler that was there before the session."""
        # Also a cleanup of the config, for a session that never reached pytest_sessionfinish.
        if self._installed:
            signal.signal(signal.SIGTERM, self._previous)
            self._installed = False
