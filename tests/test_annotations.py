"""Annotation lines, driven by tests/fixtures/annotations.yaml."""

import pytest

from conftest import REPO, load_cases
from docextract.diagnostics import DocsError
from docextract.model import Pos
from docextract.syntax.annotations import ASCIIDOC, MARKDOWN, looks_like_annotation, parse, vocabulary

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


@pytest.mark.parametrize(
    ("style", "page", "prefix"), [(ASCIIDOC, "page.asciidoc", "//"), (MARKDOWN, "page.md", "%")]
)
def test_a_problem_names_the_annotation_as_the_page_writes_it(style, page, prefix):
    def problem(line: str) -> tuple[str, str]:
        with pytest.raises(DocsError) as raised:
            parse(line, Pos(page, 7), style)
        return raised.value.diagnostic.title, raised.value.diagnostic.hint

    assert problem(f"{prefix} TESTRESPONSE[continued]") == (
        "unknown option `continued`",
        f"`continued` belongs on the {prefix} TEST line of the request, not on {prefix} TESTRESPONSE",
    )
    assert problem(f"{prefix} TESTSETUP[x]") == (
        f"`{prefix} TESTSETUP` takes no options",
        "remove the bracket",
    )
    assert problem(f"{prefix} TEST [continued]")[1].startswith(f"write `{prefix} TEST[…]`; ")
