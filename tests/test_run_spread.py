"""docextract run spread out: --shard K/N (on the fake cluster, in-process) and --jobs (worker processes,
on the embedded cluster); the parts and the workers change where tests run, never how they end."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import SAMPLES, run_cli, write_tree
from docextract.cli import main
from docextract.environment import Environment
from docextract.exitstatus import ExitStatus
from docextract.runner.osmem import needs_japanese
from docextract.runner.select import shard
from docextract.suite import Case, Step, Suite
from fakes import FakeClock, FakeCluster


def page(name: str, tests: int) -> str:
    """A page of `tests` tests the fake cluster passes (an index made and checked), then one it fails."""
    snippets = "".join(
        f"\n[source,console]\n----\nPUT /{name}-{n}\n----\n\n[source,console]\n----\nHEAD /{name}-{n}\n----\n"
        "// TEST[continued]\n"
        for n in range(tests)
    )
    return f"= {name}\n{snippets}\n[source,console]\n----\nGET /{name}-missing/_doc/1\n----\n"


# Pages of 1 to 5 tests, one with an error in its docs (a `continued` with nothing to continue).
PAGES = {f"docs/p{n}.asciidoc": page(f"p{n}", n % 5) for n in range(12)}
PAGES["docs/broken.asciidoc"] = "= Broken\n\n[source,console]\n----\nGET /x\n----\n// TEST[continued]\n"


def run_fake(tmp_path: Path, *options: str) -> tuple[int, str]:
    """`docextract run docs --cluster …` in-process on one fake cluster; (exit status, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    env = Environment(stdout=out, stderr=err, environ={}, clock=FakeClock(), http=FakeCluster())
    with contextlib.chdir(tmp_path):
        status = main(["run", "docs", "--cluster", "http://fake:9200", *options], env)
    return status, err.getvalue()


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def outcomes(path: Path) -> dict[str, str]:
    return {f"{r['suite']}::{r['name']}": r["status"] for r in records(path) if r["type"] == "test"}


def test_the_parts_of_a_shard_run_every_test_once_and_end_them_alike(tmp_path):
    write_tree(tmp_path, PAGES)
    whole_status, _ = run_fake(tmp_path, "--json", "whole.json")
    whole = outcomes(tmp_path / "whole.json")
    parts, errors = [], []
    for part in ("1/3", "2/3", "3/3"):
        status, stderr = run_fake(
            tmp_path, "--shard", part, "--json", f"{part[0]}.json", "--junit", f"{part[0]}.xml"
        )
        assert status in (ExitStatus.TESTS_FAILED, ExitStatus.DOCS_ERROR), stderr
        assert f"shard {part}: " in stderr
        parts.append(outcomes(tmp_path / f"{part[0]}.json"))
        errors += [r for r in records(tmp_path / f"{part[0]}.json") if r["type"] == "diagnostic"]
    assert whole_status == ExitStatus.TESTS_FAILED and len(whole) == 12 + sum(n % 5 for n in range(12))
    # Disjoint, whole pages in each, every test once, each ended as in the whole run.
    assert sum(len(found) for found in parts) == len(whole)
    assert {test: status for found in parts for test, status in found.items()} == whole
    pages = [{test.split("::")[0] for test in found} for found in parts]
    assert not (pages[0] & pages[1] or pages[0] & pages[2] or pages[1] & pages[2])
    # Balanced by tests: no part holds more than the heaviest page above another part.
    sizes = sorted(len(found) for found in parts)
    assert sizes[-1] - sizes[0] <= 5
    # The docs error is reported by the one part that read its page.
    assert [e["file"] for e in errors] == ["broken.asciidoc"]
    # The parts' JUnit test ids do not meet: their files merge.
    ids = [
        {
            (case.get("classname"), case.get("name"))
            for case in ET.parse(tmp_path / f"{n}.xml").iter("testcase")
        }
        for n in "123"
    ]
    assert sum(map(len, ids)) == len(set().union(*ids)) == len(whole) + 1


def test_the_same_pages_give_the_same_parts_in_any_order():
    weights = {f"reference/page-{n}.asciidoc": (n * 7) % 6 for n in range(40)}
    reordered = dict(reversed(list(weights.items())))
    parts = [shard(weights, k, 4) for k in range(1, 5)]
    assert parts == [shard(reordered, k, 4) for k in range(1, 5)]
    assert set().union(*parts) == set(weights) and sum(map(len, parts)) == len(weights)
    loads = [sum(weights[name] for name in part) for part in parts]
    assert max(loads) - min(loads) <= max(weights.values())


def test_a_part_with_no_page_is_not_an_error(tmp_path):
    write_tree(tmp_path, {"docs/only.asciidoc": page("only", 1)})
    status, stderr = run_fake(tmp_path, "--shard", "2/2", "--json", "r.json")
    assert status == ExitStatus.OK, stderr
    assert "shard 2/2: 0 of 1 pages and files" in stderr
    assert [r["type"] for r in records(tmp_path / "r.json")] == ["summary"]


@pytest.mark.parametrize("given", ["0/2", "3/2", "2", "a/b"])
def test_a_shard_is_k_of_n(given, capsys):
    assert run_cli("run", str(SAMPLES), "--shard", given).status == ExitStatus.USAGE
    assert f"argument --shard: '{given}': give K/N with 1 <= K <= N" in capsys.readouterr().err  # argparse


def test_worker_processes_end_every_test_as_one_process_does(tmp_path):
    # Enough pages for worker processes to pay (pool.PARALLEL_THRESHOLD): the samples, twice.
    for copy in ("a", "b"):
        shutil.copytree(SAMPLES, tmp_path / "docs" / copy)
    shutil.copy(SAMPLES / "setups.yaml", tmp_path / "docs" / "setups.yaml")
    ran = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs-{jobs}.json"
        result = run_cli("run", str(tmp_path / "docs"), "--jobs", jobs, "--json", str(out))
        assert result.status == ExitStatus.OK, result.stderr
        ran[jobs] = [(r["suite"], r["name"], r["status"]) for r in records(out) if r["type"] == "test"]
    assert len(ran["1"]) >= 70 and ran["2"] == ran["1"]  # the same tests, ended alike, in page order


def step(data) -> Step:
    from docextract.model import Pos

    return Step(data, Pos("page.asciidoc", 1))


def test_japanese_analysis_is_loaded_only_for_suites_that_name_it():
    def suite(*steps) -> Suite:
        return Suite("page.asciidoc", "page.yml", (Case("line_1", steps[0].pos, steps),))

    plain = suite(step({"do": {"indices.create": {"index": "library"}}}))
    japanese = suite(
        step({"do": {"indices.analyze": {"body": {"tokenizer": "kuromoji_tokenizer", "text": "東京"}}}})
    )
    assert not needs_japanese([plain])
    assert needs_japanese([plain, japanese])
