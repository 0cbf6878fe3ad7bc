"""The sections of a page: its own, apart from those of the pages it includes whole; the kind of an API
page's section (request, path parameters, …), by its anchor or its title."""

from __future__ import annotations

from collections.abc import Iterator

from docextract.asciidoc.tree import Block, Compound, ItemList, ListItem, Section

# Section kinds by anchor suffix (longest first: -request-body also ends in -body) and by title.
_ANCHOR_SUFFIXES = (
    ("-response-codes", "response_codes"),
    ("-response-body", "response_body"),
    ("-request-body", "request_body"),
    ("-query-params", "query_parameters"),
    ("-path-params", "path_parameters"),
    ("-prereqs", "prerequisites"),
    ("-examples", "examples"),
    ("-example", "examples"),
    ("-request", "request"),
    ("-desc", "description"),
)
_TITLES = {
    "request": "request",
    "prerequisites": "prerequisites",
    "description": "description",
    "path parameters": "path_parameters",
    "query parameters": "query_parameters",
    "request body": "request_body",
    "response body": "response_body",
    "response codes": "response_codes",
    "example": "examples",
    "examples": "examples",
}


def section_kind(section: Section) -> str | None:
    if section.anchor:
        for suffix, kind in _ANCHOR_SUFFIXES:
            if section.anchor.endswith(suffix):
                return kind
    return _TITLES.get(section.heading.strip().lower())


def split_sections(blocks: list[Block], source: str) -> tuple[list[Section], list[Section]]:
    """The page's own sections, in document order, and the titles of the pages it includes whole.

    An included file is a page when its first section has an anchor and is no API section: its title
    ([[create-connector-api]] === Create connector API). That title, everything under it and every other
    section of its file belong to the included page, not to the page that includes it (a chapter such
    as connector/apis/connector-apis.asciidoc).
    """
    own: list[Section] = []
    titles: list[Section] = []
    is_page: dict[str, bool] = {}  # each included file, by its first section
    pending: list[Iterator[Block]] = [iter(blocks)]
    while pending:  # tree.walk's order, without going under an included page's title
        block = next(pending[-1], None)
        if block is None:
            pending.pop()
            continue
        if isinstance(block, Section) and block.src.file != source:
            file = block.src.file
            if file not in is_page:
                is_page[file] = block.anchor is not None and section_kind(block) is None
                if is_page[file]:
                    titles.append(block)
                    continue
            if is_page[file]:
                continue
        if isinstance(block, Section):
            own.append(block)
        if isinstance(block, Section | Compound | ListItem):
            pending.append(iter(block.children))
        elif isinstance(block, ItemList):
            pending.append(iter(block.items))
    return own, titles
