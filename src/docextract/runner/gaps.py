"""An error answer that says the target does not know a name: which kind of name, and which. The same
answer means a wrong page on Elasticsearch and a missing feature on another target; the specification
tells which (docextract's arbiter), so the runner only reads the answer."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

from docextract.results import Gap, Sent

# How the router of Elasticsearch (and OpenSearch, and osmem) begins its refusal of a route or of a
# method of it, before any handler runs (runner/untouched.py counts on that).
ROUTER_REFUSALS = ("no handler found for uri [", "Incorrect HTTP method for uri [")

# Each message of Elasticsearch (and OpenSearch, and osmem, which answer alike) that names what it does
# not know, with the kind of name; `owner` is the object a field belongs to, where the message says.
_MESSAGES: tuple[tuple[str, re.Pattern[str]], ...] = (
    *(("api", re.compile(re.escape(start) + r"[^\]]*\] and method \[[A-Z]+\]")) for start in ROUTER_REFUSALS),
    ("api", re.compile(r"Invalid index name \[_[^\]]*\], must not start with '_'")),
    ("operation", re.compile(r"unsupported_operation_exception|(?:is|are) not supported by")),
    (
        "query",
        re.compile(r"unknown query \[(?P<name>[^\]]+)\]|no \[query\] registered for \[(?P<n2>[^\]]+)\]"),
    ),
    ("aggregation", re.compile(r"Unknown aggregation type \[(?P<name>[^\]]+)\]")),
    ("property", re.compile(r"Unknown key for a [A-Z_]+ in \[(?P<name>[^\]]+)\]")),
    ("mapping_type", re.compile(r"No handler for type \[(?P<name>[^\]]+)\] declared on field")),
    ("parameter", re.compile(r"contains unrecognized parameters?: \[(?P<name>[^\]]+)\]")),
    ("field", re.compile(r"(?:\[(?P<owner>[\w.-]+)\] )?unknown field \[(?P<name>[^\]]+)\]")),
)


def request_of(sent: Sent) -> tuple[str, str]:
    """The method and the path (without the query string) of a request as sent."""
    return sent.method, urlsplit(sent.url).path or "/"


def recognise(status: int, text: str, sent: Sent) -> Gap | None:
    """The name an error answer says the target does not know, or None when it says something else."""
    if status < 400:
        return None
    method, path = request_of(sent)
    for kind, pattern in _MESSAGES:
        found = pattern.search(text)
        if found is None:
            continue
        if kind == "api":
            return Gap("api", f"{method} {path}")
        if kind == "operation":
            return Gap("operation", _operation(text), f"{method} {path}")
        groups = found.groupdict()
        name = groups.get("name") or groups.get("n2") or ""
        owner = groups.get("owner") if kind == "field" else None
        if kind in ("property", "parameter"):
            owner = f"{method} {path}"
        return Gap(kind, name, owner)
    return None


def _operation(text: str) -> str:
    """What the target says it does not support, from the error's reason: `script in aggregation [a]`."""
    try:
        error = json.loads(text).get("error")
    except (ValueError, AttributeError):
        error = None
    reason = error.get("reason") if isinstance(error, dict) else None
    said = reason if isinstance(reason, str) and reason else text[:200]
    return re.split(r" (?:is|are) not supported by", said, maxsplit=1)[0]
