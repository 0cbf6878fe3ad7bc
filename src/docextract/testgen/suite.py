"""A generated YAML REST test suite as data: sections of steps, each step with its text and its source."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from docextract.model import Pos


@dataclass
class Step:
    """Lines of a test as written in the file, what they load as, and the doc line they come from."""

    kind: str  # skip | do | is_false | match | named_setup | named_teardown | yaml
    text: str  # YAML lines, indented as list items of a section ("  - do: …"), without a final newline
    data: list[Any]  # the steps these lines load as (a named setup or startyaml block may hold several)
    pos: Pos  # the request, response or annotation line a failure points at
    # For a response: its lines in the docs, so that a failed match can point at the line that differs.
    lines: tuple[tuple[Pos, str], ...] = ()


@dataclass
class Section:
    """`setup:`, `teardown:` or one test ("line_12": …) of a suite."""

    kind: str  # setup | teardown | test
    name: str
    pos: Pos  # the snippet that opened it
    steps: list[Step] = field(default_factory=list)
    skip_reason: str | None = None  # the doc's skip: reason (always_skip)
    snippets: list[Pos] = field(default_factory=list)  # the snippets it is made of (continued, responses)
    # The lines they span, from the [source,…] line to the closing delimiter: `run page:LINE` selects by them.
    spans: list[tuple[int, int]] = field(default_factory=list)

    def add_snippet(self, pos: Pos, end_line: int | None) -> None:
        self.snippets.append(pos)
        self.spans.append((pos.line - 1, end_line or pos.line))


@dataclass
class Suite:
    doc: str  # the page, relative to the docs root
    path: str  # the test file, relative to rest-api-spec/test
    sections: list[Section] = field(default_factory=list)

    def section(self, kind: str) -> Section | None:
        return next((s for s in self.sections if s.kind == kind), None)

    @property
    def tests(self) -> list[Section]:
        return [s for s in self.sections if s.kind == "test"]


def render(suite: Suite) -> str:
    """The suite as Elasticsearch's generator lays it out: one `---` document per section."""
    lines: list[str] = []
    for section in suite.sections:
        lines.append("---")
        lines.append(f'"{section.name}":' if section.kind == "test" else f"{section.kind}:")
        lines.extend(step.text for step in section.steps)
    return "\n".join(lines) + "\n" if lines else ""
