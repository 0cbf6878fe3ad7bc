"""The embedded cluster: clones made over the server's API, and what the server is started with."""

import os
from pathlib import Path

from conftest import write_tree
from docextract.environment import Environment
from docextract.model import Pos
from docextract.results import Status
from docextract.runner import osmem
from docextract.runner.clones import Clones
from docextract.runner.clusters import EmbeddedCluster
from docextract.runner.replay import run_test
from docextract.suite import Case, Step, Suite
from fakes import FakeClock
from faultserver import FaultServer


def test_a_server_that_gives_no_clone_fails_the_test_as_unreachable():
    with FaultServer() as server:  # it answers POST /_osmem/clones with {"acknowledged": true}: no clone
        cluster = EmbeddedCluster(Environment().connect)
        cluster._clones = Clones(server.url, Environment().connect, 5.0)
        test = Case(
            "line_3",
            Pos("page.asciidoc", 3),
            (Step({"do": {"raw": {"method": "GET", "path": "/"}}}, Pos("page.asciidoc", 4)),),
        )
        result, leaks = run_test(Suite("page.asciidoc", "page.yml", (test,)), test, cluster, FakeClock())
    assert result.status is Status.ERROR and result.cause == "unreachable" and leaks == []
    assert "the embedded cluster made no clone (200)" in result.reason


def test_the_server_is_started_with_our_go_runtime_settings_unless_the_user_chose_them(monkeypatch):
    monkeypatch.delenv("GOGC", raising=False)
    monkeypatch.delenv("GOMAXPROCS", raising=False)
    with osmem.go_runtime():
        assert os.environ["GOGC"] == "200" and os.environ["GOMAXPROCS"] == "1"
    assert "GOGC" not in os.environ and "GOMAXPROCS" not in os.environ  # this process's as it was
    monkeypatch.setenv("GOMAXPROCS", "4")
    with osmem.go_runtime():
        assert os.environ["GOGC"] == "200" and os.environ["GOMAXPROCS"] == "4"
    assert os.environ["GOMAXPROCS"] == "4" and "GOGC" not in os.environ


def test_the_embedded_server_process_runs_with_those_settings(monkeypatch):
    monkeypatch.delenv("GOMAXPROCS", raising=False)
    monkeypatch.setenv("GOGC", "150")
    cluster = EmbeddedCluster(Environment().connect, japanese=False)
    cluster.start()
    try:
        environ = Path(f"/proc/{cluster._server.process.pid}/environ").read_bytes().split(b"\0")
    finally:
        cluster.close()
    assert b"GOMAXPROCS=1" in environ and b"GOGC=150" in environ
    assert "GOMAXPROCS" not in os.environ


JAPANESE_PAGE = """[[ja]]
== Japanese

[source,console]
----
GET /_analyze
{
  "tokenizer": "kuromoji_tokenizer",
  "text": "\u6771\u4eac\u90fd"
}
----

[source,console-result]
----
{
  "tokens": [
    {"token": "\u6771\u4eac", "start_offset": 0, "end_offset": 2, "type": "word", "position": 0},
    {"token": "\u90fd", "start_offset": 2, "end_offset": 3, "type": "word", "position": 1}
  ]
}
----
"""


def test_the_share_of_a_run_that_needs_japanese_gets_it(tmp_path):
    """With --jobs 2 each share of the pages starts its own server, with the Japanese dictionaries only
    if its pages need them: kuromoji's tokens (CJK bigrams without them: 東京, 京都) show that the share
    with the Japanese page has them. In a subprocess with a time limit: a helper forked while a thread
    held the import lock would hang."""
    import subprocess
    import sys

    pages = {
        f"p{n}.asciidoc": f"[[p{n}]]\n== Page {n}\n\n[source,console]\n----\nGET /\n----\n" for n in range(15)
    }
    write_tree(tmp_path, {**pages, "ja.asciidoc": JAPANESE_PAGE})
    run = subprocess.run(
        [sys.executable, "-m", "docextract", "run", str(tmp_path), "--jobs", "2", "-q", "--junit", "j.xml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    report = (tmp_path / "j.xml").read_text()
    assert 'tests="16" failures="0" errors="0" skipped="0"' in report


def _clones_open_now(url: str) -> int:
    """How many more clones the server makes before its limit (256 open at once): a count of what is
    left open, since each clone made here is deleted at once."""
    import json
    import urllib.error
    import urllib.request

    made = []
    try:
        while len(made) < 300:
            request = urllib.request.Request(f"{url}/_osmem/clones", method="POST")
            with urllib.request.urlopen(request, timeout=5) as response:
                made.append(json.loads(response.read())["id"])
    except urllib.error.HTTPError:
        pass
    for clone in made:
        urllib.request.urlopen(urllib.request.Request(f"{url}/_osmem/clones/{clone}", method="DELETE"))
    return len(made)


def test_pipelined_clones_are_each_a_clone_of_their_own_and_none_is_left_open():
    """More tests than the server's 256 open clones: every deletion reached it, and closing deletes the
    clone made ahead for a next test."""
    from osmem_server import OsmemServer

    server = OsmemServer.start(japanese=False)
    try:
        assert _clones_open_now(server.url) == 256
        clones = Clones(server.url, Environment().connect, 5.0)
        seen = set()
        for number in range(300):
            clone_id, url = clones.create()
            transport = Environment().connect(EmbeddedCluster(Environment().connect)._clone_target(url))
            _, made = transport.send("PUT", f"/index-{number}")  # a clean clone: the index is new there
            assert made.status == 200, made.text
            transport.close()
            seen.add(clone_id)
            clones.delete(clone_id)
        assert len(seen) == 300
        clones.close()
        assert _clones_open_now(server.url) == 256
    finally:
        server.close()


def _raw_test(name: str, method: str, path: str) -> Case:
    step = Step({"do": {"raw": {"method": method, "path": path}}}, Pos("page.asciidoc", 4))
    return Case(name, Pos("page.asciidoc", 3), (step,))


def test_a_clone_every_request_of_a_test_left_untouched_serves_the_next_test_and_no_other():
    """A test whose requests the server's router refused (an API it lacks) leaves its clone to the next
    test; a test that created an index does not: the test after it creates the same index again."""
    from osmem_server import OsmemServer

    server = OsmemServer.start(japanese=False)
    try:
        cluster = EmbeddedCluster(Environment().connect)
        clones = cluster._clones = Clones(server.url, Environment().connect, 5.0)
        made = []
        create = clones.create
        clones.create = lambda: made.append(1) or create()
        tests = (
            _raw_test("lacking", "PUT", "/_connector/my-connector"),
            _raw_test("creating", "PUT", "/books"),
            _raw_test("creating_again", "PUT", "/books"),
        )
        suite = Suite("page.asciidoc", "page.yml", tests)
        results = [run_test(suite, test, cluster, FakeClock())[0] for test in tests]
        assert [r.status for r in results] == [Status.UNSUPPORTED, Status.PASSED, Status.PASSED], results
        assert len(made) == 2  # the first test's clone served the second
        run_test(suite, tests[0], cluster, FakeClock())  # leaves its new clone kept
        cluster.close()
        assert _clones_open_now(server.url) == 256  # the kept clone deleted on close
    finally:
        server.close()
