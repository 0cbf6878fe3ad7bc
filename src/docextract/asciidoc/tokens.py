"""The block lexer's tokens: one for a line, or one for a run of lines where the grammar has nothing
to decide line by line: a paragraph or a list item with the text lines after it, a run of content
lines (RAW, annotation lines among them), a closing ---- with the annotation lines right after it.
The parser's work is per token, and most lines of a page are such runs. Blank lines make no token:
what they end or separate, the lexer decides. Nor do metadata lines ([[anchor]], [attributes],
.Title, [source,…]): they describe the next block, and come with its token, in its `meta`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lark import Token

from docextract.syntax.textlines import MAX_LINE

if TYPE_CHECKING:
    from docextract.asciidoc.reader import Reader, SourceLine
    from docextract.asciidoc.tree import Metadata
    from docextract.diagnostics import Diagnostics

# The tokens that stand for a run of lines: the lines after the first join the held token.
RUNS = frozenset({"PARA", "DLIST", "ULIST", "OLIST", "COLIST", "LISTING_CLOSE"})


class LineToken(Token):
    """A token for a line or a run of lines, carrying the SourceLine (real file and line) of the first.

    A run's lines are in `lines`; for text (a paragraph, a list item), `texts` holds each line with its
    attribute references replaced (the token's value is the first). `meta` holds the metadata lines
    read since the token before; RAW's `annotations` are the annotation lines among its content, which
    `lines` leaves out; SNIPPET_OPEN's `lines` are its [source,…] line and its delimiter."""

    __slots__ = ("annotations", "lines", "meta", "src", "texts")

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
    _raw: list[SourceLine]
    _raw_annotations: list[int]
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
        if kind in RUNS:
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
        if not snippet:
            return self._token("LISTING_OPEN")
        source = self._meta.pop()[2]
        token = self._token("SNIPPET_OPEN")
        token.lines = [source, token.src]
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

    def _more(self) -> None:
        """The line read last continues the held run (an annotation line after a closing ----)."""
        held = self._held
        held.lines.append(self.lines[-1])
        held.end_line = self.lines[-1].line

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

    def _raw_token(self) -> LineToken:
        """Consecutive content lines as one token: they are most of a page, and the parser need not
        see them one by one. The annotation lines among them (in a listing) are set apart."""
        lines, self._raw = self._raw, []
        first = lines[0]
        token = LineToken("RAW", first.text, 0, first.line, 1, lines[-1].line, 1, 0)
        token.src, token.meta = first, ()
        marks = self._raw_annotations  # where in the run the annotation lines stand
        if marks:
            self._raw_annotations = []
            token.annotations = [lines[at] for at in marks]
            apart = set(marks)
            token.lines = [line for at, line in enumerate(lines) if at not in apart]
        else:
            token.lines, token.annotations = lines, ()
        return token
