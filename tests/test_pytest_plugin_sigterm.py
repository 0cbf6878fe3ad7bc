"""SIGTERM (as CI cancels a job) in a docs session ends it as Ctrl-C does, with pytest-xdist too: the session
finishes as interrupted, the JUnit file and the terminal summary are written, no worker or server is left,
and pytest exits 143; outside a docs session SIGTERM is left alone. Each run is stopped in a test that
waits (a conftest), once the tests before it have run on the embedded cluster."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

import pytest

from proctable import processes

pytest_plugins = ["pytester"]

WAIT = 30.0  # for what a run must show; only a broken run waits that long
LINGER = 5.0  # how long a process pytest started may outlive it

# Two tests a page; each process's first test runs, its second waits to be stopped and notes by what.
PAGE = """= Page {n}

[source,console]
----
PUT /index-{n}
----

[source,console]
----
GET /_cluster/health
----
"""
WAITING = """
import os, time
from pathlib import Path

def pytest_runtest_call(item):
    ran = Path(f"ran-{os.getpid()}")
    if not ran.exists():
        ran.touch()
        return
    try:
        Path(f"waiting-{os.getpid()}").touch()
        time.sleep(60)
    except KeyboardInterrupt as stop:
        Path(f"stopped-{os.getpid()}").write_text(type(stop).__name__)
        raise

def pytest_runtest_logreport(report):
    # In the process that writes the JUnit file (xdist's controller): a test it has the report of.
    if report.when == "call" and not os.environ.get("PYTEST_XDIST_WORKER"):
        Path(f"reported-{abs(hash(report.nodeid))}").touch()
"""


@pytest.fixture
def pytester(pytester, monkeypatch):
    """Each run loads only the plugins it names (as in test_pytest_plugin.py)."""
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    pytester.makefile(".asciidoc", **{f"docs/page-{n}": PAGE.format(n=n) for n in range(4)})
    pytester.makeconftest(WAITING)
    return pytester


def stopped(pytester, *args: str, waiting: int, group: bool = False):
    """pytest in a session of its own, sent SIGTERM once `waiting` processes wait in a test (to its
    process group: the CI runner's way, else to pytest alone); its end, and what it left running."""
    command = [sys.executable, "-m", "pytest", "-p", "docextract.pytest_plugin", "-p", "no:cacheprovider"]
    command += ["--docextract", "docs", "--junitxml=junit.xml", *args]
    with open(pytester.path / "stdout.txt", "w") as stdout:
        process = pytester.popen(command, stdout=stdout, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + WAIT
        # Each process waits in its second test, and the first test's report has reached the process
        # that writes the JUnit file (a worker's report still on its way when the controller stops is
        # lost, as on Ctrl-C: xdist's, not the plugin's).
        while (
            len(list(pytester.path.glob("waiting-*"))) < waiting
            or len(list(pytester.path.glob("reported-*"))) < waiting
        ):
            assert process.poll() is None, (pytester.path / "stdout.txt").read_text()
            assert time.monotonic() < deadline, "the tests did not start"
            time.sleep(0.02)
        (os.killpg if group else os.kill)(process.pid, signal.SIGTERM)
        process.wait(WAIT)
        # What pytest started ends with it, or soon after (a worker's server notices its parent gone
        # within its watch's interval): on a loaded machine, not always by the time pytest has exited.
        ending = time.monotonic() + LINGER
        while (left := _left(process.pid)) and time.monotonic() < ending:
            time.sleep(0.05)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    return process.returncode, (pytester.path / "stdout.txt").read_text(), left


def _left(session: int) -> list:
    return [p for p in processes().values() if p.session == session and p.state != "Z"]


def junit_outcomes(pytester) -> list[str]:
    """How each test of the JUnit file ended; not the nameless case pytest's junitxml writes for the test
    stopped (its setup was reported, not its call), as it does on Ctrl-C."""
    cases = ET.parse(pytester.path / "junit.xml").getroot().iter("testcase")
    return [next((child.tag for child in case), "passed") for case in cases if case.get("name")]


def test_sigterm_ends_a_docs_session_as_ctrl_c_does_and_exits_143(pytester):
    status, output, left = stopped(pytester, waiting=1)
    assert status == 143, output
    assert "Terminated: SIGTERM: the session stopped as on Ctrl-C" in output
    assert output.splitlines()[-1].startswith("=") and " 1 passed in " in output.splitlines()[-1]
    assert junit_outcomes(pytester) == ["passed"]  # the tests that ran; the one stopped is not reported
    assert [p.read_text() for p in pytester.path.glob("stopped-*")] == ["Terminated"]
    assert left == []  # the embedded osmem-server was stopped


@pytest.mark.parametrize("group", [True, False], ids=["process group", "controller alone"])
def test_with_xdist_the_controller_reports_and_nothing_is_left(pytester, group):
    xdist = ("-p", "xdist.plugin", "-n", "2", "--dist", "loadfile")
    status, output, left = stopped(pytester, *xdist, waiting=2, group=group)
    assert status == 143, output
    assert junit_outcomes(pytester) == ["passed", "passed"]  # the first test of each worker
    # Each worker stopped by the SIGTERM (the controller passes it on when it alone gets one), not by
    # execnet's SIGINT, which the controller would wait for 5 s.
    assert [p.read_text() for p in pytester.path.glob("stopped-*")] == ["Terminated", "Terminated"]
    assert left == []  # no worker, no server


PROBE = """
import signal

def test_probe():
    with open("handler.txt", "w") as file:
        file.write(repr(signal.getsignal(signal.SIGTERM)))
"""


def test_sigterm_is_the_plugin_s_only_during_a_docs_session(pytester, monkeypatch):
    pytester.makepyfile(test_probe=PROBE)
    pytester.makeconftest("")  # no test waits
    monkeypatch.delenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD")  # installed, the plugin loads in every run
    pytester.runpytest_subprocess("test_probe.py", "-p", "no:cacheprovider").assert_outcomes(passed=1)
    assert (pytester.path / "handler.txt").read_text() == repr(signal.SIG_DFL)

    before = signal.getsignal(signal.SIGTERM)
    pytester.runpytest_inprocess("--docextract", "test_probe.py", "-p", "no:cacheprovider")
    assert "Termination._handle" in (pytester.path / "handler.txt").read_text()
    assert signal.getsignal(signal.SIGTERM) is before
