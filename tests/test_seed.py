"""The seed page converts to exactly the facts the convert issue lists."""

import yaml

from conftest import SEED, require_shared, run_cli

PARAM_KEYS = ("name", "required", "type", "default", "description", "line", "children")
EXPECTED = """
schema: docextract/page/v1
source: create-connector-sync-job-api.asciidoc
id: create-connector-sync-job-api
title: Create connector sync job API
titleabbrev: Create connector sync job
summary: Creates a connector sync job.
availability: []
endpoints:
- {method: POST, path: /_connector/_sync_job, line: 22}
prerequisites:
- To sync data using connectors, it's essential to have the Elastic connectors service running.
- The `id` parameter should reference an existing connector.
description: |-
  Creates a connector sync job document in the internal index and initializes its counters and timestamps with default values.
  Certain values can be updated via the API.
path_parameters: []
query_parameters: []
request_body:
- {name: id, required: true, type: string, default: null, description: The id of the connector to create the sync job for., line: 40, children: []}
- {name: job_type, required: false, type: string, default: full, description: The job type of the created sync job. Defaults to `full`., line: 43, children: []}
- {name: trigger_method, required: false, type: string, default: on_demand, description: The trigger method of the created sync job. Defaults to `on_demand`., line: 46, children: []}
response_body:
- {name: id, required: null, type: string, default: null, description: The ID associated with the connector sync job document., line: 53, children: []}
response_codes:
- {code: 201, description: Indicates that the connector sync job was created successfully., line: 59}
- {code: 400, description: Indicates that the request was malformed., line: 62}
- {code: 404, description: Indicates that either the index or the referenced connector is missing., line: 65}
snippets:
- line: 10
  end_line: 17
  language: console
  kind: test
  requests:
  - {method: POST, path: /_connector/_sync_job, query: {}, line: 11, body: {id: connector-id, job_type: full, trigger_method: on_demand}}
  test: {skip: "there's no way to clean up after this code snippet, as we don't know the id ahead of time", continued: false, setup: [], teardown: [], substitutions: [], catch: null, warnings: [], skip_shard_failures: false}
"""  # noqa: E501


def _restrict(actual, expected):
    """The part of actual that expected speaks of (more keys are welcome in the output)."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), actual
        return {k: _restrict(actual.get(k, "<missing>"), v) for k, v in expected.items()}
    if isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), (actual, expected)
        return [_restrict(a, e) for a, e in zip(actual, expected, strict=True)]
    return actual


def test_seed_page_converts_to_the_given_facts():
    require_shared()
    result = run_cli("convert", str(SEED))
    assert result.status == 0, result.stderr
    actual = yaml.safe_load(result.stdout)
    expected = yaml.safe_load(EXPECTED)
    assert _restrict(actual, expected) == expected


def test_seed_page_as_json_holds_the_same_data():
    require_shared()
    as_yaml = yaml.safe_load(run_cli("convert", str(SEED)).stdout)
    import json

    as_json = json.loads(run_cli("convert", str(SEED), "--format", "json").stdout)
    assert as_json == as_yaml
