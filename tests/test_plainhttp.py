"""The http.client side of the transport (the embedded cluster's clones): keep-alive, the same replies and
failure kinds as the requests side, and the choice between them."""

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from docextract.environment import Environment
from docextract.runner.http import RequestsHttp
from docextract.runner.plainhttp import PlainHttp
from docextract.runner.transport import Target, TransportError
from faultserver import FaultServer


class _KeepAlive(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # connections stay open between requests

    def log_message(self, *args) -> None:
        pass

    def setup(self) -> None:
        super().setup()
        self.server.connections += 1

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.seen.append((self.command, self.path, body))
        if self.path == "/latin":
            data, kind = "café".encode("latin-1"), "text/plain"
        elif self.path == "/close":
            data, kind = b"{}", "application/json"
            self.close_connection = True
        else:
            data, kind = b'{"ok": true}', "application/json"
        self.send_response(201 if self.command == "PUT" else 200)
        self.send_header("Content-Type", kind)
        self.send_header("X-Twice", "a")
        self.send_header("X-Twice", "b")
        self.send_header("Content-Length", str(len(data)))
        if self.path == "/close":
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _handle


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _KeepAlive)
    httpd.daemon_threads = True
    httpd.connections, httpd.seen = 0, []
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    httpd.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def test_requests_share_one_connection_and_read_as_the_requests_side_does(server):
    plain = PlainHttp(Target(server.url))
    replies = [
        plain.request(
            "PUT", f"{server.url}/i?refresh=true", b'{"a": 1}', {"Content-Type": "application/json"}
        ),
        plain.request("GET", f"{server.url}/latin", None, {}),
        plain.request("HEAD", f"{server.url}/", None, {}),
    ]
    plain.close()
    assert server.connections == 1
    assert [(m, p) for m, p, _ in server.seen] == [
        ("PUT", "/i?refresh=true"),
        ("GET", "/latin"),
        ("HEAD", "/"),
    ]
    assert server.seen[0][2] == b'{"a": 1}'
    reference = RequestsHttp(Target(server.url)).request("GET", f"{server.url}/latin", None, {})
    assert replies[1].text == reference.text == "café"  # text/* without a charset is ISO-8859-1
    assert replies[1].headers["x-twice"] == reference.headers["x-twice"] == "a, b"
    assert replies[0].status == 201 and replies[0].text == '{"ok": true}'
    assert replies[2].status == 200 and replies[2].text == ""


def test_a_connection_the_server_closed_is_opened_again_without_an_error(server):
    plain = PlainHttp(Target(server.url))
    plain.request("GET", f"{server.url}/close", None, {})
    reply = plain.request("GET", f"{server.url}/after", None, {})
    assert reply.status == 200 and server.connections == 2
    assert [p for _, p, _ in server.seen] == ["/close", "/after"]  # each sent once


def test_an_idle_connection_closed_by_the_server_is_noticed_before_the_next_request(server):
    plain = PlainHttp(Target(server.url))
    plain.request("GET", f"{server.url}/one", None, {})
    plain._socket.shutdown(socket.SHUT_RD)  # as if the server had closed it while idle
    assert plain.request("GET", f"{server.url}/two", None, {}).status == 200
    assert server.connections == 2


def test_a_port_nobody_listens_on_is_unreachable():
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    listener.close()
    with pytest.raises(TransportError) as error:
        PlainHttp(Target(f"http://127.0.0.1:{port}")).request("GET", f"http://127.0.0.1:{port}/", None, {})
    assert error.value.kind == "unreachable" and "cannot connect" in str(error.value)


@pytest.mark.parametrize("http", [PlainHttp, RequestsHttp])
def test_failures_have_the_same_kinds_on_both_sides(http):
    with FaultServer() as server:
        server.slow_seconds = 1.0
        client = http(Target(server.url, timeout=0.2))
        started = time.monotonic()
        with pytest.raises(TransportError) as slow:
            client.request("GET", f"{server.url}/fault/slow", None, {})
        assert slow.value.kind == "timeout" and time.monotonic() - started < 1.0
        with pytest.raises(TransportError) as reset:
            http(Target(server.url)).request("GET", f"{server.url}/fault/reset", None, {})
        assert reset.value.kind == "reset"
        warned = http(Target(server.url)).request("GET", f"{server.url}/fault/warning", None, {})
        assert len(warned.warnings) == 2 and warned.warnings[1].endswith('"a second one"')


def test_only_local_plain_http_without_proxies_goes_through_http_client():
    env = Environment()
    assert isinstance(env.connect(Target("http://127.0.0.1:1", proxies_from_env=False)).http, PlainHttp)
    assert isinstance(env.connect(Target("http://127.0.0.1:1")).http, RequestsHttp)  # proxies may apply
    assert isinstance(env.connect(Target("https://127.0.0.1:1", proxies_from_env=False)).http, RequestsHttp)


def _scripted(answer: bytes):
    """A server that reads one request and sends answer as it is, then closes; the request it read."""
    listener = socket.create_server(("127.0.0.1", 0))
    seen: list[bytes] = []

    def serve() -> None:
        connection, _ = listener.accept()
        seen.append(connection.recv(65536))
        connection.sendall(answer)
        connection.close()
        listener.close()

    threading.Thread(target=serve, daemon=True).start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}", seen


@pytest.mark.parametrize(
    "answer",
    [
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        b'5\r\n{"a":\r\n3;x=y\r\n 1}\r\n0\r\n\r\n',
        b'HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n{"a": 1}',  # to the end of the connection
        b'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\n{"a": 1}',
    ],
)
def test_each_way_of_ending_a_body_is_read(answer):
    url, _ = _scripted(answer)
    reply = PlainHttp(Target(url)).request("GET", f"{url}/", None, {})
    assert reply.status == 200 and reply.text.replace(" ", "") == '{"a":1}'


def test_a_path_is_sent_percent_encoded_where_it_must_be():
    url, seen = _scripted(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
    PlainHttp(Target(url)).request(
        "GET", f"{url}/my index/_doc/caf\u00e9?q=a%20b", None, {"X-Note": "\u00e9t\u00e9"}
    )
    request_line, _, rest = seen[0].partition(b"\r\n")
    assert request_line == b"GET /my%20index/_doc/caf%C3%A9?q=a%20b HTTP/1.1"
    assert b"X-Note: \xc3\xa9t\xc3\xa9\r\n" in rest


def test_a_body_announced_larger_than_the_bound_is_refused_unread():
    url, _ = _scripted(b"HTTP/1.1 200 OK\r\nContent-Length: 99999999999\r\n\r\nxx")
    with pytest.raises(TransportError) as too_large:
        PlainHttp(Target(url)).request("GET", f"{url}/", None, {})
    assert too_large.value.kind == "too-large"


def test_a_connection_closed_before_the_whole_body_is_a_reset():
    url, _ = _scripted(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort")
    with pytest.raises(TransportError) as reset:
        PlainHttp(Target(url)).request("GET", f"{url}/", None, {})
    assert reset.value.kind == "reset"


def test_a_url_on_another_spelling_of_the_host_still_sends_its_path_and_query():
    url, seen = _scripted(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
    other = url.replace("127.0.0.1", "localhost")  # the target as given, the URL as built elsewhere
    PlainHttp(Target(other)).request("GET", f"{url}/a b?q=1", None, {})
    assert seen[0].partition(b"\r\n")[0] == b"GET /a%20b?q=1 HTTP/1.1"


def test_pipelined_requests_share_one_connection_and_answer_in_order(server):
    http = PlainHttp(Target(server.url))
    http.submit("POST", f"{server.url}/one")
    http.submit("DELETE", f"{server.url}/two")
    assert http.owed == ("POST", "DELETE")
    assert http.collect() == (200, '{"ok": true}') and http.owed == ("DELETE",)
    assert http.collect() == (200, '{"ok": true}') and http.owed == ()
    assert [(method, path) for method, path, _ in server.seen] == [("POST", "/one"), ("DELETE", "/two")]
    assert server.connections == 1


def test_a_signal_while_a_pipelined_response_is_read_drops_the_connection(server, monkeypatch):
    """The rest of the stream cannot be told apart from the next response: the connection goes, and
    what was owed with it, so that nothing reads a reply as another's."""
    from docextract.runner import plainhttp

    http = PlainHttp(Target(server.url))
    http.submit("POST", f"{server.url}/one")
    http.submit("POST", f"{server.url}/two")

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(plainhttp, "_response", interrupted)
    with pytest.raises(KeyboardInterrupt):
        http.collect()
    assert http.owed == ()
    monkeypatch.undo()
    http.submit("POST", f"{server.url}/three")  # on a new connection
    assert http.collect() == (200, '{"ok": true}') and server.connections == 2
