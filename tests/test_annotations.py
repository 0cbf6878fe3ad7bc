"""Annotation lines, driven by tests/fixtures/annotations.yaml."""

import pytest

from conftest import REPO, load_cases
from docextract.diagnostics import DocsError
from docextract.model import Pos
from docextract.syntax.annotations import looks_like_annotation, parse, vocabulary

CASES = load_cases(REPO / "tests" / "fixtures" / "annotations.yaml")


def _plain(value):
    return list(value) if isinstance(value, tuple) else value


@pytest.mark.parametrize("case", CASES)
def test_annotation(case):
    line = case["line"]
    assert looks_like_annotation(line)
    if "error" in case:
        with pytest.raises(DocsError) as raised:
            parse(line, Pos("page.asciidoc", 7))
        diagnostic = raised.value.diagnostic
        assert diagnostic.title == case["error"]
        assert diagnostic.pos.file == "page.asciidoc" and diagnostic.pos.line == 7
        if "column" in case:
            assert diagnostic.pos.column == case["column"]
        if "hint" in case:
            assert diagnostic.hint == case["hint"]
        assert diagnostic.source_line == line
        return
    parsed = parse(line, Pos("page.asciidoc", 7))
    assert parsed.marker == case["marker"]
    assert [[o.name, _plain(o.value)] for o in parsed.options] == case["options"]


@pytest.mark.parametrize(
    "line",
    ["// Test that the thing works", "// NOTE: nothing", "// KEEP", "// tag::x[]", "GET /", "/// TEST"],
)
def test_ordinary_comments_are_not_annotations(line):
    assert not looks_like_annotation(line)


def test_the_words_of_hints_come_from_the_grammar():
    words = vocabulary()
    assert words.markers == ("TEST", "TESTRESPONSE", "TESTSETUP", "TEARDOWN", "CONSOLE", "NOTCONSOLE")
    assert words.options == {
        "TEST": (
            "catch:",
            "s/…/…/",
            "skip:",
            "continued",
            "setup:",
            "teardown:",
            "warning:",
            "skip_shard_failures",
        ),
        "TESTRESPONSE": ("s/…/…/", "non_json", "skip:"),
    }
