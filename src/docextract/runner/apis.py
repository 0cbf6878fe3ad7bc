"""Named API steps of YAML tests (`indices.create: {...}`) as HTTP requests, built by the official client."""

from __future__ import annotations

import copy
import difflib
import inspect
import json
import re
import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class ApiRequest:
    method: str
    path: str  # percent-encoded by the client
    params: dict[str, str]  # query parameters, not yet URL-encoded
    body: Any  # dict/list → JSON to send, str → sent as is, None → no body
    content_type: str | None  # application/json or application/x-ndjson when there is a body


class UnknownApi(Exception):
    def __init__(self, api: str, suggestion: str | None):
        hint = f" (did you mean `{suggestion}`?)" if suggestion else ""
        super().__init__(f"unknown API `{api}`{hint}")
        self.api = api
        self.suggestion = suggestion


class BadArguments(Exception):
    def __init__(self, api: str, message: str):
        super().__init__(f"`{api}`: {message}")
        self.api = api
        self.message = message


# The client moves these off the request into Elasticsearch.options(), where a captured request would
# silently lose them: they are not API parameters, so a step that has them is refused rather than altered.
_TRANSPORT_OPTIONS = ("headers", "api_key", "http_auth", "request_timeout", "opaque_id")
_COMPAT_TYPE = re.compile(r"application/vnd\.elasticsearch\+")
_PATH_PART = re.compile(r'"(\w+)": _quote\((\w+)\)')  # in the client's source: {"repository": _quote(name)}

_lock = threading.Lock()
_apis: dict[str, Callable[..., Any]] | None = None
_facts: dict[str, tuple[bool, dict[str, str]]] = {}


class _Captured(Exception):
    """Raised by the client instead of sending: it unwinds the client's own frames with the request."""


def _catalogue() -> dict[str, Callable[..., Any]]:
    """API name → bound method of one client, built on first use (importing the client takes ~0.2 s).
    One client serves all threads: it keeps no per-request state (namespaces are attributes set in
    __init__, perform_request touches nothing), and each capture travels in its own exception."""
    global _apis
    if _apis is not None:  # checked again under the lock: two threads may both get here first
        return _apis
    with _lock:
        if _apis is None:
            from elasticsearch import Elasticsearch
            from elasticsearch._sync.client._base import NamespacedClient

            class CapturingClient(Elasticsearch):
                def perform_request(self, method, path, *, params=None, headers=None, body=None, **_):
                    raise _Captured(method, path, params or {}, headers or {}, body)

            # No connection is opened: the host is never contacted.
            client = CapturingClient("http://localhost:9200")
            found: dict[str, Callable[..., Any]] = {}
            for prefix, owner in [("", client)] + [
                (f"{name}.", value)
                for name, value in vars(client).items()
                if isinstance(value, NamespacedClient)
            ]:
                for name in dir(owner):
                    # API methods, and only they, are wrapped by _rewrite_parameters (not options, close…).
                    if not name.startswith("_") and hasattr(getattr(type(owner), name, None), "__wrapped__"):
                        found[prefix + name] = getattr(owner, name)
            _apis = found
        return _apis


def _api_facts(api: str, call: Callable[..., Any]) -> tuple[bool, dict[str, str]]:
    """Whether the API takes a body, and the path parts the client names otherwise than the REST spec
    that YAML tests follow (snapshot's `repository` and ilm's `policy` are its `name`), once per API."""
    facts = _facts.get(api)
    if facts is None:
        function = inspect.unwrap(call)
        try:
            source = inspect.getsource(function)
        except OSError:  # installed without its sources: the renames are then unknown
            source = ""
        renames = {part: param for part, param in _PATH_PART.findall(source) if part != param}
        facts = _facts[api] = ("body" in inspect.signature(function).parameters, renames)
    return facts


def build_request(api: str, arguments: dict) -> ApiRequest:
    apis = _catalogue()
    call = apis.get(api)
    if call is None:
        close = difflib.get_close_matches(api, apis, n=1)
        raise UnknownApi(api, close[0] if close else None)
    if not isinstance(arguments, dict):
        raise BadArguments(api, f"the arguments are not a mapping: {arguments!r}")
    # A deep copy: the client writes into the body it is given (merges fields, renames aliases), and the
    # request must not share objects with the caller's step.
    kwargs = copy.deepcopy(arguments)
    # `ignore` (status codes to accept) is for the runner, never sent; the client would turn it into a
    # transport option. The runner must read it from the arguments before calling us.
    kwargs.pop("ignore", None)
    if misplaced := [option for option in _TRANSPORT_OPTIONS if option in kwargs]:
        raise BadArguments(api, f"`{misplaced[0]}` is not a parameter of the API")
    takes_body, renames = _api_facts(api, call)
    for part, param in renames.items():
        if part in kwargs and param not in kwargs and _plain(kwargs[part]):
            kwargs[param] = kwargs.pop(part)
    body = kwargs.pop("body", None)
    if body is not None and not takes_body:
        raise BadArguments(api, "the API takes no body")
    # Elasticsearch's YAML runner sends every argument but the body as a path part or query parameter.
    # The 9.x client makes some of them body fields (search's size, from, sort…) and, given body= too,
    # merges them into it or silently drops them (from). So the request is built without the body: its
    # path and query string are kept, plain values the client put in the body join the query string,
    # objects (which the YAML runner cannot send) stay body fields, and body= is added by us.
    try:
        method, path, params, headers, built = _capture(api, call, kwargs)
    except BadArguments:
        if body is None:
            raise
        # The client checks a required body (bulk's operations, put_script's script) before building
        # anything: let it place body= itself then, which it does for every API that takes a body.
        return _request(*_capture(api, call, {**kwargs, "body": body}))
    fields = built if isinstance(built, dict) else {}
    moved = {key: value for key, value in fields.items() if key in kwargs and _plain(value)}
    rest = {key: value for key, value in fields.items() if key not in moved}
    if body is None:
        body = rest or None
    elif rest:
        if not isinstance(body, dict):
            raise BadArguments(api, f"`{next(iter(rest))}` is a body field but the body is not an object")
        if clash := sorted(rest.keys() & body.keys()):
            raise BadArguments(api, f"`{clash[0]}` is given both as an argument and in the body")
        body = {**body, **rest}
    return _request(method, path, {**params, **moved}, headers, body)


def _capture(api: str, call: Callable[..., Any], kwargs: dict) -> tuple:
    """(method, path, params, headers, body) as the client would send them."""
    try:
        call(**kwargs)  # its warnings are silenced at the bottom of this module
    except _Captured as captured:
        return captured.args
    except (TypeError, ValueError) as err:
        # TypeError: unknown or missing parameter, non-string keys; ValueError: empty required value,
        # both body= and its named field, a string body beside body fields.
        raise BadArguments(api, str(err)) from None
    raise BadArguments(api, "the client returned without building a request")


def _plain(value: Any) -> bool:
    """Whether a value can be a query parameter: a scalar or a list of scalars."""
    if isinstance(value, list | tuple):
        return all(_plain(item) and not isinstance(item, list | tuple) for item in value)
    return isinstance(value, str | int | float | date)


def _request(method: str, path: str, params: dict, headers: dict, body: Any) -> ApiRequest:
    content_type = None
    if body is not None:
        raw = next((value for key, value in headers.items() if key.lower() == "content-type"), None)
        content_type = _essence(raw) if raw else "application/json"
        if content_type == "application/x-ndjson":
            body = _ndjson(body)
    return ApiRequest(method, path, {key: _param(value) for key, value in params.items()}, body, content_type)


def _essence(media_type: str) -> str:
    """`application/vnd.elasticsearch+json; compatible-with=9` → `application/json`: the target may be
    OpenSearch, which does not know Elasticsearch's compatibility types."""
    return _COMPAT_TYPE.sub("application/", media_type.split(";")[0].strip().lower())


def _ndjson(body: Any) -> str:
    """Bulk-like bodies as one string: lines given as a list are serialised one per line (as the YAML
    runner and the client do), and the final newline Elasticsearch requires is added when missing."""
    if not isinstance(body, str):
        lines = body if isinstance(body, list | tuple) else [body]
        body = "".join(
            (
                line if isinstance(line, str) else json.dumps(line, ensure_ascii=False, separators=(",", ":"))
            ).rstrip("\n")
            + "\n"
            for line in lines
        )
    return body if body.endswith("\n") else body + "\n"


def _param(value: Any) -> str:
    """A query parameter as Elasticsearch's YAML runner sends it: the client passes raw Python values to
    perform_request and only stringifies them when it builds the URL itself, which we skip."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ",".join(_param(item) for item in value)
    if isinstance(value, date):  # PyYAML reads unquoted 2024-01-01 as a date (datetime is a date too)
        return value.isoformat()
    return str(value)


# The client warns on beta APIs and on body= mixed with body fields: neither concerns a replay. It
# attributes its warnings to its caller, this module, so one filter installed on import silences them
# for the process; catch_warnings around each call would swap the process-wide filters under other
# threads (before Python 3.14). A catch_warnings context that imports this module (pytest's) drops it.
warnings.filterwarnings("ignore", module=re.escape(__name__) + "$")
