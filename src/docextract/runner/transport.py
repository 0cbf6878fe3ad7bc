"""Send requests to a cluster: credentials, the request as sent, retries of connections never made,
and the response read (JSON, deprecation warnings); the HTTP itself is injected (runner/http.py)."""

from __future__ import annotations

import base64
import json
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import unquote, urlencode

import yaml

from docextract.results import Sent
from docextract.syntax import yamlread

if TYPE_CHECKING:
    from docextract.clock import Clock

# Elasticsearch's deprecation warnings: `299 Elasticsearch-8.13.0-abc "the message" "date"`.
_WARNING = re.compile(r'\d{3} \S+ "((?:[^"\\]|\\.)*)"')
# The position in the request body a warning may start with, which the test framework strips.
_XCONTENT_POSITION = re.compile(r"^\[.*?]\[-?\d+:-?\d+] ")
# JSON text that may escape a lone surrogate (a pair parses to one character); and such a character.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Target:
    """Where and how to reach a cluster. Secrets live here only; nothing derived from them is reported."""

    url: str  # without credentials
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    api_key: str | None = field(default=None, repr=False)
    bearer: str | None = field(default=None, repr=False)
    verify: bool | str = True  # False with --insecure; a path with --ca-certs
    # Whether HTTP(S)_PROXY and friends apply; reading them costs a scan of the environment per request,
    # which the embedded cluster on 127.0.0.1 never needs.
    proxies_from_env: bool = True
    timeout: float = 30.0
    retries: int = 2  # connection failures only: a request that reached the server is never sent twice
    # Where the password came from, named in curl reproductions; None when it was written in the URL.
    password_env: str | None = "ES_PASSWORD"

    @property
    def auth_shown(self) -> str | None:
        """The credentials of a replayable curl command: the environment variables that hold them."""
        # As the transport decides to send Basic auth: on a user given, even an empty one.
        if self.user is not None and self.password_env is None:
            return f"-u {shlex.quote(self.user)}"  # curl asks for the password, which no variable holds
        if self.user is not None:
            return f'-u {shlex.quote(self.user)}:"${self.password_env}"'
        if self.api_key:
            return '-H "Authorization: ApiKey $ES_API_KEY"'
        if self.bearer:
            return '-H "Authorization: Bearer $ES_BEARER_TOKEN"'
        return None


@dataclass(frozen=True)
class Response:
    """A response as the runner reads it: status, headers, text, parsed body and warnings."""

    status: int
    headers: dict[str, str]  # lower-case names
    text: str
    body: Any  # parsed JSON (or YAML), or the text when it is neither
    warnings: tuple[str, ...]  # the messages, unescaped
    # The messages as sent (quotes and backslashes escaped, percent-encoded), which warnings_regex reads.
    raw_warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reply:
    """What came back over HTTP, before it is read."""

    status: int
    headers: dict[str, str]  # lower-case names
    text: str
    warnings: tuple[str, ...]  # each Warning header as sent (requests would fold them into one)


# The most of a response docextract reads: doc examples answer in kilobytes; a target that sends more is
# broken (or not a cluster), and reading on would only fill the memory.
MAX_BODY = 64 * 1024 * 1024


class TransportError(Exception):
    """The request got no usable response: the cluster is unreachable, too slow, hung up, answered more
    than MAX_BODY, or answered like something else than an Elasticsearch-compatible cluster."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind  # unreachable | timeout | reset | tls | too-large | incompatible


def too_large(method: str, url: str) -> TransportError:
    """What an Http raises for a response past MAX_BODY (having stopped reading there)."""
    return TransportError(
        "too-large",
        f"the response to {method} {url} is larger than {MAX_BODY >> 20} MiB; docextract stops reading there "
        "(doc examples answer in kilobytes)",
    )


class Http(Protocol):
    """One connection pool to one target; raises TransportError when no response comes back."""

    def request(self, method: str, url: str, data: bytes | None, headers: dict[str, str]) -> Reply: ...

    def close(self) -> None: ...


# Makes the HTTP side of a transport for a target; tests pass a fake one.
HttpFactory = Callable[[Target], Http]


class Transport:
    def __init__(self, target: Target, clock: Clock, http: Http):
        self.target, self.clock, self.http = target, clock, http
        if target.user is not None:
            token = base64.b64encode(f"{target.user}:{target.password or ''}".encode()).decode()
            self._auth = {"Authorization": f"Basic {token}"}
        elif target.api_key:
            self._auth = {"Authorization": f"ApiKey {target.api_key}"}
        elif target.bearer:
            self._auth = {"Authorization": f"Bearer {target.bearer}"}
        else:
            self._auth = {}

    def close(self) -> None:
        self.http.close()

    def send(
        self,
        method: str,
        path: str,
        params: dict[str, str] | None = None,
        body: str | None = None,
        content_type: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[Sent, Response]:
        """The request as sent (without credentials) and its response; TransportError without one."""
        query = f"?{urlencode(params)}" if params else ""
        url = self.target.url.rstrip("/") + "/" + path.lstrip("/") + query
        shown = dict(headers or {})
        if body is not None and content_type:
            shown.setdefault("Content-Type", content_type)
        sent = Sent(method, url, shown, body, content_type)
        data = body.encode("utf-8") if body is not None else None
        attempt = 0
        while True:
            try:
                return sent, _response(self.http.request(method, url, data, {**shown, **self._auth}))
            except TransportError as error:
                if error.kind == "timeout":
                    raise TransportError("timeout", f"{error} ({method} {path})") from None
                # A request that may have reached the server is never sent twice.
                if error.kind != "unreachable" or attempt >= self.target.retries:
                    raise
            attempt += 1
            self.clock.sleep(0.2 * 2**attempt)


def _response(reply: Reply) -> Response:
    raw = tuple(
        _XCONTENT_POSITION.sub("", match.group(1))
        for value in reply.warnings
        for match in [_WARNING.match(value)]
        if match
    )
    warnings = tuple(unquote(value.replace('\\"', '"').replace("\\\\", "\\")) for value in raw)
    body = _body(reply.text, reply.headers.get("content-type", ""))
    return Response(reply.status, reply.headers, reply.text, body, warnings, raw)


def _body(text: str, content_type: str) -> Any:
    """The body as the test framework parses it: by its content type (JSON, or YAML when asked for);
    other text (a _cat table, text/plain) stays text. Without a content type, JSON is tried."""
    kind = content_type.split(";")[0].strip().lower()
    if not text.strip():
        return ""
    try:
        if "yaml" in kind:
            return yamlread.load(text)
        if not kind or "json" in kind:
            body = json.loads(text)
            return _without_surrogates(body) if _SURROGATE_ESCAPE.search(text) else body
    except (ValueError, yaml.YAMLError, RecursionError):  # nested past what the parsers read: text
        pass
    return text


def _without_surrogates(body: Any) -> Any:
    """The body with each lone surrogate (JSON text "\\ud800") read as U+FFFD: no report, pipe or file
    in UTF-8 can hold one (docs/DEVIATIONS.md). A loop, not recursion: bodies nest as deep as they like."""
    root = [body]
    pending: list[tuple[Any, Any]] = [(root, 0)]
    while pending:
        holder, key = pending.pop()
        value = holder[key]
        if isinstance(value, str):
            holder[key] = _SURROGATE.sub("\ufffd", value)
        elif isinstance(value, list):
            pending.extend((value, index) for index in range(len(value)))
        elif isinstance(value, dict):
            for name in list(value):
                value[_SURROGATE.sub("\ufffd", name)] = value.pop(name)
            pending.extend((value, name) for name in value)
    return root[0]
