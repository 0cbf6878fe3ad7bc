"""Problems found in the docs, as data: severity, position, title and hint; rendered only at the edge."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from docextract.position import Pos


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    """A problem found in the docs (or in docextract): what, where, and how to fix it."""

    severity: Severity
    code: str  # a stable kebab-case name, e.g. include-not-found, for filtering and for machines
    title: str  # what is wrong, one line
    pos: Pos | None
    hint: str | None = None  # how to fix it
    source_line: str | None = None  # the text of pos.line, for the caret display
    span: int = 1  # caret width
    # Where the file holding pos was included from, innermost first.
    included_from: tuple[Pos, ...] = ()


class DocsError(Exception):
    """Raised inside a stage for a problem that stops the current unit (a snippet, an include)."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.title)
        self.diagnostic = diagnostic


@dataclass
class Diagnostics:
    """A collector passed through the stages; stages append, the CLI renders."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        self.items.append(diagnostic)

    def error(self, code: str, title: str, pos: Pos | None, hint: str | None = None, **extra) -> None:
        self.items.append(Diagnostic(Severity.ERROR, code, title, pos, hint, **extra))

    def warning(self, code: str, title: str, pos: Pos | None, hint: str | None = None, **extra) -> None:
        self.items.append(Diagnostic(Severity.WARNING, code, title, pos, hint, **extra))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self):
        return iter(self.items)
