"""The rules on a page as read, includes expanded: its API sections and its examples.

One module per rule or family: responses (response-not-json), requests (request-not-documented),
api (api-request-missing), parameters (parameter-*), anchors (anchor-not-page-id), consolelike
(js-looks-like-console). Each module's notes say what was measured on the corpus to set its scope.
(response-code-not-number is reported as the page is read: the page keeps numbers only.)
"""

from __future__ import annotations

from docextract.checks import anchors, api, consolelike, parameters, requests, responses
from docextract.diagnostics import Diagnostic
from docextract.model import Page

__all__ = ["check_page"]


def check_page(page: Page) -> list[Diagnostic]:
    """Every finding on the page, in the order of their positions."""
    found = [
        *responses.check(page),
        *requests.check(page),
        *api.check(page),
        *parameters.check(page),
        *anchors.check(page),
        *consolelike.check(page),
    ]
    return sorted(found, key=lambda d: (d.pos, d.code))
