"""Test generation, driven by tests/fixtures/testgen/*.yaml: one case per rule of the semantics spec.

A fixture file is a YAML list of cases:

    - rule: "6.3"                      # the section of ../shared/spec/es-snippet-semantics.md
      name: continued appends requests to the previous test
      docs:                            # the docs folder: relative path → page text
        reference/a.asciidoc: |
          [source,console]
          ----
          GET /
          ----
      setups: {my_index: [{do: {indices.create: {index: my-index}}}]}    # optional
      teardowns: {…}                   # optional, same shape
      expected_unconverted: [reference/b.asciidoc]   # optional; without it, no unconverted check
      set: {version: 8.13.0}           # optional: --set NAME=VALUE
      args: [--lenient-substitutions]  # optional: more command-line arguments
      expected:                        # output files under rest-api-spec/test/: path → YAML text
        reference/a.yml: |             #   compared after loading (all documents of the stream);
          ---                          #   files not listed here must not be written
          "line_2":
            - skip: …
      errors:                          # optional: the problems reported, in order
        - {code: continued-first-snippet, at: "reference/a.asciidoc:8"}
      expected_any: true               # optional: do not check the written files (an error case)
      status: 3                        # optional exit status (default 0, or 3 when errors are listed)

Each case runs `docextract tests DOCS -o OUT` in-process and checks the written files, the problems
(`--error-format json`) and the exit status.
"""

from __future__ import annotations

import json

import pytest
import yaml

from conftest import REPO, load_cases, run_cli, write_tree

FIXTURES = sorted((REPO / "tests" / "fixtures" / "testgen").glob("*.yaml"))
CASES = [case for path in FIXTURES for case in load_cases(path)]


@pytest.mark.parametrize("case", CASES)
def test_generated_suite(case, tmp_path):
    docs, out = tmp_path / "docs", tmp_path / "out"
    write_tree(docs, case["docs"])
    args = ["tests", str(docs), "-o", str(out), "--error-format", "json"]
    if "setups" in case or "teardowns" in case or "expected_unconverted" in case:
        definitions = {"setups": case.get("setups", {}), "teardowns": case.get("teardowns", {})}
        if "expected_unconverted" in case:
            definitions["expected_unconverted"] = case["expected_unconverted"]
        (tmp_path / "setups.yaml").write_text(yaml.safe_dump(definitions), "utf-8")
        args += ["--setups", str(tmp_path / "setups.yaml")]
    for name, value in case.get("set", {}).items():
        args += ["--set", f"{name}={value}"]
    args += case.get("args", [])
    result = run_cli(*args)

    problems = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    expected_errors = case.get("errors", [])
    actual_errors = [
        {"code": p["code"], "at": f"{p['file']}:{p['line']}"} for p in problems if p["severity"] == "error"
    ]
    assert actual_errors == [{"code": e["code"], "at": e["at"]} for e in expected_errors], result.stderr
    assert result.status == case.get("status", 3 if expected_errors else 0), result.stderr

    if case.get("expected_any"):
        return
    root = out / "rest-api-spec" / "test"
    written = {p.relative_to(root).as_posix() for p in root.rglob("*.yml")} if root.exists() else set()
    assert written == set(case.get("expected", {})), result.stderr
    for path, text in case.get("expected", {}).items():
        actual = list(yaml.safe_load_all((root / path).read_text("utf-8")))
        expected = list(yaml.safe_load_all(text))
        assert actual == expected, f"{path}:\n{(root / path).read_text('utf-8')}"


def test_every_rule_section_has_a_case():
    rules = {str(case.values[0]["rule"]) for case in CASES}
    for section in (
        "3.1",
        "3.3",
        "3.4",
        "4.1",
        "4.2",
        "4.3",
        "4.4",
        "4.6",
        "5",
        "6.1",
        "6.2",
        "6.3",
        "6.4",
        "6.5",
        "6.5.1",
        "6.6",
        "6.7",
        "10",
    ):
        assert any(rule == section or rule.startswith(section + ".") for rule in rules), section
