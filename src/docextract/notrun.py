"""The tests a run selected but did not reach (it was interrupted, or its cluster was lost), as results:
every report of a run cut short still lists every test it selected."""

from __future__ import annotations

from dataclasses import replace

from docextract.position import Pos
from docextract.results import Status, SuiteResult, TestResult

# A suite as selected: its page (or YAML file), and its tests' names and places, in order.
Planned = tuple[str, tuple[tuple[str, Pos], ...]]


def planned(suites) -> list[Planned]:
    """What a run means to replay of these suites (before it replays any)."""
    return [(suite.doc, tuple((case.name, case.pos) for case in suite.tests)) for suite in suites]


def complete(
    plan: list[Planned], results: list[SuiteResult], why: str
) -> tuple[list[SuiteResult], list[SuiteResult]]:
    """The tests of the plan that have no result, as NOT_RUN results (a suite each); and every result,
    those of a suite cut short in the middle joined by its tests that did not run."""
    ran = {(test.suite, test.name) for result in results for test in result.tests}
    unrun: list[SuiteResult] = []
    for doc, tests in plan:
        left = tuple(
            TestResult(doc, name, Status.NOT_RUN, pos, reason=f"not run: {why}")
            for name, pos in tests
            if (doc, name) not in ran
        )
        if left:
            unrun.append(SuiteResult(doc, left))
    joined = {result.suite: result for result in unrun}
    merged = [
        replace(r, tests=r.tests + joined.pop(r.suite).tests) if r.suite in joined else r for r in results
    ]
    return unrun, merged + list(joined.values())
