"""What reading one page carries through its files: the cache, the docs root, the problems found, the
substitutions, and the include graph."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from docextract.diagnostics import Diagnostics
from docextract.markdown.files import FileCache
from docextract.markdown.substitutions import Substitutions
from docextract.position import Pos


@dataclass
class Reading:
    """The state of reading one page, shared by every file it includes."""

    files: FileCache
    root: Path  # the docs root, resolved
    diagnostics: Diagnostics
    expand: bool  # expand {include} directives (not when read for tests: each file stands alone)
    allow_outside: bool  # includes may leave the docs root
    subs: Substitutions = field(default_factory=Substitutions)
    # Every file an include brought in, with where (the include line, then outer ones), the first time.
    included: dict[str, tuple[Pos, ...]] = field(default_factory=dict)
    missing: set[str] = field(default_factory=set)  # the files include directives named that are not there

    def display(self, path: Path) -> str:
        """The path as positions name it: from the docs root when inside it, else as given."""
        try:
            return self.files.real(path).relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


@dataclass(frozen=True)
class Frame:
    """The file being read: includes are relative to its folder; the chain finds include loops."""

    path: Path
    chain: tuple[Path, ...]  # resolved paths of the files open, outermost first
    included_from: tuple[Pos, ...] = ()  # innermost include first
    depth: int = 0  # bodies read again inside this file (directives, comments)
