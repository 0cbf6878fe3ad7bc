"""docextract run against a real osmem-server, and against a local server that misbehaves on purpose."""

from __future__ import annotations

import json
import os
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from osmem_server import OsmemServer

from conftest import REPO, SAMPLES, run_cli, write_tree
from docextract.exitstatus import ExitStatus
from faultserver import FaultServer

FAILING = REPO / "tests" / "pages" / "failing"


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def results_by_test(path: Path) -> dict[str, dict]:
    return {f"{r['suite']}::{r['name']}": r for r in records(path) if r["type"] == "test"}


@pytest.fixture(scope="module")
def osmem():
    with OsmemServer.start() as server:
        yield server


def test_the_samples_pass_on_the_embedded_cluster(tmp_path):
    out = tmp_path / "results.json"
    result = run_cli("run", str(SAMPLES), "--json", str(out))  # as `make demo` runs them
    assert result.status == ExitStatus.OK, result.stderr
    # Their named setups are found beside them, in the docs root.
    assert f"using setups from {os.path.relpath(SAMPLES / 'setups.yaml')}\n" in result.stderr
    tests = results_by_test(out)
    statuses = [t["status"] for t in tests.values()]
    assert statuses.count("passed") >= 30 and "failed" not in statuses and "error" not in statuses
    skipped = [t for t in tests.values() if t["status"] == "skipped"]
    assert [t["reason"] for t in skipped] == ["the test cluster has no password-protected keystore"]
    assert "skipped, with the docs' reasons:" in result.stdout
    for test in tests.values():  # every result points at the opening ---- (or ```) of a snippet of its page
        lines = (SAMPLES / test["pos"]["file"]).read_text("utf-8").splitlines()
        assert lines[test["pos"]["line"] - 1].lstrip().startswith(("----", "```")), test
    (summary,) = [r for r in records(out) if r["type"] == "summary"]
    assert summary["passed"] == statuses.count("passed") and summary["target"].startswith(
        "embedded osmem-server"
    )
    # Grouped as the text summary groups them, for a CI that reads the JSON.
    assert summary["skipped_by"] == {"the test cluster has no password-protected keystore": 1}
    assert sum(summary["unsupported_by"].values()) == statuses.count("unsupported") > 0
    assert all(f"{n:>4} × {feature}" in result.stdout for feature, n in summary["unsupported_by"].items())


def test_pages_that_are_wrong_fail_at_the_line_to_edit(tmp_path):
    out, junit = tmp_path / "results.json", tmp_path / "junit.xml"
    result = run_cli("run", str(FAILING), "--json", str(out), "--junit", str(junit))
    assert result.status == ExitStatus.TESTS_FAILED
    tests = results_by_test(out)
    wrong_response = tests["wrong-response.asciidoc::line_5"]
    assert wrong_response["status"] == "failed"
    assert wrong_response["failure"]["title"] == "match $body: at _source.pages expected 421, got 412"
    assert wrong_response["failure"]["pos"]["line"] == 27  # the line showing 421
    wrong_status = tests["wrong-status.asciidoc::line_5"]
    assert wrong_status["failure"]["title"].startswith(
        "the request failed with 404: index_not_found_exception"
    )
    assert wrong_status["failure"]["pos"]["line"] == 6
    catch = tests["catch-not-happening.asciidoc::line_5"]
    assert (
        catch["failure"]["title"] == "expected the request to fail (bad_request), but it succeeded with 200"
    )
    assert catch["failure"]["pos"]["line"] == 6
    assert (
        tests["leaked-index.asciidoc::line_5"]["status"] == "passed"
    )  # a fresh clone per test: nothing leaks
    assert '> 27 |   "_source": {"title": "Dune", "pages": 421}' in result.stdout.replace(">27", "> 27")
    assert "curl -X GET" in result.stdout and '+    "pages": 412,' in result.stdout
    suites = ET.parse(junit).getroot()
    assert suites.get("tests") == "4" and suites.get("failures") == "3"


def test_a_leaked_index_is_reported_with_the_snippet_that_created_it(tmp_path, osmem):
    with osmem.clone() as clone:
        out = tmp_path / "results.json"
        result = run_cli(
            "run", str(FAILING / "leaked-index.asciidoc"), "--cluster", clone.url, "--json", str(out)
        )
        assert result.status == ExitStatus.OK, result.stderr
        (leak,) = [r for r in records(out) if r["type"] == "leak"]
        assert (leak["kind"], leak["name"]) == ("index", "leaky-index")
        assert leak["created_by"]["line"] == 6
        shown = os.path.relpath(FAILING / "leaked-index.asciidoc")  # as the user can open it
        assert f"index leaky-index  (created at {shown}:6)" in result.stdout
        # … and cleaned up: the page can run again.
        assert (
            run_cli("run", str(FAILING / "leaked-index.asciidoc"), "--cluster", clone.url).status
            == ExitStatus.OK
        )


def test_a_cluster_holding_other_indices_is_refused_unless_wiped(tmp_path, osmem):
    import requests

    with osmem.clone() as clone:
        requests.put(f"{clone.url}/precious-data", timeout=5)
        page = str(FAILING / "leaked-index.asciidoc")
        refused = run_cli("run", page, "--cluster", clone.url)
        assert refused.status == ExitStatus.USAGE
        assert "holds 1 index docextract did not create (precious-data)" in refused.stderr
        assert "--wipe" in refused.stderr
        assert requests.head(f"{clone.url}/precious-data", timeout=5).status_code == 200
        wiped = run_cli("run", page, "--cluster", clone.url, "--wipe")
        assert wiped.status == ExitStatus.OK, wiped.stderr
        assert requests.head(f"{clone.url}/precious-data", timeout=5).status_code == 404


def test_an_unreachable_cluster_has_its_own_exit_status():
    result = run_cli(
        "run", str(FAILING / "wrong-status.asciidoc"), "--cluster", "http://127.0.0.1:9", "--retries", "0"
    )
    assert result.status == ExitStatus.CLUSTER_UNREACHABLE
    assert "the cluster is unreachable" in result.stderr and "Traceback" not in result.stderr


FAULTS = """[[faults]]
=== Faults

[source,console]
----
GET /fault/500
----

[source,console]
----
GET /fault/notjson
----

[source,console]
----
GET /fault/slow
----

[source,console]
----
GET /fault/reset
----

[source,console]
----
GET /fault/die
----

[source,console]
----
GET /after-the-end
----
"""


def test_a_cluster_that_stops_answering_stops_the_run(tmp_path):
    # After GET /fault/freeze the server answers nothing more, as a node stopped or hung: the test's
    # request times out, the listing after it too, and so does GET /; the run stops there, as for a
    # cluster lost, instead of waiting out every timeout of every test that follows.
    page = "".join(
        f"\n[source,console]\n----\nGET {path}\n----\n" for path in ("/x", "/fault/freeze", "/y", "/z")
    )
    write_tree(tmp_path, {"frozen.asciidoc": "= Frozen\n" + page})
    out = tmp_path / "results.json"
    started = time.monotonic()
    with FaultServer() as server:
        result = run_cli(
            "run",
            str(tmp_path / "frozen.asciidoc"),
            "--cluster",
            server.url,
            "--timeout",
            "0.3",
            "--json",
            str(out),
        )
    assert time.monotonic() - started < 5
    assert result.status == ExitStatus.CLUSTER_UNREACHABLE, result.stdout + result.stderr
    tests = list(results_by_test(out).values())
    assert [t["status"] for t in tests] == ["passed", "error", "not_run", "not_run"]
    assert tests[2]["reason"].startswith("not run: stopped after ")
    assert tests[1]["reason"].startswith(
        "the cluster is unreachable: it stopped answering (no response within 0.3 s"
    )
    assert "STOPPED: stopped after " in result.stdout


def test_transport_faults_end_as_errors_and_nothing_is_lost(tmp_path):
    write_tree(tmp_path, {"faults.asciidoc": FAULTS})
    out, junit = tmp_path / "results.json", tmp_path / "junit.xml"
    with FaultServer() as server:
        result = run_cli(
            "run",
            str(tmp_path / "faults.asciidoc"),
            "--cluster",
            server.url,
            "--timeout",
            "0.5",
            "--retries",
            "0",
            "--json",
            str(out),
            "--junit",
            str(junit),
        )
    tests = results_by_test(out)
    assert [t["status"] for t in tests.values()] == ["error"] * 6
    reasons = [t["reason"] for t in tests.values()]
    assert "the cluster failed with 500: boom: the server broke" in reasons[0]
    assert "with a body that is not JSON" in reasons[1]
    assert reasons[2].startswith("no response within 0.5 s")
    assert "closed mid-request" in reasons[3]
    assert "closed mid-request" in reasons[4]
    assert reasons[5].startswith("the cluster is unreachable: cannot connect")
    assert result.status == ExitStatus.CLUSTER_UNREACHABLE
    assert ET.parse(junit).getroot().get("errors") == "6"
    assert [r["type"] for r in records(out)][-1] == "summary"


def test_credentials_are_sent_but_never_shown(tmp_path):
    write_tree(tmp_path, {"page.asciidoc": "[source,console]\n----\nGET /fault/500\n----\n"})
    out, junit = tmp_path / "results.json", tmp_path / "junit.xml"
    with FaultServer() as server:
        result = run_cli(
            "run",
            str(tmp_path / "page.asciidoc"),
            "--cluster",
            server.url,
            "--user",
            "elastic",
            "--password-env",
            "SECRET_PW",
            "--json",
            str(out),
            "--junit",
            str(junit),
            environ={"SECRET_PW": "s3cret-value"},
        )
        seen = server.seen
    assert result.status == ExitStatus.TESTS_FAILED or result.status == ExitStatus.OK or result.stderr
    assert any(method == "GET" and path == "/fault/500" for method, path, _ in seen)
    for text in (result.stderr, result.stdout, out.read_text(), junit.read_text()):
        assert "s3cret-value" not in text and "ZWxhc3RpYzpzM2NyZXQtdmFsdWU" not in text
    assert '-u elastic:"$SECRET_PW"' in result.stdout  # the variable to set, never its value


def test_one_snippet_and_a_keyword_select_tests(tmp_path):
    page = SAMPLES / "constructs" / "annotations.asciidoc"
    out = tmp_path / "one.json"
    run_cli("run", f"{page}:93", "--setups", str(SAMPLES / "setups.yaml"), "--json", str(out))
    names = [t["name"] for t in results_by_test(out).values()]
    assert names == ["index-kimchy-sign-in"]  # line 93 stands in a snippet that continues that test
    out = tmp_path / "k.json"
    run_cli("run", str(SAMPLES), "--setups", str(SAMPLES / "setups.yaml"), "-k", "ndjson", "--json", str(out))
    assert {t["suite"] for t in results_by_test(out).values()} == {"constructs/ndjson.asciidoc"}


def test_yaml_test_files_run_as_they_are(tmp_path):
    assert run_cli("tests", str(FAILING), "-o", str(tmp_path / "rest")).status == ExitStatus.OK
    out = tmp_path / "results.json"
    result = run_cli("run", str(tmp_path / "rest" / "rest-api-spec" / "test"), "--json", str(out))
    assert result.status == ExitStatus.TESTS_FAILED
    tests = results_by_test(out)
    assert len(tests) == 4
    failed = [t for t in tests.values() if t["status"] == "failed"]
    assert len(failed) == 3 and all(t["pos"]["file"].endswith(".yml") for t in failed)


REGEXES = r"""---
"allowed warnings in Java syntax":
  - skip: {features: [allowed_warnings_regex]}
  - do:
      allowed_warnings_regex: ['^\[x\] is deprecated.*', '\Qa second\E one']
      raw: {method: GET, path: fault/warning}
---
"a warnings regex that does not compile":
  - skip: {features: [allowed_warnings_regex]}
  - do:
      allowed_warnings_regex: ['(']
      raw: {method: GET, path: fault/warning}
---
"catch by a regex":
  - do:
      catch: /the\sserver\sbroke/
      raw: {method: GET, path: fault/500}
"""


def test_the_docs_regexes_are_java_and_a_bad_one_fails_its_test(tmp_path):
    write_tree(tmp_path, {"regexes.yml": REGEXES})
    out = tmp_path / "results.json"
    with FaultServer() as server:
        result = run_cli("run", str(tmp_path / "regexes.yml"), "--cluster", server.url, "--json", str(out))
    tests = {name.split("::")[1]: t for name, t in results_by_test(out).items()}
    assert tests["allowed warnings in Java syntax"]["status"] == "passed"
    assert tests["catch by a regex"]["status"] == "passed"
    bad = tests["a warnings regex that does not compile"]
    assert bad["status"] == "failed"
    assert bad["reason"].startswith("a warnings regex is not valid: missing )")
    assert result.status == ExitStatus.TESTS_FAILED
    assert "Traceback" not in result.stderr


KUROMOJI = """= Japanese

[source,console]
----
POST /_analyze
{"tokenizer": "kuromoji_tokenizer", "text": "関西国際空港"}
----

[source,console-result]
----
{"tokens": [
  {"token": "関西", "start_offset": 0, "end_offset": 2, "type": "word", "position": 0},
  {"token": "国際", "start_offset": 2, "end_offset": 4, "type": "word", "position": 1},
  {"token": "空港", "start_offset": 4, "end_offset": 6, "type": "word", "position": 2}
]}
----
"""


def test_a_page_that_names_kuromoji_gets_the_japanese_analysis(tmp_path):
    # The embedded server loads the Japanese dictionaries only for tests that name them: this one does.
    write_tree(tmp_path, {"docs/japanese.asciidoc": KUROMOJI})
    result = run_cli("run", str(tmp_path / "docs"))
    assert result.status == ExitStatus.OK, result.stdout
    assert "PASSED" in result.stderr


SURROGATES = {
    "one.asciidoc": '[source,console]\n----\nPUT /y/_doc/1?refresh\n{"a": "\\ud800"}\n----\n\n'
    "[source,console]\n----\nGET /y/_doc/1\n----\n// TEST[continued]\n\n"
    '[source,console-result]\n----\n{"_index": "y", "_id": "1", "_source": {"a": "b"}}\n----\n',
    "bulk.asciidoc": '[source,console]\n----\nPOST /_bulk\n{"index":{"_index":"x"}}\n{"a":"\\udfff"}\n----\n',
    "good.asciidoc": "[source,console]\n----\nGET /\n----\n",
}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_lone_surrogate_escaped_in_a_body_is_sent_as_written(tmp_path, jobs):
    write_tree(tmp_path / "docs", SURROGATES)
    out, junit = tmp_path / "results.json", tmp_path / "junit.xml"
    result = run_cli("run", str(tmp_path / "docs"), "-j", jobs, "--json", str(out), "--junit", str(junit))
    tests = results_by_test(out)
    assert {name: t["status"] for name, t in tests.items()} == {
        "bulk.asciidoc::line_2": "passed",
        "good.asciidoc::line_2": "passed",
        "one.asciidoc::line_2": "failed",
    }, result.stderr
    failed = tests["one.asciidoc::line_2"]
    # Sent as the JSON escape Elasticsearch's runner sends; the answer's lone surrogate reads as U+FFFD.
    assert failed["failure"]["before"][0]["body"] == '{"a": "\\uD800"}'
    assert failed["reason"] == 'match $body: at _source.a expected "b", got "\ufffd"'
    assert result.status == ExitStatus.TESTS_FAILED and ET.parse(junit).getroot().get("failures") == "1"
