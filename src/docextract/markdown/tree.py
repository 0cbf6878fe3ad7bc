"""The blocks of a Markdown page, each with the position of its first line, through includes."""

from __future__ import annotations

from dataclasses import dataclass, field

from docextract.position import Pos

# A line of a block and where it stands: (text, position).
Line = tuple[str, Pos]


@dataclass(frozen=True)
class Heading:
    """A heading: its level, its text and its `[anchor]`."""

    level: int
    text: str  # without the anchor, substitutions applied
    anchor: str | None  # `## Title [anchor]`
    pos: Pos


@dataclass(frozen=True)
class Paragraph:
    """A paragraph: its inline source, substitutions applied."""

    text: str  # the inline source, lines joined with \n, substitutions applied
    pos: Pos


@dataclass(frozen=True)
class Fence:
    """A fenced code block (``` or ~~~), directives such as ```{math} included; its lines de-indented."""

    info: str
    lines: tuple[Line, ...]
    pos: Pos  # the opening fence
    end: Pos | None  # the closing fence; None when the block runs to the end of its container
    hidden: bool  # stands in an <!-- --> comment
    text: str  # the opening fence line as written


@dataclass(frozen=True)
class Comment:
    """A `%` comment line: an annotation, or a remark the rendered page leaves out."""

    text: str  # from the line's start in its container (annotations keep their columns)
    pos: Pos


@dataclass
class ListItem:
    """A list item and the blocks in it."""

    pos: Pos
    children: list[Block] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The item's first paragraph (what a callout or a prerequisite says)."""
        return next((b.text for b in self.children if isinstance(b, Paragraph)), "")


@dataclass
class ItemList:
    """A bulleted or numbered list and its items."""

    ordered: bool
    start: int  # the number of the first item of an ordered list
    marker: str  # -, *, + or 1. as written
    pos: Pos
    items: list[ListItem] = field(default_factory=list)


@dataclass
class Term:
    """A term of a definition list and its definitions (`field` then `:   (Required, string) …`)."""

    text: str  # substitutions applied
    pos: Pos
    children: list[Block] = field(default_factory=list)


@dataclass
class DefList:
    """A definition list: its terms, each holding its definitions."""

    pos: Pos
    items: list[Term] = field(default_factory=list)


@dataclass
class Directive:
    """A MyST directive in a colon fence (::::{note} … ::::), its body read as Markdown."""

    name: str  # note, dropdown, tab-set, …; "" for a colon fence without {name}
    argument: str  # the rest of the opening line: a dropdown's title
    pos: Pos
    children: list[Block] = field(default_factory=list)


@dataclass
class Hidden:
    """An <!-- --> comment: its snippets are kept (hidden), nothing else of it is the page's."""

    pos: Pos
    children: list[Block] = field(default_factory=list)


Block = Heading | Paragraph | Fence | Comment | ItemList | ListItem | DefList | Term | Directive | Hidden
CONTAINERS = (ItemList, ListItem, DefList, Term, Directive, Hidden)


def children(block: Block) -> list[Block]:
    if isinstance(block, ItemList | DefList):
        return list(block.items)
    if isinstance(block, CONTAINERS):
        return block.children
    return []


def walk(blocks: list[Block]):
    """Every block, depth first, in document order (with a stack of its own, not Python's)."""
    pending = [iter(blocks)]
    while pending:
        block = next(pending[-1], None)
        if block is None:
            pending.pop()
            continue
        yield block
        inner = children(block)
        if inner:
            pending.append(iter(inner))
