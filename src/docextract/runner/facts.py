"""What the prerequisites of a test ask of the target: its version and distribution (GET / once), its
cluster features and its capabilities, each asked at most once per run, and only when a test asks."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from docextract.runner import versions
from docextract.runner.transport import Response

# Sends one request to the target: (method, path with its query string) → response.
Ask = Callable[[str, str], Response]


class Facts:
    """The target as the prerequisites see it; TransportError when it cannot be asked."""

    def __init__(self, ask: Ask):
        self._ask = ask
        self._lock = threading.Lock()
        self._root: dict | None = None
        self._features: frozenset[str] | None = None
        self._capabilities: dict[str, bool] = {}

    def _info(self) -> dict:
        with self._lock:
            if self._root is None:
                body = self._ask("GET", "/").body
                version = body.get("version") if isinstance(body, dict) else None
                self._root = version if isinstance(version, dict) else {}
            return self._root

    @property
    def version(self) -> versions.Version | None:
        number = self._info().get("number")
        try:  # the target's own version is never a legacy one
            return versions.parse_version(str(number)) if number else None
        except versions.RangeError:
            return None

    @property
    def distribution(self) -> str:
        return str(self._info().get("distribution") or "elasticsearch")

    @property
    def opensearch(self) -> bool:
        return self.distribution == "opensearch"

    def has_feature(self, name: str) -> bool:
        """A cluster feature: `gte_vX.Y.Z` from the version (the framework's synthetic features), any
        other from the features every node of an Elasticsearch cluster publishes; unknown ones are absent."""
        if name.startswith("gte_v"):
            try:
                wanted = versions.parse_version(name[len("gte_v") :], self.opensearch)
            except versions.RangeError:
                return False
            version = self.version
            return version is not None and version >= wanted
        return name in self._cluster_features()

    def _cluster_features(self) -> frozenset[str]:
        if self.distribution != "elasticsearch":
            return frozenset()  # OpenSearch has no cluster features
        with self._lock:
            if self._features is None:
                body = self._ask("GET", "/_cluster/state?filter_path=nodes_features").body
                nodes = body.get("nodes_features") if isinstance(body, dict) else None
                sets = [set(n.get("features") or ()) for n in nodes or () if isinstance(n, dict)]
                self._features = frozenset(set.intersection(*sets)) if sets else frozenset()
            return self._features

    def supports(self, check: dict[str, Any]) -> bool:
        """A capabilities check ({method, path, parameters, capabilities}) the target says it supports;
        a target without the _capabilities API supports none."""
        query: dict[str, str] = {"method": str(check.get("method") or "GET"), "path": str(check.get("path"))}
        for field in ("parameters", "capabilities"):
            value = check.get(field)
            if value is not None:
                query[field] = ",".join(map(str, value)) if isinstance(value, list) else str(value)
        key = urlencode(query)
        with self._lock:
            if key not in self._capabilities:
                response = self._ask("GET", f"/_capabilities?{key}")
                body = response.body if response.status < 400 else None
                self._capabilities[key] = isinstance(body, dict) and body.get("supported") is True
            return self._capabilities[key]


_known: weakref.WeakKeyDictionary[Any, Facts] = weakref.WeakKeyDictionary()
_known_lock = threading.Lock()


def of(cluster: Any) -> Facts:
    """The facts of a cluster (clusters.EmbeddedCluster or ExternalCluster), shared by all its tests."""
    with _known_lock:
        facts = _known.get(cluster)
        if facts is None:
            held = weakref.ref(cluster)  # the facts must not keep their cluster alive
            facts = _known[cluster] = Facts(lambda method, path: _ask(held(), method, path))
        return facts


def _ask(cluster: Any, method: str, path: str) -> Response:
    # Through a test target of its own, as any test: a clone of the embedded cluster, or the external one.
    with cluster.test_target() as target:
        return target.transport.send(method, path)[1]
