"""request-not-documented: the examples of an API page call what its Request section documents.

Measured on the corpus, a request of an example that matches no documented endpoint is most often
normal: examples create the index, load data with _bulk, or read back what they changed, with
other APIs (142 of the 356 requests of the 134 pages with endpoints, in 93 of their 303 snippets,
match none). So a page is reported only when none of its requests, hidden set-ups included, calls a
documented endpoint: then either the endpoints or the examples are wrong (both pages of the corpus
this finds are). The finding stands at the request closest to a documented endpoint.

One narrower mistake is reported on its own: a request on a documented path with a method the page
does not document for it, where the two are PUT and POST (APIs that take both, documented with one);
a GET or DELETE on that path is an example reading back or cleaning up.
"""

from __future__ import annotations

from collections.abc import Iterator
from difflib import SequenceMatcher

from docextract.checks.endpoints import normalised, optional_parameters, path_matches
from docextract.checks.finding import finding
from docextract.diagnostics import Diagnostic
from docextract.model import Endpoint, Page, Request, Snippet

_ALIKE = {"PUT", "POST"}


def check(page: Page) -> Iterator[Diagnostic]:
    if not page.endpoints:
        return
    optional = optional_parameters(page)
    # The examples of the file that documents the endpoints: a page that includes several API pages
    # (connector-apis.asciidoc) reads the endpoints of the first, but holds the examples of all.
    where = page.endpoints[0].pos.file
    requests = [
        (snippet, request)
        for snippet in page.snippets
        if snippet.language == "console" and snippet.kind in ("test", "setup", "teardown")
        for request in snippet.requests
        if request.pos.file == where
    ]
    if not requests:
        return
    if not any(_documented(page, request, optional) for _, request in requests):
        yield _unmatched(page, requests)
        return
    for snippet, request in requests:
        if snippet.kind == "test" and not snippet.hidden:
            yield from _method(page, request, optional)


def _documented(page: Page, request: Request, optional: frozenset[str]) -> bool:
    return any(e.method == request.method and path_matches(e, request.path, optional) for e in page.endpoints)


def _method(page: Page, request: Request, optional: frozenset[str]) -> Iterator[Diagnostic]:
    on_path = [e for e in page.endpoints if path_matches(e, request.path, optional)]
    methods = sorted({e.method for e in on_path})
    if not on_path or request.method in methods or not {request.method, *methods} <= _ALIKE:
        return
    endpoint = on_path[0]
    yield finding(
        "request-not-documented",
        f"{request.method} is not documented for {endpoint.path}: the page documents {' and '.join(methods)}",
        request.pos,
        f"add `{request.method} {endpoint.path}` to the Request section (line {endpoint.pos.line}), "
        f"or call it with {' or '.join(methods)}",
        span=len(request.method),
    )


def _unmatched(page: Page, requests: list[tuple[Snippet, Request]]) -> Diagnostic:
    # Visible requests first: a hidden set-up is seldom where the page goes wrong. A hundred of them
    # are enough to find the likeliest, each compared with every endpoint.
    visible = ([r for s, r in requests if not s.hidden] or [r for _, r in requests])[:100]
    request, endpoint = max(
        ((r, e) for r in visible for e in page.endpoints), key=lambda pair: _likeness(*pair)
    )
    documented = ", ".join(f"{e.method} {e.path}" for e in page.endpoints[:4])
    more = f" and {len(page.endpoints) - 4} more" if len(page.endpoints) > 4 else ""
    return finding(
        "request-not-documented",
        "no request of this page calls an endpoint it documents: "
        f"{request.method} {normalised(request.path)} is not one of them",
        request.pos,
        f"the Request section documents {documented}{more}: fix the request, or the endpoint "
        f"(line {endpoint.pos.line} of {endpoint.pos.file})",
        span=len(request.method) + 1 + len(request.path),
    )


def _likeness(request: Request, endpoint: Endpoint) -> tuple[bool, float]:
    # Cut short: the likeness of two long paths takes time in the square of their length.
    same = SequenceMatcher(None, normalised(request.path)[:200], endpoint.path[:200], autojunk=False).ratio()
    return request.method == endpoint.method, same
