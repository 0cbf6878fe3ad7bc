"""Markdown pages among files: {include} directives, the docs root of a Markdown tree, trees of both kinds."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli, write_tree
from docextract import pages
from docextract.markdown.frontend import Markdown
from docextract.model import Include, Pos
from docextract.settings import Settings

SNIPPET = "Count them:\n\n```console\nGET /x/_count\n```\n% TEST[continued]\n"
PAGE = "# Page\n\n```console\nPUT /x\n```\n\n:::{include} _snippets/count.md\n:::\n"


def read(root: Path, name: str = "page.md", **settings):
    page, found = Markdown().read(root / name, Settings(root.resolve(), **settings))
    return page, found


def test_an_include_is_read_in_place_with_the_positions_of_its_file(tmp_path):
    write_tree(tmp_path, {"page.md": PAGE, "_snippets/count.md": SNIPPET})
    page, found = read(tmp_path)
    assert not found
    assert [(s.pos.file, s.pos.line, s.end_line) for s in page.snippets] == [
        ("page.md", 3, 5),
        ("_snippets/count.md", 3, 5),
    ]
    assert page.snippets[1].marked("TEST") and page.snippets[1].annotations[0].pos == Pos(
        "_snippets/count.md", 6
    )
    assert page.includes == (Include("_snippets/count.md", (Pos("page.md", 7),)),)


def test_for_tests_each_file_stands_alone(tmp_path):
    write_tree(tmp_path, {"page.md": PAGE, "_snippets/count.md": SNIPPET})
    page, _ = read(tmp_path, for_tests=True)
    assert [s.pos.line for s in page.snippets] == [3] and page.includes == ()


def test_a_path_from_the_root_and_a_nested_include(tmp_path):
    write_tree(
        tmp_path,
        {
            "a/page.md": "# P\n\n:::{include} /shared/outer.md\n:::\n",
            "shared/outer.md": ":::{include} inner.md\n:::\n",
            "shared/inner.md": "```console\nGET /\n```\n",
        },
    )
    page, found = read(tmp_path, "a/page.md")
    assert not found
    assert page.snippets[0].pos == Pos("shared/inner.md", 1)
    assert page.includes == (
        Include("shared/outer.md", (Pos("a/page.md", 3),)),
        Include("shared/inner.md", (Pos("shared/outer.md", 1), Pos("a/page.md", 3))),
    )


def test_include_problems(tmp_path):
    write_tree(
        tmp_path / "docs",
        {
            "page.md": ":::{include} missing.md\n:::\n\n:::{include} ../outside.md\n:::\n\n"
            ":::{include}\n:::\n\n:::{include} loop.md\n:::\n",
            "loop.md": ":::{include} loop.md\n:::\n",
        },
    )
    write_tree(tmp_path, {"outside.md": "```console\nGET /\n```\n"})
    page, found = read(tmp_path / "docs")
    assert [(d.code, d.pos.file, d.pos.line) for d in found] == [
        ("include-not-found", "page.md", 1),
        ("include-outside-root", "page.md", 4),
        ("malformed-directive", "page.md", 7),
        ("include-loop", "loop.md", 1),
    ]
    assert found[3].included_from == (Pos("page.md", 10),)
    assert found[0].pos.column == len(":::{include} ") + 1
    assert page.snippets == ()
    outside, found = read(tmp_path / "docs", allow_include_outside_root=True)
    assert [d.code for d in found if d.code.startswith("include-outside")] == []
    assert len(outside.snippets) == 1


def test_the_docs_root_of_a_markdown_tree_is_the_folder_of_its_docset(tmp_path):
    write_tree(tmp_path, {"docs/docset.yml": "subs: {}\n", "docs/reference/a/page.md": "# A\n"})
    (tmp_path / ".git").mkdir()
    assert pages.docs_root([tmp_path / "docs" / "reference"]) == (tmp_path / "docs").resolve()
    assert (
        pages.docs_root([tmp_path / "docs" / "reference" / "a" / "page.md"]) == (tmp_path / "docs").resolve()
    )
    # An AsciiDoc book above wins, as before: its root is where Elastic's build reads from.
    write_tree(tmp_path, {"index.asciidoc": "= Book\n"})
    assert pages.docs_root([tmp_path / "docs" / "reference"]) == tmp_path.resolve()


def test_a_tree_of_both_kinds_converts_and_tests_both(tmp_path):
    write_tree(
        tmp_path / "docs",
        {
            "a.asciidoc": "= A\n\n[source,console]\n----\nGET /a\n----\n",
            "b.md": "# B\n\n```console\nGET /b\n```\n% TEST[continued]\n",
            "c.md": "# C\n\n```console\nGET /c\n```\n",
        },
    )
    converted = run_cli("convert", str(tmp_path / "docs"), "-o", str(tmp_path / "pages"))
    assert converted.status == 0, converted.stderr
    assert sorted(p.name for p in (tmp_path / "pages").glob("*.yaml")) == ["a.yaml", "b.yaml", "c.yaml"]
    generated = run_cli("tests", str(tmp_path / "docs"), "-o", str(tmp_path / "rest"))
    # b.md continues nothing: a docs error there, the tests of the other pages written.
    assert generated.status == 3 and "continued-first-snippet" in generated.stderr
    written = sorted(p.name for p in (tmp_path / "rest").rglob("*.yml"))
    assert written == ["a.yml", "c.yml"]
