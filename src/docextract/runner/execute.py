"""Execute the steps of a YAML REST test (do, set, assertions) against one target; outcomes as data."""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from typing import Any

from docextract.model import Pos
from docextract.results import Failure, Sent, Status
from docextract.runner import apis, assertions, patterns
from docextract.runner.stash import Stash, StashError
from docextract.runner.transport import Response, Transport
from docextract.syntax import console

# The step kinds and runner features implemented here; a test asking for another feature is skipped.
FEATURES = frozenset(
    {
        *("default_shards", "stash_in_key", "stash_in_path", "stash_path_replace", "embedded_stash_key"),
        *("warnings", "warnings_regex", "allowed_warnings", "allowed_warnings_regex", "headers"),
        *("contains", "close_to", "transform_and_set", "catch_unauthorized", "arbitrary_key", "yaml"),
        "node_selector",
    }
)
ASSERTIONS = frozenset(
    {"match", "is_true", "is_false", "length", "gt", "gte", "lt", "lte", "contains", "close_to"}
)
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


@dataclass
class Stop:
    """Why a test stops at a step: a failure, an API the target lacks, or a run error."""

    status: Status
    reason: str | None = None
    failure: Failure | None = None


def locate(args: Any, body: Any, lines: tuple[tuple[Pos, str], ...]) -> Pos | None:
    """The line of a response snippet that shows the first difference: its key, written as "key"."""
    if not isinstance(args, dict) or len(args) != 1:
        return None
    ((field, expected),) = args.items()
    if field != "$body":
        return None
    found = assertions.first_difference(expected, body)
    if found is None or not found[0]:
        return None
    keys = [part for part in found[0].replace("\\.", "\0").split(".") if not part.isdigit()]
    if not keys:
        return None
    key = f'"{keys[-1].replace(chr(0), ".")}"'
    shown = found[1]
    value = json.dumps(shown, ensure_ascii=False) if isinstance(shown, str | int | float | bool) else None
    candidates = [(pos, text) for pos, text in lines if key in text]
    exact = [pos for pos, text in candidates if value is not None and value in text]
    return (exact or [pos for pos, _ in candidates] or [None])[0]


def unsupported(response: Response) -> str | None:
    if response.status < 400:
        return None
    match = _UNSUPPORTED.search(response.text)
    return match.group(0) if match else None


def _error_summary(response: Response) -> str:
    error = response.body.get("error") if isinstance(response.body, dict) else None
    if isinstance(error, dict):
        return f"{error.get('type', 'error')}: {error.get('reason', '')}".strip()
    if isinstance(error, str):
        return error
    return response.text[:200]


class Executor:
    """Runs steps in order with a stash, as Elasticsearch's YAML test runner does for one test."""

    def __init__(self, transport: Transport, sends_warnings: bool = True):
        self.transport = transport
        # Whether the target is Elasticsearch, whose deprecation warnings the docs quote word for word.
        self.sends_warnings = sends_warnings
        self.stash = Stash()
        self.last_sent: Sent | None = None
        self.last_response: Response | None = None
        self.requests = 0

    def reset(self) -> None:
        self.stash.clear()
        self.last_sent = self.last_response = None

    def _failure(self, title: str, step: str, pos: Pos | None, **extra: Any) -> Stop:
        response = self.last_response
        failure = Failure(
            title,
            step,
            pos,
            sent=self.last_sent,
            status=response.status if response else None,
            response=response.text[:4000] if response else None,
            **extra,
        )
        return Stop(Status.FAILED, title, failure)

    def _error(self, reason: str) -> Stop:
        """The run could not tell whether the docs are right: the cluster broke, not the page."""
        return Stop(Status.ERROR, reason, self._failure(reason, "do", None).failure)

    def run(self, step: dict, pos: Pos, lines: tuple[tuple[Pos, str], ...] = ()) -> Stop | None:
        """One step; None when it passed. `lines` are a response's lines in the docs, if known."""
        if not isinstance(step, dict) or len(step) != 1:
            return Stop(Status.ERROR, f"a step must be a map with one key, got {str(step)[:80]}")
        ((kind, args),) = step.items()
        try:
            if kind == "do":
                return self._do(args or {}, pos)
            if kind == "set":
                for path, name in (args or {}).items():
                    self.stash.set(name, self.stash.lookup(f"$body.{path}" if path != "$body" else "$body"))
                return None
            if kind == "transform_and_set":
                return self._transform_and_set(args or {})
            if kind in ASSERTIONS:
                body = self.last_response.body if self.last_response and self.last_response.text else None
                outcome = assertions.check(kind, args, body, self.stash)
                if outcome.ok:
                    return None
                where = locate(args, body, lines) if kind == "match" and lines else None
                return self._failure(
                    outcome.title,
                    kind,
                    where or pos,
                    expected=outcome.expected,
                    actual=outcome.actual,
                    diff=outcome.diff,
                )
            if kind == "skip" or kind == "requires":
                return None  # read before the test runs (see skip_reason)
        except StashError as err:
            return self._failure(str(err), kind, pos)
        return Stop(Status.UNSUPPORTED, f"the step `{kind}` is not supported by docextract's runner")

    def _transform_and_set(self, args: dict) -> Stop | None:
        for name, expression in args.items():
            match = re.fullmatch(r"#base64EncodeCredentials\(([^,]+),([^)]+)\)", str(expression).strip())
            if match is None:
                return Stop(Status.UNSUPPORTED, f"transform_and_set {expression} is not supported")
            user, password = (self.stash.lookup(f"$body.{part.strip()}") for part in match.groups())
            self.stash.set(name, base64.b64encode(f"{user}:{password}".encode()).decode())
        return None

    # -- do ----------------------------------------------------------------------------------------------

    def _do(self, args: dict, pos: Pos) -> Stop | None:
        catch = args.get("catch")
        headers = {str(k): str(v) for k, v in (args.get("headers") or {}).items()}
        expected_warnings = list(args.get("warnings") or [])
        allowed = list(args.get("allowed_warnings") or [])
        regexes = [
            str(p) for p in (args.get("warnings_regex") or []) + (args.get("allowed_warnings_regex") or [])
        ]
        calls = [(k, v) for k, v in args.items() if k not in _DO_KEYS]
        if len(calls) != 1:
            return Stop(
                Status.ERROR, f"a do step needs exactly one API, got {[k for k, _ in calls] or 'none'}"
            )
        api, arguments = calls[0]
        arguments = dict(arguments or {})
        # `ignore` belongs to the runner, as in Elasticsearch's: statuses that do not fail the step.
        ignore = arguments.pop("ignore", None)
        ignored = {int(s) for s in (ignore if isinstance(ignore, list) else [ignore]) if str(s).isdigit()}
        try:
            request = self._request(api, self.stash.resolve(arguments))
        except apis.UnknownApi as err:
            return Stop(Status.UNSUPPORTED, str(err))
        except apis.BadArguments as err:
            if catch == "param":
                return None
            return Stop(Status.ERROR, str(err))
        method, path, params, body, content_type = request
        self.last_sent, self.last_response = self.transport.send(
            method, path, params, body, content_type, headers
        )
        self.requests += 1
        response = self.last_response
        # A response without a body (HEAD, 204) has nothing at any path, as in Elasticsearch's runner.
        self.stash.stash_body(response.body if response.text else None)
        shown = f"{method} /{path.lstrip('/')}"
        if (reason := unsupported(response)) is not None:
            return Stop(Status.UNSUPPORTED, f"{shown}: the target has no such API ({reason})")
        if response.status in ignored:
            return None
        if (
            "json" in response.headers.get("content-type", "")
            and isinstance(response.body, str)
            and response.body
        ):
            return self._error(
                f"{shown}: the cluster answered {response.status} with a body that is not JSON"
            )
        if response.status >= 500 and not _expects_server_error(catch):
            return self._error(
                f"{shown}: the cluster failed with {response.status}: {_error_summary(response)}"
            )
        stop = self._check_status(catch, response, pos)
        if stop is not None:
            return stop
        return self._check_warnings(response, expected_warnings, allowed, regexes, pos)

    def _request(self, api: str, arguments: dict) -> tuple[str, str, dict[str, str], str | None, str | None]:
        if api == "raw":
            arguments = dict(arguments)
            method = str(arguments.pop("method", "GET"))
            path = "/" + str(arguments.pop("path", ""))
            body = arguments.pop("body", None)
            params = {str(k): _param(v) for k, v in arguments.items()}
            text, content_type = encode_body(body, self.stash)
            return method, path, params, text, content_type
        built = apis.build_request(api, arguments)
        text, content_type = encode_body(built.body, self.stash)
        return built.method, built.path, built.params, text, built.content_type or content_type

    def _check_status(self, catch: Any, response: Response, pos: Pos) -> Stop | None:
        status = response.status
        if catch is None:
            if status >= 400:
                return self._failure(
                    f"the request failed with {status}: {_error_summary(response)}", "do", pos
                )
            return None
        catch = str(catch)
        if status < 400:
            return self._failure(
                f"expected the request to fail ({catch}), but it succeeded with {status}",
                "do",
                pos,
                expected=catch,
                actual=status,
            )
        if catch.startswith("/") and catch.endswith("/") and len(catch) > 2:
            try:
                matched = patterns.search(catch[1:-1], response.text, comments=True)
            except patterns.PatternError as err:
                return self._failure(f"catch: {catch} {err}", "do", pos, expected=catch)
            if not matched:
                return self._failure(
                    f"the error does not match {catch}: {_error_summary(response)}", "do", pos, expected=catch
                )
            return None
        if catch == "request":
            return None
        wanted = CATCHES.get(catch)
        if wanted is None:
            return Stop(Status.ERROR, f"catch: {catch} is not a known error class")
        if status not in wanted:
            return self._failure(
                f"expected {catch} ({wanted[0]}), got {status}: {_error_summary(response)}",
                "do",
                pos,
                expected=wanted[0],
                actual=status,
            )
        return None

    def _check_warnings(self, response, expected, allowed, regexes, pos: Pos) -> Stop | None:
        actual = list(response.warnings)
        missing = [w for w in expected if w not in actual]
        try:
            unexpected = [
                w
                for w in actual
                if w not in expected and w not in allowed and not any(patterns.search(p, w) for p in regexes)
            ]
        except patterns.PatternError as err:
            return self._failure(f"a warnings regex {err}", "do", pos, expected=regexes)
        if unexpected:
            listed = "; ".join(unexpected)
            return self._failure(f"unexpected warning: {listed}", "do", pos, expected=expected, actual=actual)
        if missing and not actual and not self.sends_warnings:
            return Stop(
                Status.UNSUPPORTED,
                "the target sends no Elasticsearch deprecation warnings "
                f"(the docs expect: {'; '.join(missing)})",
            )
        if missing:
            return self._failure(
                f"expected warning not sent: {'; '.join(missing)}",
                "do",
                pos,
                expected=expected,
                actual=actual,
            )
        return None


_DO_KEYS = frozenset(
    {
        "catch",
        "headers",
        "warnings",
        "allowed_warnings",
        "warnings_regex",
        "allowed_warnings_regex",
        "node_selector",
    }
)


def _param(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(_param(v) for v in value)
    return str(value)


def encode_body(body: Any, stash: Stash) -> tuple[str | None, str | None]:
    """A body as the YAML runner sends it: a string holds one JSON value or several (sent as NDJSON),
    with stash references resolved in the values; text that is not JSON is sent as it is."""
    if body is None:
        return None, None
    if isinstance(body, str):
        try:
            value, body_format = console.parse_body(body)
        except console.BodyError:
            return body, "application/json"
        if body_format is None:
            return "", "application/json"
        if body_format == "ndjson":
            lines = [_json(stash.resolve(item)) for item in value]
            return "\n".join(lines) + "\n", "application/x-ndjson"
        return _json(stash.resolve(value)), "application/json"
    # A body written as a YAML list of maps (bulk in YAML tests) is NDJSON.
    resolved = stash.resolve(body)
    if isinstance(resolved, list) and resolved and all(isinstance(item, dict) for item in resolved):
        return "".join(_json(item) + "\n" for item in resolved), "application/x-ndjson"
    return _json(resolved), "application/json"


def _json(value: Any) -> str:
    # PyYAML reads unquoted dates in test files as dates: send them as they were written.
    return json.dumps(value, ensure_ascii=False, default=_as_text)


def _as_text(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _expects_server_error(catch: Any) -> bool:
    return catch in ("unavailable", "request") or (isinstance(catch, str) and catch.startswith("/"))


def skip_reason(step: dict) -> str | None:
    """Why a test with this skip (or requires) section must not run, or None when it may."""
    section = step.get("skip") or step.get("requires") or {}
    features = section.get("features") or section.get("test_runner_features") or []
    if isinstance(features, str):
        features = [features]
    missing = [f for f in features if f not in FEATURES]
    if missing or section.get("version") == "all":
        return section.get("reason") or f"needs runner features docextract lacks: {', '.join(missing)}"
    return None
