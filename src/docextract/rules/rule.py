"""A rule: an id, its default severity, what it checks and an example."""

from __future__ import annotations

from dataclasses import dataclass

from docextract.diagnostics import Severity


@dataclass(frozen=True)
class Rule:
    id: str  # the diagnostic's code
    severity: Severity  # by default; a project may raise, lower or turn it off
    checks: str  # what it checks, one sentence
    example: str  # a line (or a few) that breaks it
    group: str  # files, snippets, tests, setups, pages, spec
