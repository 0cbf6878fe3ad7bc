"""The pytest plugin, run by pytest in a subprocess (pytester) on small docs: what it collects, how tests
end, how failures and docs errors read, that it keeps out of runs that do not ask for it, and that
pytest-xdist spreads pages (and clusters) without changing an outcome."""

from __future__ import annotations

import gc
import re
import xml.etree.ElementTree as ET

import pytest

from conftest import run_cli
from faultserver import FaultServer

pytest_plugins = ["pytester"]

# A continued chain (a document indexed, then read back as the response says), a test the docs skip, and
# a request the embedded cluster has no API for.
LIBRARY = """= Library

[source,console]
----
PUT /library/_doc/1?refresh=true
{"title": "Dune", "pages": 412}
----

[source,console]
----
GET /library/_doc/1
----
// TEST[continued]

[source,console-result]
----
{"_index": "library", "_id": "1", "_version": 1, "_seq_no": 0, "_primary_term": 1,
 "found": true, "_source": {"title": "Dune", "pages": 412}}
----

[source,console]
----
GET /_nodes/reload_secure_settings
----
// TEST[skip:the keystore is not set up here]

[source,console]
----
PUT /_connector/my-connector
{"index_name": "library"}
----
"""

# A response the docs get wrong.
WRONG = """= Wrong

[source,console]
----
PUT /shelf/_doc/1?refresh=true
{"title": "Dune", "pages": 412}
----

[source,console]
----
GET /shelf/_doc/1
----
// TEST[continued]

[source,console-result]
----
{"_index": "shelf", "_id": "1", "_version": 1, "_seq_no": 0, "_primary_term": 1,
 "found": true, "_source": {"title": "Dune", "pages": 421}}
----
"""

# A `continued` with nothing to continue: an error in the docs.
BROKEN = """= Broken

[source,console]
----
GET /_cluster/health
----
// TEST[continued]
"""


def line_of(text: str, needle: str, nth: int = 0) -> int:
    return [n for n, line in enumerate(text.splitlines(), 1) if needle in line][nth]


def opening(text: str, request: str) -> int:
    """The line of the ---- that opens the snippet of a request: where its test is named and reported."""
    return line_of(text, request) - 1


@pytest.fixture
def pytester(pytester, monkeypatch):
    """Each run loads only the plugins it names: the others installed here (hypothesis…) cost a second a
    run, and a worker. The entry point is what test_the_plugin_is_inert_unless_asked runs through."""
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    return pytester


def run(pytester, *args: str, xdist: bool = False):
    plugins = ("-p", "docextract.pytest_plugin", *(("-p", "xdist.plugin") if xdist else ()))
    return pytester.runpytest_subprocess(*plugins, "-p", "no:cacheprovider", *args)


@pytest.fixture
def docs(pytester):
    pytester.makefile(".asciidoc", **{"docs/library": LIBRARY, "docs/wrong": WRONG})
    return pytester


def outcomes_by_test(junit) -> dict[str, str]:
    """Each test case of a JUnit file (classname and name) and how it ended."""
    found = {}
    for case in ET.parse(junit).getroot().iter("testcase"):
        ended = next((child.tag for child in case if child.tag in ("failure", "error", "skipped")), "passed")
        found[f"{case.get('classname')}::{case.get('name')}"] = ended
    return found


def test_each_test_of_a_page_is_an_item_named_after_its_snippet(docs):
    result = run(docs, "--docextract", "docs", "--collect-only", "-q")
    put, connector = opening(LIBRARY, "PUT /library"), opening(LIBRARY, "PUT /_connector")
    skip = opening(LIBRARY, "GET /_nodes")
    assert [line for line in result.outlines if "::" in line] == [
        f"docs/library.asciidoc::line_{put}",  # with the snippet it continues: one test
        f"docs/library.asciidoc::line_{skip}",
        f"docs/library.asciidoc::line_{connector}",
        f"docs/wrong.asciidoc::line_{opening(WRONG, 'PUT /shelf')}",
    ]


def test_tests_pass_fail_and_skip_with_the_docs_reasons(docs):
    result = run(docs, "--docextract", "docs", "-rs", "-k", "library")
    result.assert_outcomes(passed=1, skipped=2, deselected=1)
    connector = opening(LIBRARY, "PUT /_connector")
    keystore = opening(LIBRARY, "GET /_nodes/reload_secure_settings")
    result.stdout.fnmatch_lines(
        [
            f"SKIPPED [[]1[]] docs/library.asciidoc:{keystore}: the keystore is not set up here",
            f"SKIPPED [[]1[]] docs/library.asciidoc:{connector}: unsupported by the target: "
            "PUT /_connector/my-connector: the target has no such API*",
        ]
    )


def test_a_failure_reads_as_docextract_run_writes_it(docs):
    result = run(docs, "--docextract", "docs/wrong.asciidoc")
    result.assert_outcomes(failed=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(docs.path)
        command = run_cli("run", "docs/wrong.asciidoc")
    ports = re.compile(r"127\.0\.0\.1:\d+")
    heading, title, *rest = ports.sub("HOST", command.stdout.split("\n\n")[0]).splitlines()
    assert heading.startswith("FAILED docs/wrong.asciidoc:") and "  expected (-) and actual (+):" in rest
    # The same text, but the heading: pytest names the test above it, and what went wrong comes first, so
    # that the one-line summary at the end says it.
    assert "\n".join([title.strip(), *rest]) in ports.sub("HOST", result.stdout.str())
    # (cut to the terminal's width)
    result.stdout.fnmatch_lines([f"FAILED docs/wrong.asciidoc::line_* - {title.strip()[:30]}*"])
    assert "Traceback" not in result.stdout.str() and "pytest_plugin" not in result.stdout.str()


def test_errors_in_the_docs_fail_the_page_s_collection_at_their_line(pytester):
    pytester.makefile(".asciidoc", **{"docs/broken": BROKEN})
    result = run(pytester, "--docextract", "docs")
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(
        [
            "*ERROR collecting docs/broken.asciidoc*",
            "error[[]continued-first-snippet[]]: // TEST[[]continued[]] on the first test of a page*",
            f" --> docs/broken.asciidoc:{line_of(BROKEN, 'continued')}:1",
        ]
    )


def test_a_cluster_out_of_reach_fails_the_first_test_and_stops_the_run(docs):
    given = ("--docextract-cluster", "http://127.0.0.1:9", "--docextract-retries", "0")
    result = run(docs, "--docextract", "docs", *given)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["docextract: the cluster is unreachable: *127.0.0.1:9*"])
    assert "Traceback" not in result.stdout.str()


@pytest.mark.parametrize(
    ("given", "says"),
    [
        (
            (
                "--docextract-cluster",
                "http://127.0.0.1:9",
                "--docextract-api-key",
                "K",
                "--docextract-bearer",
                "B",
            ),
            "--docextract-api-key and --docextract-bearer each give credentials",
        ),
        (("--docextract-wipe",), "--docextract-wipe applies only to a cluster given by URL"),
        (
            ("--docextract-cluster", "http://u:S3cret@[::1"),
            "--docextract-cluster: http://u:***@[::1 is not a URL",
        ),
    ],
)
def test_cluster_options_are_checked_as_docextract_run_checks_them(docs, given, says):
    result = run(docs, "--docextract", "docs", *given)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert f"ERROR: docextract: {says}" in result.stderr.str()
    assert "S3cret" not in result.stdout.str() + result.stderr.str()


@pytest.mark.parametrize(
    ("url", "says"),
    [
        # A comma in a password does not cut the URL: it is checked, and masked, whole.
        ("http://elastic:S3c,r3tX@[::1", "--docextract-cluster: http://elastic:***@[::1 is not a URL"),
        ("http://elastic:S3c,r3tX", "--docextract-cluster: a URL's host holds a comma; write each URL"),
        # The host forgotten, or the scheme: what follows the user name is masked.
        ("http://elastic:S3cr3tX", "--docextract-cluster: the port of http://elastic:*** is not a number"),
        ("elastic:S3cr3tX", "add http:// or https:// (http://elastic:***)"),
        ("http://:S3cr3tX@127.0.0.1:9", "http://:***@127.0.0.1:9 has no user name before its @"),
    ],
)
def test_a_cluster_url_in_a_message_never_shows_its_password(docs, url, says):
    result = run(docs, "--docextract", "docs", "--docextract-cluster", url)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    shown = result.stdout.str() + result.stderr.str()
    assert says in shown
    assert "S3c" not in shown and "r3tX" not in shown


@pytest.mark.parametrize(
    ("given", "urls"),
    [
        ("http://es1:9200,http://es2:9200", ["http://es1:9200", "http://es2:9200"]),
        ("http://es1:9200, https://es2:9200,", ["http://es1:9200", "https://es2:9200"]),
        ("http://es1:9200,,http://es2:9200", ["http://es1:9200", "http://es2:9200"]),
        ("http://u:S3c,ret@es1:9200,http://es2:9200", ["http://u:S3c,ret@es1:9200", "http://es2:9200"]),
        ("", []),
    ],
)
def test_the_cluster_list_is_cut_only_where_a_url_starts(given, urls):
    from docextract.pytest_plugin.cluster import listed

    assert listed(given) == urls


def test_a_url_of_the_cluster_list_without_its_scheme_is_a_usage_error(docs):
    result = run(docs, "--docextract", "docs", "--docextract-cluster", "http://es1:9200,es2:9200")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert (
        "ERROR: docextract: --docextract-cluster: a URL's host holds a comma; write each URL of the list "
        "whole, with http:// or https:// (http://es1:9200,http://es2:9200)"
    ) in result.stderr.str()


def test_the_settings_file_applies_as_it_does_to_docextract_run(pytester):
    pytester.makefile(".asciidoc", **{"docs/broken": BROKEN + WRONG.split("\n", 1)[1], "docs/wrong": WRONG})
    pytester.makepyprojecttoml(
        '[tool.docextract]\nexclude = ["wrong.asciidoc"]\n\n'
        '[tool.docextract.rules]\ncontinued-first-snippet = "warning"\n'
    )
    result = run(pytester, "--docextract", "docs")
    # The page with the rule turned down is collected, the excluded page is not; the finding is a warning.
    result.assert_outcomes(failed=1, warnings=1)
    result.stdout.fnmatch_lines(
        [
            "*docs/broken.asciidoc:*: DocsWarning: continued-first-snippet: // TEST[[]continued[]] on the*",
            "FAILED docs/broken.asciidoc::line_*",
        ]
    )
    assert "wrong.asciidoc" not in result.stdout.str()


def test_the_plugin_is_inert_unless_asked(pytester, monkeypatch):
    monkeypatch.delenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD")  # installed, it loads in every run
    pytester.makefile(".asciidoc", **{"tests/notes": WRONG})
    pytester.makepyfile(**{"tests/test_plain": "def test_plain():\n    pass\n"})
    result = pytester.runpytest_subprocess("--collect-only", "-q", "-p", "no:cacheprovider")
    assert [line for line in result.outlines if "::" in line] == ["tests/test_plain.py::test_plain"]
    assert "docextract" not in result.stdout.str()
    assert "--docextract " in pytester.runpytest_subprocess("--help").stdout.str()


def test_docextract_paths_adds_the_docs_to_a_run_with_no_paths(pytester):
    pytester.makefile(".asciidoc", **{"docs/wrong": WRONG, "tests/notes": WRONG})
    pytester.makepyfile(**{"tests/test_plain": "def test_plain():\n    pass\n"})
    pytester.makepyprojecttoml(
        '[tool.pytest.ini_options]\ntestpaths = ["tests"]\ndocextract_paths = ["docs"]\n'
    )
    alone = run(pytester, "--collect-only", "-q")
    assert [line for line in alone.outlines if "::" in line] == [
        "tests/test_plain.py::test_plain",
        f"docs/wrong.asciidoc::line_{opening(WRONG, 'PUT /shelf')}",
    ]
    named = run(pytester, "tests", "--collect-only", "-q")
    assert [line for line in named.outlines if "::" in line] == ["tests/test_plain.py::test_plain"]


def test_xdist_loadfile_ends_every_test_as_a_serial_run_does(docs):
    docs.makefile(".asciidoc", **{"docs/more/library-copy": LIBRARY, "docs/more/wrong-copy": WRONG})
    serial = run(docs, "--docextract", "docs", "--junitxml=serial.xml")
    spread = run(
        docs, "--docextract", "docs", "-n", "2", "--dist", "loadfile", "--junitxml=spread.xml", xdist=True
    )
    assert serial.ret == spread.ret == pytest.ExitCode.TESTS_FAILED
    expected = outcomes_by_test(docs.path / "serial.xml")
    assert sorted(set(expected.values())) == ["failure", "passed", "skipped"] and len(expected) == 8
    assert outcomes_by_test(docs.path / "spread.xml") == expected
    spread.stdout.fnmatch_lines(["*2 workers*"])


def test_each_xdist_worker_takes_its_own_cluster(pytester):
    pages = {
        f"docs/page-{n}": f"= Page {n}\n\n[source,console]\n----\nPUT /index-{n}\n----\n" for n in range(4)
    }
    pytester.makefile(".asciidoc", **pages)
    with FaultServer() as first, FaultServer() as second:
        clusters = f"{first.url},{second.url}"
        given = ("--docextract-cluster", clusters)
        result = run(pytester, "--docextract", "docs", "-n", "2", "--dist", "loadfile", *given, xdist=True)
        result.assert_outcomes(passed=4)
        created = [{path for method, path, _ in server.seen if method == "PUT"} for server in (first, second)]
    # Each page on one cluster, and both clusters used: one per worker.
    assert created[0] and created[1] and not created[0] & created[1]
    assert created[0] | created[1] == {f"/index-{n}" for n in range(4)}


def test_a_second_run_collects_every_page_from_the_page_cache(docs, monkeypatch, tmp_path):
    """What each xdist worker collects, and what a writer's next run collects, is read once: while a
    page and its includes are unchanged, the page cache gives its tests and problems back."""
    import os
    import pickle
    import time

    from docextract.pagecache import PageCache
    from docextract.pages import Readers

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("DOCEXTRACT_NO_CACHE", raising=False)
    past = time.time() - 60  # settled: a file written a moment ago is never kept
    for page in (docs.path / "docs").iterdir():
        os.utime(page, (past, past))
    read: list[str] = []
    real = Readers.read

    def counted(self, path, settings):
        read.append(path.name)
        return real(self, path, settings)

    monkeypatch.setattr(Readers, "read", counted)
    arguments = ("-p", "docextract.pytest_plugin", "-p", "no:cacheprovider", "--docextract", "docs")
    first = docs.runpytest_inprocess(*arguments, "--collect-only", "-q")
    assert sorted(read) == ["library.asciidoc", "wrong.asciidoc"]
    # Both pages' entries are in one file, which the next collection reads instead of one a page.
    (pack,) = (tmp_path / "cache" / "docextract").glob("pages*/**/pages.pack")
    _, packed = pickle.loads(pack.read_bytes())
    assert sorted(os.path.basename(name) for name in packed) == ["library.asciidoc", "wrong.asciidoc"]
    read.clear()
    opened: list[str] = []
    real_open = PageCache._entry_of
    monkeypatch.setattr(
        PageCache, "_entry_of", lambda self, name: opened.append(name) or real_open(self, name)
    )
    second = docs.runpytest_inprocess(*arguments, "--collect-only", "-q")
    assert opened == []  # no page's own entry file was read: the pack held them
    untimed = [re.sub(r" in [0-9.]+s", "", line) for line in first.outlines]
    assert read == [] and [re.sub(r" in [0-9.]+s", "", line) for line in second.outlines] == untimed


# Notes, for each test, whether the garbage collector skips what was frozen.
FREEZE_PROBE = """
import gc

def pytest_runtest_call(item):
    with open("frozen.txt", "a") as file:
        file.write(f"{gc.get_freeze_count() > 0}\\n")
"""


def test_a_docs_session_freezes_what_collection_made_until_it_ends(docs):
    docs.makeconftest(FREEZE_PROBE)
    assert gc.get_freeze_count() == 0
    result = docs.runpytest_inprocess(
        "-p", "docextract.pytest_plugin", "-p", "no:cacheprovider", "--docextract", "docs"
    )
    assert result.ret == pytest.ExitCode.TESTS_FAILED  # the docs' own failure: every test ran
    notes = (docs.path / "frozen.txt").read_text().splitlines()
    assert set(notes) == {"True"} and len(notes) > 2
    assert gc.get_freeze_count() == 0  # a process that goes on after pytest.main collects as before


def test_a_session_with_other_tests_leaves_the_collector_as_it_is(docs):
    docs.makeconftest(FREEZE_PROBE)
    docs.makepyfile(**{"tests/test_plain": "def test_plain():\n    pass\n"})
    run(docs, "--docextract", "docs", "tests")
    notes = (docs.path / "frozen.txt").read_text().splitlines()
    assert set(notes) == {"False"} and len(notes) > 2


def test_a_heap_frozen_before_the_session_is_left_frozen(docs):
    docs.makeconftest(FREEZE_PROBE)
    gc.freeze()  # as a host process that forks workers may have done before it runs pytest
    try:
        frozen = gc.get_freeze_count()
        docs.runpytest_inprocess(
            "-p", "docextract.pytest_plugin", "-p", "no:cacheprovider", "--docextract", "docs"
        )
        assert gc.get_freeze_count() > frozen // 2  # less the few freed meanwhile
    finally:
        gc.unfreeze()
