"""anchor-not-page-id: the anchors of an API page's sections start with the page id.

Elastic's template anchors each API section after the page: [[{page-id}-api-request]],
[[{page-id}-api-path-params]], … Only those anchors count (the first section of each kind, as the page
is read: the examples under Examples have anchors of their own), and only in the page's own file: other
anchors name concepts other pages link to (`bulk-routing` on docs-bulk, `search-slicing`), and a
shared file's anchors belong to no one page. A page whose section anchors all share another stem
(13 pages of the corpus, such as indices-forcemerge with forcemerge-api-request, …) is reported
once; on a page that follows the convention, each anchor that does not is reported: a typo or an
anchor copied from another page (set-connector-sync-job-api-response-codes on
set-connector-sync-job-error-api).
"""

from __future__ import annotations

from collections.abc import Iterator

from docextract.checks.finding import finding
from docextract.diagnostics import Diagnostic
from docextract.model import Anchor, Page


def check(page: Page) -> Iterator[Diagnostic]:
    if not page.id:
        return
    sections = list(_section_anchors(page))
    astray = [a for a in sections if not _follows(a.id, page.id)]
    if not astray:
        return
    if len(astray) < len(sections):
        for anchor in astray:
            yield finding(
                "anchor-not-page-id",
                f"anchor `{anchor.id}` does not start with the page id `{page.id}`",
                anchor.pos,
                f"name it {_renamed(anchor, page.id)}, as the other sections of the page are named",
                span=len(anchor.id),
            )
        return
    first = astray[0]
    yield finding(
        "anchor-not-page-id",
        f"the anchors of this page's sections do not start with the page id `{page.id}`",
        first.pos,
        f"name them after the page: {_renamed(first, page.id)}, … (links to the old anchors change too)",
        span=len(first.id),
    )


def _section_anchors(page: Page) -> Iterator[Anchor]:
    """The anchor of each API section of the page's own file: the first of each kind, as the page is
    read (the anchors of the examples inside Examples, `…-settings-example`, name examples)."""
    kinds: set[str] = set()
    for anchor in page.anchors:
        if anchor.section is not None and anchor.section not in kinds and anchor.pos.file == page.source:
            kinds.add(anchor.section)
            yield anchor


def _follows(anchor_id: str, page_id: str) -> bool:
    return anchor_id == page_id or anchor_id.startswith(page_id + "-")


_SUFFIXES = {
    "request": "request",
    "prerequisites": "prereqs",
    "description": "desc",
    "path_parameters": "path-params",
    "query_parameters": "query-params",
    "request_body": "request-body",
    "response_body": "response-body",
    "response_codes": "response-codes",
    "examples": "example",
}


def _renamed(anchor: Anchor, page_id: str) -> str:
    """The template's name for the anchor: {page-id}-api-request, or {page-id}-request when the page
    id ends in -api already (create-connector-api-request)."""
    stem = page_id if page_id.endswith("-api") else page_id + "-api"
    return f"{stem}-{_SUFFIXES.get(anchor.section or '', '…')}"
