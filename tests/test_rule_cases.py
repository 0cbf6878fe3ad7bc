"""Every rule of the catalogue has a page that breaks it and one that does not: the cases of
tests/fixtures/rules/*.yaml run through `docextract validate`, and a check that each rule is covered.

A fixture file (one per group of rules) is a YAML list of cases:

    - name: an include of a file that is not there
      docs:                                # the docs folder: relative path → text (written as UTF-8)
        page.asciidoc: |
          include::missing.asciidoc[]
        setups.yaml: |                     # any file: a setups file, a build.gradle, an included file
          setups: {}
      encoding: {page.asciidoc: latin-1}   # optional: files written in another encoding
      args: [--setups, setups.yaml]        # optional: more validate options (paths from the docs folder)
      found:                               # every finding of `validate . --format json`, in its order
        - {code: include-not-found, at: "page.asciidoc:1:10"}

Each case runs in its docs folder (the current folder), so positions read as the writer sees them.
A case that breaks a rule is followed by its docs mended, which validate finds nothing in. The rules of
the other fixture folders (checks, testgen) are covered there; those no committed page can break, where
GENERATED and COVERED_ELSEWHERE say.
"""

from __future__ import annotations

import ast
import io
import itertools
import json
from pathlib import Path

import pytest
import yaml

from conftest import REPO, load_cases, run_cli
from docextract import rules
from docextract.cli import main
from docextract.environment import Environment
from docextract.exitstatus import ExitStatus
from fakes import FakeClock, FakeCluster

FIXTURES = REPO / "tests" / "fixtures"
RULE_FIXTURES = sorted((FIXTURES / "rules").glob("*.yaml"))
CASES = [case for path in RULE_FIXTURES for case in load_cases(path)]

# The fixture folders, and the keys under which a case lists the codes it finds (testgen fixtures list
# the errors of `docextract tests`; checks fixtures what check_page finds and what reading reports).
FOUND_KEYS = {"rules": ("found",), "checks": ("found", "read"), "testgen": ("errors",)}

# Rules whose breaking page is too large or too slow to commit: tests/test_limits.py builds it.
GENERATED = {
    "page-too-large": "tests/test_limits.py::test_a_50_mb_page_is_not_read",
    "line-too-long": "tests/test_limits.py::test_a_line_of_a_million_characters_is_cut",
    "include-too-deep": "tests/test_limits.py::test_includes_nest_64_deep_at_most",
    "nesting-too-deep": "tests/test_limits.py::test_nesting_1000_deep_is_cut_at_64",
    "substitution-timeout": "tests/test_limits.py::test_a_substitution_that_backtracks_for_ever_is_stopped",
}

# Rules no page breaks (a bug of docextract, YAML test files, a baseline, output files), and the
# specification rules, whose pages (tests/pages/spec/) are checked against a schema by tests/test_spec.py.
COVERED_ELSEWHERE = {
    "internal-error": "tests/test_cli.py::test_an_internal_error_loses_no_other_page_and_shows_no_traceback",
    "page-unreadable": "tests/test_unreadable.py::test_links_that_lead_nowhere_are_named_as_links",
    "include-unreadable": (
        "tests/test_unreadable.py::test_an_include_of_what_is_no_regular_file_says_what_it_is"
    ),
    "output-clash": (
        "tests/test_outputs.py::test_pages_that_would_share_an_output_file_are_errors_and_none_of_them_is_written"
    ),
    "tests-unreadable": "tests/test_rule_cases.py::test_run_reports_the_yaml_test_files_it_cannot_load",
    "tests-invalid": "tests/test_rule_cases.py::test_run_reports_the_yaml_test_files_it_cannot_load",
    "spec-unknown-endpoint": "tests/test_spec.py::test_an_endpoint_the_specification_lacks",
    "spec-unknown-request": "tests/test_spec.py::test_a_console_request_the_specification_lacks",
    "spec-unknown-parameter": "tests/test_spec.py::test_parameters_the_specification_lacks",
    "spec-missing-parameter": "tests/test_spec.py::test_parameters_missing_from_a_section_the_page_has",
    "spec-required-mismatch": "tests/test_spec.py::test_a_required_flag_that_disagrees",
    "spec-stability-mismatch": "tests/test_spec.py::test_stability_and_deprecation_drift",
    "spec-deprecation-mismatch": "tests/test_spec.py::test_stability_and_deprecation_drift",
    "baseline-expired": "tests/test_validate.py::test_an_expired_entry_fails_the_run",
    "baseline-fixed": (
        "tests/test_validate.py::test_a_fixed_finding_asks_to_be_removed_and_a_new_one_still_fails"
    ),
}


def write_docs(root: Path, docs: dict[str, str], encoding: dict[str, str]) -> None:
    for name, text in docs.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode(encoding.get(name, "utf-8")))


@pytest.mark.parametrize("case", CASES)
def test_validate_finds_what_the_case_breaks(case, tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    write_docs(docs, case["docs"], case.get("encoding", {}))
    monkeypatch.chdir(docs)
    result = run_cli("validate", ".", "--format", "json", *case.get("args", []))
    found = [json.loads(line) for line in result.stdout.splitlines()]
    at = [{"code": f["code"], "at": f"{f['file']}:{f['line']}:{f['column']}"} for f in found]
    assert at == case["found"], [f["title"] for f in found]
    assert all(f["title"] for f in found)
    assert [f["code"] for f in found if not f["hint"]] == []  # each finding says how to mend it
    # Reported at the severity the catalogue (and `docextract rules`) gives the rule.
    assert [f["severity"] for f in found] == [rules.BY_ID[f["code"]].severity.value for f in found]
    errors = any(f["severity"] == "error" for f in found)
    assert result.status == (ExitStatus.DOCS_ERROR if errors else ExitStatus.OK), result.stderr


STEPS = b"  - do: {raw: {method: GET, path: /}}\n"
YAML_TESTS = {
    "good.yml": b'"a test":\n' + STEPS,
    "steps.yml": b'"a test":\n' + STEPS + b'---\n"another": 3\n',
    "broken.yml": b'"a test": [\n',
    "latin1.yml": '"café":\n'.encode("latin-1") + STEPS,
    "values.yml": b'"a test":\n'
    + STEPS
    + b'---\n"another":\n'
    + STEPS.replace(b"path: /", b"path: !!int abc"),
}


def test_run_reports_the_yaml_test_files_it_cannot_load(tmp_path, monkeypatch):
    """tests-unreadable and tests-invalid: the YAML test files given to `docextract run`, not pages."""
    for name, data in YAML_TESTS.items():
        (tmp_path / name).write_bytes(data)
    monkeypatch.chdir(tmp_path)

    def run(*paths: str) -> tuple[int, list[tuple[str, str]]]:
        err = io.StringIO()
        env = Environment(stdout=io.StringIO(), stderr=err, environ={}, clock=FakeClock(), http=FakeCluster())
        status = main(["run", *paths, "--cluster", "http://fake:9200", "--error-format", "json"], env)
        found = [json.loads(line) for line in err.getvalue().splitlines() if line.startswith("{")]
        assert all(f["hint"] for f in found), found  # each says how to mend the file
        return status, [(f["code"], f"{f['file']}:{f['line']}:{f['column']}") for f in found]

    assert run("good.yml") == (ExitStatus.OK, [])
    # The tests that could be loaded run; the run fails for the file it could not load.
    assert run("steps.yml") == (ExitStatus.DOCS_ERROR, [("tests-invalid", "steps.yml:4:1")])
    assert run("good.yml", "broken.yml") == (ExitStatus.DOCS_ERROR, [("tests-invalid", "broken.yml:1:12")])
    # A byte that is not UTF-8 is pointed at.
    assert run("good.yml", "latin1.yml") == (ExitStatus.DOCS_ERROR, [("tests-unreadable", "latin1.yml:1:5")])
    # A value its tag cannot be: that test is not loaded, the file's other tests are.
    assert run("values.yml") == (ExitStatus.DOCS_ERROR, [("tests-invalid", "values.yml:5:35")])
    # Nothing loaded: nothing to run (status 6 wins over 3), and the message says why.
    assert run("broken.yml")[0] == ExitStatus.NOTHING_SELECTED


def fixture_cases(folder: str) -> dict[str, list[dict]]:
    """The cases of each fixture file of a folder, by file name."""
    return {
        path.name: yaml.safe_load(path.read_text("utf-8"))
        for path in sorted((FIXTURES / folder).glob("*.yaml"))
    }


def codes(case: dict, folder: str) -> set[str]:
    return {entry["code"] for key in FOUND_KEYS[folder] for entry in case.get(key) or []}


def paired_in_rules() -> set[str]:
    """tests/fixtures/rules: a case that finds the rule, then its files mended (no finding; a file the
    break was the lack of may be added)."""
    paired = set()
    for cases in fixture_cases("rules").values():
        for broken, mended in itertools.pairwise(cases):
            if set(broken["docs"]) <= set(mended["docs"]) and not codes(mended, "rules"):
                paired |= codes(broken, "rules")
    return paired


def paired_in_checks() -> set[str]:
    """tests/fixtures/checks: the file named after the rule has a case that finds it and a clean one."""
    paired = set()
    for name, cases in fixture_cases("checks").items():
        rule = name.removesuffix(".yaml")
        if any(rule in codes(c, "checks") for c in cases) and any(not codes(c, "checks") for c in cases):
            paired.add(rule)
    return paired


def paired_in_testgen() -> set[str]:
    """tests/fixtures/testgen: a case of the same section of the semantics spec that reports no error."""
    cases = [case for file in fixture_cases("testgen").values() for case in file]
    return {
        code
        for case in cases
        for code in codes(case, "testgen")
        if any(other["rule"] == case["rule"] and not codes(other, "testgen") for other in cases)
    }


def test_every_rule_has_a_case_that_breaks_it_and_one_that_does_not():
    known = {rule.id for rule in rules.RULES}
    listed = {
        code
        for folder in FOUND_KEYS
        for cases in fixture_cases(folder).values()
        for case in cases
        for code in codes(case, folder)
    }
    assert listed <= known, f"codes in fixtures that are no rule: {sorted(listed - known)}"
    paired = paired_in_rules() | paired_in_checks() | paired_in_testgen()
    elsewhere = {**GENERATED, **COVERED_ELSEWHERE}
    assert not paired & set(elsewhere), "covered by fixtures: take them out of the mappings"
    uncovered = known - paired - set(elsewhere)
    assert not uncovered, f"rules with no breaking and clean case: {sorted(uncovered)}"


@pytest.mark.parametrize("rule", sorted({**GENERATED, **COVERED_ELSEWHERE}))
def test_a_rule_covered_elsewhere_names_a_test_that_exists(rule):
    assert rule in rules.BY_ID
    where = {**GENERATED, **COVERED_ELSEWHERE}[rule]
    file, _, name = where.partition("::")
    tree = ast.parse((REPO / file).read_text("utf-8"))
    tests = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    assert name in tests, where
