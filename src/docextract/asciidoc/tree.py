"""The blocks of a page, as the block grammar makes them and fold.py nests them."""

from __future__ import annotations

from dataclasses import dataclass, field

from docextract.asciidoc.reader import SourceLine

# A line that describes the next block: its kind (anchor, attributes, title, source), its text
# (attribute references replaced, but for [source,…]) and where it stands.
Metadata = tuple[str, str, SourceLine]


@dataclass
class Text:
    text: str  # attribute references replaced
    src: SourceLine


@dataclass
class Block:
    src: SourceLine  # the first line of the block itself (not of its metadata)
    anchor: str | None = field(default=None, kw_only=True)
    attributes: list[str] = field(default_factory=list, kw_only=True)  # inside [...], as written
    title: str | None = field(default=None, kw_only=True)
    # Every id its metadata lines give it, with the line each stands on (anchor holds the one that counts).
    anchors: list[tuple[str, SourceLine]] = field(default_factory=list, kw_only=True)


@dataclass
class Paragraph(Block):
    lines: list[Text]

    @property
    def text(self) -> str:
        return "\n".join(t.text for t in self.lines)


@dataclass
class Section(Block):
    level: int
    heading: str
    children: list[Block] = field(default_factory=list)


@dataclass
class Listing(Block):
    """A ---- block; a snippet when its [source,…] line stands directly above it."""

    body: list[SourceLine]
    annotations: list[SourceLine]
    close: SourceLine | None  # None when never closed
    source: SourceLine | None = None
    hidden: bool = False
    callouts: list[ListItem] = field(default_factory=list)  # the <1> list right after the block


@dataclass
class Verbatim(Block):
    kind: str
    lines: list[SourceLine]


@dataclass
class Compound(Block):
    kind: str  # example, sidebar, quote, open
    children: list[Block]


@dataclass
class Macro(Block):
    name: str
    target: str
    arguments: str


@dataclass
class ListItem(Block):
    kind: str  # dlist, ulist, olist
    marker: str
    term: str | None  # the term of a description list item
    lines: list[Text]  # the item's own text (for dlists, what follows the term)
    children: list[Block] = field(default_factory=list)  # attached blocks and nested lists

    @property
    def text(self) -> str:
        return "\n".join(t.text for t in self.lines)


@dataclass
class ItemList(Block):
    kind: str
    marker: str
    items: list[ListItem] = field(default_factory=list)


@dataclass
class StrayAnnotation(Block):
    """An annotation line that follows no snippet; after_listing is the block it was probably meant for."""

    after_listing: Listing | None = None
