"""Rules on API reference pages: request section, parameters, response codes, anchors, and the requests
and responses of their examples."""

from docextract.diagnostics import Severity
from docextract.rules.rule import maker

E, W = Severity.ERROR, Severity.WARNING


_rule = maker("pages")


RULES = (
    _rule(
        "response-not-json",
        W,
        "a response snippet is JSON, `...` elisions and unquoted $body.x references aside",
        '[source,console-result]\n{"took": 3,}',
    ),
    _rule(
        "request-not-documented",
        W,
        "an API page's examples call the endpoints it documents (and with a documented method)",
        "`DELETE /_query/async/<id>` documented, `DELETE /query/async/X` called",
    ),
    _rule(
        "api-request-missing",
        W,
        "an API page names its endpoints in its Request section: `METHOD /path` lines or a console snippet",
        "a Request section holding only prose",
    ),
    _rule(
        "parameter-untyped",
        W,
        "a parameter's description opens with its (Required, type) or (Optional, type) head",
        "`index`::\nName of the index.",
    ),
    _rule(
        "parameter-requiredness-missing",
        W,
        "a path, query or request body parameter's head says Required or Optional",
        "`index`::\n(string) Name of the index.",
    ),
    _rule(
        "parameter-duplicate",
        E,
        "a parameter is described once in its list",
        "`size`:: twice under Query parameters",
    ),
    _rule(
        "response-code-not-number",
        W,
        "a response code's term is an HTTP status number",
        "`Not found`:: under Response codes",
    ),
    _rule(
        "response-code-malformed",
        W,
        "a response code is a description list term, written with two colons",
        "`200`: under Response codes",
    ),
    _rule(
        "anchor-not-page-id",
        W,
        "the anchors of an API page's sections start with the page id ([[{page-id}-api-request]], …)",
        "[[other-page-api-request]] on page [[my-page]]",
    ),
    _rule(
        "js-looks-like-console",
        W,
        "a [source,js] snippet that reads as console requests is marked // CONSOLE-tested or // NOTCONSOLE",
        "[source,js]\n----\nGET /_search\n----",
    ),
)
