"""The specification checks and examples on a tiny schema.json in the real format, one page per behaviour."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from conftest import REPO, run_cli
from docextract import spec
from docextract.asciidoc.frontend import AsciiDoc
from docextract.exitstatus import ExitStatus
from docextract.settings import Settings
from docextract.spec.routes import Router

SCHEMA = REPO / "tests" / "data" / "spec" / "schema.json"
PAGES = REPO / "tests" / "pages" / "spec"


@pytest.fixture(scope="module")
def schema() -> spec.Spec:
    return spec.load(SCHEMA)


def read(name: str):
    page, _ = AsciiDoc().read(PAGES / name, Settings(PAGES.resolve()))
    return page


def findings(name: str, schema: spec.Spec) -> list[tuple[str, int, str]]:
    return [(d.code, d.pos.line, d.title) for d in spec.check_page(read(name), schema)]


# Loading


def test_load_indexes_parameters_through_inherits_and_behaviours(schema):
    cat = schema.apis["cat.indices"]
    assert set(cat.path) == {"index"} and not cat.path["index"].required
    assert set(cat.query) == {"h", "health"}
    # CatRequestBase → RequestBase: the cat behaviour, then the one every endpoint has.
    assert set(cat.behaviours) == {"format", "v"}
    assert set(schema.common) == {"error_trace", "filter_path", "human", "pretty"}
    assert {"format", "v", "pretty", "h"} <= schema.query_names(cat)
    create = schema.apis["indices.create"]
    assert (create.folder, create.request) == ("indices/create", "IndicesCreateRequest")
    assert create.nested == {"number_of_shards", "number_of_replicas"}
    assert schema.apis["connector.sync_job_post"].stability == "beta"
    assert schema.apis["indices.get_template"].deprecated == "7.8.0"
    assert not schema.apis["get"].has_body


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read"),
        ("{not json", "not JSON"),
        ('{"endpoints": []}', "no `endpoints` and `types`"),
        ('{"endpoints": [{"name": "x"}], "types": []}', "this docextract reads"),
    ],
)
def test_a_file_that_is_not_a_schema_is_a_spec_error(tmp_path, content, message):
    path = tmp_path / "schema.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(spec.SpecError, match=message):
        spec.load(path)


# Routes


@pytest.mark.parametrize(
    ("method", "path", "api", "template"),
    [
        ("GET", "/my-index/_doc/1", "get", "/{index}/_doc/{id}"),
        ("GET", "my-index/_doc/1/", "get", "/{index}/_doc/{id}"),  # no leading, a trailing slash
        ("GET", "/_cat/indices", "cat.indices", "/_cat/indices"),
        ("GET", "/<logs-{now/d}>/_doc/1", "get", "/{index}/_doc/{id}"),  # date math holds a slash
        ("PUT", "/_cat", "indices.create", "/{index}"),
    ],
)
def test_a_request_path_matches_its_template(schema, method, path, api, template):
    hit = schema.match(method, path)
    assert hit is not None and (hit[0].name, hit[1].template.path) == (api, template)


def test_the_template_with_most_literal_segments_wins():
    router = Router()
    router.add("catch-all", "/{a}/{b}", ["GET"])
    router.add("cat.indices", "/_cat/indices", ["GET"])
    router.add("cat.other", "/_cat/{name}", ["GET"])
    assert router.match("GET", "/_cat/indices").api == "cat.indices"
    assert router.match("GET", "/_cat/x").api == "cat.other"
    assert router.match("GET", "/a/b").api == "catch-all"
    assert router.match("PUT", "/a/b") is None


def test_a_documented_endpoint_maps_its_variable_names(schema):
    api, route = schema.match_documented("GET", "/_cat/indices/<target>")
    assert api.name == "cat.indices" and route.renamed == (("target", "index"),)
    assert schema.match_documented("GET", "/_cat/<target>/indices") is None


# Checks, one page per behaviour


def test_a_page_that_agrees_with_the_specification_has_no_findings(schema):
    assert findings("ok.asciidoc", schema) == []
    assert findings("cat-renamed.asciidoc", schema) == []
    assert findings("stability-beta.asciidoc", schema) == []


def test_an_endpoint_the_specification_lacks(schema):
    [(code, line, title)] = findings("unknown-endpoint.asciidoc", schema)
    assert (code, line) == ("spec-unknown-endpoint", 5) and "POST /<index>" in title
    [diagnostic] = spec.check_page(read("unknown-endpoint.asciidoc"), schema)
    assert diagnostic.hint == "the specification has this path for PUT only"


def test_a_console_request_the_specification_lacks(schema):
    assert findings("unknown-request.asciidoc", schema) == [
        (
            "spec-unknown-request",
            6,
            "`GET /my-index-000001/_no_such_api` goes to no endpoint of the specification",
        )
    ]


def test_parameters_the_specification_lacks(schema):
    found = spec.check_page(read("unknown-parameter.asciidoc"), schema)
    assert [(d.code, d.pos.line) for d in found] == [
        ("spec-unknown-parameter", 12),
        ("spec-unknown-parameter", 17),
        ("spec-missing-parameter", 17),
        ("spec-missing-parameter", 17),
    ]
    assert found[0].hint == "the specification has `master_timeout` as a query parameter: move it there"
    assert "`timout`" in found[1].title
    assert {d.title.split("`")[1] for d in found[2:]} == {"master_timeout", "timeout"}


def test_parameters_missing_from_a_section_the_page_has(schema):
    # The page has no path parameter section: `index` is not reported missing.
    assert findings("missing-parameter.asciidoc", schema) == [
        ("spec-missing-parameter", 9, "query parameter `master_timeout` of indices.create is not documented")
    ]


def test_a_required_flag_that_disagrees(schema):
    [(code, line, title)] = findings("required-mismatch.asciidoc", schema)
    assert (code, line) == ("spec-required-mismatch", 9) and "(Optional) on the page but required" in title


def test_stability_and_deprecation_drift(schema):
    assert findings("stability-mismatch.asciidoc", schema) == [
        (
            "spec-stability-mismatch",
            7,
            "the page documents connector.sync_job_post as stable; the specification says beta",
        )
    ]
    assert findings("deprecation-mismatch.asciidoc", schema) == [
        (
            "spec-deprecation-mismatch",
            5,
            "the specification deprecates indices.get_template since 7.8.0; the page does not say so",
        )
    ]


def test_every_code_is_in_the_catalogue(schema):
    from docextract import rules

    codes = {d.code for name in PAGES.iterdir() for d in spec.check_page(read(name.name), schema)}
    assert codes == {rule.id for rule in rules.RULES if rule.group == "spec"}


# Examples


def test_a_tested_request_becomes_a_request_example(schema):
    [example] = spec.examples([read("ok.asciidoc")], schema)
    assert example.path == "indices/create/examples/request/IndicesCreateRequestExample1.yaml"
    assert example.source.line == 43
    assert example.data == {
        "summary": "Create index API",
        "method_request": "PUT /my-index-000001?timeout=30s",
        "description": "Run `PUT /my-index-000001?timeout=30s`.",
        "value": json.dumps({"settings": {"number_of_shards": 3}}, indent=2),
    }
    assert yaml.safe_load(example.text) == example.data
    assert "value: |-\n  {\n" in example.text


def test_examples_are_numbered_per_endpoint_and_skip_unknown_requests(schema):
    pages = [read("unknown-request.asciidoc"), read("ok.asciidoc"), read("unknown-request.asciidoc")]
    paths = [example.path for example in spec.examples(pages, schema)]
    assert paths == [
        "_global/get/examples/request/GetRequestExample1.yaml",
        "indices/create/examples/request/IndicesCreateRequestExample1.yaml",
        "_global/get/examples/request/GetRequestExample2.yaml",
    ]
    summaries = [e.data["summary"] for e in spec.examples(pages, schema) if "get" in e.path]
    # Not the page's own endpoint: the request line; the second alike is told apart.
    assert summaries == ["GET /my-index-000001/_doc/1", "GET /my-index-000001/_doc/1 (2)"]


def test_convert_writes_the_examples_into_an_output_folder(tmp_path):
    out = tmp_path / "spec"
    args = ("convert", str(PAGES / "ok.asciidoc"), "--format", "spec-examples", "--es-spec", str(SCHEMA))
    run = run_cli(*args, "-o", str(out))
    assert run.status == ExitStatus.OK, run.stderr
    written = out / "indices/create/examples/request/IndicesCreateRequestExample1.yaml"
    assert yaml.safe_load(written.read_text())["method_request"] == "PUT /my-index-000001?timeout=30s"
    assert "wrote 1 request example" in run.stderr
    # A file docextract did not write is never overwritten.
    written.write_text("mine\n")
    again = run_cli(*args, "-o", str(out))
    assert again.status == ExitStatus.USAGE and "changed since docextract wrote it" in again.stderr
    assert written.read_text() == "mine\n"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--format", "spec-examples", "-o", "OUT"), "needs --output DIR and --es-spec FILE"),
        (("--format", "spec-examples", "--es-spec", "SCHEMA"), "needs --output DIR and --es-spec FILE"),
        (("--format", "spec-examples", "--es-spec", "PAGE", "-o", "OUT"), "not JSON"),
        (("--es-spec", "SCHEMA"), "--es-spec is for --format spec-examples"),
    ],
)
def test_convert_spec_examples_usage_errors(tmp_path, extra, message):
    names = {"OUT": str(tmp_path / "out"), "SCHEMA": str(SCHEMA), "PAGE": str(PAGES / "ok.asciidoc")}
    run = run_cli("convert", str(PAGES / "ok.asciidoc"), *(names.get(a, a) for a in extra))
    assert run.status == ExitStatus.USAGE and message in run.stderr
    assert not Path(names["OUT"]).exists()
