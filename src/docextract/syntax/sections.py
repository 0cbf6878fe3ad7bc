"""The kind of an API page's section (request, path parameters, …), by its anchor or its title."""

from __future__ import annotations

# By anchor suffix, longest first: -request-body also ends in -body.
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
# Elastic's Markdown pages also document the object a query DSL, aggregation or retriever page describes
# under `## Parameters` (anchors ending -parameters, -params): read as the request body (DEVIATIONS M6).
# After the AsciiDoc suffixes: -query-params and -path-params also end in -params.
_PARAMETERS_SUFFIXES = (("-parameters", "request_body"), ("-params", "request_body"))


def section_kind(anchor: str | None, title: str, parameters_sections: bool = False) -> str | None:
    """The kind of a section; parameters_sections: a Markdown page's `Parameters` sections count."""
    suffixes = _ANCHOR_SUFFIXES + (_PARAMETERS_SUFFIXES if parameters_sections else ())
    if anchor:
        for suffix, kind in suffixes:
            if anchor.endswith(suffix):
                return kind
    title = title.strip().lower()
    if parameters_sections and title == "parameters":
        return "request_body"
    return _TITLES.get(title)
