"""The kind of an API page's section (request, path parameters, …), by its anchor or its title."""

from __future__ import annotations

from docextract.asciidoc.tree import Section

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
