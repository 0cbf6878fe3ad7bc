"""The files of a run, read and decoded once (a file may be included a hundred times); their regions."""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePath
from typing import NamedTuple

from docextract.asciidoc import include
from docextract.asciidoc.lines import DIRECTIVE
from docextract.diagnostics import Diagnostics
from docextract.position import Pos
from docextract.syntax import pagefile
from docextract.syntax.unreadable import Unreadable

# The largest page read, its includes expanded: as many bytes as the largest file read, and this many lines.
MAX_PAGE_LINES = 100_000


class Region(NamedTuple):
    """The lines the reader reads from a file (all, or what an include selects), and which of them look
    like directives: the reader takes those one at a time, and the runs between them whole."""

    texts: list[str]
    numbers: range | list[int]  # each line's number in the file
    directives: list[int]  # indices into texts


def _region(texts: list[str], numbers: range | list[int]) -> Region:
    # Only a line that ends in ] can be a directive: the cheap test first, on every line of the file.
    directives = [i for i, text in enumerate(texts) if text[-1:] == "]" and DIRECTIVE.match(text)]
    return Region(texts, numbers, directives)


class FileCache:
    """Decoded files shared by every page of a run, so a file included 200 times is read once.

    Paths are strings (os.fspath): a run finds each file's real path and shown name once, and pathlib's
    objects cost several times more to make, compare and hash."""

    def __init__(self) -> None:
        self._files: dict[str, list[str] | None] = {}
        self._events: dict[str, list[include.TagEvent]] = {}
        self._real: dict[str, str] = {}
        self._unreadable: dict[str, Unreadable] = {}
        self._shown: dict[tuple[str, str], tuple[str, bool]] = {}
        self._selections: dict[tuple, tuple[include.Selection, Region]] = {}
        self._wholes: dict[str, Region] = {}
        self._targets: dict[tuple[str, str], str] = {}
        self._hints: dict[tuple, str] = {}
        # What is wrong with a file's bytes, kept until reported (once, whichever page reads it first).
        self._flawed: dict[str, pagefile.PageFile] = {}

    def real(self, path: str) -> str:
        """The path with symlinks and .. resolved (cached: resolving costs a system call per part).

        A file that is no symlink is its folder's real path and its name: one system call, the pages of
        a folder sharing the rest."""
        real = self._real.get(path)
        if real is None:
            real = self._real[path] = self._resolve(path)
        return real

    def _resolve(self, path: str) -> str:
        folder, name = os.path.split(path)
        if name not in ("", ".", "..") and os.path.isabs(path):
            try:
                mode = os.lstat(path).st_mode
            except (OSError, ValueError):
                mode = None
            if mode is not None and not stat.S_ISLNK(mode):
                return os.path.join(self.real(folder), name)
        try:
            return str(Path(path).resolve(strict=True))
        except (OSError, RuntimeError):  # no file, or a link loop (RuntimeError before Python 3.13)
            pass
        if name and os.path.islink(path):
            # A link that leads nowhere is named as itself, not as its target: the reader says what it is.
            return os.path.join(self.real(folder or "."), name)
        return os.path.realpath(path)

    def shown(self, path: str, root: str) -> tuple[str, bool]:
        """The path as positions show it (relative to the docs root when inside it) and whether it is."""
        key = (path, root)
        shown = self._shown.get(key)
        if shown is None:
            inside = _relative(self.real(path), root)
            shown = self._shown[key] = (Path(path).as_posix(), False) if inside is None else (inside, True)
        return shown

    def tag_events(self, path: str, lines: list[str]) -> list[include.TagEvent]:
        if path not in self._events:
            self._events[path] = include.tag_events(lines)
        return self._events[path]

    def target(self, including: str, target: str) -> str:
        """The file an include names, relative to the including file's folder (normalised as written:
        .. is taken off the path before any link is followed)."""
        key = (including, target)
        path = self._targets.get(key)
        if path is None:
            path = self._targets[key] = os.path.normpath(os.path.join(os.path.dirname(including), target))
        return path

    def tag_hint(self, path: str, lines: list[str], attrs: dict[str, str]) -> str:
        """What to suggest for tags not found in the file (a near name), once for each attribute list."""
        key = (path, *attrs.items())
        hint = self._hints.get(key)
        if hint is None:
            events = self.tag_events(path, lines)
            hint = self._hints[key] = include.tag_hint(lines, include.parse_tags(attrs) or {}, events)
        return hint

    def whole(self, path: str, lines: list[str], directives: bool = True) -> Region:
        """Every line of the file, as the reader reads them (directives False: none is a directive)."""
        if not directives:
            return Region(lines, range(1, len(lines) + 1), [])
        whole = self._wholes.get(path)
        if whole is None:
            whole = self._wholes[path] = _region(lines, range(1, len(lines) + 1))
        return whole

    def selection(
        self, path: str, lines: list[str], attrs: dict[str, str]
    ) -> tuple[include.Selection, Region]:
        """The lines an include with these attributes brings in (the same tag is included page after
        page), and their region; both are only read."""
        key = (path, *attrs.items())
        found = self._selections.get(key)
        if found is None:
            selection = include.select(lines, attrs, self.tag_events(path, lines))
            numbers = selection.line_numbers
            if len(numbers) == len(lines):  # the numbers are ascending: every line
                found = (selection, self.whole(path, lines))
            else:
                found = (selection, _region([lines[n - 1] for n in numbers], numbers))
            self._selections[key] = found
        return found

    def lines(self, path: str) -> list[str] | None:
        """The file's lines; None if it cannot be read (unreadable says why); no line if it is binary or
        too large."""
        if path not in self._files:
            page_file = pagefile.read_page_file(path)
            if isinstance(page_file, Unreadable):
                self._files[path], self._unreadable[path] = None, page_file
            else:
                self._files[path] = page_file.lines
                if page_file.flawed:
                    self._flawed[path] = page_file
        return self._files[path]

    def unreadable(self, path: str) -> Unreadable:
        """Why lines gave None for the file."""
        return self._unreadable[path]

    def report(
        self, path: str, display: str, included_from: tuple[Pos, ...], diagnostics: Diagnostics
    ) -> None:
        """Report what is wrong with the file's bytes (once a run: a file may be included often)."""
        page_file = self._flawed.pop(path, None)
        if page_file is not None:
            pagefile.report(page_file, display, included_from, diagnostics, "AsciiDoc")


def _relative(path: str, root: str) -> str | None:
    """The path relative to the root, its parts joined by /, or None when it is not inside the root."""
    if os.sep != "/":  # drive letters, and names that differ only in case: pathlib knows them
        try:
            return PurePath(path).relative_to(root).as_posix()
        except ValueError:
            return None
    if path == root:
        return "."
    prefix = root if root.endswith("/") else root + "/"
    return path[len(prefix) :] if path.startswith(prefix) else None


def within_bounds(run: list[str], lines: int, size: int) -> int:
    """How many lines of the run a page can read after lines lines of size bytes, within its bounds."""
    for count, text in enumerate(run):
        lines += 1
        size += len(text) + 1
        if lines > MAX_PAGE_LINES or size > pagefile.MAX_PAGE_BYTES:
            return count
    return len(run)
