"""Judging a response beyond the assertions: the status a step expects (`catch`), its warnings, and
an API the target does not have. Each verdict is a Stop, or None when the step may go on."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from docextract.results import Failure, Status
from docextract.runner import patterns
from docextract.runner.transport import Response


@dataclass
class Stop:
    """Why a test stops at a step: a failure, an API the target lacks, or a run error."""

    status: Status
    reason: str | None = None
    failure: Failure | None = None
    cause: str | None = None  # of an error: the kind of transport failure


# Builds the failure of the current `do` step from its title (and expected=, actual= when known).
Fail = Callable[..., Stop]

CATCHES = {
    "bad_request": (400,),
    "unauthorized": (401,),
    "forbidden": (403,),
    "missing": (404,),
    "request_timeout": (408,),
    "conflict": (409,),
    "unavailable": (503,),
}
# How a target says it has no such API: Elasticsearch and OpenSearch's "no handler", an explicit
# unsupported operation, or a path segment starting with _ read as an index name.
_UNSUPPORTED = re.compile(
    r"no handler found for uri|unsupported_operation_exception|is not supported by|"
    r"Invalid index name \[_[^\]]*\], must not start with '_'"
)


def unsupported(response: Response) -> str | None:
    """What the target said when it has no such API, or None."""
    if response.status < 400:
        return None
    match = _UNSUPPORTED.search(response.text)
    return match.group(0) if match else None


def error_summary(response: Response) -> str:
    error = response.body.get("error") if isinstance(response.body, dict) else None
    if isinstance(error, dict):
        return f"{error.get('type', 'error')}: {error.get('reason', '')}".strip()
    if isinstance(error, str):
        return error
    return response.text[:200]


def expects_server_error(catch: Any) -> bool:
    return catch in ("unavailable", "request") or (isinstance(catch, str) and catch.startswith("/"))


def check_status(catch: Any, response: Response, fail: Fail) -> Stop | None:
    """Whether the status is the one the step expects: success, or the error class or regex of `catch`."""
    status = response.status
    if catch is None:
        if status >= 400:
            return fail(f"the request failed with {status}: {error_summary(response)}")
        return None
    catch = str(catch)
    if status < 400:
        title = f"expected the request to fail ({catch}), but it succeeded with {status}"
        return fail(title, expected=catch, actual=status)
    if catch.startswith("/") and catch.endswith("/") and len(catch) > 2:
        try:
            matched = patterns.search(catch[1:-1], response.text, comments=True)
        except patterns.PatternError as err:
            return fail(f"catch: {catch} {err}", expected=catch)
        if not matched:
            return fail(f"the error does not match {catch}: {error_summary(response)}", expected=catch)
        return None
    if catch == "request":
        return None
    wanted = CATCHES.get(catch)
    if wanted is None:
        return Stop(Status.ERROR, f"catch: {catch} is not a known error class")
    if status not in wanted:
        title = f"expected {catch} ({wanted[0]}), got {status}: {error_summary(response)}"
        return fail(title, expected=wanted[0], actual=status)
    return None


def check_warnings(
    response: Response,
    expected: list[str],
    allowed: list[str],
    regexes: list[str],
    sends_warnings: bool,
    fail: Fail,
) -> Stop | None:
    """Whether the response carries the warnings the step expects, and no others but those allowed."""
    actual = list(response.warnings)
    missing = [w for w in expected if w not in actual]
    try:
        unexpected = [
            w
            for w in actual
            if w not in expected and w not in allowed and not any(patterns.search(p, w) for p in regexes)
        ]
    except patterns.PatternError as err:
        return fail(f"a warnings regex {err}", expected=regexes)
    if unexpected:
        return fail(f"unexpected warning: {'; '.join(unexpected)}", expected=expected, actual=actual)
    if missing and not actual and not sends_warnings:
        return Stop(
            Status.UNSUPPORTED,
            f"the target sends no Elasticsearch deprecation warnings (the docs expect: {'; '.join(missing)})",
        )
    if missing:
        return fail(f"expected warning not sent: {'; '.join(missing)}", expected=expected, actual=actual)
    return None
