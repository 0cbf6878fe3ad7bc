"""Send requests to a cluster over one keep-alive requests.Session: auth, TLS, timeouts, retries."""

from __future__ import annotations

import base64
import json
import re
import shlex
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import requests
from requests.adapters import HTTPAdapter

from docextract.results import Sent

# Elasticsearch's deprecation warnings: `299 Elasticsearch-8.13.0-abc "the message" "date"`.
_WARNING = re.compile(r'\d{3} \S+ "((?:[^"\\]|\\.)*)"')


@dataclass(frozen=True)
class Target:
    """Where and how to reach a cluster. Secrets live here only; nothing derived from them is reported."""

    url: str
    user: str | None = None
    password: str | None = None
    api_key: str | None = None
    bearer: str | None = None
    verify: bool | str = True  # False with --insecure; a path with --ca-certs
    # Whether HTTP(S)_PROXY and friends apply; reading them costs a scan of the environment per request,
    # which the embedded cluster on 127.0.0.1 never needs.
    proxies_from_env: bool = True
    timeout: float = 30.0
    retries: int = 2  # connection failures only: a request that reached the server is never sent twice

    @property
    def auth_shown(self) -> str | None:
        """How the credentials appear in a replayable curl command: masked."""
        if self.user:
            return f"-u {shlex.quote(self.user)}:*****"
        if self.api_key:
            return "-H 'Authorization: ApiKey *****'"
        if self.bearer:
            return "-H 'Authorization: Bearer *****'"
        return None


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]  # lower-case names
    text: str
    body: Any  # parsed JSON, or the text when it is not JSON
    warnings: tuple[str, ...]


class TransportError(Exception):
    """The request got no HTTP response: the cluster is unreachable, too slow, or hung up."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind  # unreachable | timeout | reset | tls


class Transport:
    def __init__(self, target: Target):
        self.target = target
        self.session = requests.Session()
        self.session.verify = target.verify
        self.session.trust_env = target.proxies_from_env
        # Retrying is ours (connection failures only), so urllib3 must not retry behind our back.
        self.session.mount("http://", HTTPAdapter(max_retries=0, pool_maxsize=4))
        self.session.mount("https://", HTTPAdapter(max_retries=0, pool_maxsize=4))
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
        self.session.close()

    def send(
        self,
        method: str,
        path: str,
        params: dict[str, str] | None = None,
        body: str | None = None,
        content_type: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[Sent, Response]:
        query = f"?{urlencode(params)}" if params else ""
        url = self.target.url.rstrip("/") + "/" + path.lstrip("/") + query
        shown = dict(headers or {})
        if body is not None and content_type:
            shown.setdefault("Content-Type", content_type)
        sent = Sent(method, url, shown, body, content_type)
        attempt = 0
        while True:
            try:
                reply = self.session.request(
                    method,
                    url,
                    data=body.encode("utf-8") if body is not None else None,
                    headers={**shown, **self._auth},
                    timeout=self.target.timeout,
                )
                return sent, _response(reply)
            except requests.exceptions.SSLError as err:
                raise TransportError("tls", f"TLS failed for {self.target.url}: {_short(err)}") from None
            except requests.exceptions.ConnectTimeout:
                error = TransportError(
                    "unreachable", f"no connection to {self.target.url} within {self.target.timeout:g} s"
                )
            except requests.exceptions.ReadTimeout:
                raise TransportError(
                    "timeout", f"no response within {self.target.timeout:g} s ({method} {path})"
                ) from None
            except requests.exceptions.ConnectionError as err:
                if _reached_server(err):
                    raise TransportError(
                        "reset", f"the connection was closed mid-request: {_short(err)}"
                    ) from None
                error = TransportError("unreachable", f"cannot connect to {self.target.url}: {_short(err)}")
            except requests.exceptions.RequestException as err:
                raise TransportError("reset", f"{type(err).__name__}: {_short(err)}") from None
            if attempt >= self.target.retries:
                raise error
            attempt += 1
            time.sleep(0.2 * 2**attempt)


def _reached_server(err: Exception) -> bool:
    """Whether the request may have reached the server: then sending it again could apply it twice.

    Only a connection that was never established (refused, no such host) is safe to retry.
    """
    return "Failed to establish a new connection" not in str(err) and "NewConnectionError" not in repr(err)


def _short(err: Exception) -> str:
    text = str(err)
    return text if len(text) < 200 else text[:200] + "…"


def _response(reply: requests.Response) -> Response:
    text = reply.text
    headers = {k.lower(): v for k, v in reply.headers.items()}
    try:
        body: Any = json.loads(text) if text.strip() else ""
    except ValueError:
        body = text
    # requests folds repeated headers into one; urllib3 still has each Warning header apart.
    raw = getattr(getattr(reply, "raw", None), "headers", None)
    values = (
        raw.getlist("Warning")
        if hasattr(raw, "getlist")
        else [v for k, v in reply.headers.items() if k.lower() == "warning"]
    )
    warnings = tuple(
        match.group(1).replace('\\"', '"').replace("\\\\", "\\")
        for value in values
        for match in [_WARNING.match(value)]
        if match
    )
    return Response(reply.status_code, headers, text, body, warnings)
