"""The embedded cluster: clones made over the server's API, and what the server is started with."""

import os

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


def test_the_server_is_started_with_a_slower_collector_unless_the_user_chose_one(monkeypatch):
    monkeypatch.delenv("GOGC", raising=False)
    with osmem.go_collector_pace():
        assert os.environ["GOGC"] == osmem.SERVER_GOGC
    assert "GOGC" not in os.environ  # this process's environment as it was
    monkeypatch.setenv("GOGC", "50")
    with osmem.go_collector_pace():
        assert os.environ["GOGC"] == "50"
    assert os.environ["GOGC"] == "50"
