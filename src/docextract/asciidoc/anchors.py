"""The anchors of a page: the ids its metadata lines give blocks, and [[id]] opening a list term."""

from __future__ import annotations

import re
from collections.abc import Iterator

from docextract.asciidoc.reader import SourceLine
from docextract.asciidoc.sections import section_kind
from docextract.asciidoc.tree import Block, ListItem, Section
from docextract.model import Anchor, Pos

# Asciidoctor reads [[id]] (or [[id, text]]) at the start of a description list term as an inline
# anchor on the term: Elastic's glossary anchors its entries so.
_TERM_ANCHOR = re.compile(r"\[\[([\w:][\w:.-]*)(?:, *[^\]]*)?\]\]")


def collect(in_order: list[Block]) -> Iterator[Anchor]:
    """Every anchor of the blocks (every one, depth first in document order), with the kind of API
    section it anchors (the title's anchor, the page id, anchors none). A list's anchors are read from
    its first item, where they were written, not from the list, which copies them."""
    title: Section | None = None
    for block in in_order:
        kind = None
        if isinstance(block, Section):
            if title is None:
                title = block
            else:
                kind = section_kind(block)
        for anchor_id, src in block.anchors:
            yield _anchor(anchor_id, src, kind)
        if isinstance(block, ListItem) and block.kind == "dlist" and block.term:
            match = _TERM_ANCHOR.match(block.term.lstrip())
            if match:
                yield _anchor(match.group(1), block.src, None)


def _anchor(anchor_id: str, src: SourceLine, section: str | None) -> Anchor:
    column = src.text.find(anchor_id) + 1  # 0 when an attribute reference spelt it otherwise
    return Anchor(anchor_id, Pos(src.file, src.line, column or 1), section)
