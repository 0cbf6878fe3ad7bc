"""Delimited blocks (----, ...., ====, ////, --, |===) as the line tokenizer sees them: a block opens
on a delimiter line and closes only on the same delimiter; an unclosed one ends with its container."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from docextract.asciidoc import lines as L
from docextract.asciidoc.fold import MAX_NESTING
from docextract.asciidoc.reader import SourceLine
from docextract.syntax.annotations import looks_like_annotation

if TYPE_CHECKING:
    from lark import Token


class Open(NamedTuple):
    kind: str  # listing, literal, pass, table, example, sidebar, quote, open, comment
    delimiter: str
    category: str  # listing | verbatim | compound | comment
    line: int  # index of the opening line
    in_list: bool  # the list state outside the block, restored when it closes


class DelimitedBlocks:
    """The Tokenizer's handling of delimited blocks, kept apart from its line classes.

    A mixin: it works on the Tokenizer's state (the stack of open blocks, the lines read, the list
    and annotation-window flags) and makes tokens with its _token.
    """

    def _delimiter(self, line: SourceLine, stripped: str) -> Iterator[Token]:
        self._mode = None
        for depth in range(len(self._stack) - 1, -1, -1):
            if self._stack[depth].delimiter == stripped:
                while len(self._stack) > depth + 1:
                    yield from self._close(self._stack[-1], unterminated=True)
                yield from self._close(self._stack[-1])
                return
        kind = "open" if stripped == "--" else L.DELIMITER_KINDS[stripped[0]]
        index = len(self.lines) - 1
        if len(self._stack) >= MAX_NESTING:
            yield self._too_deep(line, kind, stripped, index)
        elif kind == "listing":
            snippet = self._directly_after_source(line)
            self._stack.append(Open(kind, stripped, "listing", index, self._in_list))
            yield self._listing_open(snippet)
        elif kind in L.VERBATIM_KINDS:
            self._stack.append(Open(kind, stripped, "verbatim", index, self._in_list))
            yield self._block("VERBATIM")
        elif kind == "comment":
            self._stack.append(Open(kind, stripped, "comment", index, self._in_list))
            self._comments += 1
            self.reader.directives = False
            yield self._token("COMMENT_OPEN")
        else:
            self._stack.append(Open(kind, stripped, "compound", index, self._in_list))
            self._in_list = False
            yield self._token("COMPOUND_OPEN")

    def _too_deep(self, line: SourceLine, kind: str, stripped: str, index: int) -> Token:
        """A block past the nesting limit holds literal text: nothing in it nests any deeper."""
        if not self._too_deep_seen:
            self._too_deep_seen = True
            self.diagnostics.error(
                "nesting-too-deep",
                f"delimited blocks nested more than {MAX_NESTING} deep: this one is read as literal text",
                line.pos,
                "flatten the page: close the blocks above before opening another",
                source_line=line.text,
                span=len(stripped),
                included_from=line.included_from,
            )
        self._stack.append(Open(kind, stripped, "verbatim", index, self._in_list))
        return self._block("VERBATIM")

    def _close(self, block: Open, unterminated: bool = False) -> tuple[Token, ...]:
        """A compound or comment block's closing token; a listing or verbatim block's token (the held
        one) takes its closing line instead."""
        self._stack.pop()
        if block.category == "comment":
            self._comments -= 1
            self.reader.directives = not self._comments
        self._in_list = block.in_list
        self._mode = None
        if unterminated:
            opened = self.lines[block.line]
            self.diagnostics.warning(
                "unterminated-block",
                f"{block.kind} block opened here is never closed",
                opened.pos,
                f"add a closing `{block.delimiter}` line (the same length as the opening one)",
                source_line=opened.text,
                span=len(block.delimiter),
                included_from=opened.included_from,
            )
        if block.category in ("listing", "verbatim"):
            if not unterminated:
                self._held.close = self.lines[-1]
            if block.category == "listing":
                self._window = not unterminated
                self._continuations_lead_to = None
            return ()
        value = "" if unterminated else None
        return (self._token("COMMENT_CLOSE" if block.category == "comment" else "COMPOUND_CLOSE", value),)

    def _close_all(self) -> Iterator[Token]:
        while self._stack:
            if not self.lines:
                self.lines.append(SourceLine("", "", 0))
            yield from self._close(self._stack[-1], unterminated=True)

    # A content line makes no token (it joins the held token of its block): what these return is made
    # at once, or, where blocks close, one token at a time.
    def _in_verbatim(self, top: Open, text: str, stripped: str) -> Iterable[Token]:
        if stripped == top.delimiter:
            return self._close(top)
        if self._comments:
            comment = next(o for o in reversed(self._stack) if o.category == "comment")
            if stripped == comment.delimiter:
                return self._close_comment(comment)
        if top.category == "listing" and text.startswith("//") and looks_like_annotation(text):
            self._held.annotations.append(self.lines[-1])
        else:
            self._held.lines.append(self.lines[-1])
        return ()

    def _close_comment(self, comment: Open) -> Iterator[Token]:
        """An unclosed block inside a comment block ends where the comment block ends."""
        while self._stack[-1] is not comment:
            yield from self._close(self._stack[-1], unterminated=True)
        yield from self._close(comment)

    def _in_comment_block(self, top: Open, line: SourceLine, text: str, stripped: str) -> Iterable[Token]:
        """Inside //// only snippets matter: the reference tooling tests them, prose is dropped."""
        if stripped == top.delimiter:
            self._window = False
            return self._close(top)
        if self._window:
            if looks_like_annotation(text):
                self._held.annotations.append(line)  # the held listing's
                return ()
            self._window = False
        if looks_like_annotation(text):
            return (self._token("STRAY_ANNOTATION"),)
        if L.source_line(text):
            self._source_at = len(self.lines) - 1
            self._metadata("source", text)
            return ()
        if L.DELIMITER.match(stripped) and stripped[0] == "-" and stripped != "--":
            snippet = self._directly_after_source(line)
            self._stack.append(Open("listing", stripped, "listing", len(self.lines) - 1, self._in_list))
            return (self._listing_open(snippet),)
        return ()  # prose: dropped
