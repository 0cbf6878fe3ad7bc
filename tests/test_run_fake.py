"""docextract run --cluster on the in-memory fake cluster (tests/fakes.py): reports, retries and leaks,
in-process and without waiting."""

from __future__ import annotations

import contextlib
import io
import json
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import Run
from docextract.cli import main
from docextract.environment import Environment
from docextract.exitstatus import ExitStatus
from fakes import FakeClock, FakeCluster

URL = "http://fake:9200"


@pytest.fixture(autouse=True)
def no_real_sleep(monkeypatch):
    """Every wait must go through the injected clock."""
    slept: list[float] = []
    monkeypatch.setattr(time, "sleep", slept.append)
    yield
    assert slept == [], "something slept for real"


def run(
    tmp_path: Path, page: str, cluster: FakeCluster, *options: str, clock: FakeClock | None = None
) -> Run:
    """`docextract run page.asciidoc --cluster URL OPTIONS` in-process, on the fake cluster and clock."""
    (tmp_path / "page.asciidoc").write_text(page, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    env = Environment(stdout=out, stderr=err, environ={}, clock=clock or FakeClock(), http=cluster)
    with contextlib.chdir(tmp_path):  # positions are shown relative to where the user stands
        status = main(["run", "page.asciidoc", "--cluster", URL, *options], env)
    return Run(status, out.getvalue(), err.getvalue())


def records(path: Path, kind: str) -> list[dict]:
    return [r for r in map(json.loads, path.read_text("utf-8").splitlines()) if r["type"] == kind]


def line_of(page: str, text: str, nth: int = 0) -> int:
    """The line number of the nth line of the page that contains text."""
    return [n for n, line in enumerate(page.splitlines(), 1) if text in line][nth]


LIBRARY = """[[library]]
=== Library

////
[source,console]
----
DELETE /library?ignore_unavailable=true
----
// TEARDOWN
////

[source,console]
----
PUT /library/_doc/1?refresh=true
{"title": "Dune", "pages": 412}
----

[source,console]
----
GET /library/_search
----
// TEST[continued]

[source,console-result]
----
{
  "took": 3,
  "timed_out": false,
  "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
  "hits": {
    "total": {"value": 1, "relation": "eq"},
    "max_score": 1.0,
    "hits": [{"_index": "library", "_id": "1", "_score": 1.0, "_source": {"title": "Dune", "pages": 412}}]
  }
}
----
// TESTRESPONSE[s/"took": 3/"took": $body.took/]

[source,console]
----
PUT /library/_doc/1?refresh=true
{"title": "Dune", "pages": 412}
----

[source,console]
----
GET /library/_doc/1
----
// TEST[continued]

The response shows the wrong number of pages:

[source,console-result]
----
{
  "_index": "library",
  "_id": "1",
  "_version": 1,
  "_seq_no": 0,
  "_primary_term": 1,
  "found": true,
  "_source": {"title": "Dune", "pages": 421}
}
----

[source,console]
----
GET /_cluster/health
----
// TEST[skip:the fake cluster has no health API]
"""


def test_a_passing_a_failing_and_a_skipped_test_are_reported_alike_everywhere(tmp_path):
    out, junit = tmp_path / "results.json", tmp_path / "junit.xml"
    result = run(tmp_path, LIBRARY, FakeCluster(), "--json", str(out), "--junit", str(junit))
    assert result.status == ExitStatus.TESTS_FAILED, result.stderr
    tests = records(out, "test")
    # A test is named after the opening ---- of its first snippet, the line above its request.
    first, second = (line_of(LIBRARY, "PUT /library/_doc/1", n) - 1 for n in (0, 1))
    skipped = line_of(LIBRARY, "GET /_cluster/health") - 1
    assert [(t["name"], t["status"]) for t in tests] == [
        (f"line_{first}", "passed"),
        (f"line_{second}", "failed"),
        (f"line_{skipped}", "skipped"),
    ]
    wrong = line_of(LIBRARY, '"pages": 421')
    failure = tests[1]["failure"]
    assert failure["title"] == "match $body: at _source.pages expected 421, got 412"
    assert failure["pos"]["file"] == "page.asciidoc" and failure["pos"]["line"] == wrong
    assert tests[2]["reason"] == "the fake cluster has no health API"
    (summary,) = records(out, "summary")
    assert {k: summary[k] for k in ("passed", "failed", "skipped", "unsupported", "error")} == {
        "passed": 1,
        "failed": 1,
        "skipped": 1,
        "unsupported": 0,
        "error": 0,
    }
    assert summary["target"] == f"{URL} elasticsearch 8.15.0"
    assert records(out, "leak") == []  # the page's teardown deleted the index after each test
    suites = ET.parse(junit).getroot()
    assert [suites.get(k) for k in ("tests", "failures", "skipped", "errors")] == ["3", "1", "1", "0"]
    (junit_failure,) = suites.iter("failure")
    assert junit_failure.get("message") == failure["title"]
    assert f"at page.asciidoc:{wrong}" in junit_failure.text
    assert f"FAILED page.asciidoc:{second} (line_{second})" in result.stdout
    assert f"  --> page.asciidoc:{wrong}\n" in result.stdout
    assert f'>{wrong} |   "_source": {{"title": "Dune", "pages": 421}}' in result.stdout
    assert "curl -X GET http://fake:9200/library/_doc/1" in result.stdout


CLEAN = """[[clean]]
=== A page that cleans up after itself

[source,console]
----
PUT /library
----

[source,console]
----
DELETE /library
----
// TEST[continued]
"""


def test_connections_refused_at_first_are_retried_on_the_clock(tmp_path):
    cluster, clock = FakeCluster(), FakeClock()
    cluster.refuse(2)
    out = tmp_path / "results.json"
    result = run(tmp_path, CLEAN, cluster, "--json", str(out), clock=clock)
    assert result.status == ExitStatus.OK, result.stderr
    assert [t["status"] for t in records(out, "test")] == ["passed"]
    assert cluster.refused == 2 and clock.slept == [0.4, 0.8]
    assert (cluster.requests[0].method, cluster.requests[0].path) == ("GET", "/")


def test_a_cluster_that_refuses_every_connection_is_unreachable(tmp_path):
    cluster, clock = FakeCluster(), FakeClock()
    cluster.go_away()
    result = run(tmp_path, CLEAN, cluster, clock=clock)
    assert result.status == ExitStatus.CLUSTER_UNREACHABLE
    assert result.stderr.startswith(f"docextract: the cluster is unreachable: cannot connect to {URL}")
    assert "Traceback" not in result.stderr
    assert cluster.requests == [] and cluster.refused == 3 and clock.slept == [0.4, 0.8]


TWO_TESTS = (
    CLEAN
    + """
[source,console]
----
PUT /second
----
"""
)


def test_a_cluster_that_goes_away_ends_the_next_test_in_error(tmp_path):
    cluster = FakeCluster()
    cluster.go_away(after="DELETE /library")
    out, junit = tmp_path / "results.json", tmp_path / "junit.xml"
    result = run(tmp_path, TWO_TESTS, cluster, "--json", str(out), "--junit", str(junit))
    assert result.status == ExitStatus.CLUSTER_UNREACHABLE
    first, second = records(out, "test")
    assert first["status"] == "passed"
    assert (second["status"], second["cause"]) == ("error", "unreachable")
    assert second["reason"].startswith(f"the cluster is unreachable: cannot connect to {URL}")
    assert f"ERROR page.asciidoc:{second['pos']['line']} ({second['name']})" in result.stdout
    assert ET.parse(junit).getroot().get("errors") == "1"
    assert [r.path for r in cluster.requests if r.method != "GET"] == ["/library", "/library"]


LEAKY = """[[leaky]]
=== A page that leaves an index behind

[source,console]
----
PUT /leaky-index
{"settings": {"number_of_replicas": 0}}
----
"""


def test_a_leaked_index_is_reported_with_its_snippet_and_deleted(tmp_path):
    cluster = FakeCluster()
    out = tmp_path / "results.json"
    result = run(tmp_path, LEAKY, cluster, "--json", str(out))
    assert result.status == ExitStatus.OK, result.stderr
    (leak,) = records(out, "leak")
    created = line_of(LEAKY, "PUT /leaky-index")
    assert (leak["kind"], leak["name"], leak["created_by"]["line"]) == ("index", "leaky-index", created)
    assert f"index leaky-index  (created at page.asciidoc:{created})" in result.stdout
    assert cluster.indices == {}
    assert (cluster.requests[-1].method, cluster.requests[-1].path) == ("DELETE", "/leaky-index")


def test_a_cluster_holding_indices_is_refused_unless_wiped(tmp_path):
    cluster = FakeCluster()
    cluster.indices.update({"precious-data": {}, ".hidden-system-index": {}})
    refused = run(tmp_path, CLEAN, cluster)
    assert refused.status == ExitStatus.USAGE
    assert "refusing to run" in refused.stderr and "--wipe" in refused.stderr
    assert "holds 1 index docextract did not create (precious-data)" in refused.stderr
    assert "precious-data" in cluster.indices
    assert all(r.method == "GET" for r in cluster.requests)  # nothing written, nothing deleted
    wiped = run(tmp_path, CLEAN, cluster, "--wipe")
    assert wiped.status == ExitStatus.OK, wiped.stderr
    assert list(cluster.indices) == [".hidden-system-index"]  # dot-names belong to the cluster
    writes = [(r.method, r.path) for r in cluster.requests if r.method != "GET"]
    assert writes == [("DELETE", "/precious-data"), ("PUT", "/library"), ("DELETE", "/library")]


WARNED = """[[warned]]
=== Deprecation warnings

////
[source,console]
----
DELETE /library?ignore_unavailable=true
----
// TEARDOWN
////

[source,console]
----
PUT /library
----
// TEST[warning:creating an index is deprecated]

[source,console]
----
PUT /library
----
"""


def test_a_warning_the_docs_do_not_expect_fails_its_test(tmp_path):
    cluster = FakeCluster()
    cluster.warn("PUT /library", "creating an index is deprecated")
    out = tmp_path / "results.json"
    result = run(tmp_path, WARNED, cluster, "--json", str(out))
    assert result.status == ExitStatus.TESTS_FAILED
    expected, unexpected = records(out, "test")
    assert expected["status"] == "passed"
    assert unexpected["failure"]["title"] == "unexpected warning: creating an index is deprecated"


@pytest.mark.parametrize(
    "knob",
    [
        "none",
        "refuse-all",
        "held-indices",
    ],
)
def test_every_transport_a_run_opens_is_closed(tmp_path, knob):
    cluster = FakeCluster()
    if knob == "refuse-all":
        cluster.go_away()
    elif knob == "held-indices":
        cluster.indices["precious-data"] = {}
    run(tmp_path, CLEAN, cluster)
    assert cluster.open == 0
