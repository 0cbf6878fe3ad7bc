"""Suites while the generator builds them: cases that grow snippet by snippet, and their YAML text."""

from __future__ import annotations

from dataclasses import dataclass, field

from docextract.position import Pos
from docextract.suite import Case, Step, Suite


@dataclass(frozen=True)
class Written:
    """Lines of a test file as the reference writes them, and the steps they load as."""

    text: str  # indented as list items of a case ("  - do: …"), without a final newline
    steps: tuple[Step, ...]  # a named setup or a startyaml block may hold several


@dataclass
class CaseDraft:
    """A setup, teardown or test while it grows snippet by snippet: its written lines and spans."""

    kind: str  # setup | teardown | test
    name: str
    pos: Pos  # the snippet that opened it
    written: list[Written] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)

    def add_snippet(self, pos: Pos, end_line: int | None) -> None:
        """Count a snippet in: `run page:LINE` finds the case by any line from its [source,…] line on."""
        self.spans.append((pos.line - 1, end_line or pos.line))

    def freeze(self) -> Case:
        steps = tuple(step for lines in self.written for step in lines.steps)
        return Case(self.name, self.pos, steps, tuple(self.spans))


@dataclass
class SuiteDraft:
    """A page's suite while it is built: its cases in page order."""

    doc: str
    path: str
    cases: list[CaseDraft] = field(default_factory=list)

    def freeze(self) -> Suite:
        first = {case.kind: case.freeze() for case in reversed(self.cases)}
        tests = tuple(case.freeze() for case in self.cases if case.kind == "test")
        return Suite(self.doc, self.path, tests, first.get("setup"), first.get("teardown"))

    def text(self) -> str:
        """The suite as Elasticsearch's generator lays it out: one `---` document per case."""
        lines: list[str] = []
        for case in self.cases:
            lines.append("---")
            lines.append(f'"{case.name}":' if case.kind == "test" else f"{case.kind}:")
            lines.extend(written.text for written in case.written)
        return "\n".join(lines) + "\n" if lines else ""
