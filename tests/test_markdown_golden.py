"""Golden page documents of Markdown corpus pages (as JSON: the repository carries their data, not their
text), one for each construct the corpus shows; the samples' golden YAML is checked by test_golden.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import MD_CORPUS_ROOT, REPO, UPDATE_GOLDEN
from docextract.export import page_data, to_json
from docextract.markdown.frontend import Markdown
from docextract.settings import Settings

GOLDEN = REPO / "tests" / "golden" / "corpus-md"
PAGES = [
    # a dropdown of properties after a definition list
    "reference/aggregations/search-aggregations-bucket-adjacency-matrix-aggregation.md",
    "reference/elasticsearch/rest-apis/retrievers/knn-retriever.md",  # applies_to roles, hidden setup
    "reference/elasticsearch/rest-apis/update-cc-api-key-examples.md",  # blank line before annotations
    "reference/elasticsearch/rest-apis/index-disk-usage.md",  # front matter, console-response
    "reference/query-languages/query-dsl/query-dsl-dense-vector-query.md",  # fences in list items
    "reference/elasticsearch/rest-apis/highlighting.md",  # tabs, notes, unbalanced directives
]


@pytest.mark.parametrize("relative", PAGES)
def test_corpus_page_matches_its_golden_data(relative):
    page, _ = Markdown().read(MD_CORPUS_ROOT / relative, Settings(MD_CORPUS_ROOT.resolve()))
    actual = to_json(page_data(page))
    golden = GOLDEN / Path(relative).with_suffix(".json")
    if UPDATE_GOLDEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, "utf-8")
    assert golden.is_file(), f"no golden file {golden}; run with DOCEXTRACT_UPDATE_GOLDEN=1 and review it"
    assert json.loads(actual) == json.loads(golden.read_text("utf-8"))


def test_the_golden_pages_read_without_errors():
    for relative in PAGES[:5]:
        _, found = Markdown().read(MD_CORPUS_ROOT / relative, Settings(MD_CORPUS_ROOT.resolve()))
        assert not [d for d in found if d.severity == "error"], relative
