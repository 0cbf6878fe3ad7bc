"""The files of a run, read and decoded once (a file may be included a hundred times)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from docextract.asciidoc import include
from docextract.diagnostics import Diagnostics
from docextract.model import Pos
from docextract.syntax.textlines import MAX_LINE, Decoded, decode

# The largest page read: a file, or a page with its includes expanded (the largest of Elasticsearch's
# docs, ml-shared.asciidoc, has 78 kB in 1,400 lines). A page costs about a second and 40 MB of memory
# a MB of prose, several times that for dense snippets: these keep every page to seconds.
MAX_PAGE_BYTES = 4 * 1024 * 1024
MAX_PAGE_LINES = 100_000


class FileCache:
    """Decoded files shared by every page of a run, so a file included 200 times is read once."""

    def __init__(self) -> None:
        self._files: dict[Path, list[str] | None] = {}
        self._events: dict[Path, list[include.TagEvent]] = {}
        self._real: dict[Path, Path] = {}
        self._regular: dict[Path, bool] = {}
        self._shown: dict[tuple[Path, Path], tuple[str, bool]] = {}
        self._selections: dict[tuple, include.Selection] = {}
        self._targets: dict[tuple[Path, str], Path] = {}
        self._hints: dict[tuple, str] = {}
        # What is wrong with a file's bytes, kept until reported (once, whichever page reads it first).
        self.flaws: dict[Path, Decoded] = {}
        self.too_large: dict[Path, tuple[int, str]] = {}  # size and first line of each file left unread

    def real(self, path: Path) -> Path:
        """The path with symlinks and .. resolved (cached: resolving costs a system call per part).

        A file that is no symlink is its folder's real path and its name: one system call, the pages of
        a folder sharing the rest."""
        real = self._real.get(path)
        if real is None:
            real = self._real[path] = self._resolve(path)
        return real

    def _resolve(self, path: Path) -> Path:
        parent = path.parent
        if path.is_absolute() and parent != path and path.name not in ("", ".", ".."):
            try:
                mode = os.lstat(path).st_mode
            except (OSError, ValueError):
                mode = None
            if mode is not None and not stat.S_ISLNK(mode):
                return self.real(parent) / path.name
        return path.resolve()

    def shown(self, path: Path, root: Path) -> tuple[str, bool]:
        """The path as positions show it (relative to the docs root when inside it) and whether it is."""
        key = (path, root)
        shown = self._shown.get(key)
        if shown is None:
            try:
                shown = self._shown[key] = (self.real(path).relative_to(root).as_posix(), True)
            except ValueError:
                shown = self._shown[key] = (path.as_posix(), False)
        return shown

    def is_file(self, path: Path) -> bool:
        """Whether the path is a regular file (or a link to one), asked once a run."""
        regular = self._regular.get(path)
        if regular is None:
            regular = self._regular[path] = path.is_file()
        return regular

    def tag_events(self, path: Path, lines: list[str]) -> list[include.TagEvent]:
        if path not in self._events:
            self._events[path] = include.tag_events(lines)
        return self._events[path]

    def target(self, including: Path, target: str) -> Path:
        """The file an include names, relative to the including file's folder (normalised as written:
        .. is taken off the path before any link is followed)."""
        key = (including, target)
        path = self._targets.get(key)
        if path is None:
            path = self._targets[key] = Path(os.path.normpath(including.parent / target))
        return path

    def tag_hint(self, path: Path, lines: list[str], attrs: dict[str, str]) -> str:
        """What to suggest for tags not found in the file (a near name), once for each attribute list."""
        key = (path, *attrs.items())
        hint = self._hints.get(key)
        if hint is None:
            events = self.tag_events(path, lines)
            hint = self._hints[key] = include.tag_hint(lines, include.parse_tags(attrs) or {}, events)
        return hint

    def selection(self, path: Path, lines: list[str], attrs: dict[str, str]) -> include.Selection:
        """The lines an include with these attributes brings in (the same tag is included page after
        page); the selection is only read."""
        key = (path, *attrs.items())
        selection = self._selections.get(key)
        if selection is None:
            events = self.tag_events(path, lines)
            selection = self._selections[key] = include.select(lines, attrs, events)
        return selection

    def lines(self, path: Path) -> list[str] | None:
        """The file's lines; None if it cannot be read; no line if it is binary or too large."""
        if path not in self._files:
            try:
                with open(path, "rb") as file:
                    size = os.fstat(file.fileno()).st_size
                    if size > MAX_PAGE_BYTES:  # its first line is shown in the error
                        data = file.read(4096)
                    else:
                        # Asking for no more than the file holds: a read of MAX_PAGE_BYTES allocates that.
                        data = file.read(size + 1)
                        if len(data) > size:  # it grew, or its size is not known: read on to the limit
                            data += file.read(MAX_PAGE_BYTES - size)
            except OSError:
                self._files[path] = None
                return None
            if size > MAX_PAGE_BYTES:
                self.too_large[path] = (size, next(iter(decode(data).lines), ""))
                data = b""
            decoded = decode(data)
            self._files[path] = decoded.lines
            if decoded.bad_utf8 or decoded.binary or decoded.long_lines:
                self.flaws[path] = decoded
        return self._files[path]

    def report(
        self, path: Path, display: str, included_from: tuple[Pos, ...], diagnostics: Diagnostics
    ) -> None:
        """Report what is wrong with the file's bytes (once a run: a file may be included often)."""
        too_large = self.too_large.pop(path, None)
        if too_large is not None:
            size, first_line = too_large
            diagnostics.error(
                "page-too-large",
                f"the file is larger than {MAX_PAGE_BYTES:,} bytes ({size:,}): it is not read",
                Pos(display, 1),
                "split it: no AsciiDoc page is that large (is it a page at all?)",
                source_line=first_line,
                included_from=included_from,
            )
        decoded = self.flaws.pop(path, None)
        if decoded is None:
            return
        if decoded.binary:
            flaw = decoded.binary
            diagnostics.error(
                "binary-file",
                "the file is binary (it holds a NUL byte): it is not read",
                Pos(display, flaw.line, flaw.column),
                "a page is UTF-8 text; check that the file is the one you meant to include or convert",
                source_line=flaw.shown,
                span=flaw.span,
                included_from=included_from,
            )
        if decoded.bad_utf8:
            flaw = decoded.bad_utf8
            bad = flaw.shown[flaw.column - 1 : flaw.column - 1 + flaw.span]
            diagnostics.error(
                "invalid-utf8",
                f"the file is not valid UTF-8: {bad}",
                Pos(display, flaw.line, flaw.column),
                "save the file as UTF-8; invalid bytes were read as U+FFFD",
                source_line=flaw.shown,
                span=flaw.span,
                included_from=included_from,
            )
        if decoded.long_lines:
            line, length = decoded.long_lines[0]
            more = len(decoded.long_lines) - 1
            diagnostics.error(
                "line-too-long",
                f"line of {length:,} characters cut at {MAX_LINE:,}"
                + (f" ({more} more line{'s' if more > 1 else ''} like it)" if more else ""),
                Pos(display, line, MAX_LINE + 1),
                f"break the line: docextract reads the first {MAX_LINE:,} characters of a line",
                source_line=decoded.lines[line - 1],
                included_from=included_from,
            )
