"""A position in a real file: the one class every diagnostic needs, apart from the page model (which
a run that reads no page never loads)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Pos:
    """A position in a real file: path relative to the docs root (or as given), 1-based line and column."""

    file: str
    line: int
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


def located(file: str, docs_root: Path) -> Path:
    """The file a position names: from the docs root, or, for a file outside it (a page of a second
    input, a YAML test file), as given on the command line, from the current folder. A name can mean
    either; the one that exists wins, the docs root's first."""
    if os.path.isabs(file):
        return Path(file)
    inside = docs_root / file
    if os.path.exists(inside) or not os.path.exists(file):
        return inside
    return Path(file)


def from_root(path: str | os.PathLike, docs_root: Path) -> str:
    """A page's file as positions name it: relative to the docs root when inside it, else as given.
    No link is followed: the page may be a link that leads nowhere, which located could not find."""
    relative = os.path.relpath(os.path.abspath(path), docs_root)
    inside = relative != os.pardir and not relative.startswith(os.pardir + os.sep)
    return Path(relative if inside else path).as_posix()
