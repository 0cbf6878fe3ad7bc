"""Pages: where they are under the inputs, their docs root, and the front end that reads each."""

from __future__ import annotations

from pathlib import Path

from docextract.asciidoc.frontend import AsciiDoc
from docextract.diagnostics import Diagnostic
from docextract.frontend import FrontEnd
from docextract.model import Page
from docextract.settings import Settings

# Every front end docextract has; a page is read by the one that takes its suffix.
FRONT_ENDS: tuple[type[FrontEnd], ...] = (AsciiDoc,)
SUFFIXES = tuple(suffix for front_end in FRONT_ENDS for suffix in front_end.suffixes)


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
    repository), else the input folder itself (or the page's folder).
    """
    first = inputs[0].resolve()
    start = first if first.is_dir() else first.parent
    root = start
    for folder in (start, *start.parents):
        if (folder / "index.asciidoc").is_file():
            root = folder
        if (folder / ".git").exists():
            break
    return root


class Readers:
    """One front end of each kind for a run (they cache what they read), chosen by the page's suffix."""

    def __init__(self) -> None:
        self._by_suffix: dict[str, FrontEnd] = {}
        for kind in FRONT_ENDS:
            front_end = kind()
            self._by_suffix.update(dict.fromkeys(front_end.suffixes, front_end))

    def read(self, path: Path, settings: Settings) -> tuple[Page, list[Diagnostic]]:
        """The page; a page of another suffix (given by name) is read as AsciiDoc, the first front end."""
        front_end = self._by_suffix.get(path.suffix) or self._by_suffix[FRONT_ENDS[0].suffixes[0]]
        return front_end.read(path, settings)

    def prepare(self) -> None:
        for front_end in set(self._by_suffix.values()):
            front_end.prepare()
