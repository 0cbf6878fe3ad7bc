"""Execute the steps of a YAML REST test (do, set, assertions) against one target; outcomes as data."""

from __future__ import annotations

import base64
import json
import re
from typing import Any

from docextract.model import Pos
from docextract.results import Failure, Sent, Status
from docextract.runner import apis, assertions, verdicts
from docextract.runner.encode import encode_body, param
from docextract.runner.stash import Stash, StashError
from docextract.runner.transport import Response, Transport, TransportError
from docextract.runner.verdicts import Stop

ASSERTIONS = frozenset(
    {"match", "is_true", "is_false", "length", "gt", "gte", "lt", "lte", "contains", "close_to"}
)
# The keys of a `do` step that go beside the API.
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


class Executor:
    """Runs steps in order with a stash, as Elasticsearch's YAML test runner does for one test."""

    def __init__(self, transport: Transport, sends_warnings: bool = True):
        self.transport = transport
        # Whether the target is Elasticsearch, whose deprecation warnings the docs quote word for word.
        self.sends_warnings = sends_warnings
        self.stash = Stash()
        self.sent: list[Sent] = []  # every request of the test so far: a failure shows the chain
        self.last_response: Response | None = None
        self.requests = 0

    def _failure(self, title: str, step: str, pos: Pos | None, **extra: Any) -> Stop:
        response = self.last_response
        failure = Failure(
            title,
            step,
            pos,
            sent=self.sent[-1] if self.sent else None,
            before=tuple(self.sent[:-1]),
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
                return None  # read before the test runs (runner/skips.py)
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
        sent, self.last_response = self.transport.send(method, path, params, body, content_type, headers)
        self.sent.append(sent)
        self.requests += 1
        response = self.last_response
        # A response without a body (HEAD, 204) has nothing at any path, as in Elasticsearch's runner.
        self.stash.stash_body(response.body if response.text else None)
        shown = f"{method} /{path.lstrip('/')}"
        if "html" in response.headers.get("content-type", ""):
            raise TransportError(
                "incompatible",
                f"{shown} answered {response.status} with an HTML page: the target does not look like an "
                "Elasticsearch-compatible cluster",
            )
        if (reason := verdicts.unsupported(response)) is not None:
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
        if response.status >= 500 and not verdicts.expects_server_error(catch):
            summary = verdicts.error_summary(response)
            return self._error(f"{shown}: the cluster failed with {response.status}: {summary}")

        def fail(title: str, **extra: Any) -> Stop:
            return self._failure(title, "do", pos, **extra)

        return verdicts.check_status(catch, response, fail) or verdicts.check_warnings(
            response, expected_warnings, allowed, regexes, self.sends_warnings, fail
        )

    def _request(self, api: str, arguments: dict) -> tuple[str, str, dict[str, str], str | None, str | None]:
        if api == "raw":
            arguments = dict(arguments)
            method = str(arguments.pop("method", "GET"))
            path = "/" + str(arguments.pop("path", ""))
            body = arguments.pop("body", None)
            params = {str(k): param(v) for k, v in arguments.items()}
            text, content_type = encode_body(body, self.stash)
            return method, path, params, text, content_type
        built = apis.build_request(api, arguments)
        text, content_type = encode_body(built.body, self.stash)
        return built.method, built.path, built.params, text, built.content_type or content_type
