"""Pages: where they are under the inputs, their docs root, and the front end that reads each."""

from __future__ import annotations

from pathlib import Path

from docextract import asciidoc, markdown
from docextract.diagnostics import Diagnostic
from docextract.frontend import FrontEnd
from docextract.model import Page
from docextract.settings import Settings

# The suffixes of every front end; a page is read by the one that takes its suffix, AsciiDoc (the
# first) for a page named on the command line with another suffix.
SUFFIXES = asciidoc.SUFFIXES + markdown.SUFFIXES


def front_ends() -> tuple[FrontEnd, ...]:
    """One of each front end. Imported here, not above: their parsers load only when pages are read,
    so that `docextract --help` starts at once."""
    from docextract.asciidoc.frontend import AsciiDoc
    from docextract.markdown.frontend import Markdown

    return (AsciiDoc(), Markdown())


def is_page(path: Path) -> bool:
    return path.suffix in SUFFIXES


def find(inputs: list[Path]) -> list[tuple[Path, Path]]:
    """(page, base) pairs: every page under each input, with the folder its output path is relative to."""
    found: list[tuple[Path, Path]] = []
    seen: set[Path] = set()
    for entry in inputs:
        if entry.is_dir():
            candidates = sorted(p for p in entry.rglob("*") if is_page(p) and p.is_file())
            base = entry
        else:
            candidates, base = [entry], entry.parent
        for page in candidates:
            key = page.resolve()
            if key not in seen:
                seen.add(key)
                found.append((page, base))
    return found


def holds_pages(folder: Path) -> bool:
    return any(is_page(p) for p in folder.rglob("*"))


def docs_root(inputs: list[Path]) -> Path:
    """The root Elastic's build would include the pages from.

    The topmost folder above the first input that holds an index.asciidoc (without leaving the
    repository); else the nearest that holds a docset.yml (docs-builder's root of a Markdown docs
    tree: `/` in an include or a link starts there); else the input folder itself (or the page's folder).
    """
    first = inputs[0].resolve()
    start = first if first.is_dir() else first.parent
    book = docset = None
    for folder in (start, *start.parents):
        if (folder / "index.asciidoc").is_file():
            book = folder
        if docset is None and any((folder / name).is_file() for name in markdown.DOCSET_NAMES):
            docset = folder
        if (folder / ".git").exists():
            break
    return book or docset or start


class Readers:
    """One front end of each kind for a run (they cache what they read), chosen by the page's suffix."""

    def __init__(self) -> None:
        self._all = front_ends()
        self._by_suffix = {suffix: front_end for front_end in self._all for suffix in front_end.suffixes}

    def read(self, path: Path, settings: Settings) -> tuple[Page, list[Diagnostic]]:
        front_end = self._by_suffix.get(path.suffix, self._all[0])
        return front_end.read(path, settings)

    def prepare(self) -> None:
        for front_end in self._all:
            front_end.prepare()
