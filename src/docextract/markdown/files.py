"""The files of a run, read and decoded once (a snippet file may be included by many pages)."""

from __future__ import annotations

from pathlib import Path

from docextract.diagnostics import Diagnostics
from docextract.model import Pos
from docextract.syntax.textlines import MAX_LINE, Decoded, decode

# The largest file read, as for AsciiDoc pages: the largest of Elastic's Markdown pages has 100 kB.
MAX_PAGE_BYTES = 4 * 1024 * 1024


class FileCache:
    def __init__(self) -> None:
        self._lines: dict[Path, list[str] | None] = {}
        self._real: dict[Path, Path] = {}
        # What is wrong with a file's bytes, kept until reported (once, by the first page that reads it).
        self._flaws: dict[Path, tuple[Decoded, int]] = {}

    def real(self, path: Path) -> Path:
        if path not in self._real:
            self._real[path] = path.resolve()
        return self._real[path]

    def lines(self, path: Path) -> list[str] | None:
        """The file's lines; None if it cannot be read; no line if it is binary or too large."""
        if path not in self._lines:
            try:
                size = path.stat().st_size
                with path.open("rb") as file:
                    data = file.read(MAX_PAGE_BYTES + 1 if size <= MAX_PAGE_BYTES else 4096)
            except OSError:
                self._lines[path] = None
                return None
            decoded = decode(data)
            self._lines[path] = [] if size > MAX_PAGE_BYTES else decoded.lines
            if size > MAX_PAGE_BYTES or decoded.bad_utf8 or decoded.binary or decoded.long_lines:
                self._flaws[path] = (decoded, size)
        return self._lines[path]

    def report(
        self, path: Path, display: str, included_from: tuple[Pos, ...], diagnostics: Diagnostics
    ) -> None:
        """Report what is wrong with the file's bytes, with the codes the AsciiDoc front end uses."""
        flawed = self._flaws.pop(path, None)
        if flawed is None:
            return
        decoded, size = flawed

        def error(
            code: str, title: str, line: int, column: int, hint: str, shown: str, span: int = 1
        ) -> None:
            where = Pos(display, line, column)
            diagnostics.error(
                code, title, where, hint, source_line=shown, span=span, included_from=included_from
            )

        if size > MAX_PAGE_BYTES:
            first = next(iter(decoded.lines), "")
            title = f"the file is larger than {MAX_PAGE_BYTES:,} bytes ({size:,}): it is not read"
            error("page-too-large", title, 1, 1, "split it: no Markdown page is that large", first)
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
            title = f"the file is not valid UTF-8: {bad}"
            error("invalid-utf8", title, flaw.line, flaw.column, hint, flaw.shown, flaw.span)
        if decoded.long_lines:
            line, length = decoded.long_lines[0]
            hint = f"break the line: docextract reads the first {MAX_LINE:,} characters of a line"
            title = f"line of {length:,} characters cut at {MAX_LINE:,}"
            error("line-too-long", title, line, MAX_LINE + 1, hint, decoded.lines[line - 1])
