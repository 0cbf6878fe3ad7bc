"""The names the arbiter looks up, indexed from the real schema.json (npm @elastic/request-converter), and
the answers the embedded cluster gives on the corpus judged against them."""

from __future__ import annotations

import pytest

from docextract import spec
from docextract.results import Gap
from npmcache import spec_schema


@pytest.fixture(scope="module")
def schema() -> spec.Spec:
    return spec.load(spec_schema())


def test_the_containers_variants_and_the_mapping_types_are_indexed(schema):
    names = schema.names
    assert {"match", "pinned", "semantic", "bool"} <= names.queries.keys()
    assert names.queries["pinned"] == "_types.query_dsl:PinnedQuery"
    assert {"boxplot", "categorize_text", "terms", "frequent_items"} <= names.aggregations.keys()
    assert not {"aggs", "aggregations", "meta"} & names.aggregations.keys()  # not aggregation types
    assert {"histogram", "dense_vector", "semantic_text", "keyword"} <= names.mapping_types.keys()


@pytest.mark.parametrize(
    ("gap", "known", "said"),
    [
        # Answers of the embedded cluster on the corpus: features Elasticsearch has.
        (Gap("api", "POST /_query"), True, "esql.query"),
        (Gap("api", "POST /_nodes/reload_secure_settings"), True, "nodes.reload_secure_settings"),
        (Gap("api", "DELETE /_pit"), True, "close_point_in_time"),
        (Gap("property", "retriever", "POST /my-index/_search"), True, "search request body"),
        (Gap("field", "format", "field_sort"), True, "_types:FieldSort"),
        (
            Gap("field", "p_value", "significant_terms"),
            True,
            "_types.aggregations:SignificantTermsAggregation",
        ),
        (Gap("parameter", "categories", "GET /_xpack"), True, "xpack.info query parameters"),
        (Gap("mapping_type", "histogram"), True, "_types.mapping:HistogramProperty"),
        # Names Elasticsearch does not know, with the nearest it does.
        (Gap("query", "matchh"), False, "match"),
        (Gap("aggregation", "cardinalty"), False, "cardinality"),
        (Gap("api", "GET /_serach"), False, "GET /_search"),
        (Gap("api", "POST /_cluster/voting_config_exclusions/nodeId1"), False, None),
    ],
)
def test_a_gap_is_judged_by_the_real_specification(schema, gap, known, said):
    judged = spec.judge(schema, gap)
    assert judged.judged and judged.known is known
    assert (judged.reference if known else judged.suggestion) == said
