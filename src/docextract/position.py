"""A position in a real file: the one class every diagnostic needs, apart from the page model (which
a run that reads no page never loads)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Pos:
    """A position in a real file: path relative to the docs root (or as given), 1-based line and column."""

    file: str
    line: int
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"
