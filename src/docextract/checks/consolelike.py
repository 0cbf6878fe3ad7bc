"""js-looks-like-console: a [source,js] snippet nobody marked, that reads as console requests.

Elasticsearch's tooling lists such snippets as "unconverted" only when docs/build.gradle names the
pages expected to hold them; a project without that list would never hear of them. A `js` block with
neither // CONSOLE nor // NOTCONSOLE whose whole content parses as console requests (console.lark,
the grammar the requests of console snippets are read with) is an example that could run and does
not: it was meant as [source,console]. JSON, JavaScript and fragments do not parse as requests.
"""

from __future__ import annotations

from collections.abc import Iterator

from docextract.checks.finding import finding
from docextract.diagnostics import Diagnostic
from docextract.model import Page, Pos
from docextract.syntax import console, markup


def check(page: Page) -> Iterator[Diagnostic]:
    for snippet in page.snippets:
        if snippet.language != "js" or snippet.console is not None or snippet.kind == "response":
            continue
        try:
            items = console.parse(snippet.content)
        except console.ConsoleSyntaxError:
            continue
        requests = [item for item in items if item.kind == "request"]
        if not requests:
            continue
        first = requests[0]
        at = snippet.line_positions[first.line] if first.line < len(snippet.line_positions) else snippet.pos
        spelling = markup.of(snippet.pos)
        request = f"{first.method} {first.target}"
        yield finding(
            "js-looks-like-console",
            f"{spelling.block('js')} snippet reads as a console request ({request}), untested",
            Pos(at.file, at.line, 1),
            f"{spelling.write('console', 'it')} to test it, "
            f"or mark it {spelling.annotation('NOTCONSOLE')} if it must not run",
            span=len(first.method or ""),
        )
