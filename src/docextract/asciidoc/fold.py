"""Fold the blocks as the parser adds them: attach metadata and continuations, nest lists and sections.

Nesting by section level and list marker is context-sensitive (a `:::` item nests under a `::`
item, a `==` section closes a `===` one), so it is done here rather than in the grammar, block by
block as each is reduced (no flat sequence is built and walked again).
"""

from __future__ import annotations

import re

from docextract.asciidoc import lines as L
from docextract.asciidoc.tree import (
    Block,
    Compound,
    ItemList,
    Listing,
    ListItem,
    Metadata,
    Paragraph,
    Section,
    StrayAnnotation,
)
from docextract.diagnostics import Diagnostics
from docextract.position import Pos
from docextract.syntax.parameter import parse_term

# How deep blocks may nest: sections, delimited blocks and list levels together (Elasticsearch's docs
# go 8 deep). Deeper ones are left out, so that every walk over the blocks, and the page YAML, stays
# far from Python's recursion limit whatever a page holds.
MAX_NESTING = 64
_NAMED_ID = re.compile(r"""(?:^|,)[ \t]*id=(["']?)([\w:][\w:.-]*)\1[ \t]*(?:,|$)""")


def limit_depth(blocks: list[Block], diagnostics: Diagnostics) -> None:
    """Cut what stands deeper than MAX_NESTING, with one error (at the first block cut it finds)."""
    pending: list[tuple[list[Block], int]] = [(blocks, 1)]  # a list of blocks, and their depth
    # Once a page; the lexer may have said it already, of a delimited block it read as text.
    reported = any(d.code == "nesting-too-deep" for d in diagnostics)
    while pending:
        children, depth = pending.pop()
        for block in children:
            if not isinstance(block, _HOLDERS):  # most blocks hold none
                continue
            inner = _inner(block)
            if depth < MAX_NESTING:
                pending.extend((deeper, depth + 1) for deeper in inner)
                continue
            cut = next((b for deeper in inner for b in deeper), None)
            if cut is not None and not reported:
                reported = True
                diagnostics.error(
                    "nesting-too-deep",
                    f"blocks nested more than {MAX_NESTING} levels deep: what stands deeper is left out",
                    Pos(cut.src.file, cut.src.line),
                    "flatten the page: sections, delimited blocks and lists count as levels",
                    source_line=cut.src.text,
                    included_from=cut.src.included_from,
                )
            for deeper in inner:
                deeper.clear()


_HOLDERS = (Section, Compound, ItemList)


def _inner(block: Block) -> list[list[Block]]:
    """The lists of blocks one level inside a block (a list's items stand at the list's level)."""
    if isinstance(block, Section | Compound):
        return [block.children]
    if isinstance(block, ItemList):
        return [item.children for item in block.items]
    return []


def _holds_children_of(block: Block, item: ListItem) -> bool:
    """Whether an example (or collapsible) block right after a description list item, not attached with
    `+`, holds the item's children all the same: its title names the item (.Properties of `x`), or,
    untitled, it follows an item whose description ends with a colon. Asciidoctor ends the list there;
    the writer meant the block as the item's (docs/DEVIATIONS.md, A8)."""
    if not isinstance(block, Compound) or block.kind != "example" or item.kind != "dlist":
        return False
    if block.title is not None:
        return any(f"`{name}`" in block.title for name in parse_term(item.term or "").names)
    last = item.children[-1] if item.children else item
    return isinstance(last, Paragraph | ListItem) and last.text.rstrip().endswith(":")


def _attribute_id(inner: str, kind: str) -> str | None:
    """The id an attribute line gives its block: [#x.role%option], or [id=x] (not [source,…,id=x],
    which names a snippet, that is a test)."""
    if inner.startswith("#"):
        return inner[1:].split(".")[0].split("%")[0] or None
    named = _NAMED_ID.search(inner) if kind == "attributes" else None
    return named.group(2) if named else None


class Folding:
    """The blocks of a page, of a compound block or of a comment block, folded as the parser adds them:
    metadata and continuations attached, lists nested by marker and (on the page) sections by level.

    The block grammar adds each block with a method of its kind (blocks.py), so what a block is need
    not be asked again here."""

    def __init__(self, top_level: bool = False, hidden: bool = False, opened=None) -> None:
        self.top_level = top_level  # sections nest on the page only
        self.hidden = hidden  # in a comment block: its snippets are hidden ones
        self.opened = opened  # the token of the opening delimiter, for a compound or comment block
        self.out: list[Block] = []
        self.sections: list[Section] = []
        self.lists = _OpenLists()
        # Metadata lines (kind, text, where) waiting for the next block: those that came with a token
        # that takes none (a `+`, a list break, a comment block).
        self.meta: list[Metadata] = []
        self.attach = False  # a `+` asks to attach the next block to the current list item
        self.last_listing: Listing | None = None
        # Sections, compound blocks and lists in it, all levels down: the blocks that nest others. With
        # fewer than MAX_NESTING, nothing can stand deeper than that, and limit_depth need not look.
        self.holders = 0

    def target(self) -> list[Block]:
        return self.sections[-1].children if self.sections else self.out

    # Each block comes with the metadata lines right above it (its token's).
    def add(self, block: Block, meta: list[Metadata] | tuple[()]) -> None:
        """A paragraph, macro, verbatim block or compound block (or a section inside one)."""
        if meta or self.meta:
            self._apply_meta(block, meta)
        lists = self.lists
        if lists and (self.attach or _holds_children_of(block, lists[-1].items[-1])):
            lists[-1].items[-1].children.append(block)
        elif (
            lists
            and isinstance(block, Paragraph)
            and lists[-1].kind == "dlist"
            and not lists[-1].items[-1].lines
            and not lists[-1].items[-1].children
        ):
            lists[-1].items[-1].lines.extend(block.lines)  # the description after a blank line
        else:
            lists.clear()
            self.target().append(block)
        self.last_listing = None
        self.attach = False

    def add_listing(self, block: Listing, meta: list[Metadata] | tuple[()]) -> None:
        if meta or self.meta:
            self._apply_meta(block, meta)
        block.hidden = self.hidden
        self._place(block)
        self.last_listing = block

    def add_stray(self, block: StrayAnnotation, meta: list[Metadata] | tuple[()]) -> None:
        if meta or self.meta:
            self._apply_meta(block, meta)
        block.after_listing = self.last_listing
        self._place(block)

    def _place(self, block: Block) -> None:
        """A listing's or an annotation's place: the list item a `+` attaches it to, else the blocks
        (it ends the lists)."""
        lists = self.lists
        if lists and self.attach:
            lists[-1].items[-1].children.append(block)
        else:
            lists.clear()
            self.target().append(block)
        self.attach = False

    def add_section(self, block: Section, meta: list[Metadata] | tuple[()]) -> None:
        self.holders += 1
        if not self.top_level:
            self.add(block, meta)
            return
        if meta or self.meta:
            self._apply_meta(block, meta)
        self.lists.clear()
        sections = self.sections
        while sections and sections[-1].level >= block.level:
            sections.pop()
        self.target().append(block)
        sections.append(block)
        self.last_listing = None
        self.attach = False

    def add_item(self, item: ListItem, meta: list[Metadata] | tuple[()]) -> None:
        if meta or self.meta:
            self._apply_meta(item, meta)
        if item.kind == "colist" and self.last_listing is not None:
            self.last_listing.callouts.append(item)  # explains the <N> marks of the block above
            return
        lists = self.lists
        depth = lists.find((item.kind, item.marker))
        if depth is not None:
            lists.close_after(depth)
            lists[depth].items.append(item)
        else:
            new = ItemList(item.src, item.kind, item.marker, [item])
            self.holders += 1
            new.anchor, new.attributes, new.title = item.anchor, item.attributes, item.title
            if lists:
                lists[-1].items[-1].children.append(new)
            else:
                self.target().append(new)
            lists.open(new)
        self.last_listing = None
        self.attach = False

    def add_compound(self, block: Compound, inner: Folding) -> None:
        """A compound block, its own blocks folded by inner."""
        self.add(block, inner.opened.meta)
        self.holders += inner.holders + 1

    def add_hidden(self, hidden: Folding) -> None:
        """The snippets of a comment block, with their metadata: in place, apart from lists and metadata
        (what stands above the comment block waits for the block after it)."""
        if hidden.opened.meta:
            self.meta.extend(hidden.opened.meta)
        target = self.target()
        for block in hidden.out:
            target.append(block)
            if isinstance(block, Listing):
                self.last_listing = block

    def _apply_meta(self, block: Block, meta: list[Metadata] | tuple[()]) -> None:
        for kind, line, src in [*self.meta, *meta] if self.meta else meta:
            text = line.strip()
            if kind == "anchor":
                match = L.BLOCK_ANCHOR.match(text)
                block.anchor = match.group(1) if match else block.anchor
                if match and match.group(1):
                    block.anchors.append((match.group(1), src))
            elif kind == "title":
                block.title = text[1:]
            else:  # attributes, source
                inner = text[1 : text.rfind("]")]
                block.attributes.append(inner)
                named = _attribute_id(inner, kind)
                if named:
                    block.anchors.append((named, src))
                    block.anchor = block.anchor or named
        self.meta = []


class _OpenLists:
    """The lists open where the folding stands, innermost last, each found by its marker in one step:
    a page may open thousands of lists inside each other (one per roman numeral)."""

    def __init__(self) -> None:
        self._stack: list[ItemList] = []
        self._at: dict[tuple[str, str], int] = {}  # a marker opens one list at most: a second one joins it

    def __bool__(self) -> bool:
        return bool(self._stack)

    def __getitem__(self, index: int) -> ItemList:
        return self._stack[index]

    def find(self, signature: tuple[str, str]) -> int | None:
        return self._at.get(signature)

    def open(self, new: ItemList) -> None:
        self._at[(new.kind, new.marker)] = len(self._stack)
        self._stack.append(new)

    def close_after(self, depth: int) -> None:
        for closed in self._stack[depth + 1 :]:
            del self._at[(closed.kind, closed.marker)]
        del self._stack[depth + 1 :]

    def clear(self) -> None:
        if self._stack:
            self.close_after(-1)
