"""The blocks of a page, as the block grammar makes them and fold.py nests them."""

from __future__ import annotations

from dataclasses import dataclass, field

from docextract.asciidoc.reader import SourceLine

# A line that describes the next block: its kind (anchor, attributes, title, source), its text
# (attribute references replaced, but for [source,…]) and where it stands.
Metadata = tuple[str, str, SourceLine]


@dataclass
class Text:
    """A line's text and the source line it came from."""

    text: str  # attribute references replaced
    src: SourceLine


@dataclass
class Block:
    """What every block has: its first line, and the anchor, attributes and title its metadata lines give."""

    src: SourceLine  # the first line of the block itself (not of its metadata)
    anchor: str | None = field(default=None, kw_only=True)
    attributes: list[str] = field(default_factory=list, kw_only=True)  # inside [...], as written
    title: str | None = field(default=None, kw_only=True)
    # Every id its metadata lines give it, with the line each stands on (anchor holds the one that counts).
    anchors: list[tuple[str, SourceLine]] = field(default_factory=list, kw_only=True)


@dataclass
class Paragraph(Block):
    """A paragraph: its lines of text."""

    lines: list[Text]

    @property
    def text(self) -> str:
        return "\n".join(t.text for t in self.lines)


@dataclass
class Section(Block):
    """A section title and the blocks under it, its subsections among them (fold.py nests them by level)."""

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
    """A literal, pass or table block (or one nested too deep): its lines as they stand, nothing parsed."""

    kind: str
    lines: list[SourceLine]


@dataclass
class Compound(Block):
    """An example, sidebar, quote or open block and the blocks inside it."""

    kind: str  # example, sidebar, quote, open
    children: list[Block]


@dataclass
class Macro(Block):
    """A block macro line: `name::target[arguments]`."""

    name: str
    target: str
    arguments: str


@dataclass
class ListItem(Block):
    """A list item: its marker, a description list's term, its own text and the blocks attached to it."""

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
    """A list: items of one kind and marker, in order (a nested list is a child of an item)."""

    kind: str
    marker: str
    items: list[ListItem] = field(default_factory=list)


@dataclass
class StrayAnnotation(Block):
    """An annotation line that follows no snippet; after_listing is the block it was probably meant for."""

    after_listing: Listing | None = None
