"""The files of a run, read and decoded once (a snippet file may be included by many pages)."""

from __future__ import annotations

import os
from pathlib import Path

from docextract.diagnostics import Diagnostics
from docextract.position import Pos
from docextract.syntax import pagefile
from docextract.syntax.unreadable import Unreadable


class FileCache:
    def __init__(self) -> None:
        self._lines: dict[Path, list[str] | None] = {}
        self._real: dict[Path, Path] = {}
        # What is wrong with a file's bytes, kept until reported (once, by the first page that reads it).
        self._flawed: dict[Path, pagefile.PageFile] = {}
        self._unreadable: dict[Path, Unreadable] = {}

    def real(self, path: Path) -> Path:
        if path not in self._real:
            try:
                self._real[path] = path.resolve(strict=True)
            except (OSError, RuntimeError):  # no file, or a link loop (RuntimeError before Python 3.13)
                # A link that leads nowhere is named as itself, not as its target: the reader says what
                # it is.
                linked = path.name and path.is_symlink()
                self._real[path] = (
                    self.real(path.parent) / path.name if linked else Path(os.path.realpath(path))
                )
        return self._real[path]

    def lines(self, path: Path) -> list[str] | None:
        """The file's lines; None if it cannot be read (unreadable says why); no line if it is binary or
        too large."""
        if path not in self._lines:
            page_file = pagefile.read_page_file(path)
            if isinstance(page_file, Unreadable):
                self._lines[path], self._unreadable[path] = None, page_file
            else:
                self._lines[path] = page_file.lines
                if page_file.flawed:
                    self._flawed[path] = page_file
        return self._lines[path]

    def unreadable(self, path: Path) -> Unreadable:
        """Why lines gave None for the file."""
        return self._unreadable[path]

    def report(
        self, path: Path, display: str, included_from: tuple[Pos, ...], diagnostics: Diagnostics
    ) -> None:
        """Report what is wrong with the file's bytes, with the codes the AsciiDoc front end uses."""
        page_file = self._flawed.pop(path, None)
        if page_file is not None:
            pagefile.report(page_file, display, included_from, diagnostics, "Markdown")
