"""The transport: TLS on by default, retries only for connections never made, curl without secrets."""

import time

import pytest

from conftest import run_cli, write_tree
from docextract.commands.cluster_args import target as _target
from docextract.environment import Environment
from docextract.report.curl import curl
from docextract.results import Sent
from docextract.runner.http import RequestsHttp
from docextract.runner.transport import MAX_BODY, Reply, Target, Transport, TransportError
from fakes import FakeClock
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
    assert target.auth_shown == '-u elastic:"$ES_PASSWORD"'


def test_the_curl_of_a_user_names_it_whenever_basic_auth_is_sent():
    # The transport sends Basic auth for any user given, so its reproduction must show one too.
    assert Target("http://es:9200", user="", password="pw", password_env=None).auth_shown == "-u ''"


def test_the_embedded_cluster_takes_no_credentials_from_the_environment():
    from docextract.cli import build_parser

    args = build_parser().parse_args(["run", "x"])
    environ = {"ES_USER": "elastic", "ES_API_KEY": "k", "ES_CA_CERTS": "missing.pem"}  # set for the shell
    target = _target(args, Environment(environ=environ))  # no usage error: no password, two kinds, no file
    assert (target.url, target.user, target.api_key, target.verify, target.auth_shown) == (
        "",
        None,
        None,
        True,
        None,
    )


def test_the_ca_certificates_are_used_on_https_only(tmp_path):
    from docextract.cli import build_parser

    ca = tmp_path / "ca.pem"
    ca.write_text("certificates\n", "utf-8")
    https = build_parser().parse_args(["run", "x", "--cluster", "https://es:9200", "--ca-certs", str(ca)])
    assert _target(https, Environment()).verify == str(ca)
    plain = build_parser().parse_args(["run", "x", "--cluster", "http://es:9200"])
    assert _target(plain, Environment(environ={"ES_CA_CERTS": "missing.pem"})).verify is True


class ScriptedHttp:
    """An Http that plays its outcomes in order: a Reply to return or a TransportError to raise."""

    def __init__(self, *outcomes: Reply | TransportError):
        self.outcomes = list(outcomes)
        self.sent: list[tuple[str, str]] = []

    def request(self, method: str, url: str, data: bytes | None, headers: dict[str, str]) -> Reply:
        self.sent.append((method, url))
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, TransportError):
            raise outcome
        return outcome

    def close(self) -> None:
        pass


OK = Reply(200, {"content-type": "application/json"}, '{"ok": true}', ())


def refused() -> TransportError:
    return TransportError("unreachable", "cannot connect to http://es:9200: connection refused")


def test_a_connection_never_made_is_retried_after_growing_waits():
    clock, http = FakeClock(), ScriptedHttp(refused(), refused(), OK)
    sent, response = Transport(Target("http://es:9200", retries=2), clock, http).send("GET", "/")
    assert response.body == {"ok": True} and sent.url == "http://es:9200/"
    assert http.sent == [("GET", "http://es:9200/")] * 3
    assert clock.slept == [0.4, 0.8]


def test_retries_run_out():
    clock, http = FakeClock(), ScriptedHttp(refused(), refused(), refused(), OK)
    with pytest.raises(TransportError) as error:
        Transport(Target("http://es:9200", retries=2), clock, http).send("GET", "/")
    assert error.value.kind == "unreachable"
    assert len(http.sent) == 3 and clock.slept == [0.4, 0.8]
    assert http.outcomes == [OK]  # the fourth outcome was never asked for


@pytest.mark.parametrize("kind", ["reset", "timeout", "tls"])
def test_a_request_that_may_have_reached_the_server_is_sent_once(kind):
    clock, http = FakeClock(), ScriptedHttp(TransportError(kind, "no answer"), OK)
    with pytest.raises(TransportError) as error:
        Transport(Target("http://es:9200", retries=2), clock, http).send("PUT", "/index/_doc/1", body="{}")
    assert error.value.kind == kind
    assert http.sent == [("PUT", "http://es:9200/index/_doc/1")] and clock.slept == []


def test_a_reset_on_a_real_server_is_sent_once():
    clock = FakeClock()
    with FaultServer() as server:
        resetting = Environment(clock=clock).connect(Target(server.url, retries=2, timeout=1))
        with pytest.raises(TransportError) as reset:
            resetting.send("GET", "/fault/reset")
        assert reset.value.kind == "reset"
        assert [path for _, path, _ in server.seen].count("/fault/reset") == 1  # sent once, never again
    assert clock.slept == []


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
    assert "the target sends no Elasticsearch deprecation warnings" in result.stdout


def test_a_response_larger_than_the_bound_is_an_error_read_no_further():
    """A target streaming without end (1 GB or more) costs MAX_BODY of memory and stops there."""
    import socket
    import threading

    sent = []

    def serve(listener: socket.socket) -> None:
        connection, _ = listener.accept()
        connection.recv(65536)
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n")
        chunk = b"x" * (1 << 20)
        try:
            while sum(sent) < (1 << 30):  # up to 1 GB, unless the reader hangs up first
                connection.sendall(chunk)
                sent.append(len(chunk))
        except OSError:
            pass
        finally:
            connection.close()

    listener = socket.create_server(("127.0.0.1", 0))
    server = threading.Thread(target=serve, args=(listener,), daemon=True)
    server.start()
    started = time.monotonic()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    with pytest.raises(TransportError) as too_large:
        transport(Target(url, retries=0, timeout=10)).send("GET", "/huge")
    assert too_large.value.kind == "too-large" and "larger than 64 MiB" in str(too_large.value)
    server.join(10)
    listener.close()
    assert sum(sent) < MAX_BODY + (16 << 20)  # it stopped reading at the bound, not at 1 GB
    assert time.monotonic() - started < 10


def test_a_lone_surrogate_in_a_response_reads_as_the_replacement_character_at_any_depth():
    text = '{"\\udfff": ' + "[" * 500 + '"\\ud800 \\ud83d\\ude00 \\\\ud800"' + "]" * 500 + "}"
    reply = Reply(200, {"content-type": "application/json"}, text, ())
    body = Transport(Target("http://es:9200"), FakeClock(), ScriptedHttp(reply)).send("GET", "/")[1].body
    (key,) = body
    value = body[key]
    while isinstance(value, list):
        (value,) = value
    assert (key, value) == ("\ufffd", "\ufffd \U0001f600 \\ud800")  # a pair is one character; text stays


def test_a_response_nested_past_what_the_parser_reads_is_text():
    text = "[" * 100_000 + "]" * 100_000
    reply = Reply(200, {"content-type": "application/json"}, text, ())
    assert (
        Transport(Target("http://es:9200"), FakeClock(), ScriptedHttp(reply)).send("GET", "/")[1].body == text
    )
