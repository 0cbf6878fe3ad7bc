"""A page checked against the specification: its endpoints, console requests, parameters, availability.

A page is tied to the specification's endpoints through the endpoints its request section documents;
a page that documents none (a guide, a query DSL page) has only its console requests checked. Every
finding is a warning by default: the docs and the specification are released apart, so a difference
is drift to look at, not proof that the page is wrong.
"""

from __future__ import annotations

from docextract.diagnostics import Diagnostic, Severity
from docextract.model import Endpoint, Page, Pos
from docextract.spec.parameters import check_parameters
from docextract.spec.schema import Api, Spec

# Snippets whose requests a test sends: theirs must be requests the specification knows.
SENT_KINDS = ("test", "setup", "teardown")
# The page's availability macros, as the specification's stability names them.
_STABILITY = {"beta": "beta", "preview": "experimental", "experimental": "experimental"}
_ADVICE = {
    "beta": "write beta::[] under the page title",
    "experimental": "write preview::[] under the page title",
    "stable": "remove the page's beta::[] or preview::[] (the API is GA)",
}


def check_page(page: Page, spec: Spec) -> list[Diagnostic]:
    """Every difference between the page and the specification, in page order per kind."""
    found: list[Diagnostic] = []
    matched: list[tuple[Endpoint, Api, tuple[tuple[str, str], ...]]] = []
    for endpoint in page.endpoints:
        hit = spec.match_documented(endpoint.method, endpoint.path)
        if hit is None:
            found.append(_unknown_endpoint(endpoint, spec))
        else:
            matched.append((endpoint, hit[0], hit[1].renamed))
    found.extend(_requests(page, spec))
    if matched:
        apis = list({api.name: api for _, api, _ in matched}.values())
        renamed = {doc: name for _, _, pairs in matched for doc, name in pairs}
        found.extend(check_parameters(page, spec, apis, renamed))
        found.extend(_availability(page, matched))
    return found


def warning(code: str, title: str, pos: Pos, hint: str) -> Diagnostic:
    return Diagnostic(Severity.WARNING, code, title, pos, hint)


def _unknown_endpoint(endpoint: Endpoint, spec: Spec) -> Diagnostic:
    others = spec.router.methods_for(endpoint.method, endpoint.path)
    if others:
        hint = f"the specification has this path for {', '.join(sorted(others))} only"
    else:
        hint = "no URL of the specification has this path: check it for a typo, or the API is not in the spec"
    return warning(
        "spec-unknown-endpoint",
        f"`{endpoint.method} {endpoint.path}` is not an endpoint of the specification",
        endpoint.pos,
        hint,
    )


def _requests(page: Page, spec: Spec) -> list[Diagnostic]:
    found = []
    for snippet in page.snippets:
        if snippet.language != "console" or snippet.kind not in SENT_KINDS:
            continue
        for request in snippet.requests:
            if spec.match(request.method, request.path) is not None:
                continue
            others = spec.router.methods_for(request.method, request.path)
            hint = (
                f"the specification has this path for {', '.join(sorted(others))} only"
                if others
                else "no URL of the specification has this path: check it for a typo"
            )
            found.append(
                warning(
                    "spec-unknown-request",
                    f"`{request.method} {request.path}` goes to no endpoint of the specification",
                    request.pos,
                    hint,
                )
            )
    return found


def page_stability(page: Page) -> str:
    """stable, beta or experimental, as the page's availability macros say (preview is experimental)."""
    for macro in page.availability:
        if macro in _STABILITY:
            return _STABILITY[macro]
    return "stable"


def _availability(page: Page, matched: list[tuple[Endpoint, Api, tuple]]) -> list[Diagnostic]:
    """Stability and deprecation, once per endpoint of the specification, at its first documented URL."""
    found = []
    stability = page_stability(page)
    deprecated = "deprecated" in page.availability
    done: set[str] = set()
    for endpoint, api, _ in matched:
        if api.name in done:
            continue
        done.add(api.name)
        if api.stability is not None and api.stability != stability:
            found.append(
                warning(
                    "spec-stability-mismatch",
                    f"the page documents {api.name} as {stability}; the specification says {api.stability}",
                    endpoint.pos,
                    f"{_ADVICE.get(api.stability, 'mark the page ' + api.stability)}, "
                    "or correct the specification",
                )
            )
        if deprecated != (api.deprecated is not None):
            if deprecated:
                title = f"the page marks {api.name} deprecated; the specification does not"
                hint = "remove deprecated::[] if the API is not deprecated, or deprecate it in the spec"
            else:
                since = f" since {api.deprecated}" if api.deprecated else ""
                title = f"the specification deprecates {api.name}{since}; the page does not say so"
                hint = 'add deprecated::[VERSION,"what to use instead"] under the page title'
            found.append(warning("spec-deprecation-mismatch", title, endpoint.pos, hint))
    return found
