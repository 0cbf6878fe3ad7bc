"""The transport: TLS on by default, retries only for connections never made, curl without secrets."""

import time

import pytest

from conftest import run_cli, write_tree
from docextract.commands.replay import _target
from docextract.environment import Environment
from docextract.report.curl import curl
from docextract.results import Sent
from docextract.runner.http import RequestsHttp
from docextract.runner.transport import Target, Transport, TransportError
from faultserver import FaultServer


def transport(target: Target) -> Transport:
    return Environment().connect(target)


def test_tls_is_verified_unless_told_otherwise():
    assert RequestsHttp(Target("https://localhost:9200")).session.verify is True
    assert RequestsHttp(Target("https://localhost:9200", verify="ca.pem")).session.verify == "ca.pem"
    assert RequestsHttp(Target("https://localhost:9200", verify=False)).session.verify is False


def test_flags_and_environment_make_the_target():
    from docextract.cli import build_parser

    args = build_parser().parse_args(["run", "x", "--user", "elastic", "--insecure"])
    environ = {"ELASTICSEARCH_URL": "https://es:9200", "ES_PASSWORD": "pw", "ES_API_KEY": "k"}
    target = _target(args, Environment(environ=environ))
    assert (target.url, target.user, target.password) == ("https://es:9200", "elastic", "pw")
    assert target.verify is False
    assert target.auth_shown == "-u elastic:*****"


def test_a_refused_connection_is_retried_and_a_reset_is_not():
    refusing = transport(Target("http://127.0.0.1:9", retries=2, timeout=1))
    started = time.monotonic()
    with pytest.raises(TransportError) as refused:
        refusing.send("GET", "/")
    assert refused.value.kind == "unreachable"
    assert time.monotonic() - started >= 1.0  # two retries after 0.4 s and 0.8 s
    with FaultServer() as server:
        resetting = transport(Target(server.url, retries=2, timeout=1))
        with pytest.raises(TransportError) as reset:
            resetting.send("GET", "/fault/reset")
        assert reset.value.kind == "reset"
        assert [path for _, path, _ in server.seen].count("/fault/reset") == 1  # sent once, never again


def test_curl_masks_credentials_and_quotes_the_body():
    headers = {"Content-Type": "application/json"}
    sent = Sent("POST", "http://h:9200/i/_search?q=a%20b", headers, '{"a": "it\'s"}', None)
    command = curl(sent, "-u elastic:*****")
    assert command.startswith("curl -X POST 'http://h:9200/i/_search?q=a%20b' -u elastic:*****")
    assert """--data-binary '{"a": "it'"'"'s"}'""" in command


def test_each_warning_header_is_read_apart():
    with FaultServer() as server:
        _, response = transport(Target(server.url)).send("GET", "/fault/warning")
    assert response.warnings == ('[x] is deprecated, use "y"', "a second one")


def test_a_target_that_is_not_elasticsearch_sends_no_warnings(tmp_path):
    page = "[source,console]\n----\nGET /\n----\n// TEST[warning:a deprecated thing]\n"
    write_tree(tmp_path, {"page.asciidoc": page})
    with FaultServer() as server:
        result = run_cli("run", str(tmp_path / "page.asciidoc"), "--cluster", server.url)
    # The fault server sends no Warning header, and it says it is not Elasticsearch: unsupported, not failed.
    assert "the target sends no Elasticsearch deprecation warnings" in result.stderr
