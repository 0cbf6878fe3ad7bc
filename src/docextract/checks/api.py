"""api-request-missing: an API page names its endpoints in its Request section, as `METHOD /path` lines
or as a console snippet standing there.

A page counts as an API page by what its own file holds (not what it includes: an index page that
includes API pages is none): an anchor of an API section ([[x-api-request]], …-path-params, …) or a
parameter or response code. The corpus has no finding: its three Request sections that show the
endpoint as a console snippet are read so.
"""

from __future__ import annotations

from collections.abc import Iterator

from docextract.checks.finding import finding
from docextract.diagnostics import Diagnostic
from docextract.model import Page, Pos

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
    yield finding(
        "api-request-missing",
        "the Request section names no endpoint",
        request.pos,
        hint,
        span=len(request.id),
    )
