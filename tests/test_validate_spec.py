"""validate --es-spec, and SARIF through Microsoft's validator (the real tools come from npm)."""

from __future__ import annotations

import json
import stat
import subprocess

import pytest

from conftest import CORPUS_ROOT, REPO, require_shared, run_cli
from docextract.exitstatus import ExitStatus
from npmcache import npm_package, spec_schema

TINY_SCHEMA = REPO / "tests" / "data" / "spec" / "schema.json"
SPEC_PAGES = REPO / "tests" / "pages" / "spec"


def codes(stdout: str) -> list[str]:
    return [json.loads(line)["code"] for line in stdout.splitlines()]


def test_validate_reports_spec_drift_as_warnings():
    bad = run_cli("validate", str(SPEC_PAGES / "unknown-endpoint.asciidoc"), "--format", "json")
    assert "spec-unknown-endpoint" not in codes(bad.stdout)  # not asked for
    result = run_cli(
        "validate",
        str(SPEC_PAGES / "unknown-endpoint.asciidoc"),
        "--es-spec",
        str(TINY_SCHEMA),
        "--format",
        "json",
    )
    assert codes(result.stdout) == ["spec-unknown-endpoint"]
    assert result.status == ExitStatus.OK  # drift is a warning by default
    clean = run_cli(
        "validate", str(SPEC_PAGES / "ok.asciidoc"), "--es-spec", str(TINY_SCHEMA), "--format", "json"
    )
    assert [c for c in codes(clean.stdout) if c.startswith("spec-")] == []


def test_a_file_that_is_not_a_specification_is_a_usage_error(tmp_path):
    (tmp_path / "schema.json").write_text('{"not": "a schema"}')
    result = run_cli("validate", str(SPEC_PAGES / "ok.asciidoc"), "--es-spec", str(tmp_path / "schema.json"))
    assert result.status == ExitStatus.USAGE
    assert result.stderr.startswith("docextract: error: --es-spec:")


@pytest.fixture(scope="module")
def real_schema():
    return spec_schema()


def test_the_corpus_validates_against_the_real_specification(real_schema):
    require_shared()
    result = run_cli("validate", str(CORPUS_ROOT), "--es-spec", str(real_schema), "--format", "json")
    assert result.status == ExitStatus.DOCS_ERROR  # the corpus has docs errors (broken includes), no crash
    found = [json.loads(line) for line in result.stdout.splitlines()]
    assert not [f for f in found if f["code"] == "internal-error"]
    spec_findings = {(f["code"], f["file"], f["line"]) for f in found if f["code"].startswith("spec-")}
    # Checked by hand: the page documents POST, the specification has PUT only.
    assert ("spec-unknown-endpoint", "ingest/apis/enrich/execute-enrich-policy.asciidoc", 58) in spec_findings
    # The page writes /query/async/…; the specification has /_query/async/{id}.
    assert ("spec-unknown-request", "esql/esql-async-query-delete-api.asciidoc", 13) in spec_findings


def test_sarif_passes_microsofts_validator(tmp_path):
    require_shared()
    package = npm_package("@microsoft/sarif-multitool@5.7.0")
    if package is None:
        pytest.skip("npm is not installed: sarif-multitool comes from npm")
    log = tmp_path / "docs.sarif"
    log.write_text(run_cli("validate", str(CORPUS_ROOT), "--format", "sarif").stdout)
    assert json.loads(log.read_text())["runs"][0]["results"]  # findings to validate, not an empty log
    report = tmp_path / "validation.sarif"
    # The package's install script (left out: npmcache installs with --ignore-scripts) only marks its
    # platform binary executable; the cache is ours, so the test does it.
    tool = package.parent / "sarif-multitool-linux" / "Sarif.Multitool"
    if not tool.is_file():
        pytest.skip("sarif-multitool ships no binary for this platform")
    tool.chmod(tool.stat().st_mode | stat.S_IXUSR)
    done = subprocess.run(
        [str(tool), "validate", str(log), "-o", str(report)], capture_output=True, text=True
    )
    assert report.is_file(), done.stdout + done.stderr
    results = json.loads(report.read_text())["runs"][0]["results"]
    errors = [r["message"] for r in results if r.get("level", "warning") == "error"]
    assert errors == []


def test_the_indexed_specification_is_cached_and_a_broken_cache_is_rebuilt(tmp_path, monkeypatch):
    from docextract import spec

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("DOCEXTRACT_NO_CACHE", raising=False)
    first = spec.load(TINY_SCHEMA)
    (cached,) = (tmp_path / "docextract").glob("spec-*.pickle")
    cached.write_bytes(b"not a pickle")
    again = spec.load(TINY_SCHEMA)
    assert again.apis == first.apis
    assert cached.read_bytes().startswith(b"\x80")  # rewritten as a pickle
    changed = tmp_path / "schema.json"
    changed.write_text(TINY_SCHEMA.read_text().replace('"name": "indices.create"', '"name": "indices.made"'))
    assert "indices.made" in spec.load(changed).apis  # another file, another cache entry
    assert len(list((tmp_path / "docextract").glob("spec-*.pickle"))) == 2
