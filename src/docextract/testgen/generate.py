"""Turn pages' snippets into YAML REST test suites, following the rules of Elasticsearch's
RestTestsFromDocSnippetTask; a snippet with an error is reported and left out, and the rest goes on."""

from __future__ import annotations

from dataclasses import dataclass

from docextract.diagnostics import Diagnostic, Diagnostics
from docextract.model import Page, Snippet
from docextract.suite import Suite
from docextract.syntax import markup
from docextract.testgen import DEFAULT_NAMES, checks
from docextract.testgen.options import Options
from docextract.testgen.state import Outcome, State

# Applied to every snippet before its own substitutions; these two have values without --set.
DEFAULT_VALUES = {"build_flavor": "default", "build_type": "tar"}


@dataclass(frozen=True)
class GeneratedSuite:
    """One page's suite: what the runner replays, and the text of its test file."""

    suite: Suite  # what the runner replays
    text: str  # the test file, laid out as Elasticsearch's build writes it


@dataclass(frozen=True)
class Generation:
    """What a generation gives: the suites, what each snippet became, problems found at the end."""

    suites: tuple[GeneratedSuite, ...]  # pages that give no test have no suite
    outcomes: tuple[Outcome, ...]  # what each snippet became, in page order
    # Problems seen only once every page is read (js snippets left unconverted).
    diagnostics: tuple[Diagnostic, ...]


class Generator:
    """Pages go in one by one, in order; finish() gives the suites."""

    def __init__(self, options: Options):
        self.options = options
        values = {**DEFAULT_VALUES, **options.values}
        self.defaults = {f"\\{{{name}\\}}": values[name] for name in DEFAULT_NAMES if name in values}
        self.state = State()

    def add_page(self, page: Page) -> list[Diagnostic]:
        """Generate the cases of one page (read as it stands in its file); its problems."""
        self.state.diagnostics = Diagnostics()
        self.state.docs.append(page.source)
        for snippet in page.snippets:
            self._snippet(page.source, snippet)
        return self.state.diagnostics.items

    def finish(self, unconverted: bool = True) -> Generation:
        """The suites; unconverted: check the pages' unconverted snippets against the setups file's list
        now (False: the caller checks them over the pages of several generators, with state's
        candidates and docs, as a run spread over processes does)."""
        state = self.state
        state.diagnostics = Diagnostics()
        expected = self.options.setups.expected_unconverted
        if expected is not None and unconverted:
            for problem in checks.unconverted_problems(state.candidates, state.docs, expected):
                state.report(problem)
        suites = tuple(GeneratedSuite(draft.freeze(), draft.text()) for draft in state.suites if draft.cases)
        return Generation(suites, tuple(state.outcomes), tuple(state.diagnostics.items))

    def _snippet(self, doc: str, snippet: Snippet) -> None:
        # Imported here: they load the console and regex parsers, which the Options of a run whose
        # findings come from the cache (validate) never need.
        from docextract.testgen import cases
        from docextract.testgen.substitute import apply as apply_substitutions

        state = self.state
        content, problems = apply_substitutions(
            snippet.content, snippet.options.substitutions, self.defaults, snippet.pos
        )
        failed = False
        for problem in problems:
            lenient = problem.code == "substitution-unmatched" and self.options.lenient_substitutions
            hint = problem.hint or checks.SUBSTITUTION_HINTS[problem.code]
            state.error(problem.code, problem.message, problem.pos, hint, warn=lenient)
            failed = failed or problem.code != "substitution-unmatched"
        if checks.is_candidate(snippet):
            state.candidates.setdefault(doc, (snippet.pos, snippet.language or ""))
        if (problem := checks.language_problem(snippet)) is not None:
            state.report(problem)
            failed = True
        if failed:
            state.drop(doc, snippet)
            return
        console_on_js = snippet.language == "js" and snippet.console
        if snippet.kind in ("setup", "teardown", "response", "test") and not console_on_js:
            for problem in checks.unset_versions(snippet, content, self.options.values):
                state.error(problem.code, problem.title, problem.pos, problem.hint, warn=True)
        if snippet.kind == "setup":
            cases.add_setup(state, self.options.setups, doc, snippet, content)
        elif snippet.kind == "teardown":
            cases.add_teardown(state, doc, snippet, content)
        elif snippet.kind == "response":
            cases.add_response(state, doc, snippet, content)
        elif console_on_js:
            state.report(checks.console_on_js(snippet))
            state.drop(doc, snippet)
        elif snippet.kind == "test":
            cases.add_test(state, self.options.setups, doc, snippet, content)
        else:
            spelling = markup.of(snippet.pos)
            not_console = f" ({spelling.annotation('NOTCONSOLE')})" if snippet.console is False else ""
            why = f"{spelling.block(snippet.language)} without {spelling.annotation('TEST')}{not_console}"
            state.record(doc, snippet, "ignored", None, why)
