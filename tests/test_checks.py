"""The checks on pages (docextract.checks), driven by tests/fixtures/checks/*.yaml, and on the corpus.

A fixture file is a YAML list of cases, one page each:

    - name: a trailing comma in a response
      docs:                                # the docs folder: relative path → text; the page is page.asciidoc
        page.asciidoc: |
          …
      found:                               # what check_page finds, in order
        - {code: response-not-json, at: "page.asciidoc:12:12"}
      read: […]                            # optional: what reading the page reports (default: nothing)
      anchors: [p@page.asciidoc:1:3, …]    # optional: Page.anchors, as id@file:line:column [section]

Every rule of the pages group has a file named after it, with a case that breaks it and one that does not.
"""

from __future__ import annotations

import time
from collections import Counter

import pytest

from conftest import CORPUS_ROOT, REPO, load_cases, require_shared, write_tree
from docextract.checks import check_page
from docextract.checks.elisions import as_json
from docextract.pages import Readers
from docextract.rules import BY_ID
from docextract.rules import pages as page_rules
from docextract.settings import Settings

FIXTURES = sorted((REPO / "tests" / "fixtures" / "checks").glob("*.yaml"))
CASES = [case for path in FIXTURES for case in load_cases(path)]


def _at(diagnostic) -> dict[str, str]:
    pos = diagnostic.pos
    return {"code": diagnostic.code, "at": f"{pos.file}:{pos.line}:{pos.column}"}


def _anchor(anchor) -> str:
    where = f"{anchor.id}@{anchor.pos}"
    return f"{where} {anchor.section}" if anchor.section else where


@pytest.mark.parametrize("case", CASES)
def test_check_page(case, tmp_path):
    write_tree(tmp_path, case["docs"])
    page, read = Readers().read(tmp_path / "page.asciidoc", Settings(tmp_path.resolve()))
    assert [_at(d) for d in read] == case.get("read", []), [d.title for d in read]
    found = check_page(page)
    assert [_at(d) for d in found] == case["found"], [d.title for d in found]
    for diagnostic in found:
        assert diagnostic.title and diagnostic.hint
        assert diagnostic.severity is BY_ID[diagnostic.code].severity
    if "anchors" in case:
        assert [_anchor(a) for a in page.anchors] == case["anchors"]


def test_every_rule_has_a_breaking_and_a_clean_case():
    for rule in page_rules.RULES:
        cases = [c.values[0] for c in load_cases(REPO / "tests" / "fixtures" / "checks" / f"{rule.id}.yaml")]
        # A rule on what a page holds is found by its check, or as the page is read (response codes).
        codes = [{f["code"] for f in [*c["found"], *c.get("read", [])]} for c in cases]
        assert any(rule.id in found for found in codes), rule.id
        assert any(not found for found in codes), rule.id


@pytest.mark.parametrize(
    ("written", "as_read"),
    [
        ('{"a": ..., "b": 1}', '{"a": "" , "b": 1}'),
        ('{"a": ...\n"b": 1}', '{"a": "",\n"b": 1}'),
        ('{..., "b": 1}', '{     "b": 1}'),
        ('{"b": 1, ...}', '{"b": 1     }'),
        ("[1 ... 2]", "[1 ,   2]"),
        ('{"a": $body.a, $body.b: 2}', '{"a": "xxxxx", "xxxxx": 2}'),
        ('{"s": "a ... $b"}', '{"s": "a ... $b"}'),
        ("// a ... comment\n{}", "                \n{}"),
    ],
)
def test_elisions_and_stash_references_become_json_of_the_same_length(written, as_read):
    assert as_json(written) == as_read


# What check_page finds on the corpus, by rule; each finding was read by hand (see the modules' notes).
CORPUS_FINDINGS = {
    "anchor-not-page-id": 20,
    "parameter-untyped": 11,
    "parameter-requiredness-missing": 9,
    "request-not-documented": 4,
    "response-not-json": 3,
}


def test_the_corpus_is_checked_quickly_with_the_findings_read_by_hand():
    require_shared()
    readers = Readers()
    settings = Settings(CORPUS_ROOT.resolve(), allow_include_outside_root=True)
    pages = [readers.read(path, settings)[0] for path in sorted(CORPUS_ROOT.rglob("*.asciidoc"))]
    start = time.perf_counter()
    found = [d for page in pages for d in check_page(page)]
    elapsed = time.perf_counter() - start
    assert dict(Counter(d.code for d in found)) == CORPUS_FINDINGS
    assert elapsed < 5, f"check_page took {elapsed:.2f} s over the corpus"
    at = {(d.code, f"{d.pos.file}:{d.pos.line}") for d in found}
    for real in (
        ("response-not-json", "aggregations/pipeline/bucket-sort-aggregation.asciidoc:114"),
        ("request-not-documented", "esql/esql-async-query-delete-api.asciidoc:13"),
        ("request-not-documented", "indices/delete-component-template.asciidoc:26"),
        ("anchor-not-page-id", "connector/apis/set-connector-sync-job-error-api.asciidoc:42"),
        ("parameter-untyped", "ingest/apis/put-ip-location-database.asciidoc:66"),
    ):
        assert real in at, real
