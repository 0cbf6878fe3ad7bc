"""The block lexer's tokens: one for a line, or one for a run of lines where the grammar has nothing
to decide line by line: a paragraph or a list item with the text lines after it; a listing or
verbatim block with its content lines, its closing delimiter and (a listing) the annotation lines
right after it. The parser's work is per token, and most lines of a page are such runs. Blank lines
make no token: what they end or separate, the lexer decides. Nor do metadata lines ([[anchor]],
[attributes], .Title, [source,…]): they describe the next block, and come with its token (`meta`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lark import Token

from docextract.syntax.textlines import MAX_LINE

if TYPE_CHECKING:
    from docextract.asciidoc.reader import Reader, SourceLine
    from docextract.asciidoc.tree import Metadata
    from docextract.diagnostics import Diagnostics

# The tokens of text: a first line and the text lines after it.
TEXT_RUNS = frozenset({"PARA", "DLIST", "ULIST", "OLIST", "COLIST"})
# The tokens that stand for a run of lines, held until a line ends the run: text, and the delimited
# blocks whose content the grammar does not look into (a snippet is a listing under its [source,…]).
RUNS = TEXT_RUNS | {"SNIPPET", "LISTING", "VERBATIM"}


class LineToken(Token):
    """A token for a line or a run of lines, carrying the SourceLine (real file and line) of the first.

    `meta` holds the metadata lines read since the token before. A text run's lines are in `lines`, and
    `texts` holds each with its attribute references replaced (the token's value is the first). A
    delimited block's token stands on its opening delimiter: `lines` are its content lines but for the
    annotation lines (`annotations`, with those right after the block), `close` its closing delimiter
    (None if it never closes), `source` a snippet's [source,…] line."""

    __slots__ = ("annotations", "close", "lines", "meta", "source", "src", "texts")

    def __new__(
        cls, type, value, start_pos=None, line=None, column=None, end_line=None, end_column=None, end_pos=None
    ):
        # Lark's Token.__new__, without its handling of deprecated keywords: a page makes thousands.
        token = str.__new__(cls, value)
        token.type, token.value, token.start_pos, token.end_pos = type, value, start_pos, end_pos
        token.line, token.column, token.end_line, token.end_column = line, column, end_line, end_column
        return token


class TokenMaker:
    """The Tokenizer's making of tokens, kept apart from its line classes.

    A mixin: it works on the Tokenizer's lines read, its reader (for attribute references) and the
    run it holds, sent when a line ends the run.
    """

    reader: Reader
    diagnostics: Diagnostics
    lines: list[SourceLine]
    _held: LineToken | None
    _meta: list[Metadata]
    _cut_reported: bool

    def _token(self, kind: str, value: str | None = None) -> LineToken:
        index = len(self.lines) - 1
        src = self.lines[index]
        text = src.text if value is None else value
        token = LineToken(kind, text, index, src.line, 1, src.line, 1, index)
        token.src = src
        if self._meta:
            token.meta, self._meta = self._meta, []
        else:
            token.meta = ()
        if kind in TEXT_RUNS:
            token.lines, token.texts = [src], [text]
        return token

    def _text(self, kind: str) -> Token:
        """A token whose value is the line with attribute references replaced."""
        return self._token(kind, self._substituted())

    def _metadata(self, kind: str, text: str) -> None:
        """The line read last describes the next block: it goes with that block's token."""
        self._meta.append((kind, text, self.lines[-1]))

    def _listing_open(self, snippet: bool) -> LineToken:
        """The token of a ---- line that opens a block: a snippet's takes the [source,…] line right
        above it, which was read as metadata (it is the snippet's own line, not metadata)."""
        source = self._meta.pop()[2] if snippet else None
        return self._block("SNIPPET" if snippet else "LISTING", source)

    def _block(self, kind: str, source: SourceLine | None = None) -> LineToken:
        """The token of a delimited block the grammar does not look into, on its opening line; its
        other lines join it as they are read."""
        token = self._token(kind)
        token.lines, token.annotations, token.close, token.source = [], [], None, source
        return token

    def _substituted(self) -> str:
        """The line read last with attribute references replaced."""
        text = self.lines[-1].text
        if "{" not in text:  # no reference to replace (most lines)
            return text
        cut = self.reader.attributes.cut
        text = self.reader.attributes.substitute(text)
        self._report_cut(cut)
        return text

    def _report_cut(self, before: int) -> None:
        """Report the first line that attribute references made too long (they do it page after page)."""
        if self.reader.attributes.cut != before and not self._cut_reported:
            self._cut_reported = True
            line = self.lines[-1]
            self.diagnostics.error(
                "line-too-long",
                f"with its attribute references replaced, the line passes {MAX_LINE:,} characters: it is cut",
                line.pos,
                "look for attributes whose values refer to each other and grow at every line that sets them",
                source_line=line.text,
                included_from=line.included_from,
            )

    def _more_text(self) -> None:
        """A text line of the held paragraph or list item, its attribute references replaced."""
        line = self.lines[-1]
        held = self._held
        held.lines.append(line)
        held.end_line = line.line
        text = line.text
        if "{" not in text:  # no reference to replace (most lines)
            held.texts.append(text)
            return
        cut = self.reader.attributes.cut
        held.texts.append(self.reader.attributes.substitute(text))
        self._report_cut(cut)
