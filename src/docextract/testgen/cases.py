"""Where a snippet goes in its page's suite: a new test, the test it continues, the setup, the
teardown, or (a response) the case of the request above it."""

from __future__ import annotations

import difflib

from docextract.model import Pos, Snippet
from docextract.setups import Setups
from docextract.syntax import console, markup
from docextract.testgen import checks, requests, steps
from docextract.testgen.draft import CaseDraft
from docextract.testgen.state import Previous, State

# The most names a hint lists: a build file may define thousands (in a loop), which would bury the message.
MAX_LISTED = 10


def _listing(name: str, known: dict) -> str:
    """The known names a hint gives for an unknown one: the nearest first, MAX_LISTED at most."""
    if not known:
        return "none are defined (pass --setups)"
    nearest = difflib.get_close_matches(name, list(known), n=MAX_LISTED, cutoff=0.6)
    shown = (nearest + [other for other in sorted(known) if other not in nearest])[:MAX_LISTED]
    more = len(known) - len(shown)
    return ", ".join(shown) + (f" and {more:,} more" if more else "")


def _named(
    state: State, setups: Setups, case: CaseDraft, names: tuple[str, ...], kind: str, pos: Pos
) -> bool:
    """The named setups (or teardowns) of `// TEST[setup:a,b]`, inlined as the reference inlines them."""
    known = setups.setups if kind == "setup" else setups.teardowns
    for name in names:
        named = known.get(name)
        if named is None:
            listing = _listing(name, known)
            state.error(
                f"{kind}-not-found", f"{kind} `{name}` is not defined", pos, f"known {kind}s: {listing}"
            )
            return False
        try:
            case.written.append(steps.verbatim(named.text, pos, f"Named {kind} {name}"))
        except steps.BrokenYaml as err:
            # The setup's steps are copied into the test as written: they must be YAML on their own.
            hint = err.hint or f"mend the steps of the {kind} `{name}` in the setups file"
            state.error("yaml-invalid", f"{kind} `{name}`: {err}", named.pos, hint)
            return False
    return True


def add_test(state: State, setups: Setups, doc: str, snippet: Snippet, content: str) -> None:
    """A request snippet: a new test, or (`continued`) more steps of the test above it."""
    suite = state.open(doc)
    options = snippet.options
    if options.continued:
        previous = state.previous
        same_doc = previous is not None and previous.doc == doc
        problem = checks.continued_problem(snippet, previous.snippet if previous else None, same_doc)
        if problem is not None:
            state.report(problem)
            state.drop(doc, snippet)
            return
        if previous.broken or not suite.cases:
            state.previous = Previous(snippet, doc, broken=True)
            state.record(doc, snippet, "error", None, "continues a snippet that was not generated")
            return
        case = suite.cases[-1]
    else:
        name = snippet.name or f"line_{snippet.pos.line}"
        if snippet.name and name in state.names:
            state.error(
                "duplicate-name",
                f"two snippets of this page are named `{name}`",
                checks.source_line(snippet),
                "give each snippet its own id= (test names must be unique in a file)",
            )
            state.drop(doc, snippet)
            return
        state.names.add(name)
        case = CaseDraft("test", name, snippet.pos)
        case.written.append(steps.skip(options.skip, snippet.pos))
    mark = len(case.written)
    ok = _named(state, setups, case, options.setup, "setup", checks.annotation_pos(snippet, "TEST", "setup:"))
    ok = ok and requests.add(case, snippet, content, in_setup=False, diagnostics=state.diagnostics)
    teardown_at = checks.annotation_pos(snippet, "TEST", "teardown:")
    ok = ok and _named(state, setups, case, options.teardown, "teardown", teardown_at)
    if not ok:
        del case.written[mark:]  # a continuation that fails leaves the test as it was
        if not options.continued:
            state.drop(doc, snippet)
            return
    elif not options.continued:
        suite.cases.append(case)
    if ok:
        case.add_snippet(snippet.pos, snippet.end_line)
    state.previous = Previous(snippet, doc, broken=not ok)
    if ok:
        spelling = markup.of(snippet.pos)
        marker = spelling.annotation("TEST") if snippet.marked("TEST") else spelling.block("console")
        if options.continued:
            why = spelling.annotation("TEST[continued]")
        else:
            why = marker + (" with skip" if options.skip else "")
        state.record(doc, snippet, "continued" if options.continued else "test", case.name, why)


def add_setup(state: State, setups: Setups, doc: str, snippet: Snippet, content: str) -> None:
    """// TESTSETUP: the setup every test of the page starts with; it must come first."""
    suite = state.open(doc)
    spelling = markup.of(snippet.pos)
    if suite.cases:
        state.error(
            "testsetup-not-first",
            f"{spelling.annotation('TESTSETUP')} on a snippet that is not the first test snippet of the page",
            checks.annotation_pos(snippet, "TESTSETUP"),
            f"move the set-up snippet to the top of the page ({spelling.hidden} can hide it)",
        )
        state.drop(doc, snippet)
        return
    case = CaseDraft("setup", "setup", snippet.pos)
    where = checks.annotation_pos(snippet, "TEST", "setup:")
    if _named(state, setups, case, snippet.options.setup, "setup", where) and requests.add(
        case, snippet, content, in_setup=True, diagnostics=state.diagnostics
    ):
        case.add_snippet(snippet.pos, snippet.end_line)
        suite.cases.append(case)
        state.previous = Previous(snippet, doc)
        why = f"{spelling.annotation('TESTSETUP')}: runs before every test of the page"
        state.record(doc, snippet, "setup", "setup", why)
    else:
        state.drop(doc, snippet)


def add_teardown(state: State, doc: str, snippet: Snippet, content: str) -> None:
    """// TEARDOWN: what runs after every test of the page; first, or right after the setup."""
    suite = state.open(doc)
    previous = state.previous
    spelling = markup.of(snippet.pos)
    if previous is not None and previous.snippet.kind != "setup" and suite.cases:
        state.error(
            "teardown-misplaced",
            f"{spelling.annotation('TEARDOWN')} must come first, or right after the "
            f"{spelling.annotation('TESTSETUP')} snippet",
            checks.annotation_pos(snippet, "TEARDOWN"),
            "move the teardown snippet to the top of the page, after the set-up",
        )
        state.drop(doc, snippet)
        return
    case = CaseDraft("teardown", "teardown", snippet.pos)
    case.add_snippet(snippet.pos, snippet.end_line)
    if requests.add(case, snippet, content, in_setup=True, diagnostics=state.diagnostics):
        suite.cases.append(case)
        state.previous = Previous(snippet, doc)
        why = f"{spelling.annotation('TEARDOWN')}: runs after every test of the page"
        state.record(doc, snippet, "teardown", "teardown", why)
    else:
        state.drop(doc, snippet)


def add_response(state: State, doc: str, snippet: Snippet, content: str) -> None:
    """A response: `match: {$body: …}` at the end of the case of the request above it."""
    previous = state.previous
    spelling = markup.of(snippet.pos)
    if previous is None:
        state.error(
            "response-without-test",
            "a response with no request before it",
            snippet.pos,
            f"a {spelling.block('console-result')} snippet checks the response of the request snippet "
            "above it",
        )
        state.record(doc, snippet, "error", None, "a response with no request before it")
        return
    if previous.doc != doc:
        state.error(
            "response-first-in-file",
            "a response before any request of this page",
            snippet.pos,
            "put the request snippet above the response",
        )
        state.record(doc, snippet, "error", None, "a response before any request of the page")
        return
    suite = state.suite
    if snippet.options.skip is not None or previous.broken or suite is None or not suite.cases:
        why = f"skip: {snippet.options.skip}" if snippet.options.skip is not None else "its request failed"
        state.record(doc, snippet, "skipped-response", None, why)
        return
    # Where each line stands, so that a failed match points at the line that differs; unknown when a
    # substitution changed the number of lines.
    lines = ()
    if content.count("\n") == len(snippet.line_positions):
        lines = tuple(zip(snippet.line_positions, content.split("\n"), strict=False))
    try:
        written = steps.match_body(console.convert_block_quotes(content), snippet.pos, lines)
    except console.BlockQuoteError as err:
        where = requests.line_of(snippet, content, err.index)
        state.error("block-quote", str(err), where, '"""…""" needs its closing """')
        return
    except steps.BrokenYaml as err:
        where = snippet.pos
        if err.at is not None and err.at[0] < len(lines):
            line = lines[err.at[0]][0]
            where = Pos(line.file, line.line, line.column + err.at[1] - 1)
        state.error(
            "response-yaml",
            str(err),
            where,
            "the response is embedded in the test as YAML: quote values such as $body.x, escape with s///",
        )
        return
    case = suite.cases[-1]
    case.written.append(written)
    case.add_snippet(snippet.pos, snippet.end_line)
    # Not marked, it is a response by its language: console-result, or (Markdown) console-response.
    why = (
        spelling.annotation("TESTRESPONSE")
        if snippet.marked("TESTRESPONSE")
        else spelling.block(snippet.language)
    )
    state.record(doc, snippet, "response", case.name, why + ": matches the response of the request above")
