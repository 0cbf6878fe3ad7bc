"""A local HTTP server on 127.0.0.1 that answers like a cluster until a path asks it to misbehave.

    with FaultServer() as server:   # server.url
        ...                         # then /fault/slow, /fault/reset, /fault/500, /fault/notjson,
                                    # /fault/die, /fault/freeze

Cluster-shaped answers: GET / (a version), the listings the runner checks for leftovers (all
empty), and 200 {"acknowledged": true} for anything else.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LISTINGS = {
    "/": {"name": "fault", "version": {"number": "8.99.0", "distribution": "faultserver"}},
    "/_cat/indices": [],
    "/_data_stream": {"data_streams": []},
    "/_index_template": {"index_templates": []},
    "/_component_template": {"component_templates": []},
    "/_ingest/pipeline": {},
}


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def _reply(self, status: int, body: str, content_type: str = "application/json") -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        path = self.path.split("?", 1)[0]
        self.server.seen.append((self.command, self.path, body))
        if path == "/fault/freeze" or self.server.frozen.is_set():
            # From now on nothing is answered, as by a node stopped (SIGSTOP) or hung: connections are
            # accepted, requests read, and the answers never come (until the server is stopped).
            self.server.frozen.set()
            self.server.stopping.wait()
        elif path == "/fault/slow":
            time.sleep(self.server.slow_seconds)
            self._reply(200, "{}")
        elif path == "/fault/reset":
            # Close without answering: the client sees the connection dropped mid-request.
            linger = b"\x01\x00\x00\x00\x00\x00\x00\x00"  # on, 0 s: the close sends a reset
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
            self.connection.close()
        elif path == "/fault/500":
            self._reply(500, json.dumps({"error": {"type": "boom", "reason": "the server broke"}}))
        elif path == "/fault/notjson":
            self._reply(200, "<html>not json</html>", "application/json")
        elif path == "/fault/warning":
            data = b"{}"
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            first = '299 Elasticsearch-8.13.0-abc "[x] is deprecated, use \\"y\\"" "Mon, 01 Jan"'
            self.send_header("Warning", first)
            self.send_header("Warning", '299 Elasticsearch-8.13.0-abc "a second one"')
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        elif path == "/fault/die":
            # Stop listening before dropping the connection, so the next request cannot connect: the
            # runner's "unreachable" path is then tested every time, not only when the race goes that way.
            self.server.socket.close()
            self.connection.close()
            threading.Thread(target=self.server.stop, daemon=True).start()
        elif path in LISTINGS:
            self._reply(200, json.dumps(LISTINGS[path]))
        else:
            self._reply(200, json.dumps({"acknowledged": True}))

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _handle


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.seen: list[tuple[str, str, str]] = []
        self.slow_seconds = 2.0
        self.frozen, self.stopping = threading.Event(), threading.Event()
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    def stop(self) -> None:
        self.stopping.set()
        self.shutdown()
        self.server_close()

    def handle_error(self, request, client_address) -> None:
        pass  # resets and closed sockets are what this server is for


class FaultServer:
    def __enter__(self) -> _Server:
        self.server = _Server()
        self.server._thread.start()
        host, port = self.server.server_address[:2]
        self.server.url = f"http://{host}:{port}"
        return self.server

    def __exit__(self, *exc) -> None:
        with contextlib.suppress(OSError):
            self.server.stop()
