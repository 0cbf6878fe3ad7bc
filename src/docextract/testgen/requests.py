"""A snippet's requests as `do` steps, read from its substituted content.

The console grammar reads the content; the reference's stricter rules (no blank line inside a body,
nothing before the first request, catch on the last item only) are checked here.
"""

from __future__ import annotations

from docextract.diagnostics import Diagnostics
from docextract.model import Pos, Snippet, TestOptions
from docextract.syntax import console
from docextract.testgen import steps
from docextract.testgen.draft import CaseDraft, Written

# Requests whose responses have no _shards section to check.
_NO_SHARDS = ("_cat", "_ml/datafeeds/")


def line_of(snippet: Snippet, content: str, index: int) -> Pos:
    """The doc position of character `index` of the (substituted) content, as near as can be told."""
    line = content.count("\n", 0, index)
    if content.count("\n") == len(snippet.line_positions) and line < len(snippet.line_positions):
        return snippet.line_positions[line]
    return snippet.pos


def _at_line(snippet: Snippet, content: str, line: int) -> Pos:
    if content.count("\n") == len(snippet.line_positions) and 0 <= line < len(snippet.line_positions):
        return snippet.line_positions[line]
    return snippet.pos


def java_split(text: str, separator: str) -> list[str]:
    """String.split: pieces, with the empty ones at the end dropped (all of them, if all are empty)."""
    pieces = text.split(separator)
    while pieces and pieces[-1] == "":
        pieces.pop()
    return pieces if text else [""]


def add(case: CaseDraft, snippet: Snippet, content: str, in_setup: bool, diagnostics: Diagnostics) -> bool:
    """Append the snippet's requests to the case; False (with the problem reported) if they do not read."""

    def fail(title: str, line: int, hint: str) -> bool:
        pos = _at_line(snippet, content, line)
        diagnostics.error("console-syntax", title, pos, hint)
        return False

    if not content.strip():
        return fail(
            "empty request snippet", 0, "write a request such as GET /, or give the snippet another language"
        )
    if content.startswith("\n"):
        return fail(
            "blank line before the first request",
            0,
            "remove it: Elasticsearch's test generator reads requests from the first line",
        )
    try:
        items = console.parse(content)
    except console.ConsoleSyntaxError as err:
        return fail(err.args[0], err.line, err.hint)
    options = snippet.options
    for index, item in enumerate(items):
        last = index == len(items) - 1
        if item.kind == "comment":
            continue
        if item.kind == "yaml":
            try:
                case.written.append(steps.verbatim(item.text, _at_line(snippet, content, item.line)))
            except steps.BrokenYaml as err:
                diagnostics.error(
                    "yaml-invalid",
                    f"startyaml block: {err}",
                    _at_line(snippet, content, item.line),
                    err.hint or "the lines between // startyaml and // endyaml are copied as YAML steps",
                )
                return False
            continue
        pos = _at_line(snippet, content, item.line)
        if item.method == "PATCH":
            return fail("PATCH is not a method the test tooling sends", item.line, "use POST or PUT")
        if item.body_has_gap:
            gap = next(
                i for i in range(item.line + 1, item.body_lines[-1][0]) if i not in dict(item.body_lines)
            )
            return fail(
                "blank line inside the request body",
                gap,
                "remove the blank line: the test generator ends the body there and cannot read the rest",
            )
        body = item.body
        if body is not None:
            try:
                body = console.convert_block_quotes(body)
            except console.BlockQuoteError as err:
                where = line_of(snippet, content, content.index(item.body_lines[0][1]) + err.index)
                diagnostics.error("block-quote", str(err), where, 'close the string with """')
                return False
            _check_json(body, item, snippet, content, diagnostics)
        try:
            case.written.append(_do(item.method, item.target, body, options, last, pos))
        except steps.BrokenYaml as err:
            diagnostics.error(
                "yaml-invalid",
                f"this request would write invalid YAML into the test: {err}",
                pos,
                err.hint or _ESCAPE_HINT,
            )
            return False
        path = item.target[1:] if item.target.startswith("/") else item.target
        if not (in_setup or options.skip_shard_failures or path.startswith(_NO_SHARDS)):
            case.written.append(steps.shards_check(pos))
    return True


_ESCAPE_HINT = "a backslash or quote in the path or a query value is read as YAML escape; percent-encode it"


def _nameless(piece: str) -> steps.BrokenYaml:
    if not piece:
        return steps.BrokenYaml(
            "an empty query parameter (`&&`, or `&` right after `?`)", "remove the extra `&`"
        )
    return steps.BrokenYaml(f"the query parameter `{piece}` has no name", "write the name before the `=`")


def _do(method: str, target: str, body: str | None, options: TestOptions, last: bool, pos: Pos) -> Written:
    path_and_query = target[1:] if target.startswith("/") else target
    pieces = java_split(path_and_query, "?")
    path = (pieces[0] if pieces else "").replace("<", "%3C").replace(">", "%3E")
    params: list[tuple[str, str]] = []
    if len(pieces) > 1:
        for piece in java_split(pieces[1], "&"):
            parts = java_split(piece, "=")
            name = parts[0] if parts else ""
            value = parts[1] if len(parts) > 1 else ""
            if not name:  # the reference writes `: ""`, which no YAML reader loads
                raise _nameless(piece)
            params.append((name, steps.double_quoted(value)))
    catch = steps.plain(options.catch) if last and options.catch is not None else None
    warnings = tuple(steps.double_quoted(w.replace('"', '\\"')) for w in options.warnings)
    return steps.do(method, steps.double_quoted(path), params, body, catch, warnings, pos)


def _check_json(
    body: str, item: console.Item, snippet: Snippet, content: str, diagnostics: Diagnostics
) -> None:
    """A body the runner cannot send as JSON fails at run time; say so now (a warning when skipped)."""
    try:
        console.parse_body(body)
    except console.BodyError as err:
        line = item.body_lines[min(err.line, len(item.body_lines) - 1)][0]
        report = diagnostics.warning if snippet.options.skip is not None else diagnostics.error
        pos = _at_line(snippet, content, line)
        if content.count("\n") == len(snippet.line_positions):  # the line is the doc's: so is the column
            pos = Pos(pos.file, pos.line, err.column)
        report(
            "console-body",
            f"request body is not JSON: {err.args[0]}",
            pos,
            err.hint or "fix the JSON; the test runner sends bodies as JSON (or NDJSON, one value per line)",
        )
