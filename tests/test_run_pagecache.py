"""`docextract run` and the page cache: a second run of unchanged pages reads none and ends the same; an
edited page is read again alone; pages read by worker processes are kept too; --no-cache reads all."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

from conftest import run_cli
from docextract.exitstatus import ExitStatus
from test_pagecache import cache_home, docs, reads, settle  # noqa: F401 (fixtures)

# A page with a test that passes, and a problem in its docs that reading it reports.
TESTED = """\
[[c-api]]
=== C API

[source,console]
----
GET /
----

[source,console]
----
GET /
----
// TEST[s/x/y/
"""


def run(tree: Path, *options: str):
    done = run_cli("run", str(tree), "-j", "1", *options)
    # What varies from run to run: the seconds (in the summary, and in the page lines on stderr).
    seconds = re.compile(r"\d+\.\d+ s\b")
    return done.status, seconds.sub("<s>", done.stdout), seconds.sub("<s>", done.stderr)


def test_a_second_run_reads_no_page_and_ends_the_same(cache_home, docs, reads):  # noqa: F811
    (docs / "c.asciidoc").write_text(TESTED, encoding="utf-8")
    settle(docs)
    first = run(docs)
    assert first[0] == ExitStatus.DOCS_ERROR, first
    assert re.search(r"PASSED +2\n", first[1]) and "annotation-syntax" in first[2]
    assert sorted(reads) == ["a.asciidoc", "b.asciidoc", "c.asciidoc"]
    reads.clear()
    assert run(docs) == first
    assert reads == []


def test_an_edited_page_is_read_again_alone_and_its_tests_are_new(cache_home, docs, reads):  # noqa: F811
    (docs / "c.asciidoc").write_text(TESTED, encoding="utf-8")
    settle(docs)
    run(docs)
    reads.clear()
    third = "\n[source,console]\n----\nGET /\n----\n"
    (docs / "c.asciidoc").write_text(TESTED.replace("// TEST[s/x/y/", third), encoding="utf-8")
    settle(docs, age=30)
    again = run(docs)
    assert reads == ["c.asciidoc"]
    assert again[0] == ExitStatus.OK, again
    assert re.search(r"PASSED +3\n", again[1]) and "annotation-syntax" not in again[2]


def test_pages_read_by_worker_processes_are_kept_for_the_next_run(cache_home, tmp_path, reads):  # noqa: F811
    tree = tmp_path / "many"
    tree.mkdir()
    for number in range(16):  # enough pages for two shares of a run (pool.PARALLEL_THRESHOLD each)
        (tree / f"p{number}.asciidoc").write_text(TESTED.replace("c-api", f"p{number}"), encoding="utf-8")
    settle(tree)
    first = run_cli("run", str(tree), "-j", "2")
    assert "16 pages, 32 tests" in first.stdout, first.stdout + first.stderr
    # Each process kept its own share's entries; one pack holds them all (the next run reads one file).
    (pack,) = (cache_home / "docextract").glob("pages*/**/pages.pack")
    _, packed = pickle.loads(pack.read_bytes())
    assert sorted(Path(name).name for name in packed) == sorted(f"p{n}.asciidoc" for n in range(16))
    reads.clear()
    second = run(tree)
    assert reads == [] and "16 pages, 32 tests" in second[1]
    assert second[2].count("annotation-syntax") == first.stderr.count("annotation-syntax") == 16


def test_no_cache_reads_every_page_and_keeps_none(cache_home, docs, reads):  # noqa: F811
    run(docs, "--no-cache")
    run(docs, "--no-cache")
    assert len(reads) == 4
    assert not list((cache_home / "docextract").glob("pages-*"))
