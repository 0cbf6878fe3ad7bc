"""Execute the steps of a YAML REST test (do, set, assertions) against one target; outcomes as data."""

from __future__ import annotations

import base64
import json
from typing import Any

from docextract.position import Pos
from docextract.results import Failure, Sent, Status
from docextract.runner import apis, assertions, verdicts
from docextract.runner.encode import encode_body, param
from docextract.runner.javatext import to_string
from docextract.runner.stash import PathError, Stash, StashError, Unparsed, get_path, is_reference
from docextract.runner.transport import Response, Transport, TransportError
from docextract.runner.verdicts import Stop, Warnings
from docextract.suite import Step

ASSERTIONS = frozenset(
    {"match", "is_true", "is_false", "length", "gt", "gte", "lt", "lte", "contains", "close_to"}
    | {"exists", "not_exists", "is_after"}
)
_WARNING_KEYS = ("warnings", "allowed_warnings", "warnings_regex", "allowed_warnings_regex")
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
        self.last_method = ""
        self.requests = 0

    def start_test(self) -> None:
        """Between the setup and the test the framework resets the stash and the last response."""
        self.stash.clear()
        self.last_response, self.last_method = None, ""

    def run_steps(self, steps: tuple[Step, ...]) -> Stop | None:
        """Steps in order, up to the first that stops the test."""
        for step in steps:
            stop = self.run(step.data, step.pos, step.lines)
            if stop is not None:
                return stop
        return None

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

    def root(self) -> Any:
        """What a path into the last response starts from: its parsed body, or, when the framework does
        not parse it (no body, text), nothing but the outcome of a HEAD request at the empty path."""
        response = self.last_response
        if response is None:
            return None
        if isinstance(response.body, str) and response.body in ("", response.text):
            return Unparsed(response.status < 400 if self.last_method == "HEAD" else None)
        return response.body

    def evaluate(self, path: str) -> Any:
        """The value at a path of the last response, null where there is none (the framework's rule)."""
        if path == "$body":
            return self.stash.lookup("$body") if self.stash.has("body") else None
        try:
            return get_path(self.root(), path, self.stash)
        except PathError as err:
            if err.missing:
                return None
            raise StashError(str(err)) from None

    def run(self, step: dict, pos: Pos, lines: tuple[tuple[Pos, str], ...] = ()) -> Stop | None:
        """One step; None when it passed. `lines` are a response's lines in the docs, if known."""
        if not isinstance(step, dict) or len(step) != 1:
            return Stop(Status.ERROR, f"a step must be a map with one key, got {str(step)[:80]}")
        ((kind, args),) = step.items()
        if kind in ("set", "transform_and_set") and not isinstance(args, dict):
            return Stop(Status.ERROR, f"{kind} must map paths to names, got {str(args)[:80]}")
        try:
            if kind == "do":
                return self._do(args if args is not None else {}, pos)
            if kind == "set":
                for path, name in args.items():
                    # a missing value is stashed as null: only using it fails
                    self.stash.set(str(name), self.evaluate(str(path)))
                return None
            if kind == "transform_and_set":
                return self._transform_and_set(args)
            if kind in ASSERTIONS:
                root = self.root()
                body = None if isinstance(root, Unparsed) else root
                outcome = assertions.check(kind, args, root, self.stash)
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
        return Stop(Status.SKIPPED, f"docextract's runner has no `{kind}` step")

    def _transform_and_set(self, args: dict) -> Stop | None:
        for name, expression in args.items():
            text = str(expression)
            if text.startswith("#base64EncodeCredentials(") and text.endswith(")"):
                params = text[len("#base64EncodeCredentials(") : text.rindex(")")].split(",")
                if len(params) != 2:
                    return Stop(Status.ERROR, "base64EncodeCredentials requires a username/id and a password")
                # the framework joins the two values as Java prints them: a missing one is "null"
                user, password = (to_string(self.evaluate(p.strip())) for p in params)
                value = base64.b64encode(f"{user}:{password}".encode()).decode()
            elif text.startswith("#base64Encode(") and text.endswith(")"):
                value = base64.b64encode(text[len("#base64Encode(") : text.rindex(")")].encode()).decode()
            else:
                value = expression  # any other text is stashed as it is
            self.stash.set(str(name), value)
        return None

    # -- do ----------------------------------------------------------------------------------------------

    def _do(self, args: Any, pos: Pos) -> Stop | None:
        if not isinstance(args, dict):
            return Stop(Status.ERROR, f"a do step must be a map, got {str(args)[:80]}")
        catch = None if args.get("catch") in (None, "") else str(args["catch"])
        if catch is not None and not verdicts.known_catch(catch):
            return Stop(Status.ERROR, f"catch value [{catch}] not supported")
        if catch == "param":
            return None  # a client-side error: the framework sends nothing
        lists = {key: args.get(key) or [] for key in _WARNING_KEYS}
        if bad := next((k for k, v in lists.items() if not isinstance(v, list)), None):
            return Stop(Status.ERROR, f"[{bad}] must be a string array")
        warnings = Warnings(*(tuple(str(item) for item in lists[key]) for key in _WARNING_KEYS))
        if conflict := warnings.conflict():
            return Stop(Status.ERROR, conflict)
        if not isinstance(args.get("headers") or {}, dict):
            return Stop(Status.ERROR, "headers must map names to values")
        # header values may read the stash, and the framework stashes them as request_headers
        headers = {
            str(k): to_string(self.stash.resolve(v) if is_reference(v) else v)
            for k, v in (args.get("headers") or {}).items()
        }
        calls = [(k, v) for k, v in args.items() if k not in _DO_KEYS]
        if len(calls) != 1:
            return Stop(
                Status.ERROR, f"a do step needs exactly one API, got {[k for k, _ in calls] or 'none'}"
            )
        api, arguments = calls[0]
        arguments = dict(arguments or {})
        # `ignore` belongs to the client, as in Elasticsearch's: statuses that are not errors.
        ignored = verdicts.ignored_statuses(arguments.pop("ignore", None))
        try:
            request = self._request(api, self.stash.resolve(arguments))
        except apis.UnknownApi as err:
            return Stop(Status.UNSUPPORTED, str(err))
        except apis.BadArguments as err:
            return Stop(Status.ERROR, str(err))
        method, path, params, body, content_type = request
        sent, self.last_response = self.transport.send(method, path, params, body, content_type, headers)
        self.sent.append(sent)
        self.requests += 1
        self.last_method = method
        response = self.last_response
        # The body of every response is stashed: parsed, its text, or nothing (HEAD).
        self.stash.stash_body(response.body if response.text else None)
        if headers:
            self.stash.set("request_headers", headers)
        return self._judge(method, path, response, catch, ignored, warnings, pos)

    def _judge(
        self,
        method: str,
        path: str,
        response: Response,
        catch: str | None,
        ignored: set[int],
        warnings: Warnings,
        pos: Pos,
    ) -> Stop | None:
        shown = f"{method} /{path.lstrip('/')}"
        if "html" in response.headers.get("content-type", ""):
            raise TransportError(
                "incompatible",
                f"{shown} answered {response.status} with an HTML page: the target does not look like an "
                "Elasticsearch-compatible cluster",
            )
        if (reason := verdicts.unsupported(response)) is not None:
            # with the request and the answer, which the arbiter reads (does Elasticsearch have it?)
            title = f"{shown}: the target has no such API ({reason})"
            return Stop(Status.UNSUPPORTED, title, self._failure(title, "do", pos, expected=catch).failure)
        error = verdicts.is_error(method, response.status, ignored)
        if (
            "json" in response.headers.get("content-type", "")
            and isinstance(response.body, str)
            and response.body
        ):
            return self._error(
                f"{shown}: the cluster answered {response.status} with a body that is not JSON"
            )
        if error and response.status >= 500 and not verdicts.expects_server_error(catch):
            summary = verdicts.error_summary(response)
            return self._error(f"{shown}: the cluster failed with {response.status}: {summary}")

        def fail(title: str, **extra: Any) -> Stop:
            return self._failure(title, "do", pos, **extra)

        if stop := verdicts.check_status(catch, response, error, fail):
            return stop
        # the framework checks warnings on the responses that are not errors only
        return None if error else verdicts.check_warnings(response, warnings, self.sends_warnings, fail)

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
