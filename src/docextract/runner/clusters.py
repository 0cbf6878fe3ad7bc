"""Where tests run: the embedded osmem-server (a clean clone per test) or an external cluster."""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass

from docextract.runner.clones import Clones
from docextract.runner.osmem import go_runtime
from docextract.runner.transport import Target, Transport, TransportError
from docextract.runner.untouched import Kept, Watched

# Opens a transport to a target (with the run's clock and HTTP); the command builds it.
Connect = Callable[[Target], Transport]

# What a test can leave behind, and how to list and delete it.
RESOURCES = (
    ("index", "_cat/indices?format=json&h=index&expand_wildcards=all", "index"),
    ("data_stream", "_data_stream", None),
    ("index_template", "_index_template", None),
    ("component_template", "_component_template", None),
    ("pipeline", "_ingest/pipeline", None),
)
_DELETE = {
    "index": "{name}?expand_wildcards=all",
    "data_stream": "_data_stream/{name}",
    "index_template": "_index_template/{name}",
    "component_template": "_component_template/{name}",
    "pipeline": "_ingest/pipeline/{name}",
}


class ClusterUnavailable(Exception):
    """The cluster cannot be used: it does not answer, or it cannot be started."""


class ClusterRefused(Exception):
    """The cluster answers, but running tests on it could destroy data that is not ours."""


@dataclass
class TestTarget:
    """What one test runs on: a transport to its cluster (or clone) and what the test left behind."""

    transport: Transport
    # What the test left behind, as (kind, name) pairs, cleaned up after it; empty on clones.
    leftovers: list[tuple[str, str]]


class EmbeddedCluster:
    """osmem-server, started once and stopped with the command; every test gets a clean clone: a new one,
    or the one the thread's previous test left as it was made (every request refused by the router).

    Without japanese the server leaves the kuromoji analysis out (it falls back to CJK bigrams), which
    saves loading its dictionaries; needs_japanese tells whether the suites of a run need it."""

    sends_warnings = False  # OpenSearch-compatible: Elasticsearch's deprecation warnings are not sent

    def __init__(self, connect: Connect, timeout: float = 30.0, japanese: bool = True):
        self.connect, self.timeout, self.japanese = connect, timeout, japanese
        self._server = None
        self._clones: Clones | None = None
        self._lock = threading.Lock()
        self._kept = Kept()

    def start(self) -> None:
        with self._lock:
            if self._server is not None:
                return
            # Started in a thread of its own: a Ctrl-C or SIGTERM while the server starts reaches the main
            # thread here, which then waits the little the start takes and stops the server it gave,
            # instead of leaving a process behind.
            outcome: list = []
            done = threading.Event()
            # Not Thread.join: on Python 3.11 a join cut short by a signal marks the thread as ended
            # while it still runs (CPython gh-90882), and the server it starts would be left behind.
            threading.Thread(
                target=self._start_server, args=(outcome, done, self.japanese), daemon=True
            ).start()
            try:
                while not done.wait(0.05):
                    pass
            except BaseException:
                while True:  # the server being started must be stopped, even if a second signal comes
                    try:
                        done.wait()
                        break
                    except KeyboardInterrupt:
                        continue
                self._server = next((o for o in outcome if not isinstance(o, Exception)), None)
                self.close()
                raise
            if isinstance(outcome[0], Exception):  # a missing binary, a port, a crash: all mean no cluster
                raise ClusterUnavailable(f"the embedded cluster (osmem-server) did not start: {outcome[0]}")
            self._server = outcome[0]
            self._clones = Clones(self._server.url, self.connect, self.timeout)
            if not self.japanese:  # the first index costs no more than any other
                return
            # The first index a server creates loads the Japanese dictionaries (about 0.7 s): do that
            # now, while the first tests are prepared, instead of in the first test. What the warm-up
            # imports is imported here first: worker processes forked while a thread holds Python's
            # import lock would wait for it forever. That includes the codec socket.getaddrinfo looks up
            # for a host name on its first connection.
            import encodings.idna  # noqa: F401

            import docextract.runner.plainhttp  # noqa: F401

            threading.Thread(target=self._warm_up, daemon=True).start()

    @staticmethod
    def _start_server(outcome: list, done: threading.Event, japanese: bool) -> None:
        try:
            from osmem_server import OsmemServer

            with go_runtime():
                outcome.append(OsmemServer.start(japanese=japanese))
        except Exception as err:
            outcome.append(err)
        finally:
            done.set()

    def _warm_up(self) -> None:
        with suppress(Exception), self.test_target() as target:
            target.transport.send("PUT", "/docextract-warm-up")

    def _clone_target(self, url: str) -> Target:
        # A clone on 127.0.0.1 that does not answer is gone: retrying would only delay the report.
        return Target(url, timeout=self.timeout, retries=0, proxies_from_env=False)

    @property
    def description(self) -> str:
        version = getattr(self._server, "version", "")
        return f"embedded osmem-server {version}".strip()

    @contextmanager
    def test_target(self) -> Iterator[TestTarget]:
        """A clone of its own for one test: a new one, or the one the thread's previous test left as it
        was made (runner/untouched.py); TransportError("unreachable") when the server gives none."""
        kept = self._kept.take()
        if kept is not None:
            clone_id, transport = kept
        else:
            clone_id, url = self._clones.create()
            transport = self.connect(self._clone_target(url))
            transport.http = Watched(transport.http)
        untouched = False
        try:
            yield TestTarget(transport, [])
            untouched = not transport.http.touched
        finally:
            if untouched:
                self._kept.keep(clone_id, transport)
            else:
                transport.close()
                self._clones.delete(clone_id)

    def close(self) -> None:
        if self._clones is not None:
            kept = self._kept.take()
            if kept is not None:
                kept[1].close()
                self._clones.delete(kept[0])
            self._clones.close()
            self._clones = None
        if self._server is not None:
            # SIGTERM ends it quietly (closing its stdin would, but it says so on our stderr).
            process = self._server.process
            process.terminate()
            try:
                process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            self._server = None


class ExternalCluster:
    """A cluster at a URL, shared with others: tests run one after another and clean up after themselves."""

    def __init__(self, target: Target, connect: Connect, wipe: bool = False):
        self.target, self.wipe = target, wipe
        self.transport = connect(target)
        self.version = ""
        self.sends_warnings = True
        self.gone = False  # it stopped answering during the run

    @property
    def description(self) -> str:
        return f"{self.target.url} {self.version}".strip()

    def start(self) -> None:
        try:
            _, response = self.transport.send("GET", "/")
        except TransportError as err:
            raise ClusterUnavailable(str(err)) from None
        if response.status in (401, 403):
            raise ClusterUnavailable(f"{self.target.url} refused the credentials ({response.status})")
        version = response.body.get("version") if isinstance(response.body, dict) else None
        if response.status >= 400 or not isinstance(version, dict):
            kind = response.headers.get("content-type", "no content type").split(";")[0]
            raise ClusterUnavailable(
                f"{self.target.url} does not look like an Elasticsearch-compatible cluster: GET / answered "
                f"{response.status} ({kind}) without the version an Elasticsearch or OpenSearch node gives"
            )
        distribution = version.get("distribution", "elasticsearch")
        self.version = f"{distribution} {version.get('number', '')}".strip()
        self.sends_warnings = distribution == "elasticsearch"
        held = self._snapshot()
        if held is None:
            raise ClusterUnavailable(f"{self.target.url} stopped answering while its indices were listed")
        existing = [name for kind, name in held if kind == "index" and not name.startswith(".")]
        if existing and not self.wipe:
            shown = ", ".join(sorted(existing)[:5]) + (", …" if len(existing) > 5 else "")
            raise ClusterRefused(
                f"{self.target.url} holds {len(existing)} {'index' if len(existing) == 1 else 'indices'} "
                f"docextract did not create ({shown}). Doc "
                "tests create and delete indices with common names (my-index-000001, twitter…) and could "
                "overwrite or delete them. Use an empty cluster, or pass --wipe to delete every index, data "
                "stream, template and pipeline before and between tests, as Elasticsearch's test framework "
                "does."
            )
        if self.wipe:
            self._delete(held)

    def _snapshot(self) -> set[tuple[str, str]] | None:
        """What the cluster holds; None once it stopped answering (the test then fails on its own, and
        listing it again would only wait for the retries of each listing)."""
        if self.gone:
            return None
        found: set[tuple[str, str]] = set()
        for kind, path, field in RESOURCES:
            try:
                _, response = self.transport.send("GET", path)
            except TransportError as err:
                # A listing unanswered within the timeout, then GET / too: the cluster has stopped
                # answering (a hung or frozen node), and each test would wait out every timeout again.
                if err.kind == "unreachable" or (err.kind == "timeout" and not self._answers()):
                    self.gone = True
                    return None
                continue
            if response.status >= 400:
                continue  # the target has no such API (osmem has no pipelines): nothing to leak there
            found.update((kind, name) for name in _names(kind, response.body, field))
        return found

    def _answers(self) -> bool:
        """Whether the cluster still answers GET / (whatever it answers)."""
        try:
            self.transport.send("GET", "/")
        except TransportError as err:
            return err.kind not in ("unreachable", "timeout")
        return True

    def _delete(self, items) -> None:
        # Data streams before their templates, templates before what they use, indices last.
        order = ("data_stream", "index_template", "component_template", "pipeline", "index")
        for kind in order:
            for item_kind, name in sorted(items):
                if item_kind == kind and not name.startswith("."):
                    with suppress(TransportError):
                        self.transport.send("DELETE", _DELETE[kind].format(name=name))

    @contextmanager
    def test_target(self) -> Iterator[TestTarget]:
        before = self._snapshot()
        target = TestTarget(self.transport, [])
        try:
            yield target
        finally:
            after = self._snapshot()
            if before is not None and after is not None:
                target.leftovers.extend(sorted(after - before))
                self._delete(after if self.wipe else after - before)

    def close(self) -> None:
        self.transport.close()


def _names(kind: str, body, field: str | None) -> list[str]:
    if kind == "index" and isinstance(body, list):
        return [row[field] for row in body if isinstance(row, dict) and field in row]
    if kind == "data_stream" and isinstance(body, dict):
        return [d.get("name") for d in body.get("data_streams", []) if isinstance(d, dict)]
    if kind in ("index_template", "component_template") and isinstance(body, dict):
        key = "index_templates" if kind == "index_template" else "component_templates"
        return [t.get("name") for t in body.get(key, []) if isinstance(t, dict) and t.get("name")]
    if kind == "pipeline" and isinstance(body, dict):
        return list(body)
    return []
