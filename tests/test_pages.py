"""Finding the pages under the inputs: order, links, duplicates."""

from __future__ import annotations

from pathlib import Path

from conftest import SHARED, require_shared
from docextract import pages


def _tree(root: Path) -> None:
    for name in ("b.asciidoc", "a-b/x.adoc", "a/z.md", "a/y/deep.asciidoc", "notes.txt", ".md", "x.md.bak"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("= T\n")


def test_pages_come_in_path_order_part_by_part(tmp_path):
    _tree(tmp_path)
    found = [page.relative_to(tmp_path).as_posix() for page, _ in pages.find([tmp_path])]
    # Part by part, as sorted Paths: "a/…" before "a-b/…" though "-" sorts before "/" in a string.
    assert found == ["a/y/deep.asciidoc", "a/z.md", "a-b/x.adoc", "b.asciidoc"]
    assert {base for _, base in pages.find([tmp_path])} == {tmp_path}


def test_the_same_order_as_rglob_on_the_shared_corpus():
    require_shared()
    corpus = SHARED / "corpus"
    expected = sorted(p for p in corpus.rglob("*") if pages.is_page(p) and p.is_file())
    assert [page for page, _ in pages.find([corpus])] == expected
    assert len(expected) > 200


def test_folder_links_are_not_followed_and_file_links_are_pages_once(tmp_path):
    docs = tmp_path / "docs"
    _tree(docs)
    (docs / "linked").symlink_to(docs / "a", target_is_directory=True)
    (docs / "alias.asciidoc").symlink_to(docs / "b.asciidoc")
    (docs / "broken.asciidoc").symlink_to(docs / "missing.asciidoc")
    found = [page.relative_to(docs).as_posix() for page, _ in pages.find([docs])]
    # alias.asciidoc is b.asciidoc under another name: the first found stands for both. A link that leads
    # nowhere is a page, which reading reports (page-unreadable), not a file passed over without a word.
    assert found == ["a/y/deep.asciidoc", "a/z.md", "a-b/x.adoc", "alias.asciidoc", "broken.asciidoc"]


def test_a_page_named_twice_is_found_once(tmp_path):
    _tree(tmp_path)
    found = pages.find([tmp_path / "a", tmp_path / "a" / "z.md", tmp_path])
    names = [page.relative_to(tmp_path).as_posix() for page, _ in found]
    assert names == ["a/y/deep.asciidoc", "a/z.md", "a-b/x.adoc", "b.asciidoc"]
    assert found[0][1] == tmp_path / "a" and found[-1][1] == tmp_path
