"""The tests and list commands, run in-process."""

import json

import pytest
import yaml

from conftest import SHARED, run_cli, write_tree
from docextract.exitstatus import ExitStatus
from docextract.syntax import yamlread

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


def test_tests_usage_errors(tmp_path, capsys):
    write_tree(tmp_path, {"page.asciidoc": PAGE})
    page, out = str(tmp_path / "page.asciidoc"), str(tmp_path / "out")
    assert run_cli("tests", page, "-o", out, "--set", "colour=blue").status == ExitStatus.USAGE
    assert "argument --set: give NAME=VALUE" in capsys.readouterr().err  # argparse writes to sys.stderr
    assert run_cli("tests", page, "-o", out, "--setups", "missing.yaml").status == ExitStatus.USAGE
    assert run_cli("tests", page).status == ExitStatus.USAGE  # -o is required


def test_the_known_setups_a_hint_lists_are_the_nearest_ten(tmp_path):
    page = "[source,console]\n----\nGET /\n----\n// TEST[setup:y500]\n"
    gradle = "for (int i = 0; i < 200000; i++) { buildRestTests.setups['x' + i] = 'a' }\n"
    write_tree(tmp_path, {"page.asciidoc": page, "build.gradle": gradle})
    result = run_cli(
        "tests",
        str(tmp_path / "page.asciidoc"),
        "-o",
        str(tmp_path / "out"),
        "--setups",
        str(tmp_path / "build.gradle"),
    )
    assert "warning[gradle-unsupported]: build.gradle is run no further" in result.stderr
    (hint,) = [line for line in result.stderr.splitlines() if "known setups" in line]
    assert hint.startswith("  = hint: known setups: x500, ") and hint.endswith(" and 90,899 more")
    assert len(hint.split(", ")) == 10


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("$1\\", "version=$1\\: a backslash at the end of the replacement escapes nothing"),
        ("8.$1", "version=8.$1: no group 1"),
        ("$v", "version=$v: illegal group reference `$v`"),
    ],
)
def test_a_set_value_java_would_reject_is_a_usage_error_before_any_work(tmp_path, capsys, value, message):
    """Elasticsearch's build applies the values as Java replacement text, as the docs' own replacements."""
    write_tree(tmp_path, {"page.asciidoc": PAGE})
    out = tmp_path / "out"
    result = run_cli("tests", str(tmp_path / "page.asciidoc"), "-o", str(out), "--set", f"version={value}")
    assert result.status == ExitStatus.USAGE and not out.exists()
    assert f"error: argument --set: {message}" in capsys.readouterr().err and "error[" not in result.stderr


def test_a_set_value_is_java_replacement_text(tmp_path):
    write_tree(tmp_path, {"page.asciidoc": "[source,console]\n----\nGET /{version}\n----\n"})
    out = tmp_path / "out"
    result = run_cli("tests", str(tmp_path / "page.asciidoc"), "-o", str(out), "--set", "version=9.\\$1")
    assert result.status == ExitStatus.OK, result.stderr
    assert 'path: "9.$1"' in (out / "rest-api-spec" / "test" / "page.yml").read_text("utf-8")


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


def test_a_named_setup_is_printed_as_the_reference_prints_it(tmp_path):
    # Spec 6.3: the line `# Named setup NAME`, then the text as build.gradle defines it, plus a newline.
    gradle = "buildRestTests.setups['mine'] = '''\n  - do:\n      cluster.health: {}\n'''\n"
    write_tree(
        tmp_path,
        {"build.gradle": gradle, "page.asciidoc": PAGE.replace("setup:my_setup", "setup:mine")},
    )
    out = tmp_path / "out"
    result = run_cli(
        "tests", str(tmp_path / "page.asciidoc"), "-o", str(out), "--setups", str(tmp_path / "build.gradle")
    )
    assert result.status == ExitStatus.OK, result.stderr
    lines = (out / "rest-api-spec/test/page.yml").read_text().splitlines()
    at = lines.index("# Named setup mine")
    assert lines[at + 1 : at + 5] == ["", "  - do:", "      cluster.health: {}", ""]
    assert lines[at + 5].startswith("  - do:")  # the snippet's own request


def test_a_named_setup_or_startyaml_block_with_a_bad_value_brings_the_yaml_reader_s_hint(tmp_path):
    """The reader's hint for a value its tag cannot be, not the general "mend the steps" one."""
    steps = "  - do:\n      search: {size: !!int abc}\n"
    gradle = f"buildRestTests.setups['mine'] = '''\n{steps}'''\n"
    page = (
        "[source,console]\n----\nGET /\n----\n// TEST[setup:mine]\n\n"
        f"[source,console]\n----\nGET /\nstartyaml\n{steps}endyaml\n----\n"
    )
    write_tree(tmp_path, {"build.gradle": gradle, "page.asciidoc": page})
    result = run_cli(
        "tests",
        str(tmp_path / "page.asciidoc"),
        "-o",
        str(tmp_path / "out"),
        "--setups",
        str(tmp_path / "build.gradle"),
        "--error-format",
        "json",
    )
    assert result.status == ExitStatus.DOCS_ERROR
    problems = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert [(p["code"], p["title"].split(":")[0], p["hint"]) for p in problems] == [
        ("yaml-invalid", title, yamlread.BadValue.hint) for title in ("setup `mine`", "startyaml block")
    ]


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


MD_PAGE = """# Page

```console
PUT my-index
```
% TEST[setup:my_setup]

```console
GET my-index/_count
```
% TEST[continued]

```console-response
{"count": 0}
```

```js
{"not": "a request"}
```
% NOTCONSOLE
"""


def test_list_names_the_syntax_of_a_markdown_page(tmp_path):
    write_tree(tmp_path, {"page.md": MD_PAGE, "setups.yaml": SETUPS})
    result = run_cli("list", str(tmp_path / "page.md"), "--setups", str(tmp_path / "setups.yaml"))
    assert result.status == ExitStatus.OK, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("page.md:3") and lines[0].endswith("test → line_3: % TEST")
    assert lines[1].endswith("continued → line_3: % TEST[continued]")
    assert lines[2].endswith(
        "response → line_3: ```console-response: matches the response of the request above"
    )
    assert lines[3].endswith("ignored: ```js without % TEST (% NOTCONSOLE)")
    assert "//" not in result.stdout and "[source," not in result.stdout


def _titles_and_hints(tmp_path, page: str, text: str) -> list[tuple[str, str]]:
    write_tree(tmp_path, {page: text})
    result = run_cli("tests", str(tmp_path / page), "-o", str(tmp_path / "out"), "--error-format", "json")
    assert result.status == ExitStatus.DOCS_ERROR
    problems = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    return [(p["title"], p["hint"]) for p in problems]


def test_a_problem_names_the_annotation_as_the_page_writes_it(tmp_path):
    asciidoc = "[source,console]\n----\nGET /\n----\n// TEST[continued]\n"
    ((title, _),) = _titles_and_hints(tmp_path, "page.asciidoc", asciidoc)
    assert title == "// TEST[continued] on the first test of a page: there is nothing to continue"
    ((title, _),) = _titles_and_hints(tmp_path, "page.md", "```console\nGET /\n```\n% TEST[continued]\n")
    assert title == "% TEST[continued] on the first test of a page: there is nothing to continue"


def test_a_markdown_page_s_hints_name_its_fences_and_comments(tmp_path):
    page = (
        "```console\nGET /\n```\n\n```console\nPUT /x\n```\n% TESTSETUP\n\n"
        "```js\nGET /\n```\n% CONSOLE\n\n```json\n{}\n```\n"
    )
    assert _titles_and_hints(tmp_path, "page.md", page) == [
        (
            "% TESTSETUP on a snippet that is not the first test snippet of the page",
            "move the set-up snippet to the top of the page (a <!-- --> comment can hide it)",
        ),
        ("% CONSOLE on a ```js snippet", "open the snippet with ```console and remove % CONSOLE"),
        (
            "```json is not a language the test tooling accepts",
            "write ```js for JSON that is not a request, or ```console for a request",
        ),
    ]


def test_the_order_of_a_markdown_page_s_snippets_is_told_in_its_syntax(tmp_path):
    page = (
        '```console-result\n{"a": 1}\n```\n\n```console\nPUT /x\n```\n% TESTSETUP\n\n'
        "```console\nGET /\n```\n% TEST[continued]\n\n```console\nGET /a\n```\n\n"
        "```console\nDELETE /x\n```\n% TEARDOWN\n\n```sh\nls\n```\n% NOTCONSOLE\n"
    )
    assert _titles_and_hints(tmp_path, "page.md", page) == [
        (
            "a response with no request before it",
            "a ```console-result snippet checks the response of the request snippet above it",
        ),
        (
            "% TEST[continued] right after % TESTSETUP",
            "the TESTSETUP snippet runs before every test; remove `continued`",
        ),
        (
            "% TEARDOWN must come first, or right after the % TESTSETUP snippet",
            "move the teardown snippet to the top of the page, after the set-up",
        ),
        (
            "% NOTCONSOLE on a shell snippet without curl",
            "remove the % NOTCONSOLE line: only curl commands need it",
        ),
    ]


def test_an_unconverted_js_snippet_of_a_markdown_page_is_told_in_its_syntax(tmp_path):
    write_tree(tmp_path, {"page.md": "```js\nGET /\n```\n", "setups.yaml": "expected_unconverted: []\n"})
    args = ["tests", str(tmp_path / "page.md"), "-o", str(tmp_path / "out"), "--error-format", "json"]
    result = run_cli(*args, "--setups", str(tmp_path / "setups.yaml"))
    (problem,) = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert problem["title"] == (
        "```js snippet with neither % CONSOLE nor % NOTCONSOLE, on a page not listed in "
        "expectedUnconvertedCandidates"
    )
    assert (
        problem["hint"] == "make it a ```console request, mark it % NOTCONSOLE, or list the page as expected"
    )


def test_values_yaml_cannot_read_cost_only_their_page_in_every_command(tmp_path):
    """A value its tag cannot be, in a response and in front matter: an error at it, the good page written."""
    bad_response = "[[q]]\n=== Q\n\n[source,console]\n----\nGET /\n----\n\n[source,console-result]\n----\n"
    bad_response += '{"a": !!float abc}\n----\n// TESTRESPONSE\n'
    bad_front_matter = "---\nupdated: !!int abc\n---\n# R\n\n```console\nGET /\n```\n"
    write_tree(tmp_path, {"page.asciidoc": PAGE, "q.asciidoc": bad_response, "r.md": bad_front_matter})
    setups = str(tmp_path / "setups.yaml")
    (tmp_path / "setups.yaml").write_text(SETUPS)
    for command in ("tests", "list", "validate", "convert"):
        out = ["-o", str(tmp_path / command)] if command in ("tests", "convert") else []
        form = ["--format" if command == "validate" else "--error-format", "json"]
        setup = ["--setups", setups] if command != "convert" else []
        result = run_cli(command, str(tmp_path), *out, *setup, *form)
        assert result.status == ExitStatus.DOCS_ERROR, (command, result.stderr)
        assert "internal error" not in result.stderr + result.stdout
        lines = (result.stdout if command == "validate" else result.stderr).splitlines()
        problems = [json.loads(line) for line in lines if line.startswith("{")]
        found = {(p["file"], p["code"], p["line"], p["column"]) for p in problems}
        expected = {("r.md", "front-matter-invalid", 2, 10)}
        if command != "convert":  # convert does not read responses as YAML
            expected.add(("q.asciidoc", "response-yaml", 11, 7))
        if command == "validate":  # which checks that a response is JSON too
            expected.add(("q.asciidoc", "response-not-json", 11, 7))
        assert found == expected, command
    assert (tmp_path / "tests" / "rest-api-spec" / "test" / "page.yml").is_file()
    assert (tmp_path / "convert" / "page.yaml").is_file()
