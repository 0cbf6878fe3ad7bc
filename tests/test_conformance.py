"""The YAML test framework's rules, one fixture test per rule (tests/conformance/*.yml), run in-process
on the fake cluster: each test ends as its name says ("… [failed: part of the title]"). Every row of
docs/CONFORMANCE.md names the tests that pin it."""

from __future__ import annotations

import contextlib
import io
import json
import re
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
import yaml

from conftest import REPO, run_cli
from docextract.cli import main
from docextract.environment import Environment
from docextract.runner import versions
from docextract.runner.javatext import to_string
from fakes import FakeClock, FakeCluster

FIXTURES = REPO / "tests" / "conformance"
TABLE = REPO / "docs" / "CONFORMANCE.md"
CLUSTERS = yaml.safe_load((FIXTURES / "clusters.yml").read_text("utf-8"))
_EXPECTED = re.compile(r"\[(passed|failed|skipped|unsupported|error)(?::\s*(.+))?\]$")
# A test a row of the table names: `file.yml` "the test's name, without its [outcome]", or a test of
# this module, `test_conformance.py::test_name`.
_REFERENCE = re.compile(r'`([\w.-]+\.yml)` "([^"]+)"')
_FUNCTION = re.compile(r"`test_conformance\.py::(\w+)`")


def fixture_tests() -> list:
    """(file, name, status, part of the reason) of every fixture test, named file:line."""
    params = []
    for path in sorted(FIXTURES.glob("*.yml")):
        if path.name == "clusters.yml":
            continue
        for node in yaml.compose_all(path.read_text("utf-8")):
            ((name_node, _),) = node.value
            name = name_node.value
            if name in ("setup", "teardown"):
                continue
            expected = _EXPECTED.search(name)
            assert expected, f"{path.name}:{name_node.start_mark.line + 1} names no outcome"
            where = f"{path.name}:{name_node.start_mark.line + 1}"
            params.append(pytest.param(path.name, name, *expected.groups(), id=where))
    return params


def cluster_for(file: str) -> FakeCluster:
    cluster = FakeCluster()
    config = CLUSTERS.get(file) or {}
    cluster.version = config.get("version", cluster.version)
    cluster.distribution = config.get("distribution")
    cluster.features = set(config.get("features") or ())
    cluster.capabilities = set(config.get("capabilities") or ())
    for request, answer in (config.get("answers") or {}).items():
        cluster.script(request, **answer)
    return cluster


@dataclass(frozen=True)
class Outcome:
    tests: dict[str, dict]  # the test records by name
    cluster: FakeCluster
    stderr: str


@cache
def run_fixture(file: str, folder: Path = FIXTURES) -> Outcome:
    """`docextract run FILE --cluster` on the file's fake cluster, once per file."""
    cluster = cluster_for(file)
    with tempfile.TemporaryDirectory() as temporary:
        out = Path(temporary) / "results.json"
        err = io.StringIO()
        env = Environment(stdout=io.StringIO(), stderr=err, clock=FakeClock(), http=cluster)
        with contextlib.chdir(folder):
            main(["run", file, "--cluster", "http://fake:9200", "--json", str(out)], env)
        records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    return Outcome({r["name"]: r for r in records if r["type"] == "test"}, cluster, err.getvalue())


def results(file: str) -> dict[str, dict]:
    return run_fixture(file).tests


@pytest.mark.parametrize(("file", "name", "status", "part"), fixture_tests())
def test_a_construct_ends_as_the_framework_says(file, name, status, part):
    found = results(file).get(name)
    assert found is not None, f"{name} did not run"
    assert found["status"] == status, found.get("reason")
    if part:
        assert part in (found.get("reason") or ""), found.get("reason")


def test_every_row_of_the_conformance_table_is_pinned_by_fixture_tests():
    tests = [param.values[:2] for param in fixture_tests()]
    names = {(file, _EXPECTED.sub("", name).strip()) for file, name in tests}
    rules = TABLE.read_text("utf-8").split("## Third-party")[0]  # the figures after it are no rules
    rows = [line for line in rules.splitlines() if line.startswith("| ") and "---" not in line]
    body = [row for row in rows if not row.startswith("| construct")]
    assert len(body) >= 40
    for row in body:
        references, functions = _REFERENCE.findall(row), _FUNCTION.findall(row)
        assert references or functions, f"a row names no test: {row[:80]}"
        for reference in references:
            assert reference in names, f"no such fixture test: {reference}"
        for function in functions:
            assert callable(globals().get(function)), f"no such test: {function}"


def sent(outcome: Outcome, method: str, path: str) -> int:
    return sum((r.method, r.path) == (method, path) for r in outcome.cluster.requests)


def test_catch_param_sends_nothing():
    outcome = run_fixture("catch.yml")
    assert outcome.tests["param sends nothing [passed]"]["requests"] == 0
    assert sent(outcome, "GET", "/_test/param") == 0


def test_the_target_is_asked_its_version_once_and_only_when_a_test_needs_it():
    # GET / when the run starts (the cluster's description), then once for every skip.version of the file
    assert sent(run_fixture("prerequisites.yml"), "GET", "/") == 2
    assert sent(run_fixture("prerequisites.yml"), "GET", "/_cluster/state") == 1
    assert sent(run_fixture("catch.yml"), "GET", "/") == 1  # no test of it has prerequisites to judge


def test_teardown_runs_after_a_failed_test_too():
    outcome = run_fixture("sections-teardown-fails.yml")
    assert [t["status"] for t in outcome.tests.values()] == ["failed", "failed"]
    assert sent(outcome, "GET", "/_test/404") == 2


def test_a_setup_with_another_step_than_do_or_set_makes_the_file_invalid(tmp_path):
    (tmp_path / "bad-setup.yml").write_text(
        "setup:\n  - do: {raw: {method: GET, path: _echo}}\n  - match: {a: 1}\n---\n"
        '"a test":\n  - do: {raw: {method: GET, path: _echo}}\n',
        encoding="utf-8",
    )
    outcome = run_fixture("bad-setup.yml", tmp_path)
    assert outcome.tests == {}
    wrong = "error[tests-invalid]: section [match] not supported within setup section\n --> bad-setup.yml:3"
    assert wrong in outcome.stderr


def test_a_few_constructs_on_the_embedded_cluster(tmp_path):
    out = tmp_path / "results.json"
    result = run_cli("run", str(FIXTURES / "embedded"), "--json", str(out), "-j", "1")
    tests = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    tests = [t for t in tests if t["type"] == "test"]
    assert len(tests) == 8, result.stderr
    for test in tests:
        status, part = _EXPECTED.search(test["name"]).groups()
        assert test["status"] == status, (test["name"], test.get("reason"))
        assert part is None or part in test["reason"], test["reason"]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (
            {"root_cause": [{"type": "x", "reason": "a b"}], "status": 400},
            "{root_cause=[{type=x, reason=a b}], status=400}",
        ),
        ([True, None, "s"], "[true, null, s]"),
        (1.0, "1.0"),
        (0.001, "0.001"),
        (1e-5, "1.0E-5"),
        (12345678.9, "1.23456789E7"),
        (1e7, "1.0E7"),
        (-2.5, "-2.5"),
    ],
)
def test_values_are_printed_as_java_prints_them(value, text):
    # what `catch: /regex/` searches and is_true reads
    assert to_string(value) == text


@pytest.mark.parametrize(
    ("ranges", "version", "opensearch", "skipped"),
    [
        (" - 6.99.99", (1, 6, 8, 0), False, True),
        (" - 6.99.99", (1, 2, 11, 0), True, False),  # a legacy Elasticsearch range on OpenSearch
        ("7.10.0 - ", (1, 2, 11, 0), True, True),
        ("8.0.0 - 8.1.0, 8.3.0 - 8.3.0", (1, 8, 3, 0), False, True),
        ("8.0.0 - 8.1.0, 8.3.0 - 8.3.0", (1, 8, 2, 0), False, False),
    ],
)
def test_version_ranges(ranges, version, opensearch, skipped):
    assert versions.skips(ranges, lambda: version, lambda: opensearch) is skipped


def test_a_range_without_its_dash_is_malformed():
    with pytest.raises(versions.RangeError):
        versions.skips("8.15.0", lambda: (1, 8, 15, 0), lambda: False)
