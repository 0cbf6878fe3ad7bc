"""response-not-json: a response snippet that is not JSON.

Checked before the snippet's s/…/…/ substitutions, as written: that text is what readers see (the
substitutions only make the test pass), the test generator already reports a substituted response
it cannot embed (response-yaml), and Elasticsearch's Java builder meant its own check for the text
before substitutions (../shared/spec/es-snippet-semantics.md §8.2). The test tooling's conventions
are accepted (checks/elisions.py): of the 121 responses of the corpus, 19 are not plain JSON; 16 of
them only use the conventions, and the three others are real findings (a trailing comma in
bucket-sort-aggregation.asciidoc, and `(...)` elisions with a `{ 0.018, … }` object of numbers in
inference/post-inference.asciidoc). A response marked non_json, or written in a language that is not
JSON (txt, for the _cat APIs), is text by declaration and not checked.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from docextract.checks.elisions import as_json
from docextract.checks.finding import finding
from docextract.diagnostics import Diagnostic
from docextract.model import Page, Pos, Snippet
from docextract.syntax import console, markup

# The languages whose response is JSON: console-result, and what older pages marked // TESTRESPONSE.
_JSON_LANGUAGES = ("console-result", "console-response", "console", "js", "json", "javascript")
_HINT = (
    "a response shows the JSON the API returns: `...` may stand for what is left out and $body.x for "
    "a value the test takes from the actual response; mark a response that is not JSON "
)


def check(page: Page) -> Iterator[Diagnostic]:
    for snippet in page.snippets:
        if (
            snippet.kind == "response"
            and not snippet.options.non_json
            and snippet.language in _JSON_LANGUAGES
        ):
            yield from _check(snippet)


def _check(snippet: Snippet) -> Iterator[Diagnostic]:
    munged = as_json(snippet.content)
    try:
        _, body_format = console.parse_body(munged)
    except console.BodyError as err:
        yield finding(
            "response-not-json",
            f"the response is not JSON: {err}",
            _at(snippet, err.line, err.column),
            err.hint or _HINT + markup.of(snippet.pos).annotation("TESTRESPONSE[non_json]"),
        )
        return
    if body_format == "ndjson":
        line, column = _second_value(munged)
        yield finding(
            "response-not-json",
            "the response holds several JSON values",
            _at(snippet, line, column),
            "a response is one JSON value: split it into one response snippet per request",
        )


def _at(snippet: Snippet, line: int, column: int) -> Pos:
    if 0 <= line < len(snippet.line_positions):
        pos = snippet.line_positions[line]
        return Pos(pos.file, pos.line, column)
    return snippet.pos


def _second_value(text: str) -> tuple[int, int]:
    """Where the value after the first one starts (0-based line, 1-based column); the start when the
    text is not plain JSON (a triple-quoted string moved what follows it)."""
    try:
        start = len(text) - len(text.lstrip())
        _, end = json.JSONDecoder().raw_decode(text, start)
    except ValueError:
        return 0, 1
    end += len(text[end:]) - len(text[end:].lstrip())
    head = text[:end]
    return head.count("\n"), end - (head.rfind("\n") + 1) + 1
