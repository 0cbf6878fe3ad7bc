"""Parse a page into blocks (grammars/asciidoc.lark), then nest sections and lists.

The grammar shapes each block from its lines; nesting by section level and list marker is
context-sensitive (a `:::` item nests under a `::` item, a `==` section closes a `===` one), so
it is folded here, once, after parsing. Lark objects do not leave this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lark import Token, Transformer, UnexpectedInput

from docextract import grammar
from docextract.asciidoc import lines as L
from docextract.asciidoc.lexer import BlockLexer, LineToken, Tokenizer
from docextract.asciidoc.reader import Reader, SourceLine
from docextract.diagnostics import Diagnostics


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


# Markers of items that only exist while folding.
@dataclass
class _Blank(Block):
    pass


@dataclass
class _Continuation(Block):
    pass


@dataclass
class _ListBreak(Block):
    pass


@dataclass
class _Meta(Block):
    kind: str
    text: str


@dataclass
class _Comment(Block):
    children: list[Block]


class _ToBlocks(Transformer):
    """Called by the parser as each rule is reduced (no parse tree is built)."""

    @staticmethod
    def _src(token: LineToken) -> SourceLine:
        return token.src

    @staticmethod
    def _text(token: LineToken) -> Text:
        # Trailing whitespace is invisible in the page; Asciidoctor drops it too.
        return Text(str(token).rstrip(), token.src)

    def start(self, items):
        return items

    def paragraph(self, tokens):
        return Paragraph(self._src(tokens[0]), [self._text(t) for t in tokens])

    def section(self, tokens):
        token = tokens[0]
        src = self._src(token)
        match = L.SECTION_TITLE.match(str(token))
        level = len(match.group(1)) - 1 + src.level_offset
        return Section(src, level, match.group(2))

    def _meta_of(self, kind, tokens):
        return _Meta(self._src(tokens[0]), kind, str(tokens[0]))

    def anchor(self, tokens):
        return self._meta_of("anchor", tokens)

    def attributes(self, tokens):
        return self._meta_of("attributes", tokens)

    def block_title(self, tokens):
        return self._meta_of("title", tokens)

    def source(self, tokens):
        return self._meta_of("source", tokens)

    def raw(self, tokens):
        return ("raw", tokens[0].lines)

    def annotation(self, tokens):
        return ("annotation", [self._src(tokens[0])])

    def _listing(self, open_token: Token, rest, source: SourceLine | None):
        close_index = next(i for i, item in enumerate(rest) if isinstance(item, Token))
        close_token = rest[close_index]
        body = [src for kind, lines in rest[:close_index] if kind == "raw" for src in lines]
        annotations = [
            src for item in rest if not isinstance(item, Token) and item[0] == "annotation" for src in item[1]
        ]
        # The lexer closes a block that never ends with an empty token.
        close = self._src(close_token) if close_token.value else None
        return Listing(self._src(open_token), body, annotations, close, source)

    def snippet(self, items):
        source = self._src(items[0])
        return self._listing(items[1], items[2:], source)

    def listing(self, items):
        return self._listing(items[0], items[1:], None)

    def verbatim(self, items):
        open_token = items[0]
        kind = L.DELIMITER_KINDS.get(str(open_token).strip()[:1], "literal")
        return Verbatim(self._src(open_token), kind, [src for _, lines in items[1:-1] for src in lines])

    def compound(self, items):
        open_token = items[0]
        delimiter = str(open_token).strip()
        kind = "open" if delimiter == "--" else L.DELIMITER_KINDS[delimiter[0]]
        return Compound(self._src(open_token), kind, items[1:-1])

    def comment(self, items):
        children = [item for item in items[1:-1] if not isinstance(item, Token)]
        return _Comment(self._src(items[0]), children)

    def macro(self, tokens):
        match = L.BLOCK_MACRO.match(str(tokens[0]).rstrip())
        return Macro(self._src(tokens[0]), match.group(1), match.group(2), match.group(3))

    def _list_item_of(self, kind, tokens):
        first = str(tokens[0])
        pattern = {
            "dlist": L.DLIST_ITEM,
            "ulist": L.ULIST_ITEM,
            "olist": L.OLIST_ITEM,
            "colist": L.COLIST_ITEM,
        }[kind]
        match = pattern.match(first)
        src = self._src(tokens[0])
        if kind == "dlist":
            term, marker, rest = match.group(1), match.group(2), match.group(3)
        elif kind == "colist":
            term, marker, rest = match.group(1), "<>", match.group(2)
        else:
            term, marker, rest = None, match.group(1), match.group(2)
            if marker[0].isdigit() or (len(marker) == 2 and marker[0].isalpha()):
                marker = "1."
        lines = [Text(rest, src)] if rest else []
        # The text of a list item may be indented under its term; the indentation is not content.
        lines += [Text(str(t).strip(), t.src) for t in tokens[1:]]
        return ListItem(src, kind, marker, term, lines)

    def dlist_item(self, tokens):
        return self._list_item_of("dlist", tokens)

    def ulist_item(self, tokens):
        return self._list_item_of("ulist", tokens)

    def olist_item(self, tokens):
        return self._list_item_of("olist", tokens)

    def colist_item(self, tokens):
        return self._list_item_of("colist", tokens)

    def list_break(self, tokens):
        return _ListBreak(self._src(tokens[0]))

    def blank(self, tokens):
        return _Blank(self._src(tokens[0]))

    def continuation(self, tokens):
        return _Continuation(self._src(tokens[0]))

    def stray_annotation(self, tokens):
        return StrayAnnotation(self._src(tokens[0]))


_TO_BLOCKS = _ToBlocks()


def parse_blocks(reader: Reader, diagnostics: Diagnostics) -> list[Block]:
    """The page's top-level blocks, sections nested, lists folded, metadata attached."""
    tokenizer = Tokenizer(reader, diagnostics)
    parser = grammar.load("asciidoc", lexer=BlockLexer, transformer=_TO_BLOCKS, positions=False)
    try:
        items = parser.parse(tokenizer)
    except UnexpectedInput as err:  # the lexer balances blocks, so this is a bug, not bad input
        raise AssertionError(f"block grammar rejected line {err.line}: {err}") from err
    return _Folder().fold(items, top_level=True)


class _Folder:
    """Attach metadata and continuations, nest lists by marker and sections by level."""

    def fold(self, items: list[Block], top_level: bool = False, hidden: bool = False) -> list[Block]:
        out: list[Block] = []
        sections: list[Section] = []
        lists: list[ItemList] = []
        meta: list[_Meta] = []
        attach = False  # a `+` asks to attach the next block to the current list item
        after_blank = False
        last_listing: Listing | None = None

        def target() -> list[Block]:
            return sections[-1].children if sections else out

        for item in items:
            if isinstance(item, _Blank):
                after_blank = True
                continue
            if isinstance(item, _ListBreak):
                lists.clear()
                continue
            if isinstance(item, _Continuation):
                attach = bool(lists)
                after_blank = False
                continue
            if isinstance(item, _Meta):
                meta.append(item)
                continue
            if isinstance(item, _Comment):
                for child in self.fold(item.children, hidden=True):
                    target().append(child)
                    if isinstance(child, Listing):
                        last_listing = child
                continue
            self._apply_meta(item, meta)
            meta = []
            if isinstance(item, Listing):
                item.hidden = hidden
            if isinstance(item, Compound):
                item.children = self.fold(item.children, hidden=hidden)
            if isinstance(item, StrayAnnotation):
                item.after_listing = last_listing
            if isinstance(item, Section) and top_level:
                lists.clear()
                while sections and sections[-1].level >= item.level:
                    sections.pop()
                target().append(item)
                sections.append(item)
            elif isinstance(item, ListItem) and item.kind == "colist" and last_listing is not None:
                last_listing.callouts.append(item)  # explains the <N> marks of the block above
                continue
            elif isinstance(item, ListItem):
                self._add_item(item, lists, target(), after_blank)
            elif lists and attach:
                lists[-1].items[-1].children.append(item)
            elif (
                lists
                and isinstance(item, Paragraph)
                and lists[-1].kind == "dlist"
                and not lists[-1].items[-1].lines
                and not lists[-1].items[-1].children
            ):
                lists[-1].items[-1].lines.extend(item.lines)  # the description after a blank line
            else:
                lists.clear()
                target().append(item)
            if isinstance(item, Listing):
                last_listing = item
            elif not isinstance(item, StrayAnnotation):
                last_listing = None
            attach = False
            after_blank = False
        return out

    @staticmethod
    def _apply_meta(block: Block, meta: list[_Meta]) -> None:
        for m in meta:
            text = m.text.strip()
            if m.kind == "anchor":
                match = L.BLOCK_ANCHOR.match(text)
                block.anchor = match.group(1) if match else block.anchor
            elif m.kind == "title":
                block.title = text[1:]
            elif m.kind in ("attributes", "source"):
                inner = text[1 : text.rfind("]")]
                block.attributes.append(inner)
                if inner.startswith("#") and not block.anchor:
                    block.anchor = inner[1:].split(".")[0].split("%")[0] or None

    @staticmethod
    def _add_item(item: ListItem, lists: list[ItemList], target: list[Block], after_blank: bool) -> None:
        signature = (item.kind, item.marker)
        for depth in range(len(lists) - 1, -1, -1):
            if (lists[depth].kind, lists[depth].marker) == signature:
                del lists[depth + 1 :]
                lists[depth].items.append(item)
                return
        new = ItemList(item.src, item.kind, item.marker, [item])
        new.anchor, new.attributes, new.title = item.anchor, item.attributes, item.title
        if lists:
            lists[-1].items[-1].children.append(new)
        else:
            target.append(new)
        lists.append(new)
