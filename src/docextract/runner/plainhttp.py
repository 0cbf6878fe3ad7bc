"""HTTP/1.1 on one keep-alive socket, for plain-HTTP targets on this machine without proxies (the embedded
cluster's clones): the least client CPU per request, which is most of a replay's client time, with the same
reply and the same failure kinds as runner/http.py. A request and its response, nothing more: no TLS, no
proxies, no redirects, no compression (requests does those, for every other target)."""

from __future__ import annotations

import re
import select
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote, urlsplit

from docextract.runner.transport import MAX_BODY, Reply, Target, TransportError, too_large

_MAX_LINE = 65536  # of the status line and of each header line
_MAX_HEADERS = 200
_NO_BODY = frozenset({204, 304})
# What a path may hold as sent; anything else (a space, a control character, non-ASCII) is percent-encoded,
# as requests does (an existing %XX is kept).
_SAFE = "/?&=%:+,;@!$'()*[]~"
# A character quote would change (not an ASCII letter or digit, -._ or _SAFE): a URL without one goes as is.
_UNSAFE = re.compile(r"[^A-Za-z0-9\-._/?&=%:+,;@!$'()*\[\]~]")


class PlainHttp:
    def __init__(self, target: Target):
        self.target = target
        parts = urlsplit(target.url)
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(f"PlainHttp speaks plain HTTP only, not {target.url}")
        self._address = (parts.hostname, parts.port or 80)
        self._host = parts.netloc.rpartition("@")[2]
        self._base = target.url.rstrip("/")  # every URL the transport sends starts with it
        self._socket: socket.socket | None = None
        self._reader = None
        self._owed: list[tuple[str, str]] = []  # (method, URL) of each request submitted, not collected

    def request(self, method: str, url: str, data: bytes | None, headers: dict[str, str]) -> Reply:
        head = _head(method, self._path(url), self._host, data, headers)
        sock, reader = self._connected()
        # A connection closed mid-request: it may have reached the server, which is never sent it again.
        with self._failing("reset"):
            sock.sendall(head + data if data else head)
            status, fields, warnings, body, keep = _response(reader, method, url)
        if not keep:
            self._drop()
        try:
            text = body.decode(_encoding(fields.get("content-type")) or "utf-8", errors="replace")
        except LookupError:  # a charset Python does not know: JSON's
            text = body.decode("utf-8", errors="replace")
        return Reply(status, fields, text, warnings)

    def submit(self, method: str, url: str) -> None:
        """Send a request without a body and without waiting for its response (HTTP/1.1 pipelining):
        collect reads the responses, in the order their requests went."""
        # A connection owed responses is readable by design: it is checked for a close only when idle.
        sock = self._socket if self._owed else self._connected()[0]
        with self._failing("unreachable"):
            sock.sendall(_head(method, self._path(url), self._host, None, {}))
        self._owed.append((method, url))

    @property
    def owed(self) -> tuple[str, ...]:
        """The methods of the requests submitted whose responses are not collected yet, oldest first."""
        return tuple(method for method, _ in self._owed)

    def collect(self) -> tuple[int, str]:
        """The status and text of the response owed to the oldest request submitted."""
        method, url = self._owed[0]
        with self._failing("unreachable"):
            status, _, _, body, keep = _response(self._reader, method, url)
        del self._owed[0]
        if not keep:
            self._drop()  # what else was owed will not come: the server closed the connection
        return status, body.decode("utf-8", errors="replace")

    @contextmanager
    def _failing(self, closed: str) -> Iterator[None]:
        """On any failure the connection goes (with what it owed): the rest of its stream can no longer be
        told from the next response. A failure of the connection is a TransportError, of kind `closed`
        when it was closed or garbled mid-request; anything else (a signal) goes on as it is."""
        try:
            yield
        except TransportError:
            self._drop()
            raise
        except TimeoutError:
            self._drop()
            raise TransportError("timeout", f"no response within {self.target.timeout:g} s") from None
        except (OSError, ValueError) as err:
            self._drop()
            raise TransportError(closed, f"the connection was closed mid-request: {err}") from None
        except BaseException:
            self._drop()
            raise

    def _path(self, url: str) -> str:
        """The path and query to send for a URL (the transport's start with the target's base)."""
        return url[len(self._base) :] if url.startswith(self._base + "/") else _target(url)

    def close(self) -> None:
        self._drop()

    def _connected(self):
        """The open connection, or a new one when there is none or the server has closed it meanwhile."""
        if self._socket is not None and _dropped(self._socket):
            self._drop()
        if self._socket is None:
            try:
                sock = socket.create_connection(self._address, timeout=self.target.timeout)
            except TimeoutError:
                message = f"no connection to {self.target.url} within {self.target.timeout:g} s"
                raise TransportError("unreachable", message) from None
            except OSError as err:
                raise TransportError("unreachable", f"cannot connect to {self.target.url}: {err}") from None
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self._socket, self._reader = sock, sock.makefile("rb")
        return self._socket, self._reader

    def _drop(self) -> None:
        self._owed = []
        if self._socket is not None:
            self._reader.close()
            self._socket.close()
            self._socket = self._reader = None


def _target(url: str) -> str:
    """The path and query of a URL on another base than the target's (not sent by the transport)."""
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _head(method: str, target: str, host: str, data: bytes | None, headers: dict[str, str]) -> bytes:
    if not target.isascii() or _UNSAFE.search(target):
        path, mark, query = target.partition("?")
        target = quote(path, safe=_SAFE) + mark + quote(query, safe=_SAFE)
    lines = [f"{method} {target} HTTP/1.1", f"Host: {host}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    if data is not None or method in ("POST", "PUT", "PATCH"):
        lines.append(f"Content-Length: {len(data or b'')}")
    # Header values as UTF-8 bytes, as written in the docs (latin-1 would refuse some and change none).
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8")


def _response(reader, method: str, url: str):
    """Status, headers (lower-case names, repeated ones joined by ", " as requests does), the Warning
    headers apart, the body, and whether the connection may be used again."""
    while True:
        status, version = _status(reader)
        fields, warnings = _fields(reader)
        if not 100 <= status < 200:
            break  # an interim response (100 Continue) is followed by the real one
    keep = version != "HTTP/1.0" and "close" not in fields.get("connection", "").lower()
    if method == "HEAD" or status in _NO_BODY:
        return status, fields, warnings, b"", keep
    if "chunked" in fields.get("transfer-encoding", "").lower():
        return status, fields, warnings, _chunked(reader, method, url), keep
    length = fields.get("content-length")
    if length is None:  # the body runs to the end of the connection
        body = reader.read(MAX_BODY + 1)
        _bound(len(body), method, url)
        return status, fields, warnings, body, False
    size = int(length)
    _bound(size, method, url)
    body = reader.read(size)
    if len(body) < size:
        raise ValueError("the connection closed before the whole body came")
    return status, fields, warnings, body, keep


def _status(reader) -> tuple[int, str]:
    line = reader.readline(_MAX_LINE)
    if not line:
        raise ValueError("no response came")
    version, _, rest = line.decode("latin-1").partition(" ")
    code = rest[:3]
    if not version.startswith("HTTP/") or not code.isdigit():
        raise ValueError(f"not an HTTP response: {line[:80]!r}")
    return int(code), version


def _fields(reader) -> tuple[dict[str, str], tuple[str, ...]]:
    fields: dict[str, str] = {}
    warnings: list[str] = []
    for _ in range(_MAX_HEADERS):
        line = reader.readline(_MAX_LINE)
        if line in (b"\r\n", b"\n", b""):
            return fields, tuple(warnings)
        name, _, value = line.decode("latin-1").partition(":")
        key, value = name.strip().lower(), value.strip()
        if key == "warning":
            warnings.append(value)
        fields[key] = f"{fields[key]}, {value}" if key in fields else value
    raise ValueError(f"more than {_MAX_HEADERS} header lines")


def _chunked(reader, method: str, url: str) -> bytes:
    chunks, size = [], 0
    while True:
        line = reader.readline(_MAX_LINE)
        if not line:
            raise ValueError("the connection closed inside a chunked body")
        length = int(line.split(b";", 1)[0].strip(), 16)
        if length == 0:
            while reader.readline(_MAX_LINE) not in (b"\r\n", b"\n", b""):
                pass  # trailer fields, unused
            return b"".join(chunks)
        size += length
        _bound(size, method, url)
        chunk = reader.read(length)
        if len(chunk) < length:
            raise ValueError("the connection closed inside a chunk")
        chunks.append(chunk)
        reader.readline(_MAX_LINE)  # the CRLF after the chunk


def _bound(size: int, method: str, url: str) -> None:
    if size > MAX_BODY:
        raise too_large(method, url)


def _dropped(sock: socket.socket) -> bool:
    """Whether an idle keep-alive connection was closed by the server (it is readable: EOF or junk).

    Checked before each reuse, as urllib3 does, so a request is never sent into a connection already gone
    (which would make a request that never reached the server look like one that may have)."""
    try:
        readable, _, _ = select.select([sock], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)


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
