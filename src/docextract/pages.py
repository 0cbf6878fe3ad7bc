"""Pages: where they are under the inputs, their docs root, and the front end that reads each."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from docextract import asciidoc, markdown
from docextract.diagnostics import Diagnostic
from docextract.settings import Settings

TYPE_CHECKING = False  # typing's, without loading typing: see docs/ARCHITECTURE.md, Start-up
if TYPE_CHECKING:
    from docextract.frontend import FrontEnd
    from docextract.model import Page

# The suffixes of every front end; a page is read by the one that takes its suffix, AsciiDoc (the
# first) for a page named on the command line with another suffix.
SUFFIXES = asciidoc.SUFFIXES + markdown.SUFFIXES


def _asciidoc() -> FrontEnd:
    from docextract.asciidoc.frontend import AsciiDoc

    return AsciiDoc()


def _markdown() -> FrontEnd:
    from docextract.markdown.frontend import Markdown

    return Markdown()


# Each front end by its suffixes, made (and its modules imported) when a page of its kind is read: its
# parsers load only then, so that `docextract --help` starts at once and an AsciiDoc run never loads
# Markdown's. A page with another suffix is read as AsciiDoc.
_MAKERS: tuple[tuple[tuple[str, ...], Callable[[], FrontEnd]], ...] = (
    (asciidoc.SUFFIXES, _asciidoc),
    (markdown.SUFFIXES, _markdown),
)


def front_ends() -> tuple[FrontEnd, ...]:
    """One of each front end."""
    return tuple(make() for _, make in _MAKERS)


def is_page(path: Path) -> bool:
    return path.suffix in SUFFIXES


def find(inputs: list[Path]) -> list[tuple[Path, Path]]:
    """(page, base) pairs: every page under each input, with the folder its output path is relative to."""
    found: list[tuple[Path, Path]] = []
    seen: set[str] = set()
    for entry in inputs:
        if entry.is_dir():
            candidates = _pages_under(entry)
            base = entry
        else:
            candidates, base = [(entry, None)], entry.parent
        for page, real in candidates:
            key = real or os.path.realpath(page)
            if key not in seen:
                seen.add(key)
                found.append((page, base))
    return found


def _pages_under(folder: Path) -> list[tuple[Path, str | None]]:
    """(page, its real path if known without asking) for every page file below the folder, ordered as
    sorted Paths are (part by part). As Path.rglob walks: folder links are not followed, and folders
    that cannot be listed are passed over; any other entry with a page's suffix is a page. Walked with
    os.scandir, whose entries know their type without a stat: a docs tree's pages are found in a
    fraction of rglob's time."""
    real_top = os.path.realpath(folder)
    found: list[tuple[tuple[str, ...], str | None]] = []
    pending: list[tuple[str, ...]] = [()]
    while pending:
        parts = pending.pop()
        try:
            with os.scandir(os.path.join(folder, *parts)) as listing:
                entries = list(listing)
        except OSError:
            continue
        for item in entries:
            try:
                if item.is_dir(follow_symlinks=False):
                    pending.append((*parts, item.name))
                elif _has_page_suffix(item.name):
                    # Not only regular files: a FIFO or a dangling link named as a page is reported
                    # when read, not passed over. A page reached through no link: its real path is
                    # the real folder's plus its parts.
                    real = None if item.is_symlink() else os.path.join(real_top, *parts, item.name)
                    found.append(((*parts, item.name), real))
            except OSError:
                continue
    found.sort(key=lambda pair: pair[0])
    return [(folder.joinpath(*parts), real) for parts, real in found]


def _has_page_suffix(name: str) -> bool:
    """is_page for a file name (Path.suffix's rule: the last dot, not the name's first character)."""
    dot = name.rfind(".")
    return 0 < dot < len(name) - 1 and name[dot:] in SUFFIXES


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
        self._made: dict[Callable[[], FrontEnd], FrontEnd] = {}

    def _front_end(self, make: Callable[[], FrontEnd]) -> FrontEnd:
        if make not in self._made:
            self._made[make] = make()
        return self._made[make]

    def read(self, path: Path, settings: Settings) -> tuple[Page, list[Diagnostic]]:
        return self._front_end(_maker(path.suffix)).read(path, settings)

    def prepare(self, paths: Iterable[Path] | None = None) -> None:
        """Load the parsers of the front ends that will read these pages (of every front end without)."""
        makers = {_maker(path.suffix) for path in paths} if paths is not None else {m for _, m in _MAKERS}
        for make in makers:
            self._front_end(make).prepare()


def _maker(suffix: str) -> Callable[[], FrontEnd]:
    return next((make for suffixes, make in _MAKERS if suffix in suffixes), _MAKERS[0][1])
