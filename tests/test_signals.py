"""SIGINT and SIGTERM stop `docextract run` in every phase: the exit status says which, the reports are
complete, no process is left and the run ends within seconds. Each moment is reached by waiting for
what the run does there (a marker its server writes, a line on its stderr), not by a delay."""

from __future__ import annotations

import contextlib
import fcntl
import itertools
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import termios
import threading
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
from osmem_server import resolve_binary

from conftest import SAMPLES
from proctable import Process, processes

SIGNALS = [
    pytest.param(signal.SIGINT, 130, id="SIGINT"),
    pytest.param(signal.SIGTERM, 143, id="SIGTERM"),
]
STOPS_WITHIN = 3.0  # seconds from the signal to the end of the process
WAIT = 30.0  # for what a run must show; only a broken run waits that long
PAGE_LINE = re.compile(r"^(PASSED|FAILED|ERROR|SKIPPED|UNSUPPORTED)\s+\S+\.asciidoc\s")

# The server a run starts, started late: the marker says the start has begun, the sleep keeps it going.
WRAPPER = """\
#!{python}
import os, sys, time
from pathlib import Path

Path({marker!r}).touch()
time.sleep({delay})
os.execv({binary!r}, [{binary!r}, *sys.argv[1:]])
"""


class Run:
    """`docextract run` in a process (and session) of its own, its stderr read line by line as it comes."""

    def __init__(
        self,
        cwd: Path,
        *args: str,
        environ: dict[str, str] | None = None,
        pipe_size: int | None = None,
        read_stderr: bool = True,
    ):
        self.cwd, self.json, self.junit = cwd, cwd / "results.json", cwd / "junit.xml"
        self.stdout = cwd / "stdout.txt"
        env = {name: value for name, value in os.environ.items() if name != "CI"}
        env.update(environ or {})
        self.before = processes()
        self.lines: list[str] = []
        self._changed = threading.Condition()
        self._reading = threading.Event()
        if read_stderr:
            self._reading.set()
        read, write = os.pipe()
        if pipe_size is not None:
            fcntl.fcntl(write, fcntl.F_SETPIPE_SZ, pipe_size)
        command = [sys.executable, "-m", "docextract", "run", *args]
        command += ["--json", str(self.json), "--junit", str(self.junit)]
        with self.stdout.open("w") as stdout:
            self.process = subprocess.Popen(
                command,
                cwd=cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=stdout,
                stderr=write,
                start_new_session=True,  # its session: what it starts is told apart from the rest
            )
        os.close(write)
        self._stderr = read
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.sent_at = 0.0
        self.seconds = 0.0
        self.after: dict[int, Process] = {}

    def _read(self) -> None:
        with os.fdopen(self._stderr, encoding="utf-8", errors="replace") as stream:
            self._reading.wait()
            for line in stream:
                with self._changed:
                    self.lines.append(line)
                    self._changed.notify_all()

    @property
    def stderr(self) -> str:
        with self._changed:
            return "".join(self.lines)

    def wait_for_line(self, pattern: re.Pattern) -> str:
        """The first line of stderr that matches; fails if the run ends or takes too long before it."""
        deadline = time.monotonic() + WAIT
        seen = 0
        with self._changed:
            while True:
                for line in self.lines[seen:]:
                    if pattern.search(line):
                        return line
                seen = len(self.lines)
                if self.process.poll() is not None and not self._reader.is_alive():
                    pytest.fail(f"the run ended ({self.process.returncode}) before {pattern.pattern}")
                if time.monotonic() > deadline:
                    pytest.fail(f"no line matched {pattern.pattern} in {WAIT} s:\n{''.join(self.lines)}")
                self._changed.wait(0.05)

    def wait_until(self, done, what: str) -> None:
        deadline = time.monotonic() + WAIT
        while not done():
            if self.process.poll() is not None:
                pytest.fail(f"the run ended ({self.process.returncode}) before {what}:\n{self.stderr}")
            if time.monotonic() > deadline:
                pytest.fail(f"not in {WAIT} s: {what}")
            time.sleep(0.01)

    def wait_for_full_stderr(self, size: int) -> None:
        """Until stderr (unread) is too full for another line and stays so: the run is blocked writing."""
        deadline = time.monotonic() + WAIT
        held, since = -1, time.monotonic()
        while time.monotonic() - since < 0.5 or held < size - 200:
            if self.process.poll() is not None:
                pytest.fail(f"the run ended ({self.process.returncode}) before stderr filled up")
            if time.monotonic() > deadline:
                pytest.fail(f"stderr did not fill up in {WAIT} s (it holds {held} bytes)")
            now = _unread(self._stderr)
            if now != held:
                held, since = now, time.monotonic()
            time.sleep(0.02)

    def read_stderr(self) -> None:
        self._reading.set()

    def send(self, signum: int) -> None:
        self.sent_at = time.monotonic()
        os.kill(self.process.pid, signum)

    def finish(self) -> None:
        """Wait for the end; the process table is read as soon as it comes."""
        try:
            self.process.wait(WAIT)
        except subprocess.TimeoutExpired:
            pytest.fail(f"the run did not stop in {WAIT} s after the signal:\n{self.stderr}")
        self.seconds = time.monotonic() - self.sent_at
        self.after = processes()
        self._reading.set()
        if not self.left():  # stderr ends once every process that holds it (the server too) has ended
            self._reader.join(5)

    def left(self) -> list[Process]:
        """New processes of this run that still run: in its session, watching it (osmem-server's
        --parent-pid), or started from this test's folder (the wrapper). Other new processes (another
        test session on the machine) are not this run's."""
        pid = str(self.process.pid)
        return [
            process
            for number, process in self.after.items()
            if number not in self.before
            and process.state != "Z"
            and (
                process.session == self.process.pid
                or any(a == "--parent-pid" and b == pid for a, b in itertools.pairwise(process.argv))
                or any(str(self.cwd) in arg for arg in process.argv)
            )
        ]

    def __enter__(self) -> Run:
        return self

    def __exit__(self, *exc) -> None:
        """Whatever happened, nothing this run started outlives the test."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)  # its own group: only what it started
            self.process.wait()
        for process in self.left() if self.after else ():
            with contextlib.suppress(ProcessLookupError):
                os.kill(process.pid, signal.SIGKILL)
        self._reading.set()


def _unread(fd: int) -> int:
    """How many bytes wait in the pipe."""
    buffer = bytearray(4)
    fcntl.ioctl(fd, termios.FIONREAD, buffer)
    return int.from_bytes(buffer, sys.byteorder)


@dataclass
class Reports:
    tests: list[dict]
    diagnostics: list[dict]
    junit: ET.Element


def check_stopped(run: Run, signum: int, status: int, phase: str) -> Reports:
    """What every interrupted run must show, whatever the moment; the reports, for what depends on it."""
    name = signal.Signals(signum).name
    assert run.process.returncode == status, run.stderr
    assert run.seconds < STOPS_WITHIN, f"the run took {run.seconds:.1f} s to stop"
    interrupted = f"{name} while {phase}"

    records = [json.loads(line) for line in run.json.read_text("utf-8").splitlines()]
    assert records and records[-1]["type"] == "summary", records[-1:]
    summary = records[-1]
    assert [r["type"] for r in records].count("summary") == 1
    assert summary["interrupted"] is True and summary["interrupted_by"] == interrupted, summary
    tests = [r for r in records if r["type"] == "test"]
    diagnostics = [r for r in records if r["type"] == "diagnostic"]
    counted = sum(summary[s] for s in ("passed", "failed", "skipped", "unsupported", "error", "not_run"))
    assert counted == len(tests), f"the summary counts {counted} tests, the records are {len(tests)}"

    root = ET.parse(run.junit).getroot()
    assert root.tag == "testsuites" and root.get("name") == "docextract"
    # Errors in the docs are errored test cases in JUnit (for a CI that reads only JUnit).
    errors = [d for d in diagnostics if d["severity"] == "error"]
    assert int(root.get("tests")) == len(tests) + len(errors)
    replayed = [
        c for s in root.iter("testsuite") if s.get("name") != "docs errors" for c in s.iter("testcase")
    ]
    assert len(replayed) == len(tests)
    properties = {p.get("name"): p.get("value") for p in root.iter("property")}
    assert properties.get("interrupted") == interrupted

    assert f"INTERRUPTED by {interrupted}" in run.stdout.read_text("utf-8")
    return Reports(tests, diagnostics, root)


def check_nothing_left(run: Run) -> None:
    assert not run.left(), f"left behind: {run.left()}"
    # osmem-server also ends by itself once docextract is gone, and says so: it must have been stopped.
    assert "osmem-server: exiting" not in run.stderr, run.stderr


def write_pages(folder: Path, count: int, snippet: str) -> None:
    folder.mkdir(parents=True)
    for number in range(count):
        text = f"= Page {number}\n\n[source,console]\n----\n{snippet}----\n"
        (folder / f"page-{number:03}.asciidoc").write_text(text, encoding="utf-8")


def server_wrapper(tmp_path: Path, delay: float) -> tuple[dict[str, str], Path]:
    """$OSMEM_SERVER_BIN for a server that starts `delay` seconds late, and the marker it writes first."""
    marker, wrapper = tmp_path / "server-starting", tmp_path / "slow-osmem-server"
    text = WRAPPER.format(python=sys.executable, marker=str(marker), delay=delay, binary=resolve_binary())
    wrapper.write_text(text, encoding="utf-8")
    wrapper.chmod(0o755)
    return {"OSMEM_SERVER_BIN": str(wrapper)}, marker


SETUPS = ("--setups", str(SAMPLES / "setups.yaml"))


def interrupt_the_start(tmp_path: Path, signum: int, *options: str) -> Run:
    """A run on the samples, signalled while a server starts (a second late), and ended."""
    shutil.copytree(SAMPLES, tmp_path / "docs")
    environ, marker = server_wrapper(tmp_path, delay=1.0)
    with Run(tmp_path, "docs", *SETUPS, *options, environ=environ) as run:
        run.wait_until(marker.exists, "the server started")
        run.send(signum)
        run.finish()
    return run


@pytest.mark.parametrize(("signum", "status"), SIGNALS)
def test_a_signal_while_the_cluster_starts(tmp_path, signum, status):
    # One process: with shares, the first server to start may be a helper's while this one still reads.
    run = interrupt_the_start(tmp_path, signum, "-j", "1")
    reports = check_stopped(run, signum, status, "starting the cluster")
    # The pages were read: every test they give is listed, as not run.
    assert reports.tests and {t["status"] for t in reports.tests} == {"not_run"} and reports.diagnostics == []
    assert (
        reports.tests[0]["reason"]
        == f"not run: interrupted by {signal.Signals(signum).name} while starting the cluster"
    )
    assert int(reports.junit.get("tests")) == int(reports.junit.get("skipped")) == len(reports.tests)


@pytest.mark.parametrize(("signum", "status"), SIGNALS)
def test_a_signal_while_the_cluster_starts_leaves_no_process(tmp_path, signum, status):
    run = interrupt_the_start(tmp_path, signum, "-j", "2")  # the helper's server and its own
    assert run.process.returncode == status
    check_nothing_left(run)


@pytest.mark.parametrize(("signum", "status"), SIGNALS)
def test_a_signal_while_pages_are_read(tmp_path, signum, status):
    pages = 400
    write_pages(tmp_path / "docs", pages, "GET /_cluster/health\n// TEST[contnued]\n")
    with Run(tmp_path, "docs", *SETUPS) as run:
        run.wait_for_line(re.compile(r"^error\[annotation-syntax\]"))
        run.send(signum)
        run.finish()
        reports = check_stopped(run, signum, status, "reading pages")
        check_nothing_left(run)
    # Stopped on the way: some pages read (their problems reported), not all, and nothing replayed.
    assert 1 <= len(reports.diagnostics) < pages
    assert {d["code"] for d in reports.diagnostics} == {"annotation-syntax"}
    assert reports.tests == []


def replay_pages(tmp_path: Path) -> Path:
    """A quick page, then a slow one (100 tests of 200 documents each, about 2 s), then the samples
    three times over: after the quick page's line the run waits on the slow page for a while."""
    docs = tmp_path / "docs"
    docs.mkdir()
    quick = "= Quick\n\n[source,console]\n----\nGET /_cluster/health\n----\n"
    (docs / "a-quick.asciidoc").write_text(quick, encoding="utf-8")
    bulk = "".join(
        f'{{"index":{{"_index":"slow","_id":"{n}"}}}}\n{{"message":"document {n}, a few words to analyse"}}\n'
        for n in range(200)
    )
    snippet = f"\n[source,console]\n----\nPOST /_bulk?refresh=true\n{bulk}----\n"
    (docs / "b-slow.asciidoc").write_text("= Slow\n" + snippet * 100, encoding="utf-8")
    for copy in range(3):
        shutil.copytree(SAMPLES, docs / f"c-samples-{copy}")
    return docs


@pytest.mark.parametrize(("signum", "status"), SIGNALS)
def test_a_signal_while_tests_are_replayed(tmp_path, signum, status):
    replay_pages(tmp_path)
    with Run(tmp_path, "docs", *SETUPS, "-j", "2") as run:
        first = run.wait_for_line(PAGE_LINE)
        # Once the quick page is in the JSON Lines the run waits for the slow page (a signal while a
        # page's results are being written is the case of the test below).
        run.wait_until(lambda: '"suite": "a-quick.asciidoc"' in run.json.read_text("utf-8"), "a result")
        run.send(signum)
        run.finish()
        reports = check_stopped(run, signum, status, "replaying tests")
        check_nothing_left(run)
    assert "docs/a-quick.asciidoc" in first
    suites = [t["suite"] for t in reports.tests if t["status"] != "not_run"]
    assert "a-quick.asciidoc" in suites
    assert suites.count("b-slow.asciidoc") < 100  # stopped where it was: the slow page did not end
    # and the tests it did not reach are listed, as not run
    assert [t["suite"] for t in reports.tests].count("b-slow.asciidoc") == 100


@pytest.mark.parametrize(("signum", "status"), SIGNALS)
def test_a_signal_while_a_progress_line_is_written(tmp_path, signum, status):
    write_pages(tmp_path / "docs", 200, "GET /_cluster/health\n")
    # stderr a small pipe nobody reads yet (a paused pager, a slow CI log): the run blocks writing a
    # page line, and the signal comes then.
    with Run(tmp_path, "docs", "-j", "2", pipe_size=4096, read_stderr=False) as run:
        run.wait_for_full_stderr(4096)
        run.send(signum)
        run.read_stderr()
        run.finish()
        check_stopped(run, signum, status, "replaying tests")
        check_nothing_left(run)


def test_a_command_run_off_the_main_thread_leaves_the_handlers_as_they_are():
    """Only the main thread may set signal handlers: elsewhere (a host application's worker thread)
    handled() runs the command without them instead of failing."""
    from docextract import signals

    before = signal.getsignal(signal.SIGTERM)
    ran = []

    def command():
        with signals.handled():
            ran.append(signal.getsignal(signal.SIGTERM))

    worker = threading.Thread(target=command)
    worker.start()
    worker.join()
    assert ran == [before] and signal.getsignal(signal.SIGTERM) is before
