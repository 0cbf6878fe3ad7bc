"""Turn snippets into YAML REST test suites, as RestTestsFromDocSnippetTask does (§5, §6 of the spec).

State runs across docs in order, as in the reference (the previous test, the current file, the
names seen); a snippet with an error is reported and left out, and the rest goes on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from docextract.diagnostics import Diagnostics
from docextract.model import Pos, Snippet
from docextract.setups import NamedSetup, Setups
from docextract.syntax import console
from docextract.testgen import DEFAULT_NAMES, checks, requests, steps
from docextract.testgen.substitute import apply as apply_substitutions
from docextract.testgen.suite import Section, Suite

# Applied to every snippet before its own substitutions; these two have values without --set.
DEFAULT_VALUES = {"build_flavor": "default", "build_type": "tar"}


@dataclass
class Options:
    setups: Setups = field(default_factory=Setups)
    values: dict[str, str] = field(default_factory=dict)  # --set version=… and friends
    lenient_substitutions: bool = False


@dataclass(frozen=True)
class Outcome:
    """What one snippet became, and why (what `docextract list` shows)."""

    doc: str
    snippet: Snippet
    becomes: str  # test | continued | response | setup | teardown | ignored | error | skipped-response
    test: str | None  # the test (or section) it went into
    why: str


@dataclass
class _Previous:
    snippet: Snippet
    doc: str
    broken: bool = False  # it had an error and wrote nothing; what continues it is dropped


class Generator:
    def __init__(self, options: Options, diagnostics: Diagnostics):
        self.options, self.diagnostics = options, diagnostics
        values = {**DEFAULT_VALUES, **options.values}
        self.defaults = {f"\\{{{name}\\}}": values[name] for name in DEFAULT_NAMES if name in values}
        self.suites: list[Suite] = []
        self.previous: _Previous | None = None
        self.candidates: dict[str, Pos] = {}  # page → its first unconverted console candidate
        self.docs: list[str] = []
        self.outcomes: list[Outcome] = []
        self._suite: Suite | None = None
        self._names: set[str] = set()

    # -- reporting ----------------------------------------------------------------------------------

    def _error(self, code: str, title: str, pos: Pos, hint: str | None = None, warn: bool = False) -> None:
        (self.diagnostics.warning if warn else self.diagnostics.error)(code, title, pos, hint)

    def _report(self, problem: checks.Problem) -> None:
        self.diagnostics.error(problem.code, problem.title, problem.pos, problem.hint)

    # -- the run ------------------------------------------------------------------------------------

    def add_doc(self, doc: str, snippets: Iterable[Snippet]) -> None:
        self.docs.append(doc)
        for snippet in snippets:
            self._snippet(doc, snippet)

    def finish(self) -> list[Suite]:
        expected = self.options.setups.expected_unconverted
        if expected is not None:
            for problem in checks.unconverted_problems(self.candidates, self.docs, expected):
                self._report(problem)
        return [suite for suite in self.suites if suite.sections]

    def _snippet(self, doc: str, snippet: Snippet) -> None:
        content, problems = apply_substitutions(
            snippet.content, snippet.options.substitutions, self.defaults, snippet.pos
        )
        failed = False
        for problem in problems:
            lenient = problem.code == "substitution-unmatched" and self.options.lenient_substitutions
            hint = checks.SUBSTITUTION_HINTS[problem.code]
            self._error(problem.code, problem.message, problem.pos, hint, warn=lenient)
            failed = failed or problem.code != "substitution-unmatched"
        if checks.is_candidate(snippet):
            self.candidates.setdefault(doc, snippet.pos)
        if (problem := checks.language_problem(snippet)) is not None:
            self._report(problem)
            failed = True
        if failed:
            self._drop(doc, snippet)
        elif snippet.kind == "setup":
            self._setup(doc, snippet, content)
        elif snippet.kind == "teardown":
            self._teardown(doc, snippet, content)
        elif snippet.kind == "response":
            self._response(doc, snippet, content)
        elif snippet.language == "js" and snippet.console:
            self._report(checks.console_on_js(snippet))
            self._drop(doc, snippet)
        elif snippet.kind == "test":
            self._test(doc, snippet, content)
        else:
            why = f"[source,{snippet.language}] without // TEST" + (
                " (// NOTCONSOLE)" if snippet.console is False else ""
            )
            self._record(doc, snippet, "ignored", None, why)

    def _record(self, doc: str, snippet: Snippet, becomes: str, test: str | None, why: str) -> None:
        self.outcomes.append(Outcome(doc, snippet, becomes, test, why))

    def _drop(self, doc: str, snippet: Snippet) -> None:
        self._record(doc, snippet, "error", None, "not generated: see the error reported for it")
        # A snippet that would have opened or continued a test breaks the chain that continues it.
        if any(map(snippet.marked, ("TEST", "TESTSETUP", "TEARDOWN"))) or snippet.language == "console":
            self.previous = _Previous(snippet, doc, broken=True)

    # -- files and sections -------------------------------------------------------------------------

    def _open(self, doc: str) -> Suite:
        if self._suite is None or self._suite.doc != doc:
            path = PurePosixPath(doc)
            self._suite = Suite(doc, str(path.with_suffix(".yml")))
            self.suites.append(self._suite)
            self._names = set()
        return self._suite

    def _fragments(self, section: Section, names: tuple[str, ...], kind: str, pos: Pos) -> bool:
        known = self.options.setups.setups if kind == "setup" else self.options.setups.teardowns
        for name in names:
            fragment: NamedSetup | None = known.get(name)
            if fragment is None:
                listing = ", ".join(sorted(known)) or "none are defined (pass --setups)"
                self._error(
                    f"{kind}-not-found",
                    f"{kind} `{name}` is not defined",
                    pos,
                    f"known {kind}s: {listing}",
                )
                return False
            try:
                section.steps.append(
                    steps.verbatim(f"named_{kind}", fragment.text, pos, f"Named {kind} {name}")
                )
            except steps.BrokenYaml as err:
                self._error("yaml-invalid", f"{kind} `{name}`: {err}", fragment.pos)
                return False
        return True

    # -- §6.3 tests ---------------------------------------------------------------------------------

    def _test(self, doc: str, snippet: Snippet, content: str) -> None:
        suite = self._open(doc)
        options = snippet.options
        if options.continued:
            previous = self.previous
            same_doc = previous is not None and previous.doc == doc
            problem = checks.continued_problem(snippet, previous.snippet if previous else None, same_doc)
            if problem is not None:
                self._report(problem)
                self._drop(doc, snippet)
                return
            if previous.broken or not suite.sections:
                self.previous = _Previous(snippet, doc, broken=True)
                self._record(doc, snippet, "error", None, "continues a snippet that was not generated")
                return
            section = suite.sections[-1]
        else:
            name = snippet.name or f"line_{snippet.pos.line}"
            if snippet.name and name in self._names:
                self._error(
                    "duplicate-name",
                    f"two snippets of this page are named `{name}`",
                    checks.source_line(snippet),
                    "give each snippet its own id= (test names must be unique in a file)",
                )
                self._drop(doc, snippet)
                return
            self._names.add(name)
            section = Section("test", name, snippet.pos, skip_reason=options.skip)
            section.steps.append(steps.skip(options.skip, snippet.pos))
        mark = len(section.steps)
        ok = self._fragments(
            section, options.setup, "setup", checks.annotation_pos(snippet, "TEST", "setup:")
        )
        ok = ok and requests.add(section, snippet, content, in_setup=False, diagnostics=self.diagnostics)
        ok = ok and self._fragments(
            section, options.teardown, "teardown", checks.annotation_pos(snippet, "TEST", "teardown:")
        )
        if not ok:
            del section.steps[mark:]
            if not options.continued:
                self._drop(doc, snippet)
                return
        elif not options.continued:
            suite.sections.append(section)
        if ok:
            section.add_snippet(snippet.pos, snippet.end_line)
        self.previous = _Previous(snippet, doc, broken=not ok)
        if ok:
            marker = "// TEST" if snippet.marked("TEST") else "[source,console]"
            why = (
                "// TEST[continued]" if options.continued else marker + (" with skip" if options.skip else "")
            )
            self._record(doc, snippet, "continued" if options.continued else "test", section.name, why)

    # -- §6.7 TESTSETUP and TEARDOWN ------------------------------------------------------------------

    def _setup(self, doc: str, snippet: Snippet, content: str) -> None:
        suite = self._open(doc)
        if suite.sections:
            self._error(
                "testsetup-not-first",
                "// TESTSETUP on a snippet that is not the first test snippet of the page",
                checks.annotation_pos(snippet, "TESTSETUP"),
                "move the set-up snippet to the top of the page (a //// comment block can hide it)",
            )
            self._drop(doc, snippet)
            return
        section = Section("setup", "setup", snippet.pos)
        where = checks.annotation_pos(snippet, "TEST", "setup:")
        if self._fragments(section, snippet.options.setup, "setup", where) and requests.add(
            section, snippet, content, in_setup=True, diagnostics=self.diagnostics
        ):
            section.add_snippet(snippet.pos, snippet.end_line)
            suite.sections.append(section)
            self.previous = _Previous(snippet, doc)
            self._record(doc, snippet, "setup", "setup", "// TESTSETUP: runs before every test of the page")
        else:
            self._drop(doc, snippet)

    def _teardown(self, doc: str, snippet: Snippet, content: str) -> None:
        suite = self._open(doc)
        previous = self.previous
        if previous is not None and previous.snippet.kind != "setup" and suite.sections:
            self._error(
                "teardown-misplaced",
                "// TEARDOWN must come first, or right after the // TESTSETUP snippet",
                checks.annotation_pos(snippet, "TEARDOWN"),
                "move the teardown snippet to the top of the page, after the set-up",
            )
            self._drop(doc, snippet)
            return
        section = Section("teardown", "teardown", snippet.pos)
        section.add_snippet(snippet.pos, snippet.end_line)
        if requests.add(section, snippet, content, in_setup=True, diagnostics=self.diagnostics):
            suite.sections.append(section)
            self.previous = _Previous(snippet, doc)
            self._record(
                doc, snippet, "teardown", "teardown", "// TEARDOWN: runs after every test of the page"
            )
        else:
            self._drop(doc, snippet)

    # -- §6.6 responses -----------------------------------------------------------------------------

    def _response(self, doc: str, snippet: Snippet, content: str) -> None:
        previous = self.previous
        if previous is None:
            self._error(
                "response-without-test",
                "a response with no request before it",
                snippet.pos,
                "a [source,console-result] snippet checks the response of the request snippet above it",
            )
            self._record(doc, snippet, "error", None, "a response with no request before it")
            return
        if previous.doc != doc:
            self._error(
                "response-first-in-file",
                "a response before any request of this page",
                snippet.pos,
                "put the request snippet above the response",
            )
            self._record(doc, snippet, "error", None, "a response before any request of the page")
            return
        if (
            snippet.options.skip is not None
            or previous.broken
            or self._suite is None
            or not self._suite.sections
        ):
            why = (
                f"skip: {snippet.options.skip}" if snippet.options.skip is not None else "its request failed"
            )
            self._record(doc, snippet, "skipped-response", None, why)
            return
        try:
            converted = console.convert_block_quotes(content)
            step = steps.match_body(converted, snippet.pos)
        except console.BlockQuoteError as err:
            self._error(
                "block-quote",
                str(err),
                requests.line_of(snippet, content, err.index),
                '"""…""" needs its closing """',
            )
            return
        except steps.BrokenYaml as err:
            self._error(
                "response-yaml",
                str(err),
                snippet.pos,
                "the response is embedded in the test as YAML: quote values such as $body.x, "
                "escape with s///",
            )
            return
        if content.count("\n") == len(snippet.line_positions):
            step.lines = tuple(zip(snippet.line_positions, content.split("\n"), strict=False))
        target = self._suite.sections[-1]
        target.steps.append(step)
        target.add_snippet(snippet.pos, snippet.end_line)
        why = "// TESTRESPONSE" if snippet.marked("TESTRESPONSE") else "[source,console-result]"
        self._record(
            doc, snippet, "response", target.name, why + ": matches the response of the request above"
        )
