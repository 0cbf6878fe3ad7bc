"""A rule: an id, its default severity, what it checks and an example."""

from __future__ import annotations

from dataclasses import dataclass

from docextract.diagnostics import Severity


@dataclass(frozen=True)
class Rule:
    """One rule of the catalogue: its id, default severity, what it checks, an example and its group."""

    id: str  # the diagnostic's code
    severity: Severity  # by default; a project may raise, lower or turn it off
    checks: str  # what it checks, one sentence
    example: str  # a line (or a few) that breaks it
    group: str  # files, snippets, tests, setups, pages, spec


def maker(group: str):
    """Rule(id, severity, checks, example) for the rules of one group, as its module lists them."""

    def rule(id: str, severity: Severity, checks: str, example: str) -> Rule:
        return Rule(id, severity, checks, example, group)

    return rule
