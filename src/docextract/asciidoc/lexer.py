"""Classify AsciiDoc lines into the tokens of grammars/asciidoc.lark.

What a line means depends on where it stands (inside a listing everything is content; inside a
paragraph a `* item` line is text), and delimited blocks close only on a delimiter of the same
length: that context lives here, so the grammar sees balanced, context-free tokens. Each token's
`line` is the index of its SourceLine in `Tokenizer.lines`, which knows the real file and line.

A token stands for a run of lines where the grammar has nothing to decide line by line (tokens.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from lark import Token
from lark.lexer import Lexer

from docextract.asciidoc import lines as L
from docextract.asciidoc.delimited import DelimitedBlocks, Open
from docextract.asciidoc.reader import Reader, SourceLine
from docextract.asciidoc.tokens import RUNS, LineToken, TokenMaker
from docextract.asciidoc.tree import Metadata
from docextract.diagnostics import Diagnostics
from docextract.syntax.annotations import looks_like_annotation


class Tokenizer(DelimitedBlocks, TokenMaker):
    """Pulls lines from a Reader and yields Lark tokens, the block parser's input."""

    def __init__(self, reader: Reader, diagnostics: Diagnostics):
        self.reader = reader
        self.diagnostics = diagnostics
        self.lines: list[SourceLine] = []
        self._stack: list[Open] = []
        self._comments = 0  # comment blocks open on the stack: directives are not processed inside
        self._too_deep_seen = False  # a block nested past the limit was reported
        self._cut_reported = False  # a line grown past MAX_LINE by its attribute references was reported
        self._continuations_lead_to: bool | None = None  # the answer for the run of `+` lines ahead
        self._mode: str | None = None  # None at a block boundary, "para" in a paragraph, "item" in list text
        self._in_list = False
        self._after_blank = False
        self._window = False  # right after a ---- block: annotation lines belong to it
        self._meta: list[Metadata] = []  # metadata lines read since the last token: the next one's
        # A run's token (text, or a listing or verbatim block), sent when a line ends the run.
        self._held: LineToken | None = None
        self._source_at = -1  # where in `lines` the [source,…] line read last stands

    # -- helpers ------------------------------------------------------------------------------------

    def _directly_after_source(self, line: SourceLine) -> bool:
        """Whether the line read last follows a [source,…] line, in the same file."""
        at = self._source_at
        if at != len(self.lines) - 2:
            return False
        source = self.lines[at]
        return source.file == line.file and source.line == line.line - 1

    # -- the token stream ---------------------------------------------------------------------------

    def tokens(self) -> Iterator[Token]:
        lines, classify = self.lines, self._classify
        for line in self.reader:
            lines.append(line)
            for token in classify(line):
                if self._held is not None:
                    yield self._held
                    self._held = None
                if token.type in RUNS:
                    self._held = token
                else:
                    yield token
        # Blocks still open end with the page (an open listing is the held run, which they end).
        for token in self._close_all():
            if self._held is not None:
                yield self._held
                self._held = None
            yield token
        if self._held is not None:
            yield self._held

    # The classes return what they make at once (most lines make one token or none); delimiters and
    # what closes blocks make theirs one at a time, as the runs before them are sent.
    def _classify(self, line: SourceLine) -> Iterable[Token]:
        text = line.text
        top = self._stack[-1] if self._stack else None
        if top is None or top.category == "compound":
            first = text[:1]
            if (
                first
                and first not in _MARKUP_START
                and "::" not in text
                and ";;" not in text
                and text[1:2] not in ".)"
            ):
                # Most lines are prose: nothing but a paragraph can start with them.
                return self._prose()
        stripped = text.rstrip()

        if top is not None and top.category in ("listing", "verbatim"):
            return self._in_verbatim(top, text, stripped)
        if top is not None and top.category == "comment":
            return self._in_comment_block(top, line, text, stripped)

        if self._window:
            if looks_like_annotation(text):
                self._held.annotations.append(line)  # the held listing's
                return ()
            if stripped == L.LIST_CONTINUATION and self._annotation_follows_continuations():
                return ()  # the reference keeps the annotation window open over `+` lines
            self._window = False

        if not stripped:
            # A blank line ends a paragraph, and a list unless a list item follows: that is decided
            # here, so it makes no token (the grammar has nothing to decide at it).
            self._mode = None
            self._after_blank = True
            return ()
        # Each pattern is tried only on a line that starts as it must (most lines start otherwise).
        first = text[0]
        if "//" in text and looks_like_annotation(text):
            self._mode = None
            return (self._token("STRAY_ANNOTATION"),)
        if first == "/" and L.LINE_COMMENT.match(text):
            if self._after_blank and self._in_list:
                # A comment between blank lines is how AsciiDoc separates two adjacent lists.
                self._in_list = False
                return (self._token("LIST_BREAK"),)
            return ()  # comments vanish, but they did end the annotation window above
        after_blank, self._after_blank = self._after_blank, False

        if first in _DELIMITER_START and L.DELIMITER.match(stripped):
            return self._delimiter(line, stripped)
        if self._mode == "para" and not self._breaks_paragraph(text, stripped):
            self._more_text()
            return ()
        if self._mode == "item" and not self._breaks_item_text(text, stripped):
            self._more_text()
            return ()
        return self._block_start(line, text, stripped, after_blank)

    def _prose(self) -> tuple[Token, ...]:
        self._window = False
        if self._mode is not None:
            self._after_blank = False
            self._more_text()
            return ()
        if self._after_blank:
            self._in_list = False
            self._after_blank = False
        self._mode = "para"
        return (self._text("PARA"),)

    def _breaks_paragraph(self, text: str, stripped: str) -> bool:
        # A block attribute line, [[anchor]] included, ends a paragraph (Asciidoctor's BlockAttributeListRx,
        # with block_terminates_paragraph): an included page's [[id]] after a page ending without a blank.
        if stripped == L.LIST_CONTINUATION or _attributes(stripped) or L.source_line(text):
            return True
        return self._in_list and bool(_list_item(text))

    def _breaks_item_text(self, text: str, stripped: str) -> bool:
        return (
            stripped == L.LIST_CONTINUATION
            or bool(_attributes(stripped) or L.source_line(text))
            or bool(_list_item(text))
        )

    def _block_start(
        self, line: SourceLine, text: str, stripped: str, after_blank: bool
    ) -> tuple[Token, ...]:
        item = _list_item(text)
        if after_blank and not item and stripped != L.LIST_CONTINUATION:
            self._in_list = False
        first = text[0]
        if first == "[" and L.source_line(text):
            self._mode = None
            self._source_at = len(self.lines) - 1
            self._metadata("source", text)
            return ()
        elif first == "[" and L.BLOCK_ANCHOR.match(stripped):
            self._mode = None
            self._metadata("anchor", self._substituted())
            return ()
        elif first == "[" and L.BLOCK_ATTRIBUTES.match(stripped):
            self._mode = None
            self._metadata("attributes", self._substituted())
            return ()
        elif stripped == L.LIST_CONTINUATION:
            self._mode = None
            return (self._token("CONT"),)
        elif first == "." and L.BLOCK_TITLE.match(text):
            self._mode = None
            self._metadata("title", self._substituted())
            return ()
        elif first == "=" and L.section_title(text):
            self._mode = None
            self._in_list = False
            offset = self.reader.attributes.get("leveloffset")
            if offset:
                self.lines[-1] = line._replace(level_offset=line.level_offset + _int(offset))
            return (self._text("SECTION"),)
        elif first == ":" and (entry := L.ATTRIBUTE_ENTRY.match(text)) is not None:
            self._mode = None
            self._attribute_entry(entry.group(1), entry.group(2))
            return ()
        elif (macro := L.block_macro(stripped)) and macro.group(1) in L.KNOWN_MACROS:
            self._mode = None
            return (self._text("MACRO"),)
        elif item:
            self._mode = "item"
            self._in_list = True
            return (self._text(item),)
        else:
            self._mode = "para"
            return (self._text("PARA"),)

    def _attribute_entry(self, name: str, value: str | None) -> None:
        attributes = self.reader.attributes
        if name.startswith("!"):
            attributes.unset(name[1:])
        elif name.endswith("!"):
            attributes.unset(name[:-1])
        else:
            cut = attributes.cut
            attributes.set(name, (value or "").strip())
            self._report_cut(cut)

    def _annotation_follows_continuations(self) -> bool:
        # Asked again at each `+` of a run, whose end is the same: looking once keeps a run linear.
        if self._continuations_lead_to is None:
            ahead = 0
            while (nxt := self.reader.peek(ahead)) is not None and nxt.text.rstrip() == L.LIST_CONTINUATION:
                ahead += 1
            self._continuations_lead_to = nxt is not None and looks_like_annotation(nxt.text)
        return self._continuations_lead_to


# First characters of lines that may be markup (delimiters, lists, titles, attributes, comments),
# digits (numbered lists) and whitespace (indented list items, blank lines).
_MARKUP_START = frozenset(" \t[.=:/-*+_|,!\u2022<0123456789")
# How delimiter lines start, and bulleted or numbered list items (besides a digit).
_DELIMITER_START = frozenset("-.=*+_/|,:!")
_LIST_START = frozenset(" \t-*\u2022.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _list_item(text: str) -> str | None:
    # A term ends in :: (to ::::) or ;; : the regex, lazy, would try every character of a line without.
    if ("::" in text or ";;" in text) and L.DLIST_ITEM.match(text):
        return "DLIST"
    if text.startswith("<") and L.COLIST_ITEM.match(text):
        return "COLIST"
    first = text[:1]
    if first not in _LIST_START and not first.isdecimal():
        return None  # neither a bullet nor a number (nor the indentation before one)
    if L.ULIST_ITEM.match(text):
        return "ULIST"
    if L.OLIST_ITEM.match(text):
        return "OLIST"
    return None


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return 0


class BlockLexer(Lexer):
    """The Lark side of the Tokenizer: parse() is given the Tokenizer's tokens instead of text."""

    __future_interface__ = 0  # lex() receives parse()'s argument as it is

    def __init__(self, lexer_conf):
        pass

    def lex(self, tokens: Iterable[Token]) -> Iterator[Token]:
        return iter(tokens)


def _attributes(stripped: str) -> bool:
    """A block attribute line: [role=x], [source,console], or the [[anchor]] form."""
    return stripped[:1] == "[" and bool(L.BLOCK_ATTRIBUTES.match(stripped) or L.BLOCK_ANCHOR.match(stripped))
