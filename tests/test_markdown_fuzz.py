"""Any Markdown page, built from MyST pieces or a page of the Markdown corpus mutated, converts and gives its
tests without a crash or a hang: every problem is a diagnostic with a position (the property of
tests/fuzzing.py, run on `.md` pages)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import fuzzing
from conftest import MD_CORPUS_ROOT

PAGE = "page.md"
INDENT = st.sampled_from(["", "  ", "    ", "\t", "   "])
ANNOTATION = st.sampled_from(
    ["% TEST[continued]", "% TESTRESPONSE[s/a/b/ non_json]", "% TESTSETUP", "% TEARDOWN", "% NOTCONSOLE",
     "% TEST[contnued]", "%TEST", "%% TEST", "% TEST [x]", "% TESTRESPONSE[skip:x]", "% a remark", "%"]
)  # fmt: skip
FENCE = st.sampled_from(
    ["```", "````", "~~~", "```console", "```console-result", "```js", "```{math}", "``` {x}"]
)
COLONS = st.sampled_from(
    [":::", "::::", ":::::", "::::{note}", ":::{tab-item} A", "::::{dropdown} Properties of x"]
)
LINE = st.one_of(
    fuzzing.TEXT_LINE,
    ANNOTATION,
    FENCE,
    COLONS,
    st.sampled_from(
        ["<!--", "-->", "<!-- x -->", "# Title [t]", "## {{api-request-title}} [t-request]", "`field`",
         ":   (Required, [type](/x.md)) Text.", ":   (Optional)", "1. Step", "* item", "$$$a$$$", "---",
         "navigation_title: [", "applies_to:", "  stack: ga 9.1", ":::{include} other.md",
         ":::{include} /x/../../y.md", ":::{include} page.md", "GET /x", "{\"a\": 1,}", "{{es}}",
         "`x` {applies_to}`stack: ga 9.1`", "> quote"]
    ),
)  # fmt: skip


@st.composite
def built_tree(draw) -> tuple[str, dict[str, bytes]]:
    lines = draw(st.lists(st.builds(lambda indent, line: indent + line, INDENT, LINE), max_size=60))
    other = draw(st.lists(LINE, max_size=10))
    files = {PAGE: "\n".join(lines).encode(), "other.md": "\n".join(other).encode()}
    if draw(st.booleans()):
        files["docset.yml"] = draw(
            st.sampled_from([b"subs:\n  es: Elasticsearch\n", b"subs: [x\n", b"- 1\n"])
        )
    return PAGE, files


@st.composite
def mutated_tree(draw) -> tuple[str, dict[str, bytes]]:
    pages = sorted(p.relative_to(MD_CORPUS_ROOT).as_posix() for p in MD_CORPUS_ROOT.rglob("*.md"))
    page = draw(st.sampled_from(pages))
    lines = (MD_CORPUS_ROOT / page).read_bytes().split(b"\n")
    for _ in range(draw(st.integers(1, 4))):
        lines = draw(fuzzing.mutation(lines))
    return page, {page: b"\n".join(lines), "docset.yml": (MD_CORPUS_ROOT / "docset.yml").read_bytes()}


@settings(fuzzing.PROFILE)
@given(built_tree())
def test_a_built_markdown_page_converts_and_gives_tests_without_crashing(tree):
    page, files = tree
    verdict = fuzzing.check(page, files)
    assert verdict.problems == [], fuzzing.describe(files)


@settings(fuzzing.PROFILE)
@given(mutated_tree())
def test_a_mutated_markdown_corpus_page_converts_and_gives_tests_without_crashing(tree):
    page, files = tree
    verdict = fuzzing.check(page, files)
    assert verdict.problems == [], fuzzing.describe(files)


def test_deep_directives_and_comments_are_bounded():
    """Directives nested 300 deep are read again 40 levels deep at most: `nesting-too-deep`, no hang."""
    opening = [":" * (303 - depth) + "{note}" for depth in range(300)]
    closing = [":" * (4 + depth) for depth in range(300)]
    page = "\n".join([*opening, "```console", "GET /", "```", *closing]).encode()
    verdict = fuzzing.check(PAGE, {PAGE: page})
    assert verdict.problems == [] and "nesting-too-deep" in verdict.codes("convert")
