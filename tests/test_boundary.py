"""The CI boundary of `docextract run`: bad arguments refused before any work, reports complete
whatever stops the run, nothing-to-do said as such, docs errors in every report, secrets never shown."""

from __future__ import annotations

import base64
import contextlib
import errno
import io
import json
import os
import threading
import xml.etree.ElementTree as ET
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import Run
from docextract.cli import main
from docextract.environment import Environment
from docextract.exitstatus import ExitStatus
from fakes import FakeClock, FakeCluster

URL = "http://fake:9200"

PASSING = """[[p]]
=== Page

[source,console]
----
PUT /books
----

[source,console]
----
GET /books
----
// TEST[continued]

A skipped one:

[source,console]
----
GET /_cluster/health
----
// TEST[skip:the fake cluster has no health API]
"""

BROKEN = (
    PASSING
    + """
[source,console]
----
GET /
----
// TEST[contnued]

[source,console]
----
GET /
----
// TEST[setup:nowhere]
"""
)

CHAIN = """[[p]]
=== Page

[source,console]
----
PUT /books/_doc/1?refresh=true
{"title": "Dune"}
----

[source,console]
----
GET /books/_doc/1
----
// TEST[continued]

[source,console-result]
----
{"_index": "books", "_id": "1", "found": false}
----
// TESTRESPONSE[s/"found": false/"found": false, "_version": $body._version, "_source": $body._source/]
"""


def run(folder: Path, *args: str, cluster: FakeCluster | None = None, environ=None, http=None) -> Run:
    """`docextract ARGS` in-process from `folder`, on a fake cluster (given, or a new one)."""
    out, err = io.StringIO(), io.StringIO()
    env = Environment(stdout=out, stderr=err, environ=environ or {}, clock=FakeClock())
    env.http = http or cluster or FakeCluster()
    with contextlib.chdir(folder):
        status = main(list(args), env)
    return Run(status, out.getvalue(), err.getvalue())


def page(tmp_path: Path, text: str = PASSING, name: str = "page.asciidoc") -> str:
    (tmp_path / name).write_text(text, "utf-8")
    return name


def line_of(text: str, wanted: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line == wanted)


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


# -- arguments and output paths: refused before any work ---------------------------------------------


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--junit", "reports"], "--junit reports is a folder"),
        (["--json", "missing/dir/r.json"], "the folder missing/dir does not exist"),
        (["--json", "notes.txt"], "--json notes.txt exists and is not a docextract report"),
        (["--junit", "notes.txt"], "--junit notes.txt exists and is not a docextract report"),
        (["--timeout", "0"], "argument --timeout: 0 is out of range"),
        (["--timeout", "-3"], "argument --timeout: -3 is out of range"),
        (["-j", "0"], "argument -j/--jobs: 0 is out of range"),
        (["--retries", "-1"], "argument --retries: -1 is out of range"),
    ],
)
def test_a_bad_argument_or_output_path_is_a_usage_error_before_any_work(tmp_path, capsys, args, says):
    (tmp_path / "reports").mkdir()
    (tmp_path / "notes.txt").write_text("my own notes\n", "utf-8")
    cluster = FakeCluster()
    result = run(tmp_path, "run", page(tmp_path), "--cluster", URL, *args, cluster=cluster)
    assert result.status == ExitStatus.USAGE
    message = result.stderr + capsys.readouterr().err  # argparse writes to sys.stderr itself
    assert says in message
    assert cluster.requests == []  # no cluster contacted, no page run
    assert (tmp_path / "notes.txt").read_text("utf-8") == "my own notes\n"


@pytest.mark.parametrize("option", ["--json", "--junit"])
@pytest.mark.parametrize("dangling", [False, True])
def test_a_report_named_by_a_symbolic_link_is_refused_and_nothing_is_written(tmp_path, option, dangling):
    """A link to a file that looks like a report proves nothing: that file may be someone else's."""
    (tmp_path / "other").mkdir()
    theirs = tmp_path / "other" / "their.json"
    if not dangling:
        theirs.write_text("", "utf-8")  # empty: what a report may be, were it given itself
    (tmp_path / "lj").symlink_to(Path("other") / "their.json")
    cluster = FakeCluster()
    result = run(tmp_path, "run", page(tmp_path), "--cluster", URL, option, "lj", cluster=cluster)
    assert result.status == ExitStatus.USAGE
    assert f"{option} lj is a symbolic link" in result.stderr and cluster.requests == []
    assert (tmp_path / "lj").is_symlink()
    assert theirs.exists() != dangling and (dangling or theirs.read_text("utf-8") == "")


@pytest.mark.parametrize("option", ["--json", "--junit"])
def test_a_report_named_by_a_fifo_or_a_device_is_refused_at_once(tmp_path, option):
    # A FIFO was read for ever to tell whether it held an earlier report; a device would be replaced.
    os.mkfifo(tmp_path / "fifo")
    cluster = FakeCluster()
    for name, kind in (("fifo", "a FIFO"), ("/dev/null", "a character device")):
        result = run(tmp_path, "run", page(tmp_path), "--cluster", URL, option, name, cluster=cluster)
        assert result.status == ExitStatus.USAGE and cluster.requests == []
        assert f"{option} {name} is {kind}" in result.stderr
    assert Path("/dev/null").is_char_device()


@pytest.mark.parametrize(
    ("json_name", "junit_name", "says"),
    [
        ("same.xml", "same.xml", "--json same.xml and --junit same.xml are the same file"),
        ("./same.xml", "same.xml", "--json same.xml and --junit same.xml are the same file"),
        ("sub/../same.xml", "same.xml", "are the same file"),
        ("hard.xml", "same.xml", "--json hard.xml and --junit same.xml are the same file"),
        ("page.asciidoc", "r.xml", "--json page.asciidoc is the input page.asciidoc"),
    ],
)
def test_two_outputs_or_an_output_and_an_input_on_one_file_are_a_usage_error(
    tmp_path, json_name, junit_name, says
):
    (tmp_path / "sub").mkdir()
    (tmp_path / "same.xml").write_text("", "utf-8")
    os.link(tmp_path / "same.xml", tmp_path / "hard.xml")
    name = page(tmp_path, "")  # empty: as a report would be, not refused as someone else's file
    cluster = FakeCluster()
    result = run(
        tmp_path, "run", name, "--cluster", URL, "--json", json_name, "--junit", junit_name, cluster=cluster
    )
    assert result.status == ExitStatus.USAGE and says in result.stderr
    assert cluster.requests == [] and (tmp_path / "same.xml").read_text("utf-8") == ""


def test_every_path_shown_exists_with_several_docs_roots_as_inputs(tmp_path):
    """The audit's case: big/c1's pages were named from big/c0's docs root, as paths that do not exist."""
    roots = [f"big/c{n}/docs/reference" for n in (0, 1)]
    for root in roots:
        (tmp_path / root).mkdir(parents=True)
        (tmp_path / root / "index.asciidoc").write_text("= Index\n", "utf-8")
        page(tmp_path / root, PASSING + "\n[source,console]\n----\nGET /\n----\n// TEST[s/foo/bar/]\n")
    result = run(tmp_path, "run", *roots, "--cluster", URL, "--junit", "j.xml", "-v")
    assert result.status == ExitStatus.DOCS_ERROR
    files = {case.get("file") for case in ET.parse(tmp_path / "j.xml").iter("testcase")} - {None}
    shown = {word.split(":")[0] for word in (result.stdout + result.stderr).split() if ".asciidoc" in word}
    assert files and shown and all((tmp_path / file).is_file() for file in files | shown), files | shown
    assert {f"{root}/page.asciidoc" for root in roots} <= files & shown
    assert result.stderr.count("| // TEST[s/foo/bar/]") == 2  # each error shows its line, read from its file


def test_an_option_error_shows_the_usage_of_the_command(tmp_path, capsys):
    assert run(tmp_path, "run", page(tmp_path), "--bogus").status == ExitStatus.USAGE
    err = capsys.readouterr().err
    assert err.startswith("usage: docextract run ") and "unrecognized arguments: --bogus" in err


def test_an_earlier_report_of_docextract_is_overwritten(tmp_path):
    name = page(tmp_path)
    first = run(tmp_path, "run", name, "--cluster", URL, "--json", "r.json", "--junit", "r.xml")
    second = run(tmp_path, "run", name, "--cluster", URL, "--json", "r.json", "--junit", "r.xml")
    assert first.status == second.status == ExitStatus.OK
    assert records(tmp_path / "r.json")[-1]["type"] == "summary"


def test_a_usage_error_found_once_the_run_has_begun_leaves_the_earlier_reports(tmp_path):
    # --setups is opened with the pages, after the reports' paths are checked: an earlier run's reports
    # stay as they were, and no summary of a run that did not happen is printed.
    name = page(tmp_path)
    reports = ("--json", "r.json", "--junit", "r.xml")
    assert run(tmp_path, "run", name, "--cluster", URL, *reports).status == ExitStatus.OK
    before = (tmp_path / "r.json").read_bytes(), (tmp_path / "r.xml").read_bytes()
    result = run(tmp_path, "run", name, "--cluster", URL, "--setups", "missing.yaml", *reports)
    assert result.status == ExitStatus.USAGE and "--setups: no such file" in result.stderr
    assert ((tmp_path / "r.json").read_bytes(), (tmp_path / "r.xml").read_bytes()) == before
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("127.0.0.1:19211", "add http:// or https:// (http://127.0.0.1:19211)"),
        ("ftp://example.org", "is not an http:// or https:// URL"),
        ("http://:notaport", "the port of http://:*** is not a number"),  # maybe a password, host forgotten
        ("http://[::1]:9200x", "the port of http://[::1]:*** is not a number"),
        ("http://@127.0.0.1:19211", "http://***@127.0.0.1:19211 has no user name before its @"),
        ("http://:9200", "names no host"),
    ],
)
def test_a_cluster_url_that_is_not_one_is_a_usage_error(tmp_path, url, says):
    result = run(tmp_path, "run", page(tmp_path), "--cluster", url)
    assert result.status == ExitStatus.USAGE and says in result.stderr


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("elastic:S3cretA13@127.0.0.1:9200", "add http:// or https:// (http://elastic:***@127.0.0.1:9200)"),
        ("ftp://u:S3cretA13@example.org", "ftp://u:***@example.org is not an http:// or https:// URL"),
        ("http://u:S3cretA13@[::1", "http://u:***@[::1 is not a URL"),
        ("http://u:S3cretA13@fake:port", "the port of http://u:***@fake:*** is not a number"),
        ("http://u:S3c/retA13@fake:9200", "http://u:***@fake:9200 has an @ after its host; in a user name"),
        ("http://S3cretA13@fake:9200", "the URL of --cluster gives a user name but no password"),
        # The host forgotten: without an @, what follows a colon and is not a port may be a password.
        ("http://elastic:S3cretA13", "the port of http://elastic:*** is not a number from 1 to 65535; write"),
        ("http://elastic:S3c/retA13", "the port of http://elastic:*** is not a number"),
        ("http://elastic:9S3cretA13", "the port of http://elastic:*** is not a number"),
        (
            "elastic:S3cretA13",
            "is not an http:// or https:// URL; add http:// or https:// (http://elastic:***)",
        ),
        ("http://me@corp.org:S3cretA13", "the port of http://***@corp.org:*** is not a number"),
        (
            "http://:S3cretA13@fake:9200",
            "http://:***@fake:9200 has no user name before its @; write http://USER",
        ),
    ],
)
@pytest.mark.parametrize("given", ["--cluster", "ELASTICSEARCH_URL"])
def test_a_url_in_a_message_never_shows_its_credentials(tmp_path, url, says, given):
    arguments, environ = (["--cluster", url], {}) if given == "--cluster" else ([], {given: url})
    result = run(tmp_path, "run", page(tmp_path), *arguments, environ=environ)
    assert result.status == ExitStatus.USAGE
    assert says.replace("--cluster", "$ELASTICSEARCH_URL" if environ else "--cluster") in result.stderr
    assert "retA13" not in result.stderr + result.stdout


def on_fake(args: list[str], environ: dict[str, str]) -> list[str]:
    """The arguments, with --cluster URL unless they or the environment give a cluster."""
    return args if "--cluster" in args or "ELASTICSEARCH_URL" in environ else ["--cluster", URL, *args]


@pytest.mark.parametrize(
    ("args", "environ", "says"),
    [
        (["--api-key", "K", "--bearer", "B"], {}, "--api-key and --bearer each give credentials; give one"),
        (
            ["--user", "u", "--api-key", "K"],
            {"ES_PASSWORD": "p"},
            "--user and --api-key each give credentials",
        ),
        (
            ["--cluster", "http://u:p@fake:9200", "--bearer", "B"],
            {},
            "the URL of --cluster and --bearer each",
        ),
        (
            [],
            {"ES_USER": "u", "ES_PASSWORD": "p", "ES_API_KEY": "K"},
            "credentials in $ES_USER and $ES_API_KEY",
        ),
        ([], {"ES_API_KEY": "K", "ES_BEARER_TOKEN": "B"}, "or choose with an option (--user, --api-key,"),
        ([], {"ELASTICSEARCH_URL": "http://u:p@fake:9200", "ES_BEARER_TOKEN": "B"}, "$ELASTICSEARCH_URL and"),
        (["--api-key", "K", "--password-env", "PW"], {}, "--password-env names the variable that holds the"),
        (["--api-key", ""], {"ES_API_KEY": "K"}, '--api-key is empty (an unset variable in "$…"?)'),
        (["--insecure", "--ca-certs", "ca.pem"], {}, "--insecure turns TLS verification off and --ca-certs"),
        (["--ca-certs", "ca.pem"], {}, "--ca-certs applies to https:// URLs, and http://fake:9200 is plain"),
        (["--insecure"], {}, "--insecure applies to https:// URLs"),
        (
            ["--cluster", "https://fake:9200", "--ca-certs", "missing.pem"],
            {},
            "no such file or folder: missing",
        ),
        (["--cluster", "https://fake:9200"], {"ES_CA_CERTS": "missing.pem"}, "$ES_CA_CERTS: no such file"),
    ],
)
def test_cluster_options_that_conflict_or_do_nothing_are_refused_at_once(tmp_path, args, environ, says):
    (tmp_path / "ca.pem").write_text("not read before the run\n", "utf-8")
    cluster = FakeCluster()
    result = run(
        tmp_path, "run", page(tmp_path, BROKEN), *on_fake(args, environ), cluster=cluster, environ=environ
    )
    assert result.status == ExitStatus.USAGE  # not 3: no page was read
    assert says in result.stderr
    assert cluster.requests == []


@pytest.mark.parametrize(
    "args",
    [["--wipe"], ["--api-key", "K"], ["--insecure"], ["--user", "u"], ["--ca-certs", "ca.pem"]],
)
def test_options_of_a_cluster_given_by_url_are_refused_on_the_embedded_one(tmp_path, args):
    result = run(tmp_path, "run", page(tmp_path, BROKEN), *args, environ={"ES_PASSWORD": "p"})
    assert result.status == ExitStatus.USAGE
    assert (
        f"{args[0]} applies only to a cluster given by URL, and this run uses the embedded one"
        in result.stderr
    )
    assert f"give --cluster URL (or set ELASTICSEARCH_URL), or leave {args[0]} out" in result.stderr


@pytest.mark.parametrize(
    ("args", "environ", "sent"),
    [
        (["--api-key", "K"], {"ES_USER": "u", "ES_PASSWORD": "p", "ES_BEARER_TOKEN": "B"}, "ApiKey K"),
        (["--bearer", "B"], {"ELASTICSEARCH_URL": "http://u:p@fake:9200", "ES_API_KEY": "K"}, "Bearer B"),
        (["--cluster", "http://u:p@fake:9200"], {"ES_API_KEY": "K"}, "Basic dTpw"),
        ([], {"ES_API_KEY": "K", "ES_USER": ""}, "ApiKey K"),  # set empty is not set
    ],
)
def test_credentials_given_as_options_win_over_those_of_the_environment(tmp_path, args, environ, sent):
    cluster = FakeCluster()
    result = run(tmp_path, "run", page(tmp_path), *on_fake(args, environ), cluster=cluster, environ=environ)
    assert result.status == ExitStatus.OK
    assert {request.headers["Authorization"] for request in cluster.requests} == {sent}


def test_a_user_without_a_password_is_a_usage_error_naming_the_variable(tmp_path):
    result = run(tmp_path, "run", page(tmp_path), "--cluster", URL, "--user", "elastic")
    assert result.status == ExitStatus.USAGE
    assert "set the environment variable ES_PASSWORD" in result.stderr


def test_credentials_in_the_url_are_used_but_not_shown(tmp_path):
    cluster = FakeCluster()
    result = run(tmp_path, "run", page(tmp_path, CHAIN), "--cluster", "http://elastic:pw123@fake:9200",
                 cluster=cluster)  # fmt: skip
    assert result.status == ExitStatus.TESTS_FAILED
    assert cluster.requests[0].headers["Authorization"].startswith("Basic ")
    assert "pw123" not in result.stdout + result.stderr
    assert "docextract run on http://fake:9200" in result.stdout


def test_credentials_in_the_url_are_percent_decoded_and_their_curl_asks_for_the_password(tmp_path):
    cluster = FakeCluster()
    url = "http://el%40stic:S3c%40ret%2F1@fake:9200"
    result = run(tmp_path, "run", page(tmp_path, CHAIN), "--cluster", url, cluster=cluster)
    assert result.status == ExitStatus.TESTS_FAILED
    sent = base64.b64decode(cluster.requests[0].headers["Authorization"].removeprefix("Basic "))
    assert sent == b"el@stic:S3c@ret/1"  # as curl and every HTTP client send it
    # No variable holds the password: the curl command names the user, and curl asks for the password.
    assert "request:  curl -X GET http://fake:9200/books/_doc/1 -u el@stic" in result.stdout
    assert "$ES_PASSWORD" not in result.stdout and "S3c" not in result.stdout + result.stderr


# -- what the target is ---------------------------------------------------------------------------


@pytest.fixture
def html_server(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html><body>Welcome</body></html>", "utf-8")

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(site), **kwargs)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_a_plain_web_server_is_not_taken_for_a_cluster(tmp_path, html_server):
    name = page(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(tmp_path):
        status = main(["run", name, "--cluster", html_server, "--json", "r.json"], Environment(out, err, {}))
    assert status == ExitStatus.CLUSTER_UNREACHABLE
    assert "does not look like an Elasticsearch-compatible cluster" in err.getvalue()
    (summary,) = [r for r in records(tmp_path / "r.json") if r["type"] == "summary"]
    assert "does not look like an Elasticsearch-compatible cluster" in summary["stopped"]
    assert summary["passed"] == summary["failed"] == 0


def test_html_answers_during_the_run_stop_it(tmp_path):
    cluster = FakeCluster()
    cluster.html = True  # GET / is fine; then every other answer is a web page
    result = run(tmp_path, "run", page(tmp_path), "--cluster", URL, "--json", "r.json", cluster=cluster)
    assert result.status == ExitStatus.CLUSTER_UNREACHABLE
    assert "HTML page: the target does not look like an Elasticsearch-compatible cluster" in result.stdout
    tests = [r for r in records(tmp_path / "r.json") if r["type"] == "test"]
    assert [t["status"] for t in tests] == ["error", "not_run"]  # the first one stopped the run


# -- nothing to do ---------------------------------------------------------------------------------


def test_nothing_selected_says_why_and_has_its_own_status(tmp_path):
    (tmp_path / "empty").mkdir()
    name = page(tmp_path)
    cases = [
        (["empty"], "nothing to do: no page and no YAML test file under empty"),
        ([f"{name}:300"], f"line 300 is past the end of {name} ({len(PASSING.splitlines())} lines)"),
        ([f"{name}:16"], f"no test snippet spans {name}:16; its test snippets start at lines 4, 9, 17"),
        ([name, "-k", "nomatch"], "no test name contains 'nomatch' (2 tests in 1 page; names look like"),
    ]
    for args, says in cases:
        result = run(tmp_path, "run", *args, "--cluster", URL, "--json", "r.json")
        assert result.status == ExitStatus.NOTHING_SELECTED, (args, result.stderr)
        assert says in result.stderr, args
        summary = records(tmp_path / "r.json")[-1]
        assert summary["type"] == "summary" and summary["stopped"].startswith("nothing to do: ")


def test_a_folder_without_pages_is_nothing_to_convert(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run(tmp_path, "convert", "empty")
    assert result.status == ExitStatus.NOTHING_SELECTED
    assert "nothing to do: no page (*.asciidoc or *.adoc or *.md) under empty" in result.stderr


# -- docs errors, where the reader looks ---------------------------------------------------------------


def test_docs_errors_are_in_the_summary_the_json_and_the_junit(tmp_path):
    name = page(tmp_path, BROKEN)
    result = run(tmp_path, "run", name, "--cluster", URL, "--json", "r.json", "--junit", "r.xml")
    assert result.status == ExitStatus.DOCS_ERROR  # the tests that could run passed
    assert "2 errors in the docs (their tests were not generated):" in result.stdout
    assert "1 × annotation-syntax" in result.stdout and "1 × setup-not-found" in result.stdout
    typo, setup = line_of(BROKEN, "// TEST[contnued]"), line_of(BROKEN, "// TEST[setup:nowhere]")
    assert f"  {name}:{typo}:9 annotation-syntax: unknown option `contnued`" in result.stdout
    diagnostics = [(r["code"], r["line"]) for r in records(tmp_path / "r.json") if r["type"] == "diagnostic"]
    assert diagnostics == [("annotation-syntax", typo), ("setup-not-found", setup)]
    assert records(tmp_path / "r.json")[-1]["docs_errors"] == 2
    root = ET.parse(tmp_path / "r.xml").getroot()
    (docs,) = [s for s in root.iter("testsuite") if s.get("name") == "docs errors"]
    names = [case.get("name") for case in docs.iter("testcase")]
    assert names == [f"{name}:{typo} annotation-syntax", f"{name}:{setup} setup-not-found"]
    assert docs.get("errors") == "2" and root.get("errors") == "2"


def test_positions_are_relative_to_where_the_user_stands(tmp_path):
    (tmp_path / "docs" / "api").mkdir(parents=True)
    (tmp_path / "docs" / "index.asciidoc").write_text("= Docs\n", "utf-8")
    (tmp_path / "docs" / "api" / "books.asciidoc").write_text(CHAIN, "utf-8")
    result = run(tmp_path, "run", "docs/api/books.asciidoc", "--cluster", URL)
    assert "FAILED docs/api/books.asciidoc:5 (line_5)" in result.stdout
    assert "  --> docs/api/books.asciidoc:18" in result.stdout


def test_results_go_to_stdout_and_progress_to_stderr(tmp_path):
    name = page(tmp_path, CHAIN)
    result = run(tmp_path, "run", name, "--cluster", URL, "-v")
    assert "FAILED page.asciidoc:5 (line_5)" in result.stdout
    assert "docextract run on http://fake:9200 elasticsearch 8.15.0: 1 page, 1 test in" in result.stdout
    assert result.stderr.startswith("FAILED      page.asciidoc  1 failed")  # the progress line
    assert "docextract run on" not in result.stderr


def test_a_page_is_labelled_by_its_worst_outcome_and_v_shows_skip_reasons(tmp_path):
    result = run(tmp_path, "run", page(tmp_path), "--cluster", URL, "-v")
    assert result.status == ExitStatus.OK
    assert result.stderr.startswith("PASSED      page.asciidoc  1 passed, 1 skipped")
    assert "SKIPPED     page.asciidoc:18 line_18: the fake cluster has no health API" in result.stdout


def test_a_failure_shows_every_request_that_led_to_it(tmp_path):
    result = run(tmp_path, "run", page(tmp_path, CHAIN), "--cluster", URL)
    failure = result.stdout.split("\n\n")[0]
    before, _, last = failure.partition("  request:  ")
    assert "requests before it, in order:" in before
    assert "curl -X PUT 'http://fake:9200/books/_doc/1?refresh=true'" in before
    assert last.startswith("curl -X GET http://fake:9200/books/_doc/1")


# -- interrupted, lost, full ------------------------------------------------------------------------------


class Interrupting(FakeCluster):
    """A cluster whose nth request is interrupted, as a Ctrl-C at that moment would."""

    def __init__(self, nth: int):
        super().__init__()
        self.nth = nth

    def request(self, method, url, data, headers):
        if len(self.requests) + 1 == self.nth:
            raise KeyboardInterrupt
        return super().request(method, url, data, headers)


@pytest.mark.parametrize(("nth", "phase"), [(1, "starting the cluster"), (9, "replaying tests")])
def test_an_interruption_still_writes_every_report(tmp_path, nth, phase):
    cluster = Interrupting(nth)
    args = ("run", page(tmp_path), "--cluster", URL, "--json", "r.json", "--junit", "r.xml")
    result = run(tmp_path, *args, cluster=cluster)
    assert result.status == ExitStatus.INTERRUPTED
    summary = records(tmp_path / "r.json")[-1]
    assert summary["interrupted"] is True and summary["interrupted_by"] == f"SIGINT while {phase}"
    root = ET.parse(tmp_path / "r.xml").getroot()
    assert root.find("properties/property").get("value") == f"SIGINT while {phase}"
    assert f"INTERRUPTED by SIGINT while {phase}" in result.stdout


def test_an_interruption_while_pages_are_read_still_writes_every_report(tmp_path, monkeypatch):
    from docextract.testgen.generate import Generator

    def interrupted(self, page):
        raise KeyboardInterrupt

    monkeypatch.setattr(Generator, "add_page", interrupted)
    result = run(tmp_path, "run", page(tmp_path), "--cluster", URL, "--json", "r.json", "--junit", "r.xml")
    assert result.status == ExitStatus.INTERRUPTED
    assert records(tmp_path / "r.json")[-1]["interrupted_by"] == "SIGINT while reading pages"
    assert ET.parse(tmp_path / "r.xml").getroot().get("tests") == "0"


def test_a_report_that_cannot_be_written_is_an_io_error_and_the_others_are_complete(tmp_path, monkeypatch):
    real = os.replace

    def full(source, target):
        if str(target).endswith("r.xml"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(source, target)

    monkeypatch.setattr(os, "replace", full)
    result = run(tmp_path, "run", page(tmp_path), "--cluster", URL, "--json", "r.json", "--junit", "r.xml")
    assert result.status == ExitStatus.IO_ERROR
    assert "a report could not be written: r.xml: No space left on device" in result.stderr
    assert records(tmp_path / "r.json")[-1]["type"] == "summary"
    assert not (tmp_path / "r.xml").exists() and not list(tmp_path.glob(".r.xml.*"))


# -- secrets -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "environ", "secret", "placeholder"),
    [
        (["--user", "elastic"], {"ES_PASSWORD": "pa55-word"}, "pa55-word", '-u elastic:"$ES_PASSWORD"'),
        (["--api-key", "a-p-i-k-e-y"], {}, "a-p-i-k-e-y", '"Authorization: ApiKey $ES_API_KEY"'),
        ([], {"ES_BEARER_TOKEN": "bear-er"}, "bear-er", '"Authorization: Bearer $ES_BEARER_TOKEN"'),
    ],
)
def test_no_secret_is_ever_shown(tmp_path, args, environ, secret, placeholder):
    cluster = FakeCluster()
    name = page(tmp_path, CHAIN)
    result = run(tmp_path, "run", name, "--cluster", URL, "--json", "r.json", "--junit", "r.xml", *args,
                 cluster=cluster, environ=environ)  # fmt: skip
    assert result.status == ExitStatus.TESTS_FAILED
    assert cluster.requests[0].headers["Authorization"]  # sent…
    for text in (result.stdout, result.stderr, *(p.read_text("utf-8") for p in tmp_path.glob("r.*"))):
        assert secret not in text  # …but never shown
    assert placeholder in result.stdout and placeholder in (tmp_path / "r.xml").read_text("utf-8")
