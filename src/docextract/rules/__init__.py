"""The catalogue of rules: every kind of problem docextract reports, with its default severity."""

from __future__ import annotations

from docextract.rules import baseline, files, markdown, pages, setups, snippets, spec, tests
from docextract.rules.rule import Rule

__all__ = ["BY_ID", "RULES", "SEVERITIES", "Rule"]

# Each group's rules stand together; this is the order of `docextract rules`.
RULES: tuple[Rule, ...] = (
    *files.RULES,
    *markdown.RULES,
    *snippets.RULES,
    *tests.RULES,
    *setups.RULES,
    *pages.RULES,
    *spec.RULES,
    *baseline.RULES,
)
BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}
SEVERITIES = ("error", "warning", "off")  # what a project may set a rule to
