"""Parse a page into blocks with grammars/asciidoc.lark; Lark objects do not leave this module."""

from __future__ import annotations

from lark import Transformer, UnexpectedInput

from docextract.asciidoc import directives
from docextract.asciidoc import lines as L
from docextract.asciidoc.fold import MAX_NESTING, Folding, limit_depth
from docextract.asciidoc.lexer import BlockLexer, Tokenizer
from docextract.asciidoc.reader import Reader
from docextract.asciidoc.tokens import LineToken
from docextract.asciidoc.tree import (
    Block,
    Compound,
    Listing,
    ListItem,
    Macro,
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
    """Called by the parser as each rule is reduced (no parse tree is built).

    Each block is made as its last token is read and added at once, with the metadata lines its first
    token brings, to the Folding of the blocks before it (the page's, a compound block's or a comment
    block's), which nests it: an alternative of the grammar's `blocks` rule is [the blocks so far, the
    block's tokens…], and its method returns the same Folding."""

    def start(self, children):
        return children[0]

    def page(self, _):
        return Folding(top_level=True)

    def blocks(self, children):  # the head of a run of blocks: the page's Folding, or a compound's delimiter
        head = children[0]
        return head if isinstance(head, Folding) else Folding(opened=head)

    def hidden(self, children):  # the head of a comment block's snippets: its opening delimiter
        return Folding(hidden=True, opened=children[0])

    def paragraph(self, children):
        folding, token = children
        # Trailing whitespace is invisible in the page; Asciidoctor drops it too.
        lines = [Text(text.rstrip(), src) for text, src in zip(token.texts, token.lines, strict=True)]
        folding.add(Paragraph(token.src, lines), token.meta)
        return folding

    def section(self, children):
        folding, token = children
        src = token.src
        marker, title = L.section_title(str(token))
        folding.add_section(Section(src, len(marker) - 1 + src.level_offset, title), token.meta)
        return folding

    def macro(self, children):
        folding, token = children
        match = L.block_macro(str(token).rstrip())
        folding.add(Macro(token.src, match.group(1), match.group(2), match.group(3)), token.meta)
        return folding

    def _list_item(self, kind: str, token: LineToken) -> ListItem:
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

    def _add_item(self, kind: str, children):
        folding, token = children
        folding.add_item(self._list_item(kind, token), token.meta)
        return folding

    def dlist_item(self, children):
        return self._add_item("dlist", children)

    def ulist_item(self, children):
        return self._add_item("ulist", children)

    def olist_item(self, children):
        return self._add_item("olist", children)

    def colist_item(self, children):
        return self._add_item("colist", children)

    def list_break(self, children):
        folding, token = children
        folding.meta.extend(token.meta)  # for the block after it
        folding.lists.clear()
        return folding

    def continuation(self, children):
        folding, token = children
        folding.meta.extend(token.meta)  # for the block after it
        folding.attach = bool(folding.lists)
        return folding

    def stray_annotation(self, children):
        folding, token = children
        folding.add_stray(StrayAnnotation(token.src), token.meta)
        return folding

    def snippet(self, children):
        folding, token = children
        block = Listing(token.src, token.lines, token.annotations, token.close, token.source)
        folding.add_listing(block, token.meta)
        return folding

    def listing(self, children):
        folding, token = children
        folding.add_listing(Listing(token.src, token.lines, token.annotations, token.close), token.meta)
        return folding

    def verbatim(self, children):
        folding, token = children
        kind = L.DELIMITER_KINDS.get(str(token).strip()[:1], "literal")
        folding.add(Verbatim(token.src, kind, token.lines), token.meta)
        return folding

    def compound(self, children):
        folding, inner = children[0], children[1]
        opened = inner.opened
        delimiter = str(opened).strip()
        kind = "open" if delimiter == "--" else L.DELIMITER_KINDS[delimiter[0]]
        folding.add_compound(Compound(opened.src, kind, inner.out), inner)
        return folding

    def comment(self, children):
        children[0].add_hidden(children[1])
        return children[0]


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
        page = parser.parse(tokens)
    except UnexpectedInput as err:  # the lexer balances blocks, so this is a bug, not bad input
        raise AssertionError(f"block grammar rejected line {err.line}: {err}") from err
    if page.holders >= MAX_NESTING:
        limit_depth(page.out, diagnostics)
    return page.out
