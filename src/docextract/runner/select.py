"""Which tests run: `-k TEXT` on `page::name`, `page:LINE` on the lines a test's snippets span, and the
pages of one part of a shard (or of one process's share of a run)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace

from docextract.suite import Case, Suite


@dataclass(frozen=True)
class Selection:
    """The tests asked for: `-k TEXT` and `page:LINE`; with neither, every test."""

    keyword: str | None = None  # -k: part of "page::test name"
    lines: dict[str, int] = field(default_factory=dict)  # page → the line given as page:LINE

    def wants(self, suite: Suite, test: Case) -> bool:
        if self.keyword and self.keyword not in f"{suite.doc}::{test.name}":
            return False
        line = self.lines.get(suite.doc)
        return line is None or test.covers(line)

    def apply(self, suites: list[Suite]) -> list[Suite]:
        """The suites with only the tests selected; a suite left without tests is left out."""
        chosen = []
        for suite in suites:
            if self.lines and suite.doc not in self.lines:
                continue
            tests = tuple(test for test in suite.tests if self.wants(suite, test))
            if tests:
                chosen.append(replace(suite, tests=tests))
        return chosen

    def why_nothing(self, suites: list[Suite]) -> str:
        """Why apply() gave nothing, in words that say what to change."""
        tests = sum(len(suite.tests) for suite in suites)
        if not tests:
            return f"the {_count(len(suites), 'suite')} hold no test: no snippet of the pages becomes a test"
        for doc, line in self.lines.items():
            # A span starts at the [source,…] line of a snippet.
            starts = sorted(first for s in suites if s.doc == doc for t in s.tests for first, _ in t.spans)
            if not any(suite.doc == doc for suite in suites):
                return f"{doc} gives no test"
            if self.keyword is None or not starts:
                listed = ", ".join(map(str, starts[:12])) + (", …" if len(starts) > 12 else "")
                return f"no test snippet spans {doc}:{line}; its test snippets start at lines {listed}"
        example = next(f"{suite.doc}::{test.name}" for suite in suites for test in suite.tests)
        where = f" in {', '.join(f'{doc}:{line}' for doc, line in self.lines.items())}" if self.lines else ""
        return (
            f"no test name contains {self.keyword!r}{where} ({_count(tests, 'test')} in "
            f"{_count(len(suites), 'page')}; names look like {example})"
        )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def shard(weights: dict[str, int], part: int, parts: int) -> set[str]:
    """The names (pages) of part `part` (from 1) of `parts` disjoint parts that together hold every name.

    Balanced by weight (the page's tests): the heaviest first, each to the lightest part so far. A page
    that weighs nothing goes where a hash of its name says. Ties are broken by that hash, never by the
    order the pages were found in: every machine of a CI matrix computes the same parts from the same
    pages, whatever its file system lists first."""
    load = [0] * parts
    mine: set[str] = set()
    for name in sorted(weights, key=lambda name: (-weights[name], _digest(name))):
        if weights[name] > 0:
            lightest = min(range(parts), key=lambda index: (load[index], index))
        else:
            lightest = int(_digest(name), 16) % parts
        load[lightest] += weights[name]
        if lightest == part - 1:
            mine.add(name)
    return mine


def _digest(name: str) -> str:
    # Not hash(): Python salts it per process.
    return hashlib.sha1(name.encode("utf-8")).hexdigest()
