"""The catalogue of rules names every problem docextract reports, with the severity it reports it at."""

from __future__ import annotations

import ast
import json
import re

import pytest

from conftest import CORPUS_ROOT, REPO, SAMPLES, require_shared, run_cli
from docextract import rules
from docextract.diagnostics import Severity

KEBAB = re.compile(r"^[a-z]+(-[a-z0-9]+)+$")
# First arguments of calls that are kebab-case but not rule ids: charsets, headers, a transport error
# kind (a run result), a git command, a settings key, a snippet language named in a message.
NOT_RULES = {
    "utf-8",
    "latin-1",
    "content-type",
    "content-length",
    "transfer-encoding",
    "too-large",
    "ls-files",
    "es-spec",
    "console-result",
}


def codes_in_source() -> set[str]:
    """Kebab-case strings passed first to a call in src: the codes the stages report."""
    found: set[str] = set()
    for path in (REPO / "src" / "docextract").rglob("*.py"):
        if "rules" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and node.args:
                for arg in node.args[:2]:  # Diagnostic(severity, code, …) has it second
                    if (
                        isinstance(arg, ast.Constant)
                        and isinstance(arg.value, str)
                        and KEBAB.match(arg.value)
                    ):
                        found.add(arg.value)
    return found - NOT_RULES


def test_ids_are_unique_kebab_case_and_described():
    ids = [rule.id for rule in rules.RULES]
    assert len(ids) == len(set(ids))
    for rule in rules.RULES:
        assert KEBAB.match(rule.id), rule.id
        assert rule.checks and rule.example, rule.id
        assert isinstance(rule.severity, Severity)


def test_every_code_the_source_reports_is_in_the_catalogue():
    missing = codes_in_source() - set(rules.BY_ID)
    assert not missing, f"add these to src/docextract/rules/: {sorted(missing)}"


def test_the_scan_finds_codes_at_all():
    # The scan above would pass vacuously if it found nothing.
    assert {"include-not-found", "console-body", "setups-invalid"} <= codes_in_source()


@pytest.mark.parametrize("where", ["corpus", "samples", "fuzz"])
def test_what_validate_reports_is_in_the_catalogue_at_its_default_severity(where):
    require_shared()
    # The fuzzing seeds are pages built to break limits: they meet the rules on files and blocks.
    folder = {"corpus": CORPUS_ROOT, "samples": SAMPLES, "fuzz": REPO / "tests" / "data" / "fuzz"}[where]
    result = run_cli("validate", str(folder), "--format", "json")
    seen = {(f["code"], f["severity"]) for f in map(json.loads, result.stdout.splitlines())}
    assert seen or where == "samples"
    for code, severity in seen:
        assert code in rules.BY_ID, code
        assert rules.BY_ID[code].severity.value == severity, code
