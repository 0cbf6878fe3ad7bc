"""Fakes for in-process runs: a clock that never waits, and an in-memory Elasticsearch behind the `http`
factory of an Environment, with knobs to refuse connections, go away, or send deprecation warnings.

    cluster, clock = FakeCluster(), FakeClock()
    Environment(stdout=…, stderr=…, clock=clock, http=cluster)  # cluster(target) is the Http
    cluster.refuse(2)                   # the next two connections are refused (TransportError "unreachable")
    cluster.go_away(after="DELETE /x")  # answers that request, then refuses every connection
    cluster.warn("GET /x/_search", "[y] is deprecated")  # a Warning header on each reply to it
    cluster.script("GET /_test/x", 409, {"error": …})   # answers that request so, whatever it holds
    cluster.version, cluster.distribution  # what GET / says (8.15.0, elasticsearch when None)
    cluster.features, cluster.capabilities  # the cluster features its nodes publish; capabilities it has
    cluster.requests, cluster.refused   # every request received; how many connections were refused
    cluster.open                        # transports made on it and not closed yet

It answers as Elasticsearch 8 does (statuses, JSON bodies, content-type) to what small doc pages send:
create, check, get and delete an index; index and get a document; search (every document, score 1.0);
the listings ExternalCluster takes around each test; `GET /_echo` (the request's headers, query and body
back), the cluster features and capabilities the prerequisites of YAML tests ask for, and scripted
answers. Anything else: 400 "no handler found".
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from docextract.runner.transport import Reply, Target, TransportError

VERSION = "8.15.0"


class FakeClock:
    """Time that moves only when asked to sleep; `slept` lists every sleep asked for."""

    def __init__(self) -> None:
        self.time = 0.0
        self.slept: list[float] = []

    def now(self) -> float:
        return self.time

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.time += seconds


@dataclass(frozen=True)
class Request:
    method: str
    path: str  # without the query string, with a leading /
    query: dict[str, str]
    body: str | None
    headers: dict[str, str] = field(repr=False)


class FakeCluster:
    """One in-memory cluster; it is its own `http` factory, so every transport shares its state."""

    def __init__(self) -> None:
        self.indices: dict[str, dict[str, dict]] = {}  # index -> document id -> stored document
        self.requests: list[Request] = []
        self.refused = 0
        self.open = 0
        self._writes: Counter[str] = Counter()  # per index: the next _seq_no
        self._refusals, self._gone, self._gone_after = 0, False, None
        self._warnings: dict[str, str] = {}
        self._scripts: dict[str, Scripted] = {}
        self.html = False  # answer the APIs (not GET / nor the listings) with a web page
        self.version, self.distribution = VERSION, None
        self.features: set[str] = set()
        self.capabilities: set[str] = set()

    # -- knobs -------------------------------------------------------------------------------------------

    def refuse(self, connections: int) -> None:
        self._refusals = connections

    def go_away(self, after: str | None = None) -> None:
        """Refuse every connection from now on, or once the request `after` ("METHOD /path") is answered."""
        self._gone, self._gone_after = after is None, after

    def warn(self, request: str, message: str) -> None:
        self._warnings[request] = message

    def script(
        self,
        request: str,
        status: int,
        body: Any = None,
        content_type: str = "application/json",
        warnings: tuple[str, ...] = (),
    ) -> None:
        """Answer "METHOD /path" with this status and body (JSON unless a string), and these warnings."""
        self._scripts[request] = Scripted(status, body, content_type, tuple(warnings))

    # -- Http --------------------------------------------------------------------------------------------

    def __call__(self, target: Target) -> FakeCluster:
        self.open += 1
        return self

    def close(self) -> None:
        self.open -= 1

    def request(self, method: str, url: str, data: bytes | None, headers: dict[str, str]) -> Reply:
        parts = urlsplit(url)
        if self._gone or self._refusals:
            self._refusals = max(0, self._refusals - 1)
            self.refused += 1
            message = f"cannot connect to {parts.scheme}://{parts.netloc}: [Errno 111] Connection refused"
            raise TransportError("unreachable", message)
        body = data.decode("utf-8") if data is not None else None
        request = Request(method, parts.path or "/", dict(parse_qsl(parts.query)), body, headers)
        self.requests.append(request)
        shown = f"{method} {request.path}"
        if (scripted := self._scripts.get(shown)) is not None:
            return scripted.reply(method)
        status, answer = self._answer(request)
        if self.html and method != "GET":
            return Reply(
                200, {"content-type": "text/html; charset=utf-8"}, "<html><body>Hi</body></html>", ()
            )
        if shown == self._gone_after:
            self._gone = True
        warning = self._warnings.get(shown)
        warnings = (f'299 Elasticsearch-{VERSION}-fake "{warning}"',) if warning else ()
        text = "" if method == "HEAD" else json.dumps(answer)
        return Reply(status, {"content-type": "application/json"}, text, warnings)

    def _answer(self, request: Request) -> tuple[int, Any]:
        method, query = request.method, request.query
        route = [part for part in request.path.split("/") if part]
        match route:
            case [] if method in ("GET", "HEAD"):
                version = {"number": self.version}
                if self.distribution:
                    version["distribution"] = self.distribution
                return 200, {"name": "fake", "cluster_name": "fake", "version": version}
            case ["_echo"]:
                return 200, {"headers": _lower(request.headers), "query": query, "body": request.body}
            case ["_cluster", "state"] if method == "GET":
                return 200, {"nodes_features": [{"node_id": "n1", "features": sorted(self.features)}]}
            case ["_capabilities"] if method == "GET":
                wanted = set(filter(None, query.get("capabilities", "").split(",")))
                return 200, {"supported": bool(wanted) and wanted <= self.capabilities}
            case [index, "_doc", id] if method == "HEAD":
                return (200 if id in self.indices.get(index, {}) else 404), None
            case ["_cat", "indices"] if method == "GET":
                return 200, [{"index": name} for name in sorted(self.indices)]
            case ["_data_stream" | "_index_template" | "_component_template" as kind] if method == "GET":
                return 200, {kind.strip("_") + "s": []}
            case ["_ingest", "pipeline"] if method == "GET":
                return 200, {}
            case [index] if not index.startswith("_"):
                return self._index(method, index, query)
            case [index, "_doc", id] if method in ("PUT", "POST"):
                return self._put_document(index, id, request.body, query)
            case [index, "_doc", id] if method == "GET" and index in self.indices:
                return self._get_document(index, id)
            case [index, "_search"] if index in self.indices and method in ("GET", "POST"):
                return 200, self._search(index)
            case [index, *_] if not index.startswith("_") and index not in self.indices:
                return _missing(index)
        return _no_handler(method, request.path)

    def _index(self, method: str, index: str, query: dict[str, str]) -> tuple[int, Any]:
        exists = index in self.indices
        if method == "PUT" and exists:
            reason = f"index [{index}/fake-uuid] already exists"
            return _error(400, "resource_already_exists_exception", reason, index=index)
        if method == "PUT":
            self.indices[index] = {}
            return 200, {"acknowledged": True, "shards_acknowledged": True, "index": index}
        if method == "DELETE" and (exists or query.get("ignore_unavailable") == "true"):
            self.indices.pop(index, None)
            self._writes.pop(index, None)
            return 200, {"acknowledged": True}
        if method == "HEAD":
            return (200 if exists else 404), None
        if method == "GET" and exists:
            return 200, {index: {"aliases": {}, "mappings": {}, "settings": {}}}
        return _no_handler(method, f"/{index}") if exists else _missing(index)

    def _get_document(self, index: str, id: str) -> tuple[int, Any]:
        if id not in self.indices[index]:
            return 404, {"_index": index, "_id": id, "found": False}
        stored = self.indices[index][id]
        return 200, {
            "_index": index,
            "_id": id,
            "_version": stored["_version"],
            "_seq_no": stored["_seq_no"],
            "_primary_term": 1,
            "found": True,
            "_source": stored["_source"],
        }

    def _put_document(self, index: str, id: str, body: str | None, query: dict[str, str]) -> tuple[int, Any]:
        documents = self.indices.setdefault(index, {})  # indexing into a missing index creates it
        old = documents.get(id)
        version, seq_no = (old["_version"] + 1 if old else 1), self._writes[index]
        self._writes[index] += 1
        documents[id] = {"_version": version, "_seq_no": seq_no, "_source": json.loads(body or "{}")}
        answer = {"_index": index, "_id": id, "_version": version, "result": "updated" if old else "created"}
        if query.get("refresh") in ("", "true", "wait_for"):
            answer["forced_refresh"] = True
        shards = {"total": 2, "successful": 1, "failed": 0}
        return (200 if old else 201), {**answer, "_shards": shards, "_seq_no": seq_no, "_primary_term": 1}

    def _search(self, index: str) -> dict:
        hits = [
            {"_index": index, "_id": id, "_score": 1.0, "_source": document["_source"]}
            for id, document in self.indices[index].items()
        ]
        return {
            "took": 1,
            "timed_out": False,
            "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
            "hits": {
                "total": {"value": len(hits), "relation": "eq"},
                "max_score": 1.0 if hits else None,
                "hits": hits,
            },
        }


@dataclass(frozen=True)
class Scripted:
    status: int
    body: Any
    content_type: str
    warnings: tuple[str, ...]

    def reply(self, method: str) -> Reply:
        text = self.body if isinstance(self.body, str) else "" if self.body is None else json.dumps(self.body)
        headers = {"content-type": self.content_type} if self.content_type else {}
        warnings = tuple(
            w if w[:3].isdigit() else f'299 Elasticsearch-{VERSION}-fake "{w}"' for w in self.warnings
        )
        return Reply(self.status, headers, "" if method == "HEAD" else text, warnings)


def _lower(headers: dict[str, str]) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


def _error(status: int, kind: str, reason: str, **extra: str) -> tuple[int, dict]:
    cause = {"type": kind, "reason": reason, **extra}
    return status, {"error": {"root_cause": [cause], **cause}, "status": status}


def _missing(index: str) -> tuple[int, dict]:
    return _error(404, "index_not_found_exception", f"no such index [{index}]", index=index)


def _no_handler(method: str, path: str) -> tuple[int, dict]:
    return 400, {"error": f"no handler found for uri [{path}] and method [{method}]"}
