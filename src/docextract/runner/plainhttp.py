"""HTTP on one keep-alive http.client connection, for plain-HTTP targets on this machine without proxies
(the embedded cluster's clones): a fraction of requests' CPU per request, which was most of a replay's
client time, with the same reply and the same failure kinds as runner/http.py."""

from __future__ import annotations

import http.client
import select
import socket
from urllib.parse import urlsplit

from docextract.runner.transport import Reply, Target, TransportError

# The most of a response docextract reads (as runner/http.py): doc examples answer in kilobytes.
MAX_BODY = 64 * 1024 * 1024
_CHUNK = 1 << 16


class PlainHttp:
    def __init__(self, target: Target):
        self.target = target
        parts = urlsplit(target.url)
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(f"PlainHttp speaks plain HTTP only, not {target.url}")
        self._host, self._port = parts.hostname, parts.port or 80
        self._connection: http.client.HTTPConnection | None = None

    def request(self, method: str, url: str, data: bytes | None, headers: dict[str, str]) -> Reply:
        parts = urlsplit(url)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection = self._connected()
        try:
            connection.request(method, path, body=data, headers=headers)
            response = connection.getresponse()
            body = _read(response, method, url)
        except TransportError:
            self._drop()
            raise
        except TimeoutError:
            self._drop()
            raise TransportError("timeout", f"no response within {self.target.timeout:g} s") from None
        except (http.client.HTTPException, OSError) as err:
            # The request may have reached the server: the transport never sends it again.
            self._drop()
            raise TransportError("reset", f"the connection was closed mid-request: {err!r}") from None
        if response.will_close:
            self._drop()
        warnings = tuple(response.msg.get_all("Warning") or ())
        folded: dict[str, str] = {}
        for name, value in response.getheaders():
            key = name.lower()
            # As requests folds a repeated header: the values joined by ", ".
            folded[key] = f"{folded[key]}, {value}" if key in folded else value
        try:
            text = body.decode(_encoding(folded.get("content-type")) or "utf-8", errors="replace")
        except LookupError:  # a charset Python does not know: JSON's
            text = body.decode("utf-8", errors="replace")
        return Reply(response.status, folded, text, warnings)

    def close(self) -> None:
        self._drop()

    def _connected(self) -> http.client.HTTPConnection:
        """The open connection, or a new one when there is none or the server has closed it meanwhile."""
        connection = self._connection
        if connection is not None and _dropped(connection.sock):
            self._drop()
            connection = None
        if connection is None:
            connection = http.client.HTTPConnection(self._host, self._port, timeout=self.target.timeout)
            try:
                connection.connect()
            except TimeoutError:
                message = f"no connection to {self.target.url} within {self.target.timeout:g} s"
                raise TransportError("unreachable", message) from None
            except OSError as err:
                raise TransportError("unreachable", f"cannot connect to {self.target.url}: {err}") from None
            connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self._connection = connection
        return connection

    def _drop(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def _dropped(sock: socket.socket | None) -> bool:
    """Whether an idle keep-alive connection was closed by the server (it is readable: EOF or junk).

    Checked before each reuse, as urllib3 does, so a request is never sent into a connection already gone
    (which would make a request that never reached the server look like one that may have)."""
    if sock is None:
        return True
    try:
        readable, _, _ = select.select([sock], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)


def _read(response: http.client.HTTPResponse, method: str, url: str) -> bytes:
    """The body, up to MAX_BODY; TransportError("too-large") past it (the caller drops the connection)."""
    chunks, size = [], 0
    while chunk := response.read(_CHUNK):
        size += len(chunk)
        if size > MAX_BODY:
            raise TransportError(
                "too-large",
                f"the response to {method} {url} is larger than {MAX_BODY >> 20} MiB; docextract stops "
                "reading there (doc examples answer in kilobytes)",
            )
        chunks.append(chunk)
    return b"".join(chunks)


def _encoding(content_type: str | None) -> str | None:
    """The charset of a content type, as requests reads it: text/* without one is ISO-8859-1 (HTTP/1.1's
    default), JSON UTF-8, anything else unnamed (the caller then takes UTF-8)."""
    if not content_type:
        return None
    kind, *params = (part.strip() for part in content_type.split(";"))
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value:
            return value.strip("'\" ")
    kind = kind.lower()
    if "text" in kind:
        return "ISO-8859-1"
    if "application/json" in kind:
        return "utf-8"
    return None
