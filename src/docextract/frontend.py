"""What a front end is: a reader of one kind of page file (AsciiDoc, Markdown) into the page model."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from docextract.diagnostics import Diagnostic
from docextract.settings import Settings

if TYPE_CHECKING:
    from docextract.model import Page


class FrontEnd(Protocol):
    """One instance serves a whole run (it may cache the files it reads) in one process."""

    suffixes: tuple[str, ...]  # the file names it reads, e.g. (".asciidoc", ".adoc")

    def read(self, path: Path, settings: Settings) -> tuple[Page, list[Diagnostic]]:
        """The page at path and the problems found in it; the page is read even when it has errors."""
        ...

    def prepare(self) -> None:
        """Build what every page needs (parsers) now, before worker processes fork and share it."""
        ...
