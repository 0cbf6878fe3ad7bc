"""Golden page documents: every page of samples/ (as YAML) and ten corpus pages (as JSON, so that the
repository carries no copy of the corpus text, only its data). DOCEXTRACT_UPDATE_GOLDEN=1 rewrites them."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest
import yaml

from conftest import CORPUS_ROOT, REPO, SAMPLES, UPDATE_GOLDEN, read_page, require_shared
from docextract.diagnostics import Diagnostics
from docextract.export import page_data, to_json, to_yaml
from docextract.settings import Settings

GOLDEN = REPO / "tests" / "golden"
CORPUS_PAGES = [
    "cat/alias.asciidoc",  # a named snippet (id=), includes of common parameters
    "cluster/health.asciidoc",  # indented descriptions, valid values from an included region
    "connector/apis/create-connector-sync-job-api.asciidoc",  # the seed's later version, beta::[]
    "docs/bulk.asciidoc",  # NDJSON bodies
    "indices/data-stream-stats.asciidoc",  # TESTSETUP/TEARDOWN in comment blocks, collapsible children
    "indices/get-field-mapping.asciidoc",  # // CONSOLE after TESTSETUP, a ---- block without language
    "indices/simulate-template.asciidoc",  # nested includes, missing include and missing tag
    "ingest/apis/enrich/put-enrich-policy.asciidoc",  # relative includes of a sibling page
    "ml/anomaly-detection/apis/get-calendar.asciidoc",  # a level-0 title, ml-shared regions
    "rest-api/info.asciidoc",  # many substitutions and a long response
]


def _sample_pages() -> list[Path]:
    return sorted(p for p in SAMPLES.rglob("*") if p.suffix in (".asciidoc", ".md"))


def _check(actual_text: str, golden: Path, load) -> None:
    if UPDATE_GOLDEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual_text, "utf-8")
    assert golden.is_file(), f"no golden file {golden}; run with DOCEXTRACT_UPDATE_GOLDEN=1 and review it"
    expected_text = golden.read_text("utf-8")
    if load(actual_text) != load(expected_text):
        diff = difflib.unified_diff(
            expected_text.splitlines(), actual_text.splitlines(), str(golden), "actual", lineterm="", n=2
        )
        pytest.fail("output differs from the golden file:\n" + "\n".join(list(diff)[:80]))


@pytest.mark.parametrize("page", _sample_pages(), ids=lambda p: p.relative_to(SAMPLES).as_posix())
def test_sample_page_matches_its_golden_yaml(page):
    diagnostics = Diagnostics()
    data = page_data(read_page(page, Settings(SAMPLES.resolve()), diagnostics))
    assert not diagnostics.errors, [d.title for d in diagnostics.errors]
    golden = GOLDEN / "samples" / page.relative_to(SAMPLES).with_suffix(".yaml")
    _check(to_yaml(data), golden, yaml.safe_load)


@pytest.mark.parametrize("relative", CORPUS_PAGES)
def test_corpus_page_matches_its_golden_data(relative):
    require_shared()
    page = read_page(CORPUS_ROOT / relative, Settings(CORPUS_ROOT.resolve()), Diagnostics())
    golden = GOLDEN / "corpus" / Path(relative).with_suffix(".json")
    _check(to_json(page_data(page)), golden, json.loads)


def test_there_are_samples_to_check():
    assert len(_sample_pages()) >= 10


def test_sample_pages_generate_their_golden_test_suites(tmp_path):
    from conftest import run_cli

    result = run_cli("tests", str(SAMPLES), "-o", str(tmp_path), "--setups", str(SAMPLES / "setups.yaml"))
    assert result.status == 0, result.stderr
    root = tmp_path / "rest-api-spec" / "test"
    written = sorted(p.relative_to(root) for p in root.rglob("*.yml"))
    golden_root = GOLDEN / "rest"
    for relative in written:
        _check(
            (root / relative).read_text("utf-8"),
            golden_root / relative,
            lambda t: list(yaml.safe_load_all(t)),
        )
    assert written == sorted(p.relative_to(golden_root) for p in golden_root.rglob("*.yml"))


def test_sample_suites_exercise_every_option(tmp_path):
    """Together the samples' tests use every annotation option the generator knows."""
    from conftest import run_cli

    run_cli("tests", str(SAMPLES), "-o", str(tmp_path), "--setups", str(SAMPLES / "setups.yaml"))
    text = "\n".join(p.read_text("utf-8") for p in (tmp_path / "rest-api-spec" / "test").rglob("*.yml"))
    documents = [
        d
        for p in (tmp_path / "rest-api-spec" / "test").rglob("*.yml")
        for d in yaml.safe_load_all(p.read_text())
    ]
    sections = {name: steps for document in documents for name, steps in document.items()}
    steps = [step for section in sections.values() for step in section]
    dos = [s["do"] for s in steps if "do" in s]
    assert "setup" in sections and "teardown" in sections  # TESTSETUP, TEARDOWN
    assert any(not name.startswith("line_") and name not in ("setup", "teardown") for name in sections)  # id=
    assert any("catch" in d and d["catch"].startswith("/") for d in dos)  # catch:/regex/
    assert any(d.get("catch") == "missing" for d in dos)  # catch:missing
    assert any("warnings" in d for d in dos)  # warning:
    assert any("always_skip" in s["skip"]["features"] for s in steps if "skip" in s)  # skip:
    assert "# Named setup my_index" in text and "# Named teardown my_teardown" in text  # setup:, teardown:
    assert any(d.get("indices.create") for d in dos)  # a named setup's own steps
    matches = [s["match"]["$body"] for s in steps if "match" in s]
    assert any(isinstance(m, str) and m.startswith("/") for m in matches)  # TESTRESPONSE[non_json]
    assert any("$body." in str(m) for m in matches)  # TESTRESPONSE[s/…/$body.…/]
    assert any("$body." in str(d.get("raw", {})) for d in dos)  # TEST[s/…/…/] into a request
    shardless = [
        section
        for section in sections.values()
        if any(
            "do" in s and "raw" in s["do"] and not s["do"]["raw"]["path"].startswith("_cat") for s in section
        )
        and not any("is_false" in s for s in section)
    ]
    assert shardless  # skip_shard_failures
