"""The files of a run, read and decoded once (a snippet file may be included by many pages)."""

from __future__ import annotations

from pathlib import Path

from docextract.diagnostics import Diagnostics
from docextract.position import Pos
from docextract.syntax import pagefile


class FileCache:
    def __init__(self) -> None:
        self._lines: dict[Path, list[str] | None] = {}
        self._real: dict[Path, Path] = {}
        # What is wrong with a file's bytes, kept until reported (once, by the first page that reads it).
        self._flawed: dict[Path, pagefile.PageFile] = {}

    def real(self, path: Path) -> Path:
        if path not in self._real:
            self._real[path] = path.resolve()
        return self._real[path]

    def lines(self, path: Path) -> list[str] | None:
        """The file's lines; None if it cannot be read; no line if it is binary or too large."""
        if path not in self._lines:
            page_file = pagefile.read_page_file(path)
            self._lines[path] = page_file.lines if page_file is not None else None
            if page_file is not None and page_file.flawed:
                self._flawed[path] = page_file
        return self._lines[path]

    def report(
        self, path: Path, display: str, included_from: tuple[Pos, ...], diagnostics: Diagnostics
    ) -> None:
        """Report what is wrong with the file's bytes, with the codes the AsciiDoc front end uses."""
        page_file = self._flawed.pop(path, None)
        if page_file is not None:
            pagefile.report(page_file, display, included_from, diagnostics, "Markdown")
