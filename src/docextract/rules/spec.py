"""Rules that compare the pages with the Elasticsearch specification (--es-spec)."""

from docextract.diagnostics import Severity
from docextract.rules.rule import maker

# All warnings: the docs and the specification are released apart, so a difference is drift to look
# at, not proof that the page is wrong (a project may raise them to errors once the two agree).
W = Severity.WARNING


_rule = maker("spec")


RULES = (
    _rule(
        "spec-unknown-endpoint",
        W,
        "every endpoint of the request section is a URL and method of the specification",
        "`POST /_enrich/policy/<enrich-policy>/_execute` where the spec has PUT only",
    ),
    _rule(
        "spec-unknown-request",
        W,
        "every console request a test sends goes to an endpoint of the specification",
        "DELETE /query/async/FmNJRUZ1YWZCU3dHY1BIOUhaenVSRkEaaXFlZ3h4c1RTWFNocDdnY2FSaERnUTozNDE=",
    ),
    _rule(
        "spec-unknown-parameter",
        W,
        "every documented path, query and body parameter is one the specification has for the endpoint",
        "`size`:: under Path parameters where the spec has a query parameter",
    ),
    _rule(
        "spec-missing-parameter",
        W,
        "a parameter section lists every non-deprecated parameter of that kind the specification has",
        "a Query parameters list without `master_timeout`",
    ),
    _rule(
        "spec-required-mismatch",
        W,
        "a parameter's (Required)/(Optional) agrees with the specification",
        "`name`::\n(Required, string) where the spec has it optional",
    ),
    _rule(
        "spec-stability-mismatch",
        W,
        "beta::[]/preview::[] (or none, GA) agrees with the endpoint's stability in the specification",
        "a page with no beta::[] for an endpoint the spec marks beta",
    ),
    _rule(
        "spec-deprecation-mismatch",
        W,
        "deprecated::[] stands on the page exactly when the specification deprecates the endpoint",
        "a page for GET /_template/<name> without deprecated::[]",
    ),
)
