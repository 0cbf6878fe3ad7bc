"""A page's file as both front ends read it: bytes up to a bound, decoded to lines, and what is wrong with
its bytes (too large, binary, not UTF-8, lines too long) reported with one set of codes."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from docextract.diagnostics import Diagnostics
from docextract.position import Pos
from docextract.syntax.textlines import MAX_LINE, Decoded, decode
from docextract.syntax.unreadable import Unreadable, explain, open_regular

# The largest file read (the largest of Elasticsearch's AsciiDoc docs, ml-shared.asciidoc, has 78 kB; the
# largest of Elastic's Markdown pages 100 kB). A page costs about a second and 40 MB of memory a MB of
# prose, several times that for dense snippets: this keeps every page to seconds.
MAX_PAGE_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class PageFile:
    """A page's file as read: its lines, its size, and what was wrong with its bytes."""

    lines: list[str]  # none when the file is too large or binary
    size: int
    decoded: Decoded  # what the decoder found wrong (the first line, for a file too large)

    @property
    def too_large(self) -> bool:
        return self.size > MAX_PAGE_BYTES

    @property
    def flawed(self) -> bool:
        d = self.decoded
        return self.too_large or bool(d.bad_utf8 or d.binary or d.long_lines)


def read_page_file(path: Path | str) -> PageFile | Unreadable:
    """The file read and decoded, or why it cannot be (a FIFO or a device is never opened to be read)."""
    try:
        with open(open_regular(path), "rb") as file:
            size = os.fstat(file.fileno()).st_size
            if size > MAX_PAGE_BYTES:  # its first line is shown in the error
                data = file.read(4096)
            else:
                # Asking for no more than the file holds: a read of MAX_PAGE_BYTES allocates that.
                data = file.read(size + 1)
                if len(data) > size:  # it grew, or its size is not known: read on to the limit
                    data += file.read(MAX_PAGE_BYTES - size)
    except OSError as err:
        return explain(err, path)
    decoded = decode(data)
    return PageFile([] if size > MAX_PAGE_BYTES else decoded.lines, size, decoded)


def report_unreadable(found: Unreadable, display: str, diagnostics: Diagnostics) -> None:
    """Report a page that cannot be read: the page is empty, the other pages are read as ever."""
    diagnostics.error("page-unreadable", f"the page {found.why}", Pos(display, 1), found.hint)


def report(
    page_file: PageFile,
    display: str,
    included_from: tuple[Pos, ...],
    diagnostics: Diagnostics,
    language: str,
) -> None:
    """Report what is wrong with the file's bytes; language names the pages in the hint (AsciiDoc…)."""

    def error(code: str, title: str, line: int, column: int, hint: str, shown: str, span: int = 1) -> None:
        where = Pos(display, line, column)
        diagnostics.error(code, title, where, hint, source_line=shown, span=span, included_from=included_from)

    decoded = page_file.decoded
    if page_file.too_large:
        first = next(iter(decoded.lines), "")
        title = f"the file is larger than {MAX_PAGE_BYTES:,} bytes ({page_file.size:,}): it is not read"
        error(
            "page-too-large",
            title,
            1,
            1,
            f"split it: no {language} page is that large (is it a page at all?)",
            first,
        )
        return
    if decoded.binary:
        flaw = decoded.binary
        hint = "a page is UTF-8 text; check that the file is the one you meant to include or convert"
        title = "the file is binary (it holds a NUL byte): it is not read"
        error("binary-file", title, flaw.line, flaw.column, hint, flaw.shown, flaw.span)
    if decoded.bad_utf8:
        flaw = decoded.bad_utf8
        bad = flaw.shown[flaw.column - 1 : flaw.column - 1 + flaw.span]
        hint = "save the file as UTF-8; invalid bytes were read as U+FFFD"
        error(
            "invalid-utf8",
            f"the file is not valid UTF-8: {bad}",
            flaw.line,
            flaw.column,
            hint,
            flaw.shown,
            flaw.span,
        )
    if decoded.long_lines:
        line, length = decoded.long_lines[0]
        more = len(decoded.long_lines) - 1
        title = f"line of {length:,} characters cut at {MAX_LINE:,}" + (
            f" ({more} more line{'s' if more > 1 else ''} like it)" if more else ""
        )
        hint = f"break the line: docextract reads the first {MAX_LINE:,} characters of a line"
        error("line-too-long", title, line, MAX_LINE + 1, hint, decoded.lines[line - 1])
