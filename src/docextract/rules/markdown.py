"""Rules on reading a Markdown page that no AsciiDoc page meets: its front matter and its docset file."""

from docextract.diagnostics import Severity
from docextract.rules.rule import Rule

E, W = Severity.ERROR, Severity.WARNING


def _rule(id: str, severity: Severity, checks: str, example: str) -> Rule:
    return Rule(id, severity, checks, example, "markdown")


RULES = (
    _rule(
        "front-matter-invalid",
        E,
        "the YAML front matter of a Markdown page parses to a mapping",
        "---\nnavigation_title: [unclosed\n---",
    ),
    _rule(
        "docset-invalid",
        W,
        "the docset.yml above Markdown pages is YAML whose `subs:` maps names to values",
        "subs: [es, kib]",
    ),
)
