"""A YAML REST test suite as data: what the test generator makes of a page and the runner replays."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docextract.position import Pos


@dataclass(frozen=True)
class Step:
    """One step of a case (`do`, `match`, `skip`, …) as YAML loads it, and the doc line it comes from."""

    data: Any  # {"do": {…}}: a mapping with one key, unless the file is wrong
    pos: Pos  # the request, response or annotation line a failure points at
    # For a response: its lines in the docs, so that a failed match can point at the line that differs.
    lines: tuple[tuple[Pos, str], ...] = ()


@dataclass(frozen=True)
class Case:
    """A test of a suite (`line_12`), or the suite's setup or teardown."""

    name: str
    pos: Pos  # the snippet (or, in a YAML file, the line) that opened it
    steps: tuple[Step, ...] = ()
    # The doc lines its snippets span, from the [source,…] line to the closing delimiter:
    # `docextract run page:LINE` selects the case by them.
    spans: tuple[tuple[int, int], ...] = ()

    def covers(self, line: int) -> bool:
        return any(first <= line <= last for first, last in self.spans)


@dataclass(frozen=True)
class Suite:
    """The tests of one page (or one YAML test file), with the setup and teardown each of them gets."""

    doc: str  # the page, relative to the docs root, or the test file as given
    path: str  # the test file, relative to rest-api-spec/test
    tests: tuple[Case, ...] = ()
    setup: Case | None = None
    teardown: Case | None = None
