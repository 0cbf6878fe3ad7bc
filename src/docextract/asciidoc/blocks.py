"""Parse a page into blocks with grammars/asciidoc.lark; Lark objects do not leave this module."""

from __future__ import annotations

from lark import Token, Transformer, UnexpectedInput

from docextract.asciidoc import directives
from docextract.asciidoc import lines as L
from docextract.asciidoc.fold import Folder, limit_depth
from docextract.asciidoc.lexer import BlockLexer, Tokenizer
from docextract.asciidoc.reader import Reader, SourceLine
from docextract.asciidoc.tokens import LineToken
from docextract.asciidoc.tree import (
    Block,
    Comment,
    Compound,
    Continuation,
    ListBreak,
    Listing,
    ListItem,
    Macro,
    Meta,
    Paragraph,
    Section,
    StrayAnnotation,
    Text,
    Verbatim,
)
from docextract.diagnostics import Diagnostics
from docextract.syntax import annotations, console, grammar, parameter

_ITEM_PATTERNS = {
    "dlist": L.DLIST_ITEM,
    "ulist": L.ULIST_ITEM,
    "olist": L.OLIST_ITEM,
    "colist": L.COLIST_ITEM,
}


class _ToBlocks(Transformer):
    """Called by the parser as each rule is reduced (no parse tree is built)."""

    def start(self, items):
        return items

    def paragraph(self, tokens):
        token = tokens[0]
        # Trailing whitespace is invisible in the page; Asciidoctor drops it too.
        lines = [Text(text.rstrip(), src) for text, src in zip(token.texts, token.lines, strict=True)]
        return Paragraph(token.src, lines)

    def section(self, tokens):
        token = tokens[0]
        src = token.src
        marker, title = L.section_title(str(token))
        level = len(marker) - 1 + src.level_offset
        return Section(src, level, title)

    def _meta_of(self, kind, tokens):
        return Meta(tokens[0].src, kind, str(tokens[0]))

    def anchor(self, tokens):
        return self._meta_of("anchor", tokens)

    def attributes(self, tokens):
        return self._meta_of("attributes", tokens)

    def block_title(self, tokens):
        return self._meta_of("title", tokens)

    def source(self, tokens):
        return self._meta_of("source", tokens)

    def _listing(self, open_token: LineToken, rest: list[LineToken], source: SourceLine | None):
        body = [src for token in rest if token.type == "RAW" for src in token.lines]
        annotations = [token.src for token in rest if token.type == "ANNOTATION"]
        close_token = next(token for token in rest if token.type == "LISTING_CLOSE")
        # The lexer closes a block that never ends with an empty token.
        close = close_token.src if close_token.value else None
        return Listing(open_token.src, body, annotations, close, source)

    def snippet(self, items):
        source = items[0].src
        return self._listing(items[1], items[2:], source)

    def listing(self, items):
        return self._listing(items[0], items[1:], None)

    def verbatim(self, items):
        open_token = items[0]
        kind = L.DELIMITER_KINDS.get(str(open_token).strip()[:1], "literal")
        return Verbatim(open_token.src, kind, [src for raw in items[1:-1] for src in raw.lines])

    def compound(self, items):
        open_token = items[0]
        delimiter = str(open_token).strip()
        kind = "open" if delimiter == "--" else L.DELIMITER_KINDS[delimiter[0]]
        return Compound(open_token.src, kind, items[1:-1])

    def comment(self, items):
        children = [item for item in items[1:-1] if not isinstance(item, Token)]
        return Comment(items[0].src, children)

    def macro(self, tokens):
        match = L.block_macro(str(tokens[0]).rstrip())
        return Macro(tokens[0].src, match.group(1), match.group(2), match.group(3))

    def _list_item_of(self, kind, tokens):
        token = tokens[0]
        match = _ITEM_PATTERNS[kind].match(token)
        src = token.src
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
        more = zip(token.texts[1:], token.lines[1:], strict=True)
        lines += [Text(text.strip(), line) for text, line in more]
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
        return ListBreak(tokens[0].src)

    def continuation(self, tokens):
        return Continuation(tokens[0].src)

    def stray_annotation(self, tokens):
        return StrayAnnotation(tokens[0].src)


_TO_BLOCKS = _ToBlocks()


def _parser():
    return grammar.load("asciidoc", lexer=BlockLexer, transformer=_TO_BLOCKS, positions=False)


def prepare_parser() -> None:
    """Build every parser a page needs (blocks, directives, snippets, annotations, parameters)."""
    _parser()
    for prepare in (directives.prepare, console.prepare, annotations.prepare, parameter.prepare):
        prepare()


def parse_blocks(reader: Reader, diagnostics: Diagnostics) -> list[Block]:
    """The page's top-level blocks, sections nested, lists folded, metadata attached."""
    # The page's tokens first, then their parse: the lexer needs nothing from the parser, and the two
    # run faster apart than interleaved token by token.
    tokens = list(Tokenizer(reader, diagnostics).tokens())
    parser = _parser()
    try:
        items = parser.parse(tokens)
    except UnexpectedInput as err:  # the lexer balances blocks, so this is a bug, not bad input
        raise AssertionError(f"block grammar rejected line {err.line}: {err}") from err
    blocks = Folder().fold(items, top_level=True)
    limit_depth(blocks, diagnostics)
    return blocks
