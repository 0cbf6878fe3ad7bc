"""Blocks folded as the block grammar reduces them: metadata lines travel with the next block's token
and wait where they did as tokens of their own; sections nest on the page only."""

from textwrap import dedent

from docextract.asciidoc import blocks
from docextract.asciidoc.attributes import Attributes
from docextract.asciidoc.reader import Reader
from docextract.asciidoc.tree import Compound, Listing, Paragraph, Section
from docextract.diagnostics import Diagnostics


def parse(tmp_path, text):
    page = tmp_path / "page.asciidoc"
    page.write_text(dedent(text), encoding="utf-8")
    diagnostics = Diagnostics()
    reader = Reader(page, tmp_path, Attributes.for_page(str(tmp_path), {}), diagnostics)
    return blocks.parse_blocks(reader, diagnostics)


def test_every_rule_is_reduced_by_a_transformer_method():
    # A rule without one would build a generic Tree node for each block.
    parser = blocks._parser()
    names = {rule.alias or rule.options.template_source or rule.origin.name for rule in parser.rules}
    assert {name for name in names if not callable(getattr(blocks._TO_BLOCKS, name, None))} == set()


def test_metadata_above_a_continuation_waits_for_the_block_after_it(tmp_path):
    (para,) = parse(tmp_path, "[[a]]\n+\n[[b]]\nText.\n")
    assert isinstance(para, Paragraph)
    assert [anchor for anchor, _ in para.anchors] == ["a", "b"] and para.anchor == "b"


def test_metadata_above_a_comment_block_waits_for_the_block_after_it(tmp_path):
    hidden, para = parse(
        tmp_path,
        """\
        [[a]]
        ////
        [source,console]
        ----
        GET /
        ----
        ////
        Text.
        """,
    )
    assert isinstance(hidden, Listing) and hidden.hidden and hidden.anchor is None
    assert hidden.source is not None and hidden.source.line == 3
    assert para.anchor == "a"


def test_metadata_left_at_the_end_of_a_compound_block_is_dropped(tmp_path):
    compound, para = parse(tmp_path, "[[outer]]\n====\nInside.\n[[lost]]\n====\nAfter.\n")
    assert isinstance(compound, Compound) and compound.anchor == "outer"
    assert para.anchor is None and para.anchors == []


def test_sections_nest_on_the_page_only(tmp_path):
    (page_section,) = parse(tmp_path, "== Page\n\n====\n== Inside\n\nText.\n====\n\nAfter.\n")
    compound, after = page_section.children
    assert isinstance(after, Paragraph) and after.text == "After."
    inside, text = compound.children
    assert isinstance(inside, Section) and inside.children == [] and text.text == "Text."


def test_annotation_lines_inside_and_after_a_listing_are_set_apart_from_its_content(tmp_path):
    (listing,) = parse(
        tmp_path,
        """\
        [source,console]
        ----
        GET /a
        // TEST[setup:x]
        GET /b
        ----
        // TEST[continued]
        """,
    )
    assert [line.text for line in listing.body] == ["GET /a", "GET /b"]
    assert [line.line for line in listing.annotations] == [4, 7]
    assert listing.close is not None and listing.close.line == 6
