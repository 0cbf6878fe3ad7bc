"""The embedded server's clones, made and deleted through its /_osmem/clones API over one keep-alive
connection per process and thread (osmem_server's own calls open a connection for each, twice a test).

The requests are pipelined where the connection allows it (runner/plainhttp.py): a clone's deletion is
sent without waiting for its answer, and once a thread has asked for a second clone, the next one is
asked for as soon as it takes one, so that the server makes it while the test runs (the base is
frozen: a clone made early is the clone made late). A test then waits for no clone request at all."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from contextlib import suppress

from docextract.runner.transport import Target, Transport, TransportError

_CLONES = "/_osmem/clones"


class Clones:
    """Clones of the server at base_url; usable from several threads and from forked worker processes."""

    def __init__(self, base_url: str, connect: Callable[[Target], Transport], timeout: float):
        # A server on 127.0.0.1 that does not answer is gone: retrying would only delay the report.
        self._target = Target(base_url, timeout=timeout, retries=0, proxies_from_env=False)
        self._base = base_url.rstrip("/")
        self._connect = connect
        self._local = threading.local()

    def create(self) -> tuple[str, str]:
        """A new clone of the base: its id and its URL."""
        transport, made = self._line()
        http = transport.http
        if not hasattr(http, "submit"):  # an HTTP without pipelining: a request, then its response
            _, response = transport.send("POST", _CLONES)
            return _made(response.status, response.text)
        if "POST" not in http.owed:
            http.submit("POST", self._base + _CLONES)
        clone = self._collect(http)
        self._local.held = (os.getpid(), transport, made + 1)
        if made:  # a thread that takes clones one after another: its next one now
            http.submit("POST", self._base + _CLONES)
        return clone

    def delete(self, clone_id: str) -> None:
        """Delete a clone; a server already gone has nothing left to delete."""
        transport, _ = self._line()
        with suppress(TransportError):
            if hasattr(transport.http, "submit"):
                transport.http.submit("DELETE", f"{self._base}{_CLONES}/{clone_id}")
            else:
                transport.send("DELETE", f"{_CLONES}/{clone_id}")

    def close(self) -> None:
        """Delete this thread's clone made ahead, then close its connection (other threads' close when
        their thread ends)."""
        held = getattr(self._local, "held", None)
        if held is not None and held[0] == os.getpid():
            http = held[1].http
            with suppress(TransportError):
                while getattr(http, "owed", ()):
                    if http.owed[0] == "POST":
                        spare, _ = self._collect(http)
                        http.submit("DELETE", f"{self._base}{_CLONES}/{spare}")
                    else:
                        http.collect()
            held[1].close()
        self._local.held = None

    def _collect(self, http) -> tuple[str, str]:
        """The clone made for the oldest creation owed, the deletions owed before it read on the way."""
        while http.owed and http.owed[0] != "POST":
            http.collect()
        if not http.owed:  # the server closed the connection after a deletion's answer
            raise TransportError("unreachable", "the embedded cluster closed the connection: no clone")
        return _made(*http.collect())

    def _line(self) -> tuple[Transport, int]:
        """This process's and thread's connection, and how many clones it has made."""
        # A worker forked from this process must not share its socket: a connection is its process's own.
        held = getattr(self._local, "held", None)
        if held is None or held[0] != os.getpid():
            held = (os.getpid(), self._connect(self._target), 0)
            self._local.held = held
        return held[1], held[2]


def _made(status: int, text: str) -> tuple[str, str]:
    """The id and URL of the clone a creation's response describes."""
    try:
        made = json.loads(text) if 200 <= status < 300 else None
    except ValueError:
        made = None
    if not isinstance(made, dict) or "id" not in made or "url" not in made:
        raise TransportError("unreachable", f"the embedded cluster made no clone ({status}): {text[:200]}")
    return str(made["id"]), str(made["url"])
