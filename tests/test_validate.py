"""docextract validate: findings in every format, the exit status, baselines and changed files."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
import yaml

from conftest import REPO, UPDATE_GOLDEN, run_cli, write_tree
from docextract import rules
from docextract.cli import COMMANDS
from docextract.diagnostics import Diagnostic, Severity
from docextract.exitstatus import ExitStatus
from docextract.model import Pos
from docextract.settings import Settings
from docextract.validation import check_pages

GOOD = "[[p]]\n=== Page\n\nSummary.\n\n[source,console]\n----\nGET /\n----\n"
# Line 8 breaks annotation-syntax; line 12 is a title with `,` and `:` for GitHub's escaping.
BAD = (
    "[[q]]\n=== Broken\n\n[source,console]\n----\nGET /\n----\n// TEST[contnued]\n\n"
    "[source,console]\n----\nget /x, y: z\n----\n"
)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A git repository with docs/ holding one good and one bad page, committed."""
    monkeypatch.chdir(tmp_path)
    write_tree(tmp_path, {"docs/good.asciidoc": GOOD, "docs/bad.asciidoc": BAD})
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "docs")
    return tmp_path


def git(root, *args):
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.com", *args], check=True
    )


def test_a_clean_tree_passes_and_a_broken_one_fails_with_docs_error(repo):
    assert run_cli("validate", "docs/good.asciidoc").status == ExitStatus.OK
    result = run_cli("validate", "docs")
    assert result.status == ExitStatus.DOCS_ERROR
    assert "error[annotation-syntax]: unknown option `contnued`" in result.stdout
    assert " --> docs/bad.asciidoc:8:9" in result.stdout
    assert "validated 2 pages: 2 errors, 0 warnings" in result.stderr


def test_every_format_reports_the_same_findings(repo):
    text = run_cli("validate", "docs").stdout
    lines = run_cli("validate", "docs", "--format", "json").stdout.splitlines()
    github = run_cli("validate", "docs", "--format", "github").stdout.splitlines()
    sarif = json.loads(run_cli("validate", "docs", "--format", "sarif").stdout)
    found = [json.loads(line)["code"] for line in lines]
    assert sorted(found) == ["annotation-syntax", "console-syntax"]
    assert re.findall(r"^error\[([a-z-]+)\]", text, re.M) == found
    assert [re.match(r"::error .*title=", line) is not None for line in github] == [True, True]
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == found


def test_github_annotations_name_files_from_the_repository_root_and_escape(repo):
    (repo / "sub").mkdir()
    result = run_cli("validate", str(repo / "docs"), "--format", "github")
    first, second = result.stdout.splitlines()
    assert first.startswith("::error file=docs/bad.asciidoc,line=8,endLine=8,col=9,title=unknown option")
    # The request line is quoted in the console-syntax title: `,` and `:` are escaped in properties.
    assert second.startswith("::error file=docs/bad.asciidoc,line=12,endLine=12,col=1,title=")
    title = second.split("title=", 1)[1].split("::", 1)[0]
    assert "," not in title and ":" not in title.replace("%3A", "")


def test_sarif_names_the_rules_and_places_relative_to_the_source_root(repo):
    log = json.loads(run_cli("validate", "docs", "--format", "sarif").stdout)
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    catalogue = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in catalogue] == [r.id for r in rules.RULES]
    result = run["results"][0]
    assert catalogue[result["ruleIndex"]]["id"] == result["ruleId"] == "annotation-syntax"
    place = result["locations"][0]["physicalLocation"]
    assert place["artifactLocation"] == {"uri": "docs/bad.asciidoc", "uriBaseId": "%SRCROOT%"}
    assert place["region"] == {"startLine": 8, "startColumn": 9}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.resolve().as_uri() + "/"
    assert len(result["partialFingerprints"]["docextract/v1"]) == 16


def test_sarif_uris_are_uri_references_and_alike_findings_keep_their_own_fingerprints(repo):
    # A name with a space, a % and a comma is percent-encoded (SARIF 3.10.2: a URI reference); the same
    # broken line twice in one page gives two results that code scanning keeps apart.
    twice = BAD + "\n[source,console]\n----\nGET /\n----\n// TEST[contnued]\n"
    write_tree(repo, {"docs/sub dir/50%, done.asciidoc": twice})
    run = json.loads(run_cli("validate", "docs", "--format", "sarif").stdout)["runs"][0]
    mine = [
        r for r in run["results"] if "sub" in r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    ]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in mine}
    assert uris == {"docs/sub%20dir/50%25%2C%20done.asciidoc"}
    alike = [r for r in mine if r["ruleId"] == "annotation-syntax"]
    prints = [r["partialFingerprints"]["docextract/v1"] for r in alike]
    assert len(alike) == 2 and prints[1] == prints[0] + ":2"


def test_a_baseline_accepts_known_findings_even_when_their_lines_move(repo):
    base = repo / "baseline.yaml"
    written = run_cli("validate", "docs", "--write-baseline", str(base))
    assert written.status == ExitStatus.OK and "wrote 2 findings" in written.stderr
    entries = yaml.safe_load(base.read_text())["findings"]
    assert [e["rule"] for e in entries] == ["annotation-syntax", "console-syntax"]
    (repo / "docs/bad.asciidoc").write_text("// a new first line\n\n" + BAD)
    result = run_cli("validate", "docs", "--baseline", str(base))
    assert result.status == ExitStatus.OK, result.stdout
    assert "0 errors, 0 warnings (2 more in the baseline)" in result.stderr


def test_a_fixed_finding_asks_to_be_removed_and_a_new_one_still_fails(repo):
    base = repo / "baseline.yaml"
    run_cli("validate", "docs", "--write-baseline", str(base))
    (repo / "docs/bad.asciidoc").write_text(BAD.replace("contnued", "continue"))
    result = run_cli("validate", "docs", "--baseline", str(base))
    assert result.status == ExitStatus.DOCS_ERROR  # `continue` is a new finding
    assert "unknown option `continue`" in result.stdout
    assert "warning[baseline-fixed]: fixed, remove from baseline: annotation-syntax in bad.asciidoc" in (
        result.stdout
    )
    assert " --> baseline.yaml:4:" in result.stdout  # the entry to delete


def test_a_run_of_some_pages_leaves_the_other_pages_entries_alone(repo):
    # A baseline of the whole tree, then a run of one changed page (--changed-since) or of one page:
    # the other page's entries are neither reported fixed nor dropped when the baseline is rewritten.
    base = repo / "baseline.yaml"
    write_tree(repo, {"docs/also-bad.asciidoc": BAD.replace("[[q]]", "[[r]]")})
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "another broken page")
    run_cli("validate", "docs", "--write-baseline", str(base))
    whole = yaml.safe_load(base.read_text())["findings"]
    assert sorted({e["file"] for e in whole}) == ["also-bad.asciidoc", "bad.asciidoc"]
    (repo / "docs/bad.asciidoc").write_text(BAD.replace("// TEST[contnued]\n", ""))  # one fixed there
    for scope in (["--changed-since", "HEAD"], ["docs/bad.asciidoc", "--docs-root", "docs"]):
        paths = ["docs", *scope] if scope[0] == "--changed-since" else scope
        result = run_cli("validate", *paths, "--baseline", str(base))
        assert result.status == ExitStatus.OK, result.stdout
        fixed = [line for line in result.stdout.splitlines() if "baseline-fixed" in line]
        assert len(fixed) == 1 and "annotation-syntax in bad.asciidoc" in fixed[0], result.stdout
    run_cli("validate", "docs", "--changed-since", "HEAD", "--write-baseline", str(base))
    again = yaml.safe_load(base.read_text())["findings"]
    assert [(e["file"], e["rule"]) for e in again] == [
        ("also-bad.asciidoc", "annotation-syntax"),
        ("also-bad.asciidoc", "console-syntax"),
        ("bad.asciidoc", "console-syntax"),
    ]


def test_a_baseline_finding_names_its_file_from_the_docs_root_in_json(repo, monkeypatch):
    # As every finding's file: the same whatever the current folder.
    base = repo / "baseline.yaml"
    run_cli("validate", "docs", "--write-baseline", str(base))
    (repo / "docs/bad.asciidoc").write_text(BAD.replace("// TEST[contnued]\n", ""))
    files = []
    for folder, args in (
        (repo, ["docs", "--baseline", "baseline.yaml"]),
        (repo / "docs", [".", "--baseline", "../baseline.yaml"]),
    ):
        monkeypatch.chdir(folder)
        lines = run_cli("validate", *args, "--format", "json").stdout.splitlines()
        files += [json.loads(line)["file"] for line in lines if json.loads(line)["code"] == "baseline-fixed"]
    assert files == ["../baseline.yaml", "../baseline.yaml"]


def test_an_expired_entry_fails_the_run(repo):
    base = repo / "baseline.yaml"
    run_cli("validate", "docs", "--write-baseline", str(base))
    data = yaml.safe_load(base.read_text())
    data["findings"][0]["expires"] = "2020-01-01"
    data["findings"][1]["expires"] = "2999-01-01"
    base.write_text(yaml.safe_dump(data, sort_keys=False))
    result = run_cli("validate", "docs", "--baseline", str(base))
    assert result.status == ExitStatus.DOCS_ERROR
    assert "error[baseline-expired]" in result.stdout
    assert "error[annotation-syntax]" in result.stdout and "console-syntax" not in result.stdout


def test_rewriting_a_baseline_keeps_reasons_and_refuses_other_files(repo):
    base = repo / "baseline.yaml"
    run_cli("validate", "docs", "--write-baseline", str(base))
    data = yaml.safe_load(base.read_text())
    data["findings"][0]["reason"] = "upstream page, fixed in 9.1"
    data["findings"][0]["expires"] = "2999-01-01"
    base.write_text(yaml.safe_dump(data, sort_keys=False))
    run_cli("validate", "docs", "--write-baseline", str(base))
    again = yaml.safe_load(base.read_text())["findings"][0]
    assert again["reason"] == "upstream page, fixed in 9.1" and again["expires"] == "2999-01-01"

    mine = repo / "notes.yaml"
    mine.write_text("my: notes\n")
    refused = run_cli("validate", "docs", "--write-baseline", str(mine))
    assert refused.status == ExitStatus.USAGE
    assert "will not overwrite it" in refused.stderr
    assert mine.read_text() == "my: notes\n"


@pytest.mark.parametrize("where", ["ro/b.yaml", "link.yaml"])
def test_a_baseline_that_cannot_be_written_is_a_usage_error_before_any_page_is_read(repo, read_only, where):
    """The audit's case: a folder nothing can be written in let the whole validation run, then exit 7."""
    (repo / "link.yaml").symlink_to(repo / "theirs.yaml")
    refused = run_cli("validate", "docs", "--write-baseline", where)
    assert refused.status == ExitStatus.USAGE, refused.stderr
    says = "cannot write in ro" if where.startswith("ro") else "link.yaml is a symbolic link"
    assert says in refused.stderr and "validated" not in refused.stderr and refused.stdout == ""
    assert not (repo / "theirs.yaml").exists()


def test_a_broken_baseline_is_a_usage_error_before_any_page_is_read(repo):
    (repo / "b.yaml").write_text("version: 1\nfindings:\n- rule: x\n")
    result = run_cli("validate", "docs", "--baseline", "b.yaml")
    assert result.status == ExitStatus.USAGE
    assert "b.yaml:3:3: a baseline entry needs rule:, file: and fingerprint:" in result.stderr
    assert "validated" not in result.stderr


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("2020-02-30", ["b.yaml:3:3: expires: '2020-02-30' is not a date (YYYY-MM-DD)"]),
        (
            "!!int abc",
            ["the baseline is not valid YAML: 'abc' is not a valid !!int value", " --> b.yaml:4:13\n"],
        ),
    ],
)
def test_a_baseline_value_that_is_no_date_is_a_usage_error_at_its_line(repo, value, says):
    entry = "- {rule: x, file: y, fingerprint: z, reason: r,\n   expires: " + value + "}\n"
    (repo / "b.yaml").write_text("version: 1\nfindings:\n" + entry)
    result = run_cli("validate", "docs", "--baseline", "b.yaml")
    assert result.status == ExitStatus.USAGE, result.stderr
    assert all(text in result.stderr for text in says) and "internal error" not in result.stderr


def test_changed_since_checks_changed_pages_and_the_pages_that_include_a_changed_file(repo):
    write_tree(
        repo,
        {
            "docs/shared.asciidoc": "Shared text.\n",
            "docs/user.asciidoc": "[[u]]\n=== User\n\ninclude::shared.asciidoc[]\n\n// TEST[bad]\n",
        },
    )
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "more")
    assert "validated 0 pages" in run_cli("validate", "docs", "--changed-since", "HEAD").stderr
    (repo / "docs/shared.asciidoc").write_text("Shared text, edited.\n")
    result = run_cli("validate", "docs", "--changed-since", "HEAD", "--format", "json")
    files = {json.loads(line)["file"] for line in result.stdout.splitlines()}
    # shared.asciidoc (a page of its own too) and user.asciidoc, which includes it; not bad.asciidoc.
    assert "validated 2 pages:" in result.stderr
    assert files == {"user.asciidoc"}


@pytest.mark.parametrize("suffix", ["asciidoc", "md"])
def test_changed_since_checks_a_page_whose_included_file_was_deleted(repo, suffix):
    # The deletion is the change: the page that includes the file no longer there is checked, and fails.
    including = {
        "asciidoc": "[[z]]\n=== Z\n\ninclude::inc/gone.asciidoc[]\n",
        "md": "# Z\n\n:::{include} inc/gone.md\n:::\n",
    }[suffix]
    write_tree(repo, {f"docs/zf.{suffix}": including, f"docs/inc/gone.{suffix}": "Text.\n"})
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "an include")
    git(repo, "rm", "-q", f"docs/inc/gone.{suffix}")
    result = run_cli("validate", "docs", "--changed-since", "HEAD", "--format", "json")
    found = [(json.loads(line)["file"], json.loads(line)["code"]) for line in result.stdout.splitlines()]
    assert (f"zf.{suffix}", "include-not-found") in found, result.stdout + result.stderr
    assert result.status == ExitStatus.DOCS_ERROR


def test_changed_since_outside_git_or_with_a_bad_revision_is_a_usage_error(repo, tmp_path_factory):
    bad = run_cli("validate", "docs", "--changed-since", "no-such-rev")
    assert bad.status == ExitStatus.USAGE and "git diff failed" in bad.stderr
    elsewhere = tmp_path_factory.mktemp("plain")
    write_tree(elsewhere, {"a.asciidoc": GOOD})
    outside = run_cli("validate", str(elsewhere), "--changed-since", "HEAD")
    assert outside.status == ExitStatus.USAGE and "needs a git repository" in outside.stderr


def test_the_readme_rules_table_is_what_docextract_rules_prints():
    readme = REPO / "README.md"
    text = readme.read_text("utf-8")
    begin, end = "<!-- rules:begin -->\n", "<!-- rules:end -->"
    table = run_cli("rules", "--format", "markdown").stdout
    if UPDATE_GOLDEN:
        head, rest = text.split(begin)
        readme.write_text(head + begin + table + end + rest.split(end, 1)[1], "utf-8")
        text = readme.read_text("utf-8")
    assert text.split(begin)[1].split(end)[0] == table, "run with DOCEXTRACT_UPDATE_GOLDEN=1"
    assert table.count("\n") == len(rules.RULES) + 2


def test_the_pre_commit_hook_runs_validate_on_asciidoc_files():
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert hook["id"] == "docextract-validate" and hook["language"] == "python"
    assert hook["entry"].split()[1] in set(COMMANDS)
    pattern = re.compile(hook["files"])
    assert pattern.search("docs/a.asciidoc") and pattern.search("b.adoc") and not pattern.search("c.md")


def test_a_finding_in_an_included_file_names_the_include_line(tmp_path):
    write_tree(
        tmp_path,
        {
            "parms.asciidoc": "`size`::\n(Optional, integer) How many.\n",
            "page.asciidoc": "[[p]]\n=== Page\n\n[[p-query-params]]\n==== Query parameters\n\n"
            "include::parms.asciidoc[]\n",
        },
    )

    def every_parameter(page):  # a check that reports each query parameter where it is written
        return [Diagnostic(Severity.WARNING, "x-check", p.name, p.pos) for p in page.query_parameters]

    checked = {
        c.source: c
        for c in check_pages(sorted(tmp_path.glob("*.asciidoc")), Settings(tmp_path), (every_parameter,))
    }
    (finding,) = [d for d in checked["page.asciidoc"].diagnostics if d.code == "x-check"]
    assert finding.pos == Pos("parms.asciidoc", 1, 1)
    assert finding.included_from == (Pos("page.asciidoc", 7, 1),)
    assert checked["page.asciidoc"].includes == ("parms.asciidoc",)


def test_the_settings_file_sets_severities_and_the_baseline_and_the_command_line_wins(repo):
    run_cli("validate", "docs", "--write-baseline", "known.yaml")
    (repo / "pyproject.toml").write_text(
        '[tool.docextract]\nbaseline = "known.yaml"\n\n[tool.docextract.rules]\nannotation-syntax = "off"\n'
    )
    quiet = run_cli("validate", "docs", "--format", "json")
    # One rule off (its baseline entry is not checked, so not "fixed"), the other finding in the baseline.
    assert quiet.status == ExitStatus.OK and quiet.stdout == ""
    assert "0 errors, 0 warnings (1 more in the baseline)" in quiet.stderr
    loud = run_cli("validate", "docs", "--baseline", "none.yaml", "--rule", "console-syntax=warning")
    assert loud.status == ExitStatus.USAGE  # the command line's baseline wins: it does not exist
    raised = run_cli("validate", "docs", "--format", "json", "--rule", "console-syntax=off")
    assert raised.stdout == "" and "(0 more" not in raised.stderr


def test_an_unconverted_curl_snippet_is_named_by_its_language(tmp_path):
    write_tree(
        tmp_path,
        {
            "p.asciidoc": "[[p]]\n=== P\n\n[source,sh]\n----\ncurl -XGET localhost:9200/\n----\n",
            "setups.yaml": "expected_unconverted: []\n",
        },
    )
    (finding,) = map(json.loads, run_cli("validate", str(tmp_path), "--format", "json").stdout.splitlines())
    assert finding["code"] == "unconverted-snippets"
    assert finding["title"].startswith("[source,sh] snippet with neither // CONSOLE nor // NOTCONSOLE")
    assert (finding["file"], finding["line"]) == ("p.asciidoc", 5)


def test_a_language_problem_in_markdown_points_at_the_fence(tmp_path):
    write_tree(tmp_path, {"j.md": '# T [t]\n\nText.\n\n```json\n{"a": 1}\n```\n'})
    (finding,) = map(json.loads, run_cli("validate", str(tmp_path), "--format", "json").stdout.splitlines())
    assert (finding["code"], finding["file"], finding["line"]) == ("language-json", "j.md", 5)
