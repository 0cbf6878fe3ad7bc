"""api-request-missing: an API page names its endpoints, as `METHOD /path` lines of its Request section.

A page counts as an API page by what its own file holds (not what it includes: an index page that
includes API pages is none): an anchor of an API section ([[x-api-request]], …-path-params, …) or a
parameter or response code. On the corpus the finding is a Request section that shows its endpoint
as a console snippet (a test, not read as the endpoint), three pages.
"""

from __future__ import annotations

from collections.abc import Iterator

from docextract.checks.finding import finding
from docextract.diagnostics import Diagnostic
from docextract.model import Page, Pos, Snippet

# The page's lists of parameters and response codes, and the sections they stand in.
_LISTS = ("path_parameters", "query_parameters", "request_body", "response_body", "response_codes")
_API_SECTIONS = ("request", *_LISTS)


def is_api_page(page: Page) -> bool:
    own = page.source
    return any(a.pos.file == own and a.section in _API_SECTIONS for a in page.anchors) or any(
        item.pos.file == own for kind in _LISTS for item in getattr(page, kind)
    )


def check(page: Page) -> Iterator[Diagnostic]:
    if page.endpoints or not is_api_page(page):
        return
    own = [a for a in page.anchors if a.pos.file == page.source]
    request = next((a for a in own if a.section == "request"), None)
    hint = "list each endpoint on a line of its own in the Request section, in backticks: `GET /<index>`"
    if request is None:
        title = next((a for a in own if a.id == page.id), None)
        yield finding(
            "api-request-missing",
            "this API page names no endpoint",
            title.pos if title else Pos(page.source, 1),
            hint + " (a Request section opens with [[{page-id}-api-request]] and ==== {api-request-title})",
        )
        return
    after = [a.pos.line for a in own if a.pos.line > request.pos.line and a.section is not None]
    end = min(after, default=None)
    shown = next((s for s in page.snippets if _within(s, request.pos, end) and s.requests), None)
    if shown is not None:
        first = shown.requests[0]
        hint = (
            f"write `{first.method} /{first.path.lstrip('/')}` on a line of its own, in backticks: the "
            f"console snippet at line {shown.pos.line} is a test, not read as the endpoint"
        )
    yield finding(
        "api-request-missing",
        "the Request section names no endpoint",
        request.pos,
        hint,
        span=len(request.id),
    )


def _within(snippet: Snippet, start: Pos, end: int | None) -> bool:
    return (
        snippet.pos.file == start.file
        and start.line < snippet.pos.line
        and (end is None or snippet.pos.line < end)
    )
