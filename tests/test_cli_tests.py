"""The tests and list commands, run in-process."""

import json

import yaml

from conftest import SHARED, run_cli, write_tree
from docextract.exitstatus import ExitStatus

PAGE = """[[p]]
=== Page

[source,console]
----
PUT my-index
----
// TEST[setup:my_setup]

[source,console]
----
GET my-index/_count
----
// TEST[continued]

[source,console-result]
----
{"count": 0}
----

[source,js]
----
{"not": "a request"}
----
// NOTCONSOLE
"""
SETUPS = "setups:\n  my_setup:\n    - do:\n        cluster.health: {}\n"


def test_tests_writes_a_suite_per_page_and_removes_stale_ones(tmp_path):
    # The stale file is one an earlier run wrote, for a page since deleted: only those are removed.
    write_tree(tmp_path, {"docs/page.asciidoc": PAGE, "docs/gone.asciidoc": PAGE, "setups.yaml": SETUPS})
    args = [
        "tests",
        str(tmp_path / "docs"),
        "-o",
        str(tmp_path / "out"),
        "--setups",
        str(tmp_path / "setups.yaml"),
    ]
    assert run_cli(*args).status == ExitStatus.OK
    stale = tmp_path / "out/rest-api-spec/test/gone.yml"
    assert stale.is_file()
    (tmp_path / "docs/gone.asciidoc").unlink()
    result = run_cli(*args)
    assert result.status == ExitStatus.OK, result.stderr
    assert not stale.exists() and "removed 1 stale file" in result.stderr
    (suite,) = yaml.safe_load_all((tmp_path / "out/rest-api-spec/test/page.yml").read_text())
    steps = suite["line_5"]
    assert steps[1] == {"do": {"cluster.health": {}}}
    assert [s["do"]["raw"]["path"] for s in steps if "do" in s and "raw" in s["do"]] == [
        "my-index",
        "my-index/_count",
    ]
    assert steps[-1] == {"match": {"$body": {"count": 0}}}


def test_an_unknown_setup_lists_the_known_ones(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # positions are shown relative to where the user stands
    write_tree(
        tmp_path, {"page.asciidoc": PAGE.replace("setup:my_setup", "setup:my_stup"), "setups.yaml": SETUPS}
    )
    result = run_cli(
        "tests",
        str(tmp_path / "page.asciidoc"),
        "-o",
        str(tmp_path / "out"),
        "--setups",
        str(tmp_path / "setups.yaml"),
    )
    assert result.status == ExitStatus.DOCS_ERROR
    assert "error[setup-not-found]: setup `my_stup` is not defined" in result.stderr
    assert "= hint: known setups: my_setup" in result.stderr
    assert " --> page.asciidoc:8:1" in result.stderr


def test_tests_usage_errors(tmp_path):
    write_tree(tmp_path, {"page.asciidoc": PAGE})
    page, out = str(tmp_path / "page.asciidoc"), str(tmp_path / "out")
    assert "--set needs NAME=VALUE" in run_cli("tests", page, "-o", out, "--set", "colour=blue").stderr
    assert run_cli("tests", page, "-o", out, "--setups", "missing.yaml").status == ExitStatus.USAGE
    assert run_cli("tests", page).status == ExitStatus.USAGE  # -o is required


def test_a_broken_setups_file_is_a_docs_error_with_its_position(tmp_path):
    write_tree(tmp_path, {"page.asciidoc": PAGE, "setups.yaml": "setups:\n  my_setup: {do: x}\nother: 1\n"})
    result = run_cli(
        "tests",
        str(tmp_path / "page.asciidoc"),
        "-o",
        str(tmp_path / "o"),
        "--setups",
        str(tmp_path / "setups.yaml"),
        "--error-format",
        "json",
    )
    problems = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert [(p["code"], p["line"]) for p in problems if p["code"] == "setups-invalid"] == [
        ("setups-invalid", 2),
        ("setups-invalid", 3),
    ]


def test_build_gradle_is_read_as_setups(tmp_path):
    gradle = SHARED / "corpus" / "es-docs" / "docs" / "build.gradle"
    write_tree(tmp_path, {"page.asciidoc": PAGE.replace("setup:my_setup", "setup:ledger")})
    result = run_cli(
        "tests", str(tmp_path / "page.asciidoc"), "-o", str(tmp_path / "out"), "--setups", str(gradle)
    )
    assert result.status == ExitStatus.OK, result.stderr
    (suite,) = yaml.safe_load_all((tmp_path / "out/rest-api-spec/test/page.yml").read_text())
    assert suite["line_5"][1]["do"]["indices.create"]["index"] == "ledger"


def test_list_shows_what_each_snippet_becomes(tmp_path):
    write_tree(tmp_path, {"page.asciidoc": PAGE, "setups.yaml": SETUPS})
    result = run_cli("list", str(tmp_path / "page.asciidoc"), "--setups", str(tmp_path / "setups.yaml"))
    assert result.status == ExitStatus.OK
    lines = result.stdout.splitlines()
    assert lines[0].startswith("page.asciidoc:5") and "test → line_5" in lines[0]
    assert "continued → line_5: // TEST[continued]" in lines[1]
    assert "response → line_5" in lines[2]
    assert "ignored: [source,js] without // TEST (// NOTCONSOLE)" in lines[3]
    rows = json.loads(
        run_cli(
            "list",
            str(tmp_path / "page.asciidoc"),
            "--format",
            "json",
            "--setups",
            str(tmp_path / "setups.yaml"),
        ).stdout
    )
    assert rows[0]["reference"] == "page.asciidoc[5:7](console)// TEST[setup:my_setup]"
    assert rows[1]["reference"] == "page.asciidoc[11:13](console)// TEST[continued]"
    assert rows[3]["reference"] == "page.asciidoc[22:24](js)// NOTCONSOLE"
