"""The block lexer's tokens: one for a line, or one for a run of lines where the grammar has nothing
to decide line by line: a paragraph or a list item with the text lines after it, a run of content
lines (RAW) or of comment lines. The parser's work is per token, and most lines of a page are such
runs. Blank lines make no token: what they end or separate, the lexer decides.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lark import Token

from docextract.syntax.textlines import MAX_LINE

if TYPE_CHECKING:
    from docextract.asciidoc.reader import Reader, SourceLine
    from docextract.diagnostics import Diagnostics

# The tokens that stand for a run of lines: the lines after the first join the held token.
RUNS = frozenset({"PARA", "DLIST", "ULIST", "OLIST", "COLIST", "COMMENT_TEXT"})


class LineToken(Token):
    """A token for a line or a run of lines, carrying the SourceLine (real file and line) of the first.

    A run's lines are in `lines`; for text (a paragraph, a list item), `texts` holds each line with its
    attribute references replaced (the token's value is the first)."""

    __slots__ = ("lines", "src", "texts")

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
    _cut_reported: bool

    def _token(self, kind: str, value: str | None = None) -> LineToken:
        index = len(self.lines) - 1
        src = self.lines[index]
        text = src.text if value is None else value
        token = LineToken(kind, text, index, src.line, 1, src.line, 1, index)
        token.src = src
        if kind in RUNS:
            token.lines, token.texts = [src], [text]
        return token

    def _text(self, kind: str) -> Token:
        """A token whose value is the line with attribute references replaced."""
        text = self.lines[-1].text
        if "{" not in text:  # no reference to replace (most lines)
            return self._token(kind, text)
        cut = self.reader.attributes.cut
        token = self._token(kind, self.reader.attributes.substitute(text))
        self._report_cut(cut)
        return token

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

    def _more(self, text: str | None = None) -> None:
        """The line read last continues the held run (text: the line as its token's texts hold it)."""
        held = self._held
        held.lines.append(self.lines[-1])
        if text is not None:
            held.texts.append(text)
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
        see them one by one."""
        lines, self._raw = self._raw, []
        first = lines[0]
        token = LineToken("RAW", first.text, 0, first.line, 1, lines[-1].line, 1, 0)
        token.src, token.lines = first, lines
        return token
