"""Markdown pages read into snippets and problems, driven by tests/fixtures/markdown.yaml."""

from __future__ import annotations

import pytest

from conftest import REPO, convert_tree, load_cases, write_tree
from docextract import markdown
from docextract.checks import check_page
from docextract.diagnostics import Diagnostics
from docextract.markdown.frontend import Markdown
from docextract.model import Pos
from docextract.settings import Settings
from docextract.syntax import markup

CASES = load_cases(REPO / "tests" / "fixtures" / "markdown.yaml")


def read(tmp_path, text: str, name: str = "page.md", **settings):
    write_tree(tmp_path, {name: text})
    page, found = Markdown().read(tmp_path / name, Settings(tmp_path.resolve(), **settings))
    return page, Diagnostics(found)


@pytest.mark.parametrize("case", CASES)
def test_snippets_and_problems(case, tmp_path):
    page, diagnostics = read(tmp_path, case["page"])
    snippets = [
        [s.pos.line, s.end_line, s.language, s.kind, s.hidden, [a.marker for a in s.annotations]]
        for s in page.snippets
    ]
    assert snippets == case["snippets"]
    expected = case["problems"]
    assert len(diagnostics.items) == len(expected), [d.title for d in diagnostics]
    problems = [
        [d.code, d.pos.line, d.pos.column][: len(e)] for d, e in zip(diagnostics, expected, strict=True)
    ]
    assert problems == expected
    assert all(d.pos.file == "page.md" for d in diagnostics)


def test_callouts_are_the_ordered_list_after_the_snippet(tmp_path):
    page, _ = read(
        tmp_path,
        '```console\nPUT /x\n{\n  "a": 1 <1>\n}\n```\n% TEST\n\n1. What a is.\n2. Unused.\n',
    )
    (snippet,) = page.snippets
    assert [(c.number, c.text, c.pos.line) for c in snippet.callouts] == [
        (1, "What a is.", 9),
        (2, "Unused.", 10),
    ]
    assert snippet.content == 'PUT /x\n{\n  "a": 1\n}\n'


def test_no_callouts_without_marks(tmp_path):
    page, _ = read(tmp_path, "```console\nGET /\n```\n\n1. A list of steps.\n")
    assert page.snippets[0].callouts == ()


def test_content_lines_point_at_their_lines_in_a_list_item(tmp_path):
    page, _ = read(tmp_path, '1. Step:\n\n    ```console\n    PUT /x\n    {"a": 1}\n    ```\n')
    (snippet,) = page.snippets
    assert snippet.content == 'PUT /x\n{"a": 1}\n'
    assert [p.line for p in snippet.line_positions] == [4, 5]
    assert snippet.requests[0].pos.line == 4 and snippet.requests[0].body == {"a": 1}


def test_substitutions_apply_to_prose_and_to_subs_true_fences_only(tmp_path):
    write_tree(tmp_path, {"docset.yml": "subs:\n  es: Elasticsearch\n  idx: books\n"})
    page, _ = read(
        tmp_path,
        "---\nsub:\n  idx: films\n---\n# About {{es}}\n\n{{es}} stores {{idx}}; {{unknown}} stays.\n\n"
        "```console subs=true\nGET /{{idx}}\n```\n\n```console\nGET /{{idx}}\n```\n",
    )
    assert page.title == "About Elasticsearch"
    assert page.summary == "Elasticsearch stores films; {{unknown}} stays."
    assert [s.content for s in page.snippets] == ["GET /films\n", "GET /{{idx}}\n"]


def test_front_matter_gives_the_navigation_title_and_availability(tmp_path):
    page, diagnostics = read(
        tmp_path,
        "---\nnavigation_title: Short\napplies_to:\n  stack: ga 9.1\n"
        "  serverless:\n    elasticsearch: preview\n---\n\n"
        "# The title [the-id]\n\n$$$an-anchor$$$\n\nThe summary.\n\nMore.\n",
    )
    assert (page.id, page.title, page.titleabbrev, page.summary) == (
        "the-id",
        "The title",
        "Short",
        "The summary.",
    )
    assert page.availability == ("stack: ga 9.1", "serverless.elasticsearch: preview")
    assert not diagnostics.items


def test_front_matter_that_is_not_yaml_is_an_error_and_the_page_reads_on(tmp_path):
    page, diagnostics = read(tmp_path, "---\nnavigation_title: [open\n---\n# Title\n")
    assert [(d.code, d.pos.line) for d in diagnostics] == [("front-matter-invalid", 2)]
    assert page.title == "Title"


def test_a_docset_that_is_not_yaml_is_a_warning(tmp_path):
    write_tree(tmp_path, {"docset.yml": "subs: [unclosed\n"})
    page, diagnostics = read(tmp_path, "# About {{es}}\n")
    assert [(d.code, d.pos.file, d.severity) for d in diagnostics] == [
        ("docset-invalid", "docset.yml", "warning")
    ]
    assert page.title == "About {{es}}"


def test_blocks_nested_past_the_limit_are_cut_and_said_so(tmp_path):
    lists = "".join("  " * depth + "- item\n" for depth in range(30))
    fence = "".join("  " * 30 + line + "\n" for line in ("```console", "GET /", "```"))
    page, diagnostics = read(tmp_path, lists + fence)
    assert page.snippets == ()
    assert [(d.code, d.pos.line) for d in diagnostics] == [("nesting-too-deep", 20)]


def test_a_markdown_file_s_bytes_are_judged_as_an_asciidoc_file_s(tmp_path):
    """Both front ends read files through syntax/pagefile.py: the same codes, titles and positions."""
    from docextract.asciidoc.frontend import AsciiDoc
    from docextract.syntax.textlines import MAX_LINE

    text = "# Page\n\n" + "x" * (MAX_LINE + 5) + "\n\n" + "y" * (MAX_LINE + 1) + "\n\nbad \xff byte\n"
    data = text.encode("utf-8").replace("\xff".encode(), b"\xff")
    (tmp_path / "page.md").write_bytes(data)
    (tmp_path / "page.asciidoc").write_bytes(data.replace(b"# Page", b"= Page"))
    found = {}
    for name, front in (("page.md", Markdown()), ("page.asciidoc", AsciiDoc())):
        _, diagnostics = front.read(tmp_path / name, Settings(tmp_path))
        found[name] = sorted(
            (d.code, d.title, d.pos.line, d.pos.column) for d in diagnostics if d.code != "anchor-not-page-id"
        )
    assert found["page.md"] == found["page.asciidoc"]
    assert (
        "line-too-long",
        f"line of {MAX_LINE + 5:,} characters cut at {MAX_LINE:,} (1 more line like it)",
        3,
        MAX_LINE + 1,
    ) in found["page.md"]
    assert ("invalid-utf8", "the file is not valid UTF-8: \\xff", 7, 5) in found["page.md"]


def test_a_position_tells_the_syntax_messages_quote():
    written = markup.of(Pos("reference/_snippets/count.md", 3))
    assert written is markup.MARKDOWN
    assert written.annotation("TEST[continued]") == "% TEST[continued]"
    assert (written.block("console-response"), written.block(None)) == ("```console-response", "```")
    assert written.write("console") == "open the snippet with ```console"
    asciidoc = markup.of(Pos("reference/count.asciidoc", 3))
    assert asciidoc is markup.ASCIIDOC
    assert asciidoc.annotation("TEST[continued]") == "// TEST[continued]"
    assert asciidoc.block("js") == "[source,js]"
    assert asciidoc.write("console", "it") == "write [source,console] above it"
    assert markup.MARKDOWN_SUFFIXES == markdown.SUFFIXES


def test_validate_s_findings_on_a_markdown_page_name_its_fences_and_comments(tmp_path):
    page, _ = read(tmp_path, '```js\nGET /x/_search\n```\n\n```console-result\n{"a" 1}\n```\n')
    assert [(d.code, d.title, d.hint) for d in check_page(page)] == [
        (
            "js-looks-like-console",
            "```js snippet reads as a console request (GET /x/_search), untested",
            "open it with ```console to test it, or mark it % NOTCONSOLE if it must not run",
        ),
        (
            "response-not-json",
            "the response is not JSON: Expecting ':' delimiter",
            "a response shows the JSON the API returns: `...` may stand for what is left out and $body.x for "
            "a value the test takes from the actual response; mark a response that is not JSON "
            "% TESTRESPONSE[non_json]",
        ),
    ]


def test_validate_s_findings_on_an_asciidoc_page_still_name_its_syntax(tmp_path):
    text = '[source,js]\n----\nGET /x/_search\n----\n\n[source,console-result]\n----\n{"a" 1}\n----\n'
    page, _ = convert_tree(tmp_path, {"page.asciidoc": text})
    hints = [d.hint for d in check_page(page)]
    assert (
        hints[0] == "write [source,console] above it to test it, or mark it // NOTCONSOLE if it must not run"
    )
    assert hints[1].endswith("mark a response that is not JSON // TESTRESPONSE[non_json]")
