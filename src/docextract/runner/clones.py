"""The embedded server's clones, made and deleted through its /_osmem/clones API over one keep-alive
connection per process and thread (osmem_server's own calls open a connection for each, twice a test)."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from contextlib import suppress

from docextract.runner.transport import Target, Transport, TransportError


class Clones:
    """Clones of the server at base_url; usable from several threads and from forked worker processes."""

    def __init__(self, base_url: str, connect: Callable[[Target], Transport], timeout: float):
        # A server on 127.0.0.1 that does not answer is gone: retrying would only delay the report.
        self._target = Target(base_url, timeout=timeout, retries=0, proxies_from_env=False)
        self._connect = connect
        self._local = threading.local()

    def create(self) -> tuple[str, str]:
        """A new clone of the base: its id and its URL."""
        _, response = self._connection().send("POST", "/_osmem/clones")
        made = response.body if 200 <= response.status < 300 else None
        if not isinstance(made, dict) or "id" not in made or "url" not in made:
            shown = f"({response.status}): {response.text[:200]}"
            raise TransportError("unreachable", f"the embedded cluster made no clone {shown}")
        return str(made["id"]), str(made["url"])

    def delete(self, clone_id: str) -> None:
        """Delete a clone; a server already gone has nothing left to delete."""
        with suppress(TransportError):
            self._connection().send("DELETE", f"/_osmem/clones/{clone_id}")

    def close(self) -> None:
        """Close this thread's connection (other threads' close when their thread ends)."""
        held = getattr(self._local, "held", None)
        if held is not None and held[0] == os.getpid():
            held[1].close()
        self._local.held = None

    def _connection(self) -> Transport:
        # A worker forked from this process must not share its socket: a connection is its process's own.
        held = getattr(self._local, "held", None)
        if held is None or held[0] != os.getpid():
            held = (os.getpid(), self._connect(self._target))
            self._local.held = held
        return held[1]
