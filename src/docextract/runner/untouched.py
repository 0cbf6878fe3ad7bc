"""Whether a test left its clone as the clone was made: every request it sent was refused by the server's
router (a route, or a method of it, the server has no handler for), so the clone can serve the next test.

About half the corpus's tests on the embedded cluster are of that kind (an API osmem-server lacks, tried
first), and a clone costs the server more than a request (making and deleting it, and the new
connection its own port asks for). Only the router's refusal counts: it comes before any handler runs.
A read (GET) is not counted, though it seldom changes anything: a search moves the statistics that a
later `GET _nodes/stats` shows, and a scroll keeps a context open."""

from __future__ import annotations

import json
import os
import threading

from docextract.runner.gaps import ROUTER_REFUSALS
from docextract.runner.transport import Reply, Transport


class Watched:
    """An HTTP (runner/http.py) that notes whether a request may have changed what it was sent to."""

    def __init__(self, http) -> None:
        self.http = http
        self.touched = False

    def request(self, method: str, url: str, data: bytes | None, headers: dict[str, str]) -> Reply:
        before, self.touched = self.touched, True  # a request cut short may have reached a handler
        reply = self.http.request(method, url, data, headers)
        if refused(reply):
            self.touched = before
        return reply

    def close(self) -> None:
        self.http.close()


class Kept:
    """The clone each thread's previous test left untouched, until the thread's next test takes it."""

    def __init__(self) -> None:
        self._local = threading.local()

    def keep(self, clone_id: str, transport: Transport) -> None:
        self._local.clone = (os.getpid(), clone_id, transport)

    def take(self) -> tuple[str, Transport] | None:
        """The clone's id and transport, no longer kept; None when there is none."""
        kept = getattr(self._local, "clone", None)
        self._local.clone = None
        if kept is None or kept[0] != os.getpid():  # a forked worker's is its parent's: not to be used
            return None
        return kept[1], kept[2]


def refused(reply: Reply) -> bool:
    """Whether the server's router refused the request (no handler ran): the answer's error is only the
    router's message."""
    if reply.status not in (400, 405):
        return False
    try:
        error = json.loads(reply.text).get("error")
    except (ValueError, AttributeError):
        return False
    return isinstance(error, str) and error.startswith(ROUTER_REFUSALS)
