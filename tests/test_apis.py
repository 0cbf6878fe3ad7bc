"""Named API steps turned into HTTP requests by the official client's catalogue."""

import copy
import json
import os
import subprocess
import sys
import threading
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.version import Version

from conftest import REPO, SHARED
from docextract.diagnostics import Diagnostics
from docextract.runner.apis import ApiRequest, BadArguments, UnknownApi, build_request
from docextract.setupfiles import read_setups
from docextract.syntax import yamlread

# The module hides the client's warnings about beta APIs, but pytest resets warning filters per test.
pytestmark = pytest.mark.filterwarnings("ignore::elasticsearch.exceptions.GeneralAvailabilityWarning")

BUILD_GRADLE = SHARED / "corpus" / "es-docs" / "docs" / "build.gradle"
# Keys of a `do` step that sit beside the API; `raw` is the runner's own step, not a client API.
DO_KEYS = {"catch", "headers", "warnings", "allowed_warnings", "ignore", "node_selector"}

LEDGER_BULK = (
    '{"index":{"_id":"1"}}\n{"amount":200,"type":"sale"}\n'
    '{"index":{"_id":"2"}}\n{"amount":10,"type":"cost"}\n'
)


def test_indices_create_with_a_body():
    body = {"settings": {"number_of_shards": 2}, "mappings": {"properties": {"type": {"type": "keyword"}}}}
    request = build_request("indices.create", {"index": "ledger", "body": body})
    assert request == ApiRequest("PUT", "/ledger", {}, body, "application/json")
    assert request.body is not body  # never shares objects with the step


def test_bulk_with_an_ndjson_string_and_refresh():
    request = build_request("bulk", {"index": "ledger", "refresh": True, "body": LEDGER_BULK})
    assert request == ApiRequest(
        "PUT", "/ledger/_bulk", {"refresh": "true"}, LEDGER_BULK, "application/x-ndjson"
    )


def test_bulk_lines_are_serialised_one_a_line_and_end_with_a_newline():
    request = build_request("bulk", {"body": [{"index": {}}, {"a": "é"}]})
    assert request.body == '{"index":{}}\n{"a":"é"}\n'
    assert build_request("bulk", {"body": '{"index":{}}\n{"a":1}'}).body == '{"index":{}}\n{"a":1}\n'


def test_cluster_state_without_arguments():
    assert build_request("cluster.state", {}) == ApiRequest("GET", "/_cluster/state", {}, None, None)


def test_nodes_info_with_a_metric_list():
    request = build_request("nodes.info", {"metric": ["http", "transport"]})
    assert (request.method, request.path, request.body) == ("GET", "/_nodes/http,transport", None)


def test_put_script():
    body = {"script": {"lang": "painless", "source": "Math.log(_score * 2) + params['my_modifier']"}}
    request = build_request("put_script", {"id": "my_script", "body": body})
    assert request == ApiRequest("PUT", "/_scripts/my_script", {}, body, "application/json")


@pytest.mark.parametrize(
    ("api", "arguments", "method", "path"),
    [
        ("indices.delete", {"index": "ledger"}, "DELETE", "/ledger"),
        ("indices.delete_index_template", {"name": "t*"}, "DELETE", "/_index_template/t*"),
        ("cluster.delete_component_template", {"name": "ct"}, "DELETE", "/_component_template/ct"),
        ("get", {"index": "ledger", "id": 1}, "GET", "/ledger/_doc/1"),
        ("delete", {"index": "ledger", "id": "1"}, "DELETE", "/ledger/_doc/1"),
    ],
)
def test_apis_without_a_body(api, arguments, method, path):
    assert build_request(api, arguments) == ApiRequest(method, path, {}, None, None)


def test_index_and_create_a_document():
    index = build_request("index", {"index": "ledger", "id": 1, "refresh": "wait_for", "body": {"a": 1}})
    assert index == ApiRequest("PUT", "/ledger/_doc/1", {"refresh": "wait_for"}, {"a": 1}, "application/json")
    assert build_request("index", {"index": "ledger", "body": {"a": 1}}).method == "POST"  # no id
    create = build_request("create", {"index": "ledger", "id": "2", "body": {"a": 2}})
    assert (create.method, create.path, create.body) == ("PUT", "/ledger/_create/2", {"a": 2})


def test_search_keeps_plain_arguments_in_the_query_string_beside_a_body():
    # The client would merge size into the body, drop from (its alias from_) and put sort `a:asc` in
    # the body, where it means a field named `a:asc`; Elasticsearch's YAML runner sends them in the URL.
    arguments = {"index": "ledger", "q": "type:sale", "size": 10, "from": 5, "sort": "amount:desc"}
    body = {"query": {"match_all": {}}}
    request = build_request("search", {**arguments, "body": body})
    assert request == ApiRequest(
        "POST",
        "/ledger/_search",
        {"q": "type:sale", "size": "10", "from": "5", "sort": "amount:desc"},
        body,
        "application/json",
    )
    without_body = build_request("search", arguments)
    assert (without_body.params, without_body.body) == (request.params, None)


def test_object_arguments_stay_body_fields():
    request = build_request("search", {"index": "x", "size": 0, "aggs": {"t": {"terms": {"field": "f"}}}})
    assert request.params == {"size": "0"}
    assert request.body == {"aggs": {"t": {"terms": {"field": "f"}}}}
    merged = build_request("search", {"index": "x", "aggs": {"a": {}}, "body": {"query": {}}})
    assert merged.body == {"query": {}, "aggs": {"a": {}}}
    with pytest.raises(BadArguments, match="`aggs` is given both"):
        build_request("search", {"index": "x", "aggs": {"a": {}}, "body": {"aggs": {}}})


def test_path_parts_the_client_renames_are_given_their_rest_spec_names():
    # The client calls these path parts `name` (its `repository` and `policy` are the body).
    settings = {"type": "fs", "settings": {"location": "/tmp/repo"}}
    request = build_request(
        "snapshot.create_repository", {"repository": "r", "verify": False, "body": settings}
    )
    assert request == ApiRequest("PUT", "/_snapshot/r", {"verify": "false"}, settings, "application/json")
    assert build_request("snapshot.delete_repository", {"repository": "r"}).path == "/_snapshot/r"
    policy = {"policy": {"phases": {"hot": {"actions": {}}}}}
    request = build_request("ilm.put_lifecycle", {"policy": "p", "body": policy})
    assert (request.method, request.path, request.body) == ("PUT", "/_ilm/policy/p", policy)


def test_msearch_with_a_string_body():
    body = '{"index":"ledger"}\n{"query":{"match_all":{}}}\n'
    request = build_request("msearch", {"body": body, "max_concurrent_searches": 2})
    assert request == ApiRequest(
        "POST", "/_msearch", {"max_concurrent_searches": "2"}, body, "application/x-ndjson"
    )


def test_query_parameters_come_out_as_strings():
    request = build_request(
        "indices.get",
        {"index": ["a", "b"], "expand_wildcards": ["open", "hidden"], "flat_settings": False},
    )
    assert request.path == "/a,b"
    assert request.params == {"expand_wildcards": "open,hidden", "flat_settings": "false"}
    timeout = yamlread.load("2024-01-02")  # an unquoted date, as every YAML reader gives it: the text
    params = build_request("search", {"index": "x", "timeout": timeout, "size": 1.5}).params
    assert params == {"timeout": "2024-01-02", "size": "1.5"}


def test_ignore_is_dropped_and_transport_options_are_refused():
    assert build_request("indices.delete", {"index": "x", "ignore": [404]}).params == {}
    with pytest.raises(BadArguments, match="`headers` is not a parameter"):
        build_request("indices.delete", {"index": "x", "headers": {"a": "b"}})


def test_the_step_is_left_as_parsed():
    arguments = {"index": "x", "aggs": {"a": {}}, "body": {"query": {}}}
    before = copy.deepcopy(arguments)
    build_request("search", arguments)
    assert arguments == before


def test_an_unknown_api_names_the_nearest_one():
    with pytest.raises(UnknownApi, match=r"did you mean `indices\.create`") as caught:
        build_request("indices.creat", {})
    assert (caught.value.api, caught.value.suggestion) == ("indices.creat", "indices.create")
    for name in ("raw", "options", "perform_request", "indices.perform_request", "transport.close"):
        with pytest.raises(UnknownApi):
            build_request(name, {})


@pytest.mark.parametrize(
    ("api", "arguments", "message"),
    [
        ("indices.create", {"index": "x", "shards": 2}, "unexpected keyword argument 'shards'"),
        ("indices.create", {}, "'index'"),
        ("cluster.state", {"body": {"a": 1}}, "takes no body"),
        ("get", {"index": "", "id": "1"}, "Empty value passed for parameter 'index'"),
        ("bulk", {"index": "x"}, "'operations'"),
    ],
)
def test_bad_arguments_name_the_parameter(api, arguments, message):
    with pytest.raises(BadArguments, match=message) as caught:
        build_request(api, arguments)
    assert caught.value.api == api


def test_client_warnings_are_not_shown():
    # In a process of its own: pytest resets the warning filters that the module installs on import.
    script = (
        "from docextract.runner.apis import build_request\n"
        "build_request('connector.put', {'connector_id': 'c', 'body': {'index_name': 'x'}})\n"  # beta
        "build_request('put_script', {'id': 's', 'context': 'score', 'body': {'script': {}}})\n"
    )
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", script], capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stderr) == (0, "")


# The oldest and newest clients the project admits, each installed by `make test` in a folder of its own.
ES_CLIENTS = [
    line
    for line in (REPO / "tests" / "elasticsearch-clients.txt").read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
]
ES_CLIENT_FOLDERS = Path(sys.prefix) / "es-clients"  # the venv's, whatever $(VENV) is
# Run with one client first on PYTHONPATH; prints what the test asserts, so that pytest shows the diff.
CLIENT_CHECK = """
import json, sys
import elastic_transport, elasticsearch
from docextract.runner import apis

catalogue = apis._catalogue()
built = [apis.build_request(api, arguments) for api, arguments in json.loads(sys.argv[1])]
print(json.dumps({
    "version": elasticsearch.__versionstr__,
    "modules": [elasticsearch.__file__, elastic_transport.__file__],
    "apis": len(catalogue),
    "plumbing": sorted({"options", "close", "perform_request", "indices.perform_request"} & set(catalogue)),
    "unprobed": sorted(api for api, call in catalogue.items() if apis._path_parts(call) is None),
    "requests": [[r.method, r.path, r.params, r.body, r.content_type] for r in built],
}))
"""
REPOSITORY = {"type": "fs", "settings": {"location": "/tmp/repo"}}
POLICY = {"policy": {"phases": {"hot": {"actions": {}}}}}
CLIENT_CASES = [
    (
        "indices.create",
        {"index": "ledger", "body": {"settings": {"number_of_shards": 2}}},
        ApiRequest("PUT", "/ledger", {}, {"settings": {"number_of_shards": 2}}, "application/json"),
    ),
    (
        "snapshot.create_repository",
        {"repository": "r", "verify": False, "body": REPOSITORY},
        ApiRequest("PUT", "/_snapshot/r", {"verify": "false"}, REPOSITORY, "application/json"),
    ),
    ("snapshot.delete_repository", {"repository": "r"}, ApiRequest("DELETE", "/_snapshot/r", {}, None, None)),
    (
        "ilm.put_lifecycle",
        {"policy": "p", "body": POLICY},
        ApiRequest("PUT", "/_ilm/policy/p", {}, POLICY, "application/json"),
    ),
    (
        "search",
        {"index": "ledger", "size": 10, "from": 5, "body": {"query": {"match_all": {}}}},
        ApiRequest(
            "POST",
            "/ledger/_search",
            {"size": "10", "from": "5"},
            {"query": {"match_all": {}}},
            "application/json",
        ),
    ),
    (
        "bulk",
        {"index": "ledger", "refresh": True, "body": LEDGER_BULK},
        ApiRequest("PUT", "/ledger/_bulk", {"refresh": "true"}, LEDGER_BULK, "application/x-ndjson"),
    ),
    ("cluster.state", {}, ApiRequest("GET", "/_cluster/state", {}, None, None)),
]


def test_the_checked_clients_are_the_bounds_of_the_dependency_range():
    dependencies = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirement = next(Requirement(d) for d in dependencies["dependencies"] if d.startswith("elasticsearch"))
    versions = sorted(Version(version) for version in ES_CLIENTS)
    assert len(versions) == 2
    assert all(version in requirement.specifier for version in versions)
    assert [Version(s.version) for s in requirement.specifier if s.operator == ">="] == [versions[0]]


@pytest.mark.parametrize("version", ES_CLIENTS)
def test_the_catalogue_of_every_admitted_client(version):
    folder = ES_CLIENT_FOLDERS / version
    if not (folder / ".installed").is_file():
        pytest.fail(f"elasticsearch {version} is not installed in {folder}: `make test` (es-clients) does it")
    cases = [[api, arguments] for api, arguments, _ in CLIENT_CASES]
    result = subprocess.run(
        [sys.executable, "-c", CLIENT_CHECK, json.dumps(cases)],
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")])),
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["version"] == version
    assert all(Path(module).is_relative_to(folder) for module in found["modules"])
    assert found["apis"] > 400
    assert (found["plumbing"], found["unprobed"]) == ([], [])
    assert [ApiRequest(*request) for request in found["requests"]] == [
        request for *_, request in CLIENT_CASES
    ]


def test_threads_get_their_own_requests():
    failures = []

    def work(n):
        for i in range(200):
            request = build_request("get", {"index": f"i{n}", "id": i})
            if request.path != f"/i{n}/_doc/{i}":
                failures.append(request)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


def _named_api_steps():
    definitions = read_setups(BUILD_GRADLE, Diagnostics())
    steps = []
    for kind, fragments in (("setup", definitions.setups), ("teardown", definitions.teardowns)):
        for name, fragment in fragments.items():
            for number, step in enumerate(yaml.safe_load(fragment.text), 1):
                for api, arguments in step.get("do", {}).items():
                    if api not in DO_KEYS and api != "raw":
                        steps.append(pytest.param(api, arguments or {}, id=f"{kind}:{name}:{number}:{api}"))
    return steps


NAMED_API_STEPS = _named_api_steps()


def test_build_gradle_has_named_api_steps():
    assert len(NAMED_API_STEPS) > 100


@pytest.mark.parametrize(("api", "arguments"), NAMED_API_STEPS)
def test_every_named_setup_step_builds(api, arguments):
    request = build_request(api, arguments)
    assert request.path.startswith("/")
    assert request.method in {"GET", "PUT", "POST", "DELETE", "HEAD"}
    assert all(isinstance(value, str) for value in request.params.values())
    if "body" in arguments:
        assert request.content_type in {"application/json", "application/x-ndjson"}


def test_a_request_built_once_is_taken_from_the_file_without_the_client(tmp_path, monkeypatch):
    """A later run takes the request an earlier one built (the same bytes), even with the client gone;
    what it gives is a copy the caller may change."""
    from docextract.runner import apis

    kept = str(tmp_path / "requests.pickle")
    body = {"settings": {"number_of_shards": 2}}
    try:
        apis.keep_requests_in(kept)
        built = build_request("indices.create", {"index": "ledger", "body": body})
        apis.keep_requests_in(kept)  # a new run: what the file holds
        assert apis.has_kept_requests()

        def no_client():
            raise AssertionError("the client was asked")

        monkeypatch.setattr(apis, "_catalogue", no_client)
        again = build_request("indices.create", {"index": "ledger", "body": body})
        assert again == built
        again.body["settings"]["number_of_shards"] = 7
        assert build_request("indices.create", {"index": "ledger", "body": body}) == built
        with pytest.raises(AssertionError, match="the client was asked"):  # other arguments: built anew
            build_request("indices.create", {"index": "ledger-2", "body": body})
    finally:
        apis.keep_requests_in(None)


def test_a_step_with_binary_data_or_a_number_key_is_built_every_time_and_none_kept_without_a_file(tmp_path):
    from docextract.runner import apis, builtcache

    assert builtcache.key("indices.create", yamlread.load("index: !!binary aGk=")) is None
    # json.dumps would write both as {"1": "a"}: a number key is not kept, so the two never share one.
    assert builtcache.key("bulk", {"body": {1: "a"}}) is None
    assert builtcache.key("bulk", {"body": {"1": "a"}}) is not None
    apis.keep_requests_in(None)
    build_request("cluster.state", {})
    assert not apis.has_kept_requests()


def test_a_second_run_of_named_setups_never_imports_the_client(tmp_path):
    """The samples' named setups (indices.create, bulk) replayed twice in fresh processes, with a cache
    folder of their own: the second builds every named step from the kept requests."""
    page = tmp_path / "docs" / "page.asciidoc"
    page.parent.mkdir()
    page.write_text(
        "= Page\n\n[source,console]\n----\nGET /my-index-000001/_search\n----\n// TEST[setup:my_index]\n",
        encoding="utf-8",
    )
    code = (
        "import sys\n"
        "from docextract.__main__ import main\n"
        f"sys.argv[1:] = ['run', {str(page)!r}, '--setups', {str(REPO / 'samples' / 'setups.yaml')!r},"
        " '-q', '--jobs', '1']\n"
        "status = main()\n"
        "print(status, 'elasticsearch' in sys.modules)\n"
    )
    environ = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    environ.pop("DOCEXTRACT_NO_CACHE", None)

    def run() -> list[str]:
        done = subprocess.run([sys.executable, "-c", code], env=environ, capture_output=True, text=True)
        return done.stdout.split()[-2:]

    assert run() == ["0", "True"]
    assert run() == ["0", "False"]
