"""Build a Snippet from its lines and annotation lines, whatever front end found them.

Content is read as Elasticsearch's doc tooling reads it: callouts and footnote marks removed,
trailing spaces dropped, every line ending in a newline. The kind (test, response, setup, teardown,
ignored) is what its test generator makes of the snippet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docextract.diagnostics import Diagnostics, DocsError
from docextract.model import Annotation, Callout, Pos, Request, Snippet, Substitution, TestOptions
from docextract.syntax import annotations, console

_CALLOUT = re.compile(r"<\d+>")
BODY_HINT = "fix the JSON; the test runner sends bodies as JSON (or NDJSON, one value per line)"
_FOOTNOTE_MARK = re.compile(r"\[\^\d+\]")


@dataclass(frozen=True)
class RawSnippet:
    """What a front end hands over: where the block stands and its lines as written."""

    pos: Pos
    end_line: int | None
    language: str | None
    name: str | None
    hidden: bool
    lines: tuple[tuple[str, Pos], ...]
    annotation_lines: tuple[tuple[str, Pos], ...]
    source_line: str | None = None
    callouts: tuple[Callout, ...] = ()


def content_line(text: str) -> str:
    """One line as the test generator keeps it (only U+0020 is trimmed at the end, as in Java)."""
    if "<" in text:
        text = _CALLOUT.sub("", text)
    if "[^" in text:
        text = _FOOTNOTE_MARK.sub("", text)
    return text.rstrip(" ")


@dataclass(frozen=True)
class Dialect:
    """What differs between page formats in what the test generator reads of a snippet."""

    annotations: annotations.Style  # `// TEST` or `% TEST`
    responses: tuple[str, ...]  # the languages of a response snippet
    # Where the language is written, from the opening delimiter: the [source,…] line above an AsciiDoc
    # ----, the info string of a Markdown fence itself.
    language_line: int = -1


ASCIIDOC = Dialect(annotations.ASCIIDOC, ("console-result",))
# Elastic's Markdown pages also write ```console-response for a response (docs-builder shows both alike).
MARKDOWN = Dialect(annotations.MARKDOWN, ("console-result", "console-response"), language_line=0)


def kind_of(language: str | None, markers: set[str], responses: tuple[str, ...] = ASCIIDOC.responses) -> str:
    """What the test generator makes of a snippet, from its language and its annotations' markers."""
    if "TESTSETUP" in markers:
        return "setup"
    if "TEARDOWN" in markers:
        return "teardown"
    if "TESTRESPONSE" in markers or language in responses:
        return "response"
    if "TEST" in markers or language == "console":
        return "test"
    return "ignored"


# TESTRESPONSE[non_json] appends these (Java pattern, Java replacement) at its place: the response
# becomes a /regex/ whose runs of spaces match any whitespace and whose lines may end in spaces.
NON_JSON = (("^", "/"), ("\\n$", "\\\\s*/"), ("( +)", "$1\\\\s+"), ("\\n", "\\\\s*\n "))


def build(
    raw: RawSnippet, diagnostics: Diagnostics, for_tests: bool = False, dialect: Dialect = ASCIIDOC
) -> Snippet:
    """The snippet. for_tests: read as the test generator reads it; its requests are left to the
    generator (it reads them after substitutions, with the reference's stricter rules)."""
    lines = raw.lines
    content = "".join(content_line(text) + "\n" for text, _ in lines)
    parsed: list[tuple[annotations.Parsed, Pos]] = []
    for text, pos in raw.annotation_lines:
        try:
            parsed.append((annotations.parse(text, pos, dialect.annotations), pos))
        except DocsError as err:
            diagnostics.add(err.diagnostic)
    options = _merge(parsed, diagnostics, dialect.annotations.prefix)
    kind = kind_of(raw.language, {p.marker for p, _ in parsed}, dialect.responses)
    positions = tuple(pos for _, pos in lines)
    parsed_requests: tuple[Request, ...] = ()
    response = response_format = None
    if kind in ("test", "setup", "teardown") and not for_tests:
        parsed_requests = tuple(
            parse_requests(content, positions, raw.pos, diagnostics, severe=options.skip is None)
        )
    elif kind == "response":
        response, response_format = _response(content, options.non_json)
    return Snippet(
        language_pos=Pos(raw.pos.file, raw.pos.line + dialect.language_line),
        pos=raw.pos,
        end_line=raw.end_line,
        language=raw.language,
        name=raw.name,
        kind=kind,
        content=content,
        hidden=raw.hidden,
        options=options,
        annotations=tuple(Annotation(p.marker, p.content, pos) for p, pos in parsed),
        requests=parsed_requests,
        response=response,
        response_format=response_format,
        callouts=raw.callouts,
        line_positions=positions,
    )


def _merge(parsed, diagnostics: Diagnostics, prefix: str) -> TestOptions:
    """Combine a snippet's annotations' options: catch/skip/setup/teardown last-wins, lists append."""
    console_seen = False
    values: dict = {"substitutions": [], "warnings": []}
    for annotation, pos in parsed:
        if annotation.marker in ("CONSOLE", "NOTCONSOLE"):
            if console_seen:
                diagnostics.error(
                    "annotation-conflict",
                    f"a second {prefix} {annotation.marker} on the same snippet",
                    pos,
                    f"a snippet takes one {prefix} CONSOLE or {prefix} NOTCONSOLE at most; remove this line",
                )
            console_seen = True
            continue
        for option in annotation.options:
            if option.name == "substitution":
                pattern, replacement = option.value
                values["substitutions"].append(
                    Substitution(pattern, replacement, Pos(pos.file, pos.line, option.column))
                )
            elif option.name == "warning":
                values["warnings"].append(option.value)
            elif option.name == "non_json":
                values["non_json"] = True
                spot = Pos(pos.file, pos.line, option.column)
                values["substitutions"].extend(Substitution(p, r, spot, generated=True) for p, r in NON_JSON)
            elif option.name in ("continued", "skip_shard_failures"):
                values[option.name] = True
            else:
                values[option.name] = option.value
    return TestOptions(
        skip=values.get("skip"),
        continued=values.get("continued", False),
        setup=values.get("setup", ()),
        teardown=values.get("teardown", ()),
        substitutions=tuple(values["substitutions"]),
        catch=values.get("catch"),
        warnings=tuple(values["warnings"]),
        skip_shard_failures=values.get("skip_shard_failures", False),
        non_json=values.get("non_json", False),
    )


def _at(positions: tuple[Pos, ...], index: int, fallback: Pos, column: int = 1) -> Pos:
    pos = positions[index] if 0 <= index < len(positions) else fallback
    return Pos(pos.file, pos.line, column)


def parse_requests(
    content: str, positions: tuple[Pos, ...], fallback: Pos, diagnostics: Diagnostics, severe: bool = True
) -> list[Request]:
    """The requests of a console snippet; syntax errors and bodies that are not JSON are reported."""
    report = diagnostics.error if severe else diagnostics.warning
    try:
        items = console.parse(content)
    except console.ConsoleSyntaxError as err:
        report(
            "console-syntax",
            err.args[0],
            _at(positions, err.line, fallback, err.column),
            err.hint,
            source_line=content.split("\n")[err.line] if err.line < content.count("\n") else None,
        )
        return []
    requests = []
    for item in items:
        if item.kind != "request":
            continue
        path, query = console.split_target(item.target)
        body = body_format = None
        if item.body is not None:
            try:
                body, body_format = console.parse_body(item.body)
            except console.BodyError as err:
                line_index = item.body_lines[min(err.line, len(item.body_lines) - 1)][0]
                report(
                    "console-body",
                    f"request body is not JSON: {err.args[0]}",
                    _at(positions, line_index, fallback, err.column),
                    err.hint or BODY_HINT,
                    source_line=content.split("\n")[line_index],
                )
                body, body_format = item.body, "text"
        requests.append(
            Request(item.method, path, query, _at(positions, item.line, fallback), body, body_format)
        )
    return requests


def _response(content: str, non_json: bool) -> tuple[object, str]:
    if not non_json:
        try:
            value, body_format = console.parse_body(content)
        except console.BodyError:
            pass
        else:
            if body_format == "json":
                return value, "json"
    return content, "text"
