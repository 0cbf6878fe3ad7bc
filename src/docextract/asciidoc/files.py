"""The files of a run, read and decoded once (a file may be included a hundred times)."""

from __future__ import annotations

from pathlib import Path

from docextract.asciidoc import include
from docextract.syntax.textlines import decode


class FileCache:
    """Decoded files shared by every page of a run, so a file included 200 times is read once."""

    def __init__(self) -> None:
        self._files: dict[Path, list[str] | None] = {}
        self._events: dict[Path, list[include.TagEvent]] = {}
        self._real: dict[Path, Path] = {}
        self.bad_utf8: dict[Path, tuple[int, int]] = {}

    def real(self, path: Path) -> Path:
        """The path with symlinks and .. resolved (cached: resolving costs a system call per part)."""
        if path not in self._real:
            self._real[path] = path.resolve()
        return self._real[path]

    def tag_events(self, path: Path, lines: list[str]) -> list[include.TagEvent]:
        if path not in self._events:
            self._events[path] = include.tag_events(lines)
        return self._events[path]

    def lines(self, path: Path) -> list[str] | None:
        if path not in self._files:
            try:
                decoded = decode(path.read_bytes())
            except OSError:
                self._files[path] = None
            else:
                self._files[path] = decoded.lines
                if decoded.bad_utf8:
                    self.bad_utf8[path] = decoded.bad_utf8
        return self._files[path]
