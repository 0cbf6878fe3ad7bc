"""Judging a response beyond the assertions, as the test framework's DoSection does: whether it is an
error, the status a step expects (`catch`), its warnings, and an API the target does not have. Each
verdict is a Stop, or None when the step may go on."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from docextract.results import Failure, Status
from docextract.runner import patterns
from docextract.runner.javatext import to_string
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
    "bad_request": 400,
    "unauthorized": 401,
    "forbidden": 403,
    "missing": 404,
    "request_timeout": 408,
    "conflict": 409,
    "gone": 410,
    "unavailable": 503,
}
# `catch: request` is any other error: 4xx or 5xx but none of the named 4xx.
_NAMED = frozenset(code for code in CATCHES.values() if code < 500)
# How a target says it has no such API: Elasticsearch and OpenSearch's "no handler", an explicit
# unsupported operation, or a path segment starting with _ read as an index name.
_UNSUPPORTED = re.compile(
    r"no handler found for uri|unsupported_operation_exception|is not supported by|"
    r"Invalid index name \[_[^\]]*\], must not start with '_'"
)
# Warnings the framework lets through whatever the step says: Elasticsearch's on legacy index templates
# (used all over its tests), OpenSearch's on types.
_LEGACY_TEMPLATES = "Legacy index templates are deprecated in favor of composable templates."
_TYPES_REMOVAL = "[types removal]"


def ignored_statuses(ignore: Any) -> set[int]:
    """The `ignore` parameter (404, "404,409", [404, 409]): statuses the client does not treat as errors."""
    items = ignore if isinstance(ignore, list) else str(ignore).split(",") if ignore is not None else []
    return {int(str(item).strip()) for item in items if str(item).strip().isdigit()}


def is_error(method: str, status: int, ignored: set[int]) -> bool:
    """Whether the low-level client throws: any status from 300 up, but those ignored and, for HEAD, 404."""
    return status >= 300 and status not in ignored and not (method == "HEAD" and status == 404)


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


def known_catch(catch: str) -> bool:
    return catch in CATCHES or catch in ("request", "param") or _regex_of(catch) is not None


def _regex_of(catch: str) -> str | None:
    return catch[1:-1] if len(catch) > 2 and catch.startswith("/") and catch.endswith("/") else None


def check_status(catch: str | None, response: Response, error: bool, fail: Fail) -> Stop | None:
    """Whether the response is what the step expects: no error, or the error `catch` names."""
    status = response.status
    if not catch:
        return fail(f"the request failed with {status}: {error_summary(response)}") if error else None
    wanted = CATCHES.get(catch)
    if not error:
        how = "succeeded" if status < 300 else "was not an error"
        title = f"expected the request to fail ({catch}), but it {how} with {status}"
        return fail(title, expected=catch, actual=status)
    if wanted is not None:
        if status == wanted:
            return None
        return fail(f"expected {catch} ({wanted}), got {status}: {error_summary(response)}", actual=status)
    if catch == "request":
        if status >= 400 and status not in _NAMED:
            return None
        title = f"expected catch: request (4xx or 5xx but {sorted(_NAMED)}), got {status}"
        return fail(f"{title}: {error_summary(response)}", actual=status)
    return _check_message(catch, response, fail)


def _check_message(catch: str, response: Response, fail: Fail) -> Stop | None:
    """`catch: /regex/`: Java's toString of the `error` the response holds, searched without flags."""
    pattern = _regex_of(catch)
    if pattern is None:
        return Stop(Status.ERROR, f"catch: {catch} is not a known error class")
    if response.status < 400:
        return fail(f"expected an error matching {catch}, got {response.status}", expected=catch)
    error = response.body.get("error") if isinstance(response.body, dict) else None
    if error is None:
        return fail(f"catch: {catch}: the response has no error", expected=catch)
    text = to_string(error)
    try:
        matched = patterns.search(pattern, text)
    except patterns.PatternError as err:
        return fail(f"catch: {catch} {err}", expected=catch)
    if not matched:
        return fail(f"the error does not match {catch}: {text[:300]}", expected=catch, actual=text)
    return None


@dataclass(frozen=True)
class Warnings:
    """What a `do` step says of warnings: expected and allowed, as texts and as regexes."""

    expected: tuple[str, ...] = ()
    allowed: tuple[str, ...] = ()
    expected_regex: tuple[str, ...] = ()
    allowed_regex: tuple[str, ...] = ()

    def conflict(self) -> str | None:
        """The framework refuses a step that both expects and allows the same warning or pattern."""
        both = [w for w in self.expected if w in self.allowed]
        both += [p for p in self.expected_regex if p in self.allowed_regex]
        return f"the warning [{both[0]}] was both allowed and expected" if both else None


def check_warnings(response: Response, step: Warnings, sends_warnings: bool, fail: Fail) -> Stop | None:
    """Every expected warning (and regex) was sent, and nothing else but what is allowed."""
    expected, expected_regex = list(step.expected), list(step.expected_regex)
    raws = response.raw_warnings or response.warnings
    unexpected = []
    try:
        for message, raw in zip(response.warnings, raws, strict=False):
            if message in step.allowed:
                continue
            if message in expected:
                expected.remove(message)
                continue
            # the regexes read the warning as sent (escaped), and must match all of it
            hit = next((p for p in expected_regex if patterns.whole(p, raw)), None)
            if hit is not None:
                expected_regex.remove(hit)
            elif not any(patterns.whole(p, raw) for p in step.allowed_regex):
                unexpected.append(message)
    except patterns.PatternError as err:
        return fail(f"a warnings regex {err}", expected=[*step.expected_regex, *step.allowed_regex])
    unexpected = [w for w in unexpected if w != _LEGACY_TEMPLATES and not w.startswith(_TYPES_REMOVAL)]
    if unexpected:
        title = f"unexpected warning: {'; '.join(unexpected)}"
        return fail(title, expected=list(step.expected), actual=list(response.warnings))
    missing = expected + [f"/{p}/" for p in expected_regex]
    if missing and not response.warnings and not sends_warnings:
        return Stop(
            Status.UNSUPPORTED,
            f"the target sends no Elasticsearch deprecation warnings (the docs expect: {'; '.join(missing)})",
        )
    if missing:
        title = f"expected warning not sent: {'; '.join(missing)}"
        return fail(title, expected=list(step.expected), actual=list(response.warnings))
    return None
