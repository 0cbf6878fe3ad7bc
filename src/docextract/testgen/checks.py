"""The checks Elasticsearch's test generator makes on snippets, as problems with a position and a hint."""

from __future__ import annotations

from dataclasses import dataclass

from docextract.model import Pos, Snippet
from docextract.syntax import markup


@dataclass(frozen=True)
class Problem:
    """A snippet that breaks one of the reference generator's checks: rule, title, where, and a hint."""

    code: str
    title: str
    pos: Pos
    hint: str


SUBSTITUTION_HINTS = {
    "substitution-unmatched": "a substitution that changes nothing leaves the test testing something "
    "else than the page says; fix the pattern or remove it",
    "substitution-invalid": "patterns are Java regexes and replacements Java replacement text "
    "($1 for a group, \\$ for a dollar)",
    "substitution-timeout": "simplify the pattern: nested repetition such as (a+)+ can take forever",
}


def annotation_pos(snippet: Snippet, marker: str, option: str | None = None) -> Pos:
    """The line of the annotation that says it (the snippet's line when no annotation does)."""
    for annotation in snippet.annotations:
        if annotation.marker == marker and (option is None or option in (annotation.content or "")):
            return annotation.pos
    return snippet.pos


def source_line(snippet: Snippet) -> Pos:
    """Where the snippet's language is written: the [source,…] line above the opening delimiter, or
    the Markdown fence itself."""
    return snippet.language_pos or Pos(snippet.pos.file, snippet.pos.line - 1)


def is_candidate(snippet: Snippet) -> bool:
    """A js or curl snippet nobody said anything about (an "unconverted" console candidate)."""
    if snippet.console is not None or snippet.marked("TESTRESPONSE"):
        return False
    return snippet.language == "js" or (snippet.language in ("sh", "shell") and "curl" in snippet.content)


def language_problem(snippet: Snippet) -> Problem | None:
    """Languages and markers the tooling refuses."""
    spelling = markup.of(snippet.pos)
    if snippet.language in ("sh", "shell") and snippet.console is False and "curl" not in snippet.content:
        notconsole = spelling.annotation("NOTCONSOLE")
        return Problem(
            "notconsole-without-curl",
            f"{notconsole} on a shell snippet without curl",
            annotation_pos(snippet, "NOTCONSOLE"),
            f"remove the {notconsole} line: only curl commands need it",
        )
    if snippet.language in ("json", "javascript"):
        return Problem(
            "language-json",
            f"{spelling.block(snippet.language)} is not a language the test tooling accepts",
            source_line(snippet),
            f"write {spelling.block('js')} for JSON that is not a request, or {spelling.block('console')} "
            "for a request",
        )
    return None


def console_on_js(snippet: Snippet) -> Problem:
    spelling = markup.of(snippet.pos)
    console = spelling.annotation("CONSOLE")
    return Problem(
        "console-annotation-on-js",
        f"{console} on a {spelling.block('js')} snippet",
        annotation_pos(snippet, "CONSOLE"),
        f"{spelling.write('console')} and remove {console}",
    )


# The versions of the build Elasticsearch's docs are tested with; docextract cannot know them (--set).
VERSION_NAMES = ("version", "version_qualified", "lucene_version")


def unset_versions(snippet: Snippet, content: str, values: dict[str, str]) -> list[Problem]:
    """{version}, {version_qualified} or {lucene_version} left in a snippet's substituted content for
    want of a value: the reference's build puts the version it builds there, so its test compares that,
    and ours would compare the placeholder. Reported where the snippet writes it."""
    problems = []
    for name in VERSION_NAMES:
        placeholder = f"{{{name}}}"
        if name in values or placeholder not in content:
            continue
        problems.append(
            Problem(
                "substitution-default-unset",
                f"{placeholder} has no value: the test compares the text {placeholder}",
                _written_at(snippet, placeholder),
                f"give the version the docs are tested with: --set {name}=VALUE (Elasticsearch's build "
                "puts the version it builds there)",
            )
        )
    return problems


def _written_at(snippet: Snippet, text: str) -> Pos:
    """The line and column of the snippet where text is first written (the snippet's line if no line
    holds it as written: a substitution put it there)."""
    for number, line in enumerate(snippet.content.splitlines()):
        column = line.find(text)
        if column >= 0 and number < len(snippet.line_positions):
            start = snippet.line_positions[number]
            return Pos(start.file, start.line, start.column + column)
    return snippet.pos


def continued_problem(snippet: Snippet, previous: Snippet | None, same_doc: bool) -> Problem | None:
    """What a `continued` snippet may follow (and that it is not skipped)."""
    where = annotation_pos(snippet, "TEST", "continued")
    spelling = markup.of(snippet.pos)
    continued = spelling.annotation("TEST[continued]")
    if previous is None or not same_doc:
        return Problem(
            "continued-first-snippet",
            f"{continued} on the first test of a page: there is nothing to continue",
            where,
            "remove `continued`, or move the snippet after the one it continues",
        )
    if previous.kind == "setup":
        return Problem(
            "continued-after-testsetup",
            f"{continued} right after {spelling.annotation('TESTSETUP')}",
            where,
            "the TESTSETUP snippet runs before every test; remove `continued`",
        )
    if previous.kind == "teardown":
        # The reference means to refuse this too, but its check tests the setup flag twice.
        return Problem(
            "continued-after-teardown",
            f"{continued} right after {spelling.annotation('TEARDOWN')} would add its requests to the "
            "teardown",
            where,
            "remove `continued`: a test cannot continue the teardown",
        )
    if snippet.options.skip is not None:
        return Problem(
            "continued-skipped",
            "a continued snippet cannot be skipped",
            annotation_pos(snippet, "TEST", "skip:"),
            "skip the snippet the chain starts with instead",
        )
    return None


def _listed(doc: str, expected: tuple[str, ...]) -> str | None:
    """The entry of expectedUnconvertedCandidates naming doc: build.gradle writes paths from the docs
    project folder (reference/x.asciidoc) where docextract's are from the docs root (x.asciidoc)."""
    return next((entry for entry in expected if entry == doc or entry.endswith("/" + doc)), None)


def unconverted_problems(
    candidates: dict[str, tuple[Pos, str]], docs: list[str], expected: tuple[str, ...]
) -> list[Problem]:
    """Pages with js/curl snippets nobody converted, against expectedUnconvertedCandidates.
    Only the pages read in this run are checked, so that a run over part of the docs is not noise."""
    problems = [
        _unconverted(pos, language, markup.of(pos))
        for doc, (pos, language) in sorted(candidates.items())
        if _listed(doc, expected) is None
    ]
    problems += [
        Problem(
            "unconverted-snippets",
            f"listed in expectedUnconvertedCandidates ({_listed(doc, expected)}) "
            "but every snippet is converted",
            Pos(doc, 1),
            "remove the page from expectedUnconvertedCandidates",
        )
        for doc in docs
        if doc not in candidates and _listed(doc, expected) is not None
    ]
    return problems


def _unconverted(pos: Pos, language: str, spelling: markup.Markup) -> Problem:
    console, notconsole = spelling.annotation("CONSOLE"), spelling.annotation("NOTCONSOLE")
    return Problem(
        "unconverted-snippets",
        f"{spelling.block(language)} snippet with neither {console} nor {notconsole}, on a page not listed "
        "in expectedUnconvertedCandidates",
        pos,
        f"make it a {spelling.block('console')} request, mark it {notconsole}, or list the page as expected",
    )
