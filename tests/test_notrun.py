"""The tests a run cut short did not reach are listed as not run, joined to the page they belong to."""

from docextract import results
from docextract.notrun import complete
from docextract.position import Pos
from docextract.results import Status, SuiteResult

PLAN = [
    ("a.asciidoc", (("line_2", Pos("a.asciidoc", 2)), ("line_9", Pos("a.asciidoc", 9)))),
    ("b.asciidoc", (("line_4", Pos("b.asciidoc", 4)),)),
]


def test_the_tests_left_are_not_run_and_a_page_cut_short_gets_its_own_back():
    # The run stopped in the middle of a.asciidoc: its second test, and b.asciidoc, did not run.
    ran = [
        SuiteResult(
            "a.asciidoc", (results.TestResult("a.asciidoc", "line_2", Status.ERROR, Pos("a.asciidoc", 2)),)
        )
    ]
    unrun, every = complete(PLAN, ran, "interrupted by SIGINT while replaying tests")
    assert [(r.suite, [t.name for t in r.tests]) for r in unrun] == [
        ("a.asciidoc", ["line_9"]),
        ("b.asciidoc", ["line_4"]),
    ]
    assert {t.status for r in unrun for t in r.tests} == {Status.NOT_RUN}
    assert unrun[1].tests[0].reason == "not run: interrupted by SIGINT while replaying tests"
    assert unrun[1].tests[0].pos == Pos("b.asciidoc", 4)
    # Every result, each page once, in the plan's order.
    assert [(r.suite, [(t.name, t.status) for t in r.tests]) for r in every] == [
        ("a.asciidoc", [("line_2", Status.ERROR), ("line_9", Status.NOT_RUN)]),
        ("b.asciidoc", [("line_4", Status.NOT_RUN)]),
    ]


def test_a_run_that_reached_every_test_adds_nothing():
    ran = [
        SuiteResult(doc, tuple(results.TestResult(doc, name, Status.PASSED, pos) for name, pos in tests))
        for doc, tests in PLAN
    ]
    assert complete(PLAN, ran, "stopped") == ([], ran)
