"""Any page, built from AsciiDoc pieces or a page of the corpus mutated, converts and gives its tests
without a crash or a hang: every problem is a docextract diagnostic with a position.

The strategies and the property are in tests/fuzzing.py; `python bench/fuzz.py --minutes N` runs the
same property for longer. The pages fuzzing found are kept in tests/data/fuzz.
"""

import random

import pytest
from hypothesis import given, settings

import fuzzing
from conftest import REPO
from docextract.asciidoc.lines import (
    SECTION_TITLE,
    SOURCE,
    TAG_DIRECTIVE,
    section_title,
    source_line,
    tag_directive,
)
from docextract.asciidoc.page import _TITLEABBREV, _titleabbrev_in
from docextract.syntax import console

REGRESSIONS = sorted((REPO / "tests" / "data" / "fuzz").glob("*.asciidoc"))
# Each of these took from 10 s to forever before it was fixed; now each takes a fraction of a second.
REGRESSION_SECONDS = 5.0


@settings(fuzzing.PROFILE)
@given(fuzzing.built_tree())
def test_a_built_page_converts_and_gives_tests_without_crashing(tree):
    page, files = tree
    verdict = fuzzing.check(page, files)
    assert verdict.problems == [], fuzzing.describe(files)


@settings(fuzzing.PROFILE)
@given(fuzzing.mutated_tree())
def test_a_mutated_corpus_page_converts_and_gives_tests_without_crashing(tree):
    page, files = tree
    verdict = fuzzing.check(page, files)
    assert verdict.problems == [], fuzzing.describe(files)


@pytest.mark.parametrize("page", REGRESSIONS, ids=lambda path: path.name)
def test_a_page_fuzzing_found_is_read_in_a_moment(page):
    verdict = fuzzing.check(page.name, {page.name: page.read_bytes()})
    assert verdict.problems == []
    assert verdict.seconds < REGRESSION_SECONDS


def test_the_property_sees_a_crash_and_a_hang(monkeypatch):
    """The property can fail: an exception in a command and a command that never ends are both seen."""
    page = b"[source,console]\n----\nPUT x\n{}\n----\n"

    def crash(text):
        raise RuntimeError("boom")

    monkeypatch.setattr(console, "parse_body", crash)
    problems = fuzzing.check(fuzzing.PAGE, {fuzzing.PAGE: page}).problems
    assert any("internal-error" in p and "boom" in p for p in problems)  # convert's diagnostic
    assert any(p.startswith("tests: exit status 1") for p in problems)

    def hang(text):
        while True:
            pass

    monkeypatch.setattr(console, "parse_body", hang)
    verdict = fuzzing.check(fuzzing.PAGE, {fuzzing.PAGE: page}, time_limit=1)
    assert verdict.hang
    assert verdict.problems == ["hang: still running after 1 s"]


def _strings(pieces: list[str], count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 9))) for _ in range(count)]


def test_source_lines_are_read_as_the_reference_regex_reads_them():
    pieces = ["[source", "[", '"', "source", ".", ",", " ", "console", "id=", "x", "]", "-", '"]', "é", "\t"]
    for text in _strings(pieces, 20_000, 1):
        match = SOURCE.fullmatch(text)
        assert source_line(text) == ((match.group(1), match.group(5)) if match else None), text


def test_section_titles_are_read_as_the_reference_regex_reads_them():
    for text in _strings(["=", "==", " ", "\t", "a", "b c", "===", "é", "\u2028", "\n"], 20_000, 2):
        match = SECTION_TITLE.match(text)
        assert section_title(text) == ((match.group(1), match.group(2)) if match else None), text


def test_tag_directives_are_found_as_the_reference_regex_finds_them():
    pieces = ["tag::", "end::", "a", "[]", "[", "]", " ", "\r", "\t", "x-", "\u00a0", "::", "_"]
    for text in _strings(pieces, 20_000, 3):
        match = TAG_DIRECTIVE.search(text)
        assert tag_directive(text) == ((match.group(2), bool(match.group(1))) if match else None), text


def test_titleabbrev_is_found_as_the_reference_regex_finds_it():
    for text in _strings(["<titleabbrev>", "</titleabbrev>", "a", "\n", " "], 5_000, 4):
        match = _TITLEABBREV.search(text)
        assert _titleabbrev_in(text) == (match.group(1) if match else None), text
