"""The one place that speaks HTTP (with requests): a keep-alive session per target, TLS as asked,
no retries behind our back, and every failure to get a response named by its kind."""

from __future__ import annotations

import requests
from requests.adapters import HTTPAdapter

from docextract.runner.transport import MAX_BODY, Reply, Target, TransportError, too_large


class RequestsHttp:
    def __init__(self, target: Target):
        self.target = target
        self.session = requests.Session()
        self.session.verify = target.verify
        self.session.trust_env = target.proxies_from_env
        # Retrying is the transport's (connection failures only), so urllib3 must not retry as well.
        self.session.mount("http://", HTTPAdapter(max_retries=0, pool_maxsize=4))
        self.session.mount("https://", HTTPAdapter(max_retries=0, pool_maxsize=4))

    def request(self, method: str, url: str, data: bytes | None, headers: dict[str, str]) -> Reply:
        try:
            reply = self.session.request(
                method, url, data=data, headers=headers, timeout=self.target.timeout, stream=True
            )
            body = _read(reply, method, url)
        except requests.exceptions.SSLError as err:
            raise TransportError("tls", f"TLS failed for {self.target.url}: {_short(err)}") from None
        except requests.exceptions.ConnectTimeout:
            message = f"no connection to {self.target.url} within {self.target.timeout:g} s"
            raise TransportError("unreachable", message) from None
        except requests.exceptions.ReadTimeout:
            # The transport adds which request it was.
            raise TransportError("timeout", f"no response within {self.target.timeout:g} s") from None
        except requests.exceptions.ConnectionError as err:
            if _reached_server(err):
                raise TransportError(
                    "reset", f"the connection was closed mid-request: {_short(err)}"
                ) from None
            raise TransportError(
                "unreachable", f"cannot connect to {self.target.url}: {_short(err)}"
            ) from None
        except requests.exceptions.RequestException as err:
            raise TransportError("reset", f"{type(err).__name__}: {_short(err)}") from None
        # requests folds repeated headers into one; urllib3 still has each Warning header apart.
        raw = getattr(getattr(reply, "raw", None), "headers", None)
        warnings = (
            raw.getlist("Warning")
            if hasattr(raw, "getlist")
            else [v for k, v in reply.headers.items() if k.lower() == "warning"]
        )
        headers = {k.lower(): v for k, v in reply.headers.items()}
        # As requests' own .text: the charset the headers name, else UTF-8 (JSON's).
        text = body.decode(reply.encoding or "utf-8", errors="replace")
        return Reply(reply.status_code, headers, text, tuple(warnings))

    def close(self) -> None:
        self.session.close()


def _read(reply: requests.Response, method: str, url: str) -> bytes:
    """The body, up to MAX_BODY; TransportError("too-large") past it, with the connection closed."""
    chunks, size = [], 0
    with reply:
        for chunk in reply.iter_content(chunk_size=1 << 16):
            size += len(chunk)
            if size > MAX_BODY:
                raise too_large(method, url)
            chunks.append(chunk)
    return b"".join(chunks)


def _reached_server(err: Exception) -> bool:
    """Whether the request may have reached the server: then sending it again could apply it twice.

    Only a connection that was never established (refused, no such host) is safe to retry.
    """
    return "Failed to establish a new connection" not in str(err) and "NewConnectionError" not in repr(err)


def _short(err: Exception) -> str:
    text = str(err)
    return text if len(text) < 200 else text[:200] + "…"
