"""Project settings: the settings file found, checked and applied under the command line; `config`; setups
found beside the docs."""

import json
from pathlib import PurePosixPath

import pytest
import yaml

from conftest import CORPUS_ROOT, SHARED, require_shared, run_cli, write_tree
from docextract.diagnostics import Diagnostics
from docextract.exitstatus import ExitStatus
from docextract.project import matches
from docextract.setupfiles import read_setups

TITLED = "[[p]]\n=== {product} API\n\nSummary.\n"
BAD = "[[q]]\n=== Broken\n\n[source,console]\n----\nGET /\n----\n// TEST[contnued]\n"
MISMATCHED = "ifdef::a[]\ntext\nendif::b[]\n"
USES_SETUP = "[[p]]\n=== Page\n\n[source,console]\n----\nGET my-index/_count\n----\n// TEST[setup:my_setup]\n"
GRADLE = "buildRestTests.setups['my_setup'] = '''\n  - do:\n      cluster.health: {}\n'''\n"
SETUPS_YAML = "setups:\n  my_setup:\n    - do:\n        cluster.health: {}\n"


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A repository to work in: the search for a settings file stops at its root, never reading above."""
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def title(*args: str) -> str:
    result = run_cli("convert", *args)
    assert result.status == ExitStatus.OK, result.stderr
    return yaml.safe_load(result.stdout)["title"]


# Finding the file


def test_the_nearest_settings_file_is_found_from_a_nested_folder(repo):
    write_tree(
        repo,
        {
            "pyproject.toml": '[project]\nname = "x"\n\n'
            '[tool.docextract]\nattributes = { product = "Acme" }\n',
            "docs/reference/sub/page.asciidoc": TITLED,
        },
    )
    assert title("docs/reference/sub/page.asciidoc") == "Acme API"


def test_the_search_starts_at_the_first_path_else_at_the_current_folder(repo, monkeypatch):
    write_tree(
        repo,
        {
            "docs/docextract.toml": 'attributes = { product = "Docs" }\n',
            "docs/page.asciidoc": TITLED,
            "elsewhere/docextract.toml": 'attributes = { product = "Elsewhere" }\n',
        },
    )
    monkeypatch.chdir(repo / "elsewhere")
    assert title(str(repo / "docs" / "page.asciidoc")) == "Docs API"
    assert run_cli("config").stdout.startswith("settings file: docextract.toml\n")


def test_docextract_toml_wins_over_pyproject_in_the_same_folder(repo):
    write_tree(
        repo,
        {
            "pyproject.toml": '[tool.docextract]\nattributes = { product = "Py" }\n',
            "docextract.toml": '[attributes]\nproduct = "Own"\n',
            "page.asciidoc": TITLED,
        },
    )
    assert title("page.asciidoc") == "Own API"


def test_a_pyproject_without_the_table_is_passed_over(repo):
    write_tree(
        repo,
        {
            "docextract.toml": 'attributes = { product = "Outer" }\n',
            "docs/pyproject.toml": '[project]\nname = "docs"\n\n[tool.ruff]\nline-length = 100\n',
            "docs/page.asciidoc": TITLED,
        },
    )
    assert title("docs/page.asciidoc") == "Outer API"


def test_the_search_stops_at_the_repository_root(tmp_path, monkeypatch):
    write_tree(
        tmp_path,
        {"docextract.toml": 'attributes = { product = "Above" }\n', "repo/docs/page.asciidoc": TITLED},
    )
    (tmp_path / "repo" / ".git").mkdir()
    monkeypatch.chdir(tmp_path / "repo")
    assert title("docs/page.asciidoc") == "{product} API"
    assert run_cli("config", "docs").stdout.startswith("settings file: none found, searched: docs, .\n")


# Precedence and `config`


def test_the_command_line_wins_over_the_file_one_value_at_a_time(repo):
    write_tree(
        repo,
        {
            "docextract.toml": '[attributes]\nproduct = "File"\nedition = "File"\n\n'
            '[rules]\nannotation-syntax = "off"\n',
            "page.asciidoc": "[[p]]\n=== {product} {edition}\n\nSummary.\n",
            "bad.asciidoc": BAD,
        },
    )
    assert title("page.asciidoc", "-a", "product=Line") == "Line File"
    assert run_cli("convert", "bad.asciidoc").status == ExitStatus.OK
    assert (
        run_cli("convert", "bad.asciidoc", "--rule", "annotation-syntax=error").status
        == ExitStatus.DOCS_ERROR
    )


def test_config_shows_each_setting_and_where_it_comes_from(repo):
    write_tree(
        repo,
        {
            "pyproject.toml": "[tool.docextract]\n"
            'docs-root = "docs/reference"\n'
            'exclude = ["**/migration/**"]\n'
            "\n"
            "[tool.docextract.attributes]\n"
            'release-state = "released"\n'
            "\n"
            "[tool.docextract.rules]\n"
            'setup-not-found = "warning"\n',
            "docs/reference/index.asciidoc": TITLED,
            "docs/build.gradle": GRADLE,
        },
    )
    text = run_cli("config", "docs/reference", "--lenient-substitutions", "--rule", "console-body=off").stdout
    lines = {line.split()[0]: line.split() for line in text.splitlines()[1:]}
    assert text.splitlines()[0] == "settings file: pyproject.toml"
    assert lines["docs-root"][1:] == ["docs/reference", "pyproject.toml:2"]
    assert lines["exclude"][1:] == ["**/migration/**", "pyproject.toml:3"]
    assert lines["attributes.release-state"][1:] == ["released", "pyproject.toml:6"]
    assert lines["rules.setup-not-found"][-1] == "pyproject.toml:9"
    assert lines["rules.console-body"][1:] == ["off", "(default", "error)", "command", "line"]
    assert lines["lenient-substitutions"][1:] == ["true", "command", "line"]
    assert lines["setups"][1:] == ["docs/build.gradle", "found", "beside", "the", "docs", "root"]
    assert lines["baseline"][1:] == ["(none)", "default"]
    document = json.loads(run_cli("config", "docs/reference", "--format", "json").stdout)
    assert document["settings_file"] == "pyproject.toml"
    settings = document["settings"]
    assert settings["docs-root"] == {"value": "docs/reference", "origin": "pyproject.toml:2"}
    assert settings["exclude"] == {"value": ["**/migration/**"], "origin": "pyproject.toml:3"}
    assert settings["rules"]["setup-not-found"] == {
        "value": "warning",
        "origin": "pyproject.toml:9",
        "default": "error",
    }
    assert settings["rules"]["include-not-found"]["origin"] == "default"


# A broken settings file: status 2 before any page is read, each problem where it stands


SETTINGS_ERRORS = [
    (
        "pyproject.toml",
        '[tool.docextract]\ndoc-root = "docs"\n',
        "pyproject.toml:2:1",
        "unknown setting `doc-root` in [tool.docextract]",
        "did you mean `docs-root`?",
    ),
    (
        "pyproject.toml",
        '[tool]\ndocextract.es-specc = "spec.json"\n',
        "pyproject.toml:2:12",
        "unknown setting `es-specc`",
        "did you mean `es-spec`?",
    ),
    (
        "pyproject.toml",
        '[tool.docextract]\nlenient-substitutions = "yes"\n',
        "pyproject.toml:2:25",
        "`lenient-substitutions` must be a boolean, not a string",
        "true or false, unquoted",
    ),
    (
        "pyproject.toml",
        '[tool.docextract.rules]\nannotation-syntx = "off"\n',
        "pyproject.toml:2:1",
        "unknown rule `annotation-syntx`",
        "did you mean `annotation-syntax`?",
    ),
    (
        "pyproject.toml",
        '[tool.docextract]\nrules = { console-body = "error", mismatched-endif = "warn" }\n',
        "pyproject.toml:2:54",
        "`warn` is not a severity (rule `mismatched-endif`)",
        "did you mean `warning`? (a rule is error, warning or off)",
    ),
    (
        "pyproject.toml",
        '[tool.docextract]\nrules.internal-error = "off"\n',
        "pyproject.toml:2:7",
        "`internal-error` cannot be changed",
        "a bug in docextract",
    ),
    (
        "docextract.toml",
        'exclude = ["ok", 3]\n',
        "docextract.toml:1:11",
        "`exclude` must be an array of non-empty strings, not an array holding other values",
        'exclude = ["**/migration/**"]',
    ),
    (
        "docextract.toml",
        "# versions\n[attributes]\nversion = 8.10\n",
        "docextract.toml:3:11",
        "attribute `version` must be a string or false, not a float",
        'quote numbers: version = "8.10"',
    ),
    (
        "docextract.toml",
        'setups = "missing.yaml"\n',
        "docextract.toml:1:10",
        "`setups`: no such file: missing.yaml",
        "relative to its folder",
    ),
    (
        "docextract.toml",
        'docs-root = "docs"\nrules = {\n',
        "docextract.toml:2:10",
        "not valid TOML: ",
        "toml.io",
    ),
]


@pytest.mark.parametrize(("name", "text", "where", "message", "hint"), SETTINGS_ERRORS)
def test_a_broken_settings_file_stops_the_command_with_the_place_to_edit(
    repo, name, text, where, message, hint
):
    write_tree(repo, {name: text, "docs/bad.asciidoc": BAD, "docs/spec.json": "{}"})
    result = run_cli("convert", "docs/bad.asciidoc")
    assert result.status == ExitStatus.USAGE
    assert f"docextract: error: {message}" in result.stderr
    assert f" --> {where}\n" in result.stderr
    (hint_line,) = [line for line in result.stderr.splitlines() if "= hint: " in line]
    assert hint in hint_line
    assert "error[annotation-syntax]" not in result.stderr  # no page was read
    assert result.stdout == ""


def test_every_problem_of_the_file_is_shown_with_the_line_under_a_caret(repo):
    write_tree(repo, {"docextract.toml": 'docs-rot = "x"\nbaseline = 3\n', "page.asciidoc": TITLED})
    result = run_cli("config")
    assert result.status == ExitStatus.USAGE
    assert '1 | docs-rot = "x"\n  | ^^^^^^^^\n' in result.stderr
    assert "2 | baseline = 3\n  |            ^\n" in result.stderr


def test_a_wrong_rule_on_the_command_line_is_a_usage_error(repo, capsys):
    write_tree(repo, {"page.asciidoc": TITLED})
    assert run_cli("convert", "page.asciidoc", "--rule", "console-bdy=off").status == ExitStatus.USAGE
    message = "argument --rule: unknown rule `console-bdy` (did you mean `console-body`?)"
    assert message in capsys.readouterr().err  # argparse writes to the process's stderr
    assert run_cli("convert", "page.asciidoc", "--rule", "console-body").status == ExitStatus.USAGE
    assert "give ID=SEVERITY" in capsys.readouterr().err


# Rule severities change what every command reports, and its exit status


@pytest.mark.parametrize("command", [["convert"], ["list"], ["tests", "-o", "out"]])
def test_a_rule_set_to_warning_or_off_changes_the_exit_status(repo, command):
    write_tree(repo, {"bad.asciidoc": BAD})
    assert run_cli(*command, "bad.asciidoc").status == ExitStatus.DOCS_ERROR
    (repo / "docextract.toml").write_text('rules = { annotation-syntax = "warning" }\n')
    lowered = run_cli(*command, "bad.asciidoc")
    assert lowered.status == ExitStatus.OK
    assert "warning[annotation-syntax]: unknown option `contnued`" in lowered.stderr
    (repo / "docextract.toml").write_text('rules = { annotation-syntax = "off" }\n')
    off = run_cli(*command, "bad.asciidoc")
    assert off.status == ExitStatus.OK and "annotation-syntax" not in off.stderr


def test_a_warning_raised_to_error_fails_and_is_counted(repo):
    write_tree(repo, {"page.asciidoc": MISMATCHED})
    assert run_cli("convert", "page.asciidoc").status == ExitStatus.OK
    raised = run_cli("convert", "page.asciidoc", "--rule", "mismatched-endif=error")
    assert raised.status == ExitStatus.DOCS_ERROR
    assert "error[mismatched-endif]" in raised.stderr and "1 page: 1 error, 0 warnings" in raised.stderr


# Include and exclude


def pages_converted(*args: str) -> list[str]:
    result = run_cli("convert", *args, "--format", "json")
    assert result.status == ExitStatus.OK, result.stderr
    documents = json.loads(result.stdout)
    return sorted(d["source"] for d in (documents if isinstance(documents, list) else [documents]))


def test_exclude_leaves_pages_out_but_never_one_named_on_the_command_line(repo):
    write_tree(
        repo,
        {
            "docextract.toml": 'docs-root = "docs"\nexclude = ["**/migration/**"]\n',
            "docs/indices/a.asciidoc": TITLED,
            "docs/migration/b.asciidoc": TITLED,
            "docs/migration/old/c.asciidoc": TITLED,
        },
    )
    assert pages_converted("docs") == ["indices/a.asciidoc"]
    assert pages_converted("docs", "docs/migration/b.asciidoc") == [
        "indices/a.asciidoc",
        "migration/b.asciidoc",
    ]


def test_include_keeps_only_what_it_matches_and_exclude_still_applies(repo):
    write_tree(
        repo,
        {
            "docextract.toml": 'include = ["indices/**", "cat"]\nexclude = ["*-old.asciidoc"]\n',
            "docs/index.asciidoc": TITLED,
            "docs/indices/a.asciidoc": TITLED,
            "docs/indices/a-old.asciidoc": TITLED,
            "docs/cat/b.asciidoc": TITLED,
            "docs/ml/c.asciidoc": TITLED,
        },
    )
    assert pages_converted("docs") == ["cat/b.asciidoc", "indices/a.asciidoc"]


def test_settings_that_leave_out_every_page_select_nothing_and_say_why(repo):
    write_tree(repo, {"docextract.toml": 'exclude = ["*.asciidoc"]\n', "docs/a.asciidoc": TITLED})
    result = run_cli("convert", "docs")
    assert result.status == ExitStatus.NOTHING_SELECTED
    assert "the settings' include and exclude leave out all 1 found" in result.stderr


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("**/migration/**", "reference/migration/a.asciidoc", True),
        ("**/migration/**", "migration/a.asciidoc", True),
        ("**/migration/**", "migration-guide.asciidoc", False),
        ("migration", "a/migration/b/c.adoc", True),
        ("indices/*.asciidoc", "indices/a.asciidoc", True),
        ("indices/*.asciidoc", "x/indices/a.asciidoc", False),
        ("indices/*.asciidoc", "indices/sub/a.asciidoc", False),
        ("indices", "indices/sub/a.asciidoc", True),
        ("*.adoc", "a/b.adoc", True),
        ("?.adoc", "ab.adoc", False),
        ("[!a]*.adoc", "b.adoc", True),
        ("[!a]*.adoc", "a.adoc", False),
        ("./cat/", "cat/x.asciidoc", True),
    ],
)
def test_globs_match_as_ruff_and_gitignore_read_them(pattern, path, expected):
    assert matches(pattern, PurePosixPath(path)) is expected


# Setups found where Elasticsearch keeps them


def test_build_gradle_above_the_docs_root_is_used_and_said(repo):
    write_tree(
        repo,
        {
            "docs/build.gradle": GRADLE,
            "docs/reference/index.asciidoc": TITLED,
            "docs/reference/p.asciidoc": USES_SETUP,
        },
    )
    result = run_cli("tests", "docs/reference/p.asciidoc", "-o", "out")
    assert result.status == ExitStatus.OK, result.stderr
    assert result.stderr.startswith("using setups from docs/build.gradle\n")
    suite = yaml.safe_load((repo / "out/rest-api-spec/test/p.yml").read_text())
    assert suite["line_5"][1] == {"do": {"cluster.health": {}}}
    quiet = run_cli("tests", "docs/reference/p.asciidoc", "-o", "out", "-q")
    assert quiet.status == ExitStatus.OK and quiet.stderr == ""


def test_setups_yaml_in_the_docs_root_is_used_when_there_is_no_build_gradle(repo):
    write_tree(repo, {"docs/setups.yaml": SETUPS_YAML, "docs/p.asciidoc": USES_SETUP})
    result = run_cli("list", "docs")
    assert result.status == ExitStatus.OK, result.stderr
    assert result.stderr == "using setups from docs/setups.yaml\n"


def test_a_build_gradle_of_another_kind_is_passed_over(repo):
    write_tree(
        repo,
        {
            "build.gradle": "plugins { id 'java' }\n",
            "docs/setups.yaml": SETUPS_YAML,
            "docs/p.asciidoc": USES_SETUP,
        },
    )
    assert run_cli("list", "docs").stderr == "using setups from docs/setups.yaml\n"


def test_a_setups_file_named_on_the_command_line_or_in_the_settings_is_not_looked_for(repo):
    write_tree(
        repo,
        {
            "docs/build.gradle": "buildRestTests.setups['other'] = '''\n  - do: {ping: {}}\n'''\n",
            "docs/reference/index.asciidoc": TITLED,
            "docs/reference/p.asciidoc": USES_SETUP,
            "conf/setups.yaml": SETUPS_YAML,
        },
    )
    named = run_cli("list", "docs/reference/p.asciidoc", "--setups", "conf/setups.yaml")
    assert named.status == ExitStatus.OK and named.stderr == ""
    (repo / "conf" / "docextract.toml").write_text('setups = "setups.yaml"\n')  # relative to the file
    (repo / "docextract.toml").write_text('setups = "conf/setups.yaml"\n')
    from_file = run_cli("list", "docs/reference/p.asciidoc")
    assert from_file.status == ExitStatus.OK and from_file.stderr == ""


def test_without_any_setups_file_a_missing_setup_still_asks_for_one(repo):
    write_tree(repo, {"docs/p.asciidoc": USES_SETUP})
    result = run_cli("list", "docs")
    assert result.status == ExitStatus.DOCS_ERROR
    assert "using setups" not in result.stderr and "(pass --setups)" in result.stderr


def test_listing_the_corpus_finds_its_build_gradle():
    require_shared()
    gradle = SHARED / "corpus" / "es-docs" / "docs" / "build.gradle"
    defined = read_setups(gradle, Diagnostics()).setups
    result = run_cli("list", str(CORPUS_ROOT), "--format", "json", "--error-format", "json")
    assert result.stderr.startswith("using setups from ") and result.stderr.splitlines()[0].endswith(
        "corpus/es-docs/docs/build.gradle"
    )
    problems = [json.loads(line) for line in result.stderr.splitlines()[1:]]
    missing = {p["title"].split("`")[1] for p in problems if p["code"] == "setup-not-found"}
    assert missing.isdisjoint(defined)
    rows = json.loads(result.stdout)
    assert any("[setup:sales]" in row["reference"] and row["becomes"] == "test" for row in rows)
