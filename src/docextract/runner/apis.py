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
from typing import Any

from docextract.runner import builtcache, encode


@dataclass(frozen=True)
class ApiRequest:
    """The HTTP request a named API step becomes, as the official client builds it."""

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
# The public methods that are not APIs, which the client's reference documents beside them; every other
# public method of the client and of its namespaces is an API (indices.close among them).
_CLIENT_PLUMBING = frozenset({"options", "close", "perform_request"})
_NAMESPACE_PLUMBING = frozenset({"perform_request"})

_lock = threading.Lock()
_apis: dict[str, Callable[..., Any]] | None = None
_kept = builtcache.Kept()  # requests built by earlier runs: see keep_requests_in
_facts: dict[str, tuple[bool, dict[str, str]]] = {}


class _Captured(Exception):
    """Raised by the client instead of sending: it unwinds the client's own frames with the request."""

    def __init__(self, request: tuple, path_parts: dict[str, str]):
        super().__init__(request, path_parts)
        self.request = request  # (method, path, params, headers, body)
        self.path_parts = path_parts


def _catalogue() -> dict[str, Callable[..., Any]]:
    """API name → bound method of one client, built on first use (importing the client takes ~0.2 s).
    Only the client's public surface is read: its namespaces are the public attributes of an
    Elasticsearch instance that perform requests (indices, snapshot…), and the APIs are their public
    methods and the client's own, less the plumbing. One client serves all threads: it keeps no
    per-request state (namespaces are attributes set in __init__, perform_request touches nothing),
    and each capture travels in its own exception."""
    global _apis
    if _apis is not None:  # checked again under the lock: two threads may both get here first
        return _apis
    with _lock:
        if _apis is None:
            from elasticsearch import Elasticsearch

            class CapturingClient(Elasticsearch):
                # Every API method ends in this public method; path_parts (since 8.13) names each path
                # part of the request as the REST spec does, with the value the client put there.
                def perform_request(
                    self, method, path, *, params=None, headers=None, body=None, path_parts=None, **_
                ):
                    raise _Captured((method, path, params or {}, headers or {}, body), path_parts or {})

            # No connection is opened: the host is never contacted.
            client = CapturingClient("http://localhost:9200")
            namespaces = [
                (f"{name}.", value, _NAMESPACE_PLUMBING)
                for name, value in vars(client).items()
                if not name.startswith("_") and callable(getattr(value, "perform_request", None))
            ]
            _apis = {
                prefix + name: method
                for prefix, owner, plumbing in [("", client, _CLIENT_PLUMBING), *namespaces]
                for name, method in _methods(owner, plumbing).items()
            }
        return _apis


def _methods(owner: object, plumbing: frozenset[str]) -> dict[str, Callable[..., Any]]:
    """The public methods of a client or namespace but its plumbing, bound. They are looked up on the
    class, so that a property (transport) is not evaluated."""
    return {
        name: getattr(owner, name)
        for name in dir(owner)
        if not name.startswith("_")
        and name not in plumbing
        and inspect.isfunction(getattr(type(owner), name, None))
    }


def _api_facts(api: str, call: Callable[..., Any]) -> tuple[bool, dict[str, str]]:
    """Whether the API takes a body, and the path parts the client names otherwise than the REST spec
    that YAML tests follow (snapshot's `repository` and ilm's `policy` are its `name`), once per API."""
    facts = _facts.get(api)
    if facts is None:
        parts = _path_parts(call) or {}
        renames = {part: param for part, param in parts.items() if part != param}
        facts = _facts[api] = ("body" in inspect.signature(call).parameters, renames)
    return facts


def _path_parts(call: Callable[..., Any]) -> dict[str, str] | None:
    """{path part as the REST spec names it: the parameter that fills it}, learnt from one request built
    with a distinct value for every parameter (so with every path part given); None when the client
    builds no request from such values. The signature alone cannot tell: the client's `repository` of
    snapshot.create_repository is a parameter too, its body."""
    probes = {
        f"docextract-probe-{number}": name
        for number, name in enumerate(inspect.signature(call).parameters)
        if name != "body"  # never a path part, and refused beside the named body some APIs have
    }
    try:
        call(**{name: probe for probe, name in probes.items()})
    except _Captured as captured:
        return {part: probes[value] for part, value in captured.path_parts.items() if value in probes}
    except (TypeError, ValueError):
        pass
    return None


def prepare() -> None:
    """Build the catalogue now, not at the first named step that needs it (bench/run.py keeps it out of what
    it measures)."""
    _catalogue()


def keep_requests_in(path: str | None) -> None:
    """Keep the requests built in this file, and take those it holds instead of building them again
    (the composition names it: under a key of docextract's code and the client's version)."""
    _kept.use(path)


def has_kept_requests() -> bool:
    """Whether requests built by an earlier run are at hand (then the client may never be needed)."""
    return bool(_kept)


def build_request(api: str, arguments: dict) -> ApiRequest:
    """The request of a named API step, as the official client builds it."""
    step = builtcache.key(api, arguments)
    kept = _kept.get(step)
    if kept is not None:
        return kept
    request = _build_request(api, arguments)
    _kept.add(step, request)
    return request


def _build_request(api: str, arguments: dict) -> ApiRequest:
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
        return captured.request
    except (TypeError, ValueError) as err:
        # TypeError: unknown or missing parameter, non-string keys; ValueError: empty required value,
        # both body= and its named field, a string body beside body fields.
        raise BadArguments(api, str(err)) from None
    raise BadArguments(api, "the client returned without building a request")


def _plain(value: Any) -> bool:
    """Whether a value can be a query parameter: a scalar or a list of scalars."""
    if isinstance(value, list | tuple):
        return all(_plain(item) and not isinstance(item, list | tuple) for item in value)
    return isinstance(value, str | int | float)


def _request(method: str, path: str, params: dict, headers: dict, body: Any) -> ApiRequest:
    content_type = None
    if body is not None:
        raw = next((value for key, value in headers.items() if key.lower() == "content-type"), None)
        content_type = _essence(raw) if raw else "application/json"
        if content_type == "application/x-ndjson":
            body = _ndjson(body)
    return ApiRequest(
        method, path, {key: encode.param(value) for key, value in params.items()}, body, content_type
    )


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


# The client warns on beta APIs and on body= mixed with body fields: neither concerns a replay. It
# attributes its warnings to its caller, this module, so one filter installed on import silences them
# for the process; catch_warnings around each call would swap the process-wide filters under other
# threads (before Python 3.14). A catch_warnings context that imports this module (pytest's) drops it.
warnings.filterwarnings("ignore", module=re.escape(__name__) + "$")
