"""A request the target refuses as unknown, judged with and without the specification (--es-spec): one
fixture case per kind of answer (tests/fixtures/arbiter/answers.yaml), on the fake cluster."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from conftest import REPO, Run, load_cases, run_cli
from docextract.cli import main
from docextract.environment import Environment
from docextract.exitstatus import ExitStatus
from fakes import FakeClock, FakeCluster

URL = "http://fake:9200"
SPEC = REPO / "tests" / "data" / "spec" / "schema.json"
CASES = REPO / "tests" / "fixtures" / "arbiter" / "answers.yaml"


def page_of(request: str, body, annotation: str | None = None) -> str:
    text = f"{request}\n{json.dumps(body)}" if body is not None else request
    return f"[[page]]\n=== Page\n\n[source,console]\n----\n{text}\n----\n{annotation or ''}\n"


def answering(request: str, status: int, kind: str | None, reason: str) -> FakeCluster:
    """A fake cluster that answers the request as a target that does not know a name does."""
    cluster = FakeCluster()
    error = reason if kind is None else {"root_cause": [{"type": kind, "reason": reason}], "type": kind}
    if kind is not None:
        error["reason"] = reason
    cluster.script(request.partition("?")[0], status, {"error": error, "status": status})
    return cluster


def run(tmp_path: Path, page: str, cluster: FakeCluster, *options: str) -> tuple[Run, dict]:
    """`docextract run page.asciidoc --cluster URL --json results.json OPTIONS`: the run and its one test."""
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "page.asciidoc").write_text(page, encoding="utf-8")
    results = tmp_path / "results.json"
    out, err = io.StringIO(), io.StringIO()
    env = Environment(stdout=out, stderr=err, environ={}, clock=FakeClock(), http=cluster)
    with contextlib.chdir(tmp_path):
        status = main(["run", "page.asciidoc", "--cluster", URL, "--json", str(results), *options], env)
    records = [json.loads(line) for line in results.read_text("utf-8").splitlines()]
    (test,) = [r for r in records if r["type"] == "test"]
    return Run(status, out.getvalue(), err.getvalue()), test


@pytest.mark.parametrize("case", load_cases(CASES))
def test_an_answer_of_an_unknown_name_is_judged(case, tmp_path):
    page = page_of(case["request"], case.get("body"), case.get("annotation"))
    status, kind, reason = case["answer"]

    _, test = run(tmp_path / "without", page, answering(case["request"], status, kind, reason))
    wanted_status, gap = case["without"]
    assert test["status"] == wanted_status
    assert (f"{test['gap']['kind']} {test['gap']['name']}" if "gap" in test else None) == gap
    assert "gap" not in test or test["gap"]["judged"] is False

    _, test = run(
        tmp_path / "with", page, answering(case["request"], status, kind, reason), "--es-spec", str(SPEC)
    )
    wanted_status, start = case["with"]
    assert test["status"] == wanted_status
    assert (test["reason"] or "").startswith(start), test["reason"]
    if test["status"] == "failed":  # the report's title says it too
        assert test["failure"]["title"] == test["reason"]


PINNED = ("POST /library/_search", 400, "parsing_exception", "unknown query [pinned]")
PAGE = page_of("POST /library/_search", {"query": {"pinned": {"ids": ["1"]}}})


def test_without_the_specification_the_summary_says_failures_may_be_target_gaps(tmp_path):
    result, _ = run(tmp_path, PAGE, answering(*PINNED))
    assert result.status == ExitStatus.TESTS_FAILED
    assert "1 failure may be target gaps; pass --es-spec to tell them apart" in result.stdout


def test_with_the_specification_the_summary_groups_what_the_target_lacks(tmp_path):
    result, _ = run(tmp_path, PAGE, answering(*PINNED), "--es-spec", str(SPEC))
    assert result.status == ExitStatus.OK, result.stdout + result.stderr
    assert "unsupported by the target (not docs failures), by what it lacks:\n     1 × query `pinned`" in (
        result.stdout
    )
    assert "may be target gaps" not in result.stdout


def test_the_settings_file_names_the_specification(tmp_path):
    (tmp_path / "docextract.toml").write_text(f'es-spec = "{SPEC}"\n', encoding="utf-8")
    _, test = run(tmp_path, PAGE, answering(*PINNED))
    assert test["status"] == "unsupported" and test["gap"]["reference"] == "_types.query_dsl:PinnedQuery"


def test_a_file_that_is_not_a_specification_is_a_usage_error(tmp_path):
    (tmp_path / "schema.json").write_text("[]", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    env = Environment(stdout=out, stderr=err, environ={}, clock=FakeClock(), http=FakeCluster())
    (tmp_path / "page.asciidoc").write_text(PAGE, encoding="utf-8")
    with contextlib.chdir(tmp_path):
        status = main(["run", "page.asciidoc", "--cluster", URL, "--es-spec", "schema.json"], env)
    assert status == ExitStatus.USAGE
    assert "--es-spec: schema.json is not a specification schema.json" in err.getvalue()


GAPS = REPO / "tests" / "pages" / "gaps"


def test_on_the_embedded_cluster_a_query_it_lacks_is_unsupported_and_a_misspelt_one_fails(tmp_path):
    results = tmp_path / "results.json"
    result = run_cli("run", str(GAPS), "--json", str(results), "--es-spec", str(SPEC))
    assert result.status == ExitStatus.TESTS_FAILED, result.stderr
    tests = {
        r["suite"]: r for r in map(json.loads, results.read_text("utf-8").splitlines()) if r["type"] == "test"
    }
    pinned, misspelt = tests["pinned-query.asciidoc"], tests["misspelt-query.asciidoc"]
    assert pinned["status"] == "unsupported"
    assert pinned["reason"] == (
        "the target lacks the query `pinned`, which Elasticsearch has "
        "(specification: _types.query_dsl:PinnedQuery)"
    )
    assert misspelt["status"] == "failed"
    assert misspelt["reason"].startswith("`matchh` is not a query Elasticsearch knows; did you mean `match`?")
    assert misspelt["failure"]["pos"]["line"] == 14  # the request to edit


def test_on_the_embedded_cluster_without_the_specification_both_fail(tmp_path):
    result = run_cli("run", str(GAPS))
    assert result.status == ExitStatus.TESTS_FAILED
    assert "FAILED           2" in result.stdout
    assert "2 failures may be target gaps; pass --es-spec to tell them apart" in result.stdout
