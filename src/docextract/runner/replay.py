"""Replay suites on a cluster: setup, each test, teardown; pages spread over workers where the cluster
allows."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from docextract.clock import SystemClock
from docextract.position import Pos
from docextract.results import Failure, Leak, Status, SuiteResult, TestResult
from docextract.runner import facts, skips
from docextract.runner.execute import Executor
from docextract.runner.transport import TransportError
from docextract.runner.verdicts import Stop
from docextract.suite import Case, Step, Suite

TYPE_CHECKING = False  # typing's, without loading typing: see docs/ARCHITECTURE.md, Start-up
if TYPE_CHECKING:
    from docextract.clock import Clock


def _steps(case: Case | None) -> tuple[Step, ...]:
    return case.steps if case is not None else ()


def _creator(name: str, cases: Iterable[Case | None]) -> Pos | None:
    """The first request that names a resource: the snippet a leak comes from."""
    for case in cases:
        for step in _steps(case):
            call = step.data.get("do") if isinstance(step.data, dict) else None
            if isinstance(call, dict) and name in str(call):
                return step.pos
    return None


def run_test(suite: Suite, test: Case, cluster, clock: Clock) -> tuple[TestResult, list[Leak]]:
    """The suite's setup, the test, the suite's teardown; what the test left behind on the cluster."""
    started = clock.now()
    verdict = skips.verdict(suite, test, facts.of(cluster))
    if verdict is not None:
        reason, cause = verdict.reason, verdict.cause
        return TestResult(suite.doc, test.name, verdict.status, test.pos, 0.0, reason, cause=cause), []
    setup, teardown = suite.setup, suite.teardown
    stop: Stop | None = None
    requests = 0
    leftovers: list[tuple[str, str]] = []
    try:
        with cluster.test_target() as target:
            executor = Executor(target.transport, cluster.sends_warnings)
            try:
                stop = _run_case(executor, setup, test, teardown)
            except TransportError as err:
                stop = _lost(err)
            requests = executor.requests
            leftovers = target.leftovers
    except TransportError as err:  # no target to run on: the embedded server gave no clone
        stop = _lost(err)
    if stop is not None and stop.cause == "timeout" and getattr(cluster, "gone", False):
        # Not a slow request: the cluster stopped answering, and the run stops here as for a lost one.
        stop = Stop(
            Status.ERROR,
            f"the cluster is unreachable: it stopped answering ({stop.reason})",
            cause="unreachable",
        )
    leaks = [Leak(kind, name, _creator(name, (setup, test))) for kind, name in leftovers]
    seconds = clock.now() - started
    if stop is None:
        return TestResult(suite.doc, test.name, Status.PASSED, test.pos, seconds, requests=requests), leaks
    result = TestResult(
        suite.doc, test.name, stop.status, test.pos, seconds, stop.reason, stop.failure, requests, stop.cause
    )
    return result, leaks


def _run_case(executor: Executor, setup: Case | None, test: Case, teardown: Case | None) -> Stop | None:
    """The setup, the test (unless the setup stopped), every teardown step; the first thing that stopped."""
    stop = executor.run_steps(_steps(setup))
    if stop is None:
        executor.start_test()
        stop = executor.run_steps(test.steps)
    for step in _steps(teardown):
        ending = executor.run(step.data, step.pos, step.lines)
        if ending is not None and stop is None and ending.status is Status.FAILED:
            failure = ending.failure
            return Stop(Status.FAILED, f"teardown: {ending.reason}", failure and _retitled(failure))
    return stop


def _lost(err: TransportError) -> Stop:
    prefix = "the cluster is unreachable: " if err.kind == "unreachable" else ""
    return Stop(Status.ERROR, prefix + str(err), cause=err.kind)


def _retitled(failure: Failure) -> Failure:
    return replace(failure, title=f"teardown: {failure.title}")


# Causes after which no other test can tell anything (the cluster is gone, or is not one): the run stops
# at the first of them instead of failing every test that follows.
FATAL = frozenset({"unreachable", "incompatible"})


def fatal(result: SuiteResult) -> TestResult | None:
    """The test of a page that stopped the run, if one did."""
    return next((test for test in result.tests if test.cause in FATAL), None)


def run_suite(suite: Suite, cluster, clock: Clock, between: Callable[[], None] | None = None) -> SuiteResult:
    """Every test of the suite, unless the cluster is lost on the way; between runs after each test (a
    process that reports other processes' results as they come, while it replays a long page)."""
    started = clock.now()
    results: list[TestResult] = []
    leaks: list[Leak] = []
    for test in suite.tests:
        result, left = run_test(suite, test, cluster, clock)
        results.append(result)
        leaks.extend(left)
        if result.cause in FATAL:
            break
        if between is not None:
            between()
    return SuiteResult(suite.doc, tuple(results), tuple(leaks), clock.now() - started)


def run_all(
    suites: list[Suite],
    cluster,
    on_result: Callable[[SuiteResult], None],
    clock: Clock | None = None,
) -> list[SuiteResult]:
    """Every suite, one after another, each result reported as it comes; the run stops after a fatal
    error. (Several processes replay a run's pages side by side as shares of it: commands/run_shares.py.)"""
    clock = clock or SystemClock()
    out: list[SuiteResult] = []
    for suite in suites:
        result = run_suite(suite, cluster, clock)
        out.append(result)
        on_result(result)
        if fatal(result):
            break
    return out
