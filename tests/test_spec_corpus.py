"""The specification checks on the real corpus against the real schema.json (npm @elastic/request-converter).

The findings asserted here were each checked by hand against the page and the schema.
"""

from __future__ import annotations

import time
from collections import Counter

import pytest

from conftest import CORPUS_ROOT, SEED, require_shared
from docextract import pages, spec
from docextract.settings import Settings
from npmcache import spec_schema


@pytest.fixture(scope="module")
def schema() -> spec.Spec:
    path = spec_schema()
    started = time.perf_counter()
    loaded = spec.load(path)
    # Read once per command: well under a second (about 0.1 s on the reference machine).
    assert time.perf_counter() - started < 2
    return loaded


@pytest.fixture(scope="module")
def corpus() -> list:
    require_shared()
    readers = pages.Readers()
    settings = Settings(CORPUS_ROOT.resolve())
    return [readers.read(path, settings)[0] for path, _ in pages.find([CORPUS_ROOT])]


@pytest.fixture(scope="module")
def found(schema, corpus) -> set[tuple[str, str]]:
    return {(f"{d.pos.file}:{d.pos.line}", d.code) for page in corpus for d in spec.check_page(page, schema)}


def test_every_page_is_checked_and_the_spec_knows_most_of_what_the_pages_document(schema, corpus):
    diagnostics = [d for page in corpus for d in spec.check_page(page, schema)]
    counts = Counter(d.code for d in diagnostics)
    assert all(d.pos is not None and d.hint for d in diagnostics)
    # Of the 500-odd requests the tests send, only a couple go nowhere: the router is not too strict.
    assert 1 <= counts["spec-unknown-request"] <= 5
    assert 1 <= counts["spec-unknown-endpoint"] <= 5


@pytest.mark.parametrize(
    ("where", "code"),
    [
        # `DELETE /query/async/…`: the path lacks the underscore of /_query/async/{id}.
        ("esql/esql-async-query-delete-api.asciidoc:13", "spec-unknown-request"),
        # Query parameters written under the "Path parameters" heading.
        ("connector/apis/list-connectors-api.asciidoc:29", "spec-unknown-parameter"),
        ("rest-api/info.asciidoc:35", "spec-unknown-parameter"),
        # `local`, included into cluster/pending.asciidoc's path parameters from common-parms.
        ("rest-api/common-parms.asciidoc:568", "spec-unknown-parameter"),
        # The spec has PUT only for /_enrich/policy/{name}/_execute.
        ("ingest/apis/enrich/execute-enrich-policy.asciidoc:58", "spec-unknown-endpoint"),
        # The legacy GET /_template/{name} is deprecated since 7.8.0 in the spec.
        ("indices/get-index-template.asciidoc:32", "spec-deprecation-mismatch"),
        # GA on the page, experimental in the spec.
        ("cluster/prevalidate-node-removal.asciidoc:14", "spec-stability-mismatch"),
        # `filter` of an alias is (Required) on the page, optional in the spec.
        ("indices/add-alias.asciidoc:57", "spec-required-mismatch"),
        # `description` of a Logstash pipeline is (Optional) on the page, required in the spec.
        ("rest-api/logstash/put-pipeline.asciidoc:38", "spec-required-mismatch"),
        # The spec's `master_timeout` of cat.aliases is not among the page's query parameters.
        ("rest-api/common-parms.asciidoc:303", "spec-missing-parameter"),
    ],
)
def test_findings_checked_by_hand(found, where, code):
    assert (where, code) in found


def test_the_seed_page_documents_as_ga_what_the_spec_marks_beta(schema):
    require_shared()
    page, _ = pages.Readers().read(SEED, Settings(SEED.parent.resolve()))
    [diagnostic] = spec.check_page(page, schema)
    assert (diagnostic.code, diagnostic.pos.line) == ("spec-stability-mismatch", 22)
    assert "connector.sync_job_post as stable; the specification says beta" in diagnostic.title


def test_the_corpus_examples_are_valid_yaml_in_the_spec_layout(schema, corpus):
    import yaml

    files = spec.examples(corpus, schema)
    assert len({f.path for f in files}) == len(files) > 100
    for file in files:
        assert "/examples/request/" in file.path and file.path.endswith(".yaml")
        assert yaml.safe_load(file.text) == file.data
    paths = {f.path for f in files}
    assert "_global/bulk/examples/request/BulkRequestExample1.yaml" in paths
