"""What the generator remembers from one snippet to the next: the suites so far, the previous test
snippet, the names used, what every snippet became, and the problems found."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

from docextract.diagnostics import Diagnostics
from docextract.model import Pos, Snippet
from docextract.testgen import checks
from docextract.testgen.draft import SuiteDraft


@dataclass(frozen=True)
class Outcome:
    """What one snippet became, and why (what `docextract list` shows)."""

    doc: str
    snippet: Snippet
    becomes: str  # test | continued | response | setup | teardown | ignored | error | skipped-response
    test: str | None  # the case it went into
    why: str


@dataclass(frozen=True)
class Previous:
    """The last snippet that opened or continued a case; responses and `continued` attach to it."""

    snippet: Snippet
    doc: str
    broken: bool = False  # it had an error and wrote nothing; what continues it is dropped


@dataclass
class State:
    """Runs across pages in order, as in the reference: a `continued` or a response may only follow a
    snippet of the same page, which the state checks."""

    suites: list[SuiteDraft] = field(default_factory=list)
    previous: Previous | None = None
    # page → its first unconverted js or curl snippet: where, and its language
    candidates: dict[str, tuple[Pos, str]] = field(default_factory=dict)
    docs: list[str] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)  # of the page being read
    suite: SuiteDraft | None = None  # the suite of the page being read
    names: set[str] = field(default_factory=set)  # the case names of that suite

    def open(self, doc: str) -> SuiteDraft:
        """The suite of doc, started on its first snippet that goes into one."""
        if self.suite is None or self.suite.doc != doc:
            self.suite = SuiteDraft(doc, str(PurePosixPath(doc).with_suffix(".yml")))
            self.suites.append(self.suite)
            self.names = set()
        return self.suite

    def error(self, code: str, title: str, pos: Pos, hint: str | None = None, warn: bool = False) -> None:
        (self.diagnostics.warning if warn else self.diagnostics.error)(code, title, pos, hint)

    def report(self, problem: checks.Problem) -> None:
        self.diagnostics.error(problem.code, problem.title, problem.pos, problem.hint)

    def record(self, doc: str, snippet: Snippet, becomes: str, test: str | None, why: str) -> None:
        self.outcomes.append(Outcome(doc, snippet, becomes, test, why))

    def drop(self, doc: str, snippet: Snippet) -> None:
        """Leave a snippet with an error out (the error is reported already)."""
        self.record(doc, snippet, "error", None, "not generated: see the error reported for it")
        # A snippet that would have opened or continued a test breaks the chain that continues it.
        if any(map(snippet.marked, ("TEST", "TESTSETUP", "TEARDOWN"))) or snippet.language == "console":
            self.previous = Previous(snippet, doc, broken=True)
