"""The whole shared corpus: every page converts, snippets are found exactly, broken includes are
reported exactly where Asciidoctor reports them."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import CORPUS_ROOT, REPO, UPDATE_GOLDEN, read_page, require_shared
from docextract.asciidoc.frontend import AsciiDoc
from docextract.asciidoc.lines import SOURCE
from docextract.diagnostics import Diagnostics
from docextract.settings import Settings
from docextract.syntax.textlines import decode

RECORDED = REPO / "tests" / "data" / "asciidoctor-include-problems.txt"
INCLUDE_CODES = {"include-not-found": "not-found", "include-tag-not-found": "tag-not-found"}


@pytest.fixture(scope="module")
def converted():
    """Every corpus page converted once: (relative path, page, diagnostics)."""
    require_shared()
    front_end = AsciiDoc()
    settings = Settings(CORPUS_ROOT.resolve(), allow_include_outside_root=True)
    out = []
    for path in sorted(CORPUS_ROOT.rglob("*.asciidoc")):
        diagnostics = Diagnostics()
        page = read_page(path, settings, diagnostics, front_end)
        out.append((path.relative_to(CORPUS_ROOT).as_posix(), page, diagnostics))
    return out


def test_every_corpus_page_converts(converted):
    assert len(converted) == len(list(CORPUS_ROOT.rglob("*.asciidoc"))) > 150
    assert not [d for _, _, ds in converted for d in ds if d.code == "internal-error"]


def _expected_snippets(path: Path) -> list[tuple[int, str]]:
    """The ---- blocks whose line directly above is a [source,…] line: (line, language)."""
    lines = decode(path.read_bytes()).lines
    found = []
    for index, line in enumerate(lines):
        if index and re.fullmatch(r"-{4,}\s*", line) and (match := SOURCE.fullmatch(lines[index - 1])):
            found.append((index + 1, match.group(1)))
    return found


def test_snippets_of_each_page_are_exactly_its_source_blocks(converted):
    total = 0
    for relative, page, _ in converted:
        own = [(s.pos.line, s.language) for s in page.snippets if s.pos.file == relative]
        assert own == _expected_snippets(CORPUS_ROOT / relative), relative
        total += len(own)
    assert total == 526


def test_snippets_in_comment_blocks_are_hidden(converted):
    hidden = [
        s for relative, page, _ in converted for s in page.snippets if s.pos.file == relative and s.hidden
    ]
    assert len(hidden) == 85
    assert {s.kind for s in hidden} == {"setup", "teardown", "test", "response"}


def _ours(converted) -> set[str]:
    problems = set()
    for relative, _, diagnostics in converted:
        for d in diagnostics:
            if d.code in INCLUDE_CODES:
                problems.add(f"{relative}\t{_relative(d.pos.file)}:{d.pos.line}\t{INCLUDE_CODES[d.code]}")
    return problems


def _relative(file: str) -> str:
    path = Path(file)
    if not path.is_absolute():
        return file
    try:
        return path.relative_to(CORPUS_ROOT.resolve()).as_posix()
    except ValueError:
        return Path("..", path.relative_to(CORPUS_ROOT.resolve().parent)).as_posix()


def asciidoctor_problems() -> set[str]:
    """Run Asciidoctor (bench/asciidoctor_load.rb) over the corpus; its include problems, normalised."""
    out = subprocess.run(
        ["ruby", str(REPO / "bench" / "asciidoctor_load.rb"), str(CORPUS_ROOT), "--warnings"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    problems, page = set(), None
    for line in out.splitlines():
        parts = line.split("\t")
        if parts[0] == "PAGE":
            page = _relative(parts[1])
        elif len(parts) == 3 and (
            ((kind := "not-found") and parts[2].startswith("include file not found"))
            or ((kind := "tag-not-found") and re.match(r"tags? '.*' not found in include file", parts[2]))
        ):
            file, _, number = parts[1].rpartition(":")
            problems.add(f"{page}\t{_relative(file)}:{number}\t{kind}")
    return problems


def test_include_problems_match_the_recorded_asciidoctor_run(converted):
    if UPDATE_GOLDEN:
        RECORDED.write_text("".join(f"{p}\n" for p in sorted(asciidoctor_problems())), "utf-8")
    recorded = set(RECORDED.read_text("utf-8").splitlines())
    assert len(recorded) > 40
    assert _ours(converted) == recorded


@pytest.mark.skipif(
    shutil.which("ruby") is None, reason="Asciidoctor (Debian package asciidoctor) is not installed"
)
def test_include_problems_match_a_live_asciidoctor_run(converted):
    assert _ours(converted) == asciidoctor_problems()
