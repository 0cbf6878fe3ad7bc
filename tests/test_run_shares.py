"""docextract run --jobs N on the embedded cluster: the pages in N shares, each read and replayed by a
process with its own server; the run reports problems and results as one process does, and says so when
a share is lost."""

from __future__ import annotations

import json
import os
import re
import signal
import time
from pathlib import Path

from conftest import run_cli, write_tree
from docextract.commands import run_order, run_shares
from docextract.exitstatus import ExitStatus
from test_run_spread import page

# Sixteen pages over two shares (each a few tests that pass, then one that fails: test_run_spread.py):
# problems in the first page and the last, a snippet left unconverted (checked over every page once all
# are read), and a YAML test file.
PAGES = {f"docs/p{n:02}.asciidoc": page(f"p{n:02}", 1 + n % 3) for n in range(16)}
PAGES["docs/p00.asciidoc"] += "\n[source,console]\n----\nGET /\n----\n// TEST[s/x/y/\n"
PAGES["docs/p15.asciidoc"] += "\n[source,console]\n----\nGET /\n----\n// TEST[continued\n"
PAGES["docs/p05.asciidoc"] += "\n[source,js]\n----\nGET /\n----\n"
PAGES["docs/setups.yaml"] = "expected_unconverted:\n  - p07.asciidoc\n"
PAGES["docs/tests.yml"] = '"a YAML test":\n  - do:\n      cluster.health: {}\n'


def run(tmp_path: Path, jobs: str, *options: str):
    out = tmp_path / f"jobs-{jobs}.json"
    done = run_cli(
        "run",
        str(tmp_path / "docs"),
        str(tmp_path / "docs" / "tests.yml"),
        "--setups",
        str(tmp_path / "docs" / "setups.yaml"),
        "--jobs",
        jobs,
        "--json",
        str(out),
        "--no-cache",
        *options,
    )
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()] if out.exists() else []
    tests = [(r["suite"], r["name"], r["status"]) for r in records if r["type"] == "test"]
    # What varies from run to run: the seconds, the ports of the servers' clones.
    shown = re.sub(r"\d+\.\d+ s\b", "<s>", done.stdout + done.stderr)
    return done.status, re.sub(r"127\.0\.0\.1:\d+", "<host>", shown), tests


def test_shares_report_problems_and_results_as_one_process_does(tmp_path):
    write_tree(tmp_path, PAGES)
    one, two = run(tmp_path, "1"), run(tmp_path, "2")
    assert one[0] == ExitStatus.TESTS_FAILED, one[1]
    assert two == one
    # The problems come in page order, the unconverted snippet after every page's, and every test runs.
    problems = re.findall(r"^(?:error|warning)\[.*\n *--> .*?docs/(p\d\d)\.asciidoc", one[1], re.MULTILINE)
    assert problems == ["p00", "p15", "p05", "p07"]
    suites = list(dict.fromkeys(suite for suite, _, _ in one[2]))
    assert suites == [f"p{n:02}.asciidoc" for n in range(16)] + [suites[-1]]
    assert suites[-1].endswith("tests.yml") and len(one[2]) >= 24 + 1


def test_a_run_selecting_nothing_says_why_as_one_process_does(tmp_path):
    write_tree(tmp_path, PAGES)
    one, two = (
        run(tmp_path, "1", "-k", "nothing-is-named-so"),
        run(tmp_path, "2", "-k", "nothing-is-named-so"),
    )
    assert one[0] == ExitStatus.NOTHING_SELECTED and "no test name contains 'nothing-is-named-so'" in one[1]
    assert two == one


def test_a_share_lost_before_reading_its_pages_fails_the_run_and_the_others_are_reported(
    tmp_path, monkeypatch
):
    write_tree(tmp_path, PAGES)
    # The helper, forked from this test's process, ends at once, as a process killed would.
    monkeypatch.setattr(run_shares, "_share", lambda *args: os._exit(9))
    status, shown, tests = run(tmp_path, "2")
    assert status == ExitStatus.INTERNAL_ERROR, shown
    assert "worker process 2 ended before reading its pages" in shown
    # The first share's pages (and the YAML file) ran and are reported, in page order; the lost share's
    # pages did not run.
    ran = list(dict.fromkeys(suite for suite, _, _ in tests))
    assert ran[-1].endswith("tests.yml") and 4 <= len(ran[:-1]) <= 12 and ran[:-1] == sorted(ran[:-1])


def test_a_share_lost_while_replaying_fails_the_run_and_what_it_replayed_is_reported(tmp_path, monkeypatch):
    write_tree(tmp_path, PAGES)
    replay = run_shares.run_all

    def first_page_then_die(suites, cluster, on_result, clock=None):
        replay(suites[:1], cluster, on_result, clock)
        os._exit(9)  # as a helper killed in the middle of its share

    monkeypatch.setattr(run_shares, "run_all", first_page_then_die)
    status, shown, tests = run(tmp_path, "2")
    assert status == ExitStatus.INTERNAL_ERROR, shown
    assert "a worker process ended before replaying all its pages" in shown
    whole = run(tmp_path, "1")[2]
    # Every test that ran ended as in a whole run; those of the pages the lost share had left are listed
    # as not run, so that the run's reports still name every test it selected.
    ran = {test for test in tests if test[2] != "not_run"}
    assert ran < set(whole) and len({suite for suite, _, _ in ran}) < len({s for s, _, _ in whole})
    assert sorted((s, n) for s, n, _ in tests) == sorted((s, n) for s, n, _ in whole)
    assert {status for _, _, status in set(tests) - ran} == {"not_run"}


def test_a_share_whose_server_is_lost_stops_and_the_others_replay_on(tmp_path, monkeypatch):
    write_tree(tmp_path, PAGES)
    replay = run_shares.run_all
    helper_pages = tmp_path / "helper-pages.txt"

    def first_page_then_lose_the_server(suites, cluster, on_result, clock=None):
        helper_pages.write_text("\n".join(suite.doc for suite in suites), "utf-8")
        replay(suites[:1], cluster, on_result, clock)
        cluster._server.process.kill()  # as a server that crashed
        cluster._server.process.wait()
        replay(suites[1:], cluster, on_result, clock)

    monkeypatch.setattr(run_shares, "run_all", first_page_then_lose_the_server)
    status, shown, tests = run(tmp_path, "2")
    assert status == ExitStatus.CLUSTER_UNREACHABLE, shown
    assert "STOPPED: stopped after " in shown and "the cluster is unreachable" in shown
    whole = run(tmp_path, "1")[2]
    helpers = helper_pages.read_text("utf-8").splitlines()
    ran = {suite for suite, _, status in tests if status != "not_run"}
    # This process's share ran whole, as in a run of one job; of the helper's, its first page and the
    # page whose first test found the server gone.
    mine = {suite for suite, _, _ in whole} - set(helpers)
    assert mine <= ran
    assert [test for test in whole if test[0] in mine] == [test for test in tests if test[0] in mine]
    # The helper's later pages are listed, as not run.
    assert {(s, n) for s, n, _ in tests} == {(s, n) for s, n, _ in whole}
    assert ran & set(helpers) == set(helpers[:2])


def test_a_run_cut_short_ends_a_helper_whose_pipe_is_full_and_reports_what_it_sent(tmp_path, monkeypatch):
    # The helper sends more than its pipe holds, then waits to be told to end: ending, it waits for its
    # sender, which waits for room in the pipe. The command, interrupted, must read on while it ends it.
    write_tree(tmp_path, PAGES)
    helper_replay = run_shares.run_all
    flooded = tmp_path / "flooded"

    def flood_then_wait(suites, cluster, on_result, clock=None):
        (result,) = helper_replay(suites[:1], cluster, lambda _: None, clock)
        for _ in range(3000):  # several MB: the pipe holds 64 KiB, a read by the command 256 KiB
            on_result(result)
        flooded.touch()  # its sender has filled the pipe long before it took the last of them
        signal.pause()  # until SIGTERM

    def interrupted(suite, cluster, clock, between=None):
        deadline = time.monotonic() + 20
        while not flooded.exists():
            assert time.monotonic() < deadline, "the helper never filled its pipe"
            time.sleep(0.01)
        raise KeyboardInterrupt

    def hung(signum, frame):
        raise AssertionError("the interrupted run did not end")

    monkeypatch.setattr(run_shares, "run_all", flood_then_wait)
    monkeypatch.setattr(run_order, "run_suite", interrupted)
    before = signal.signal(signal.SIGALRM, hung)
    signal.alarm(40)
    try:
        status, shown, tests = run(tmp_path, "2")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)
    assert status == ExitStatus.INTERRUPTED, shown
    assert len(tests) >= 3000  # what the helper sent before it was told to end is reported


def test_each_share_has_pages_enough_to_pay_for_its_process_and_server():
    pages = list(range(166))
    assert run_shares.count(64, True, pages) == 20
    assert run_shares.count(2, True, pages) == 2
    assert run_shares.count(2, True, pages[:15]) == 1  # 7 pages a share would not pay
    assert run_shares.count(8, False, pages) == 1  # a cluster at a URL: one, shared
