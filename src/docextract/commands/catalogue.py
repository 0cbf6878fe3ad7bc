"""docextract rules: every rule docextract checks, with its id, default severity and an example."""

from __future__ import annotations

import argparse
import json

from docextract.commands.common import command_parser
from docextract.environment import Environment
from docextract.exitstatus import ExitStatus

NAME = "rules"
HELP = "list every rule: id, default severity, what it checks, an example"
DESCRIPTION = """\
List the rules `docextract validate` checks (and the other commands report when they meet them):
the id that names a finding, its default severity, what it checks and an example that breaks it.
A project sets a rule to error, warning or off in its settings file.
"""
EXAMPLES = """\
examples:
  docextract rules
  docextract rules --format json
  docextract rules --format markdown    # the table in the README
"""


def add_parser(subparsers) -> None:
    parser = command_parser(subparsers, NAME, HELP, DESCRIPTION, EXAMPLES)
    parser.add_argument(
        "--format", choices=("text", "json", "markdown"), default="text", help="output format (default: text)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, env: Environment) -> ExitStatus:
    env.stdout.write({"json": as_json, "markdown": as_markdown}.get(args.format, as_text)())
    return ExitStatus.OK


def as_text() -> str:
    from docextract import rules  # the catalogue loads only for the commands that show it

    width = max(len(rule.id) for rule in rules.RULES)
    out = []
    for group in dict.fromkeys(rule.group for rule in rules.RULES):
        out.append(f"{group}:")
        for rule in rules.RULES:
            if rule.group == group:
                example = rule.example.replace("\n", " ⏎ ")
                out.append(f"  {rule.id:<{width}}  {rule.severity.value:<7}  {rule.checks}")
                out.append(f"  {'':<{width}}  {'':<7}  e.g. {example}")
        out.append("")
    return "\n".join(out)


def as_json() -> str:
    from docextract import rules  # the catalogue loads only for the commands that show it

    return "".join(
        json.dumps(
            {
                "id": r.id,
                "severity": r.severity.value,
                "group": r.group,
                "checks": r.checks,
                "example": r.example,
            },
            ensure_ascii=False,
        )
        + "\n"
        for r in rules.RULES
    )


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ⏎ ")


def as_markdown() -> str:
    from docextract import rules  # the catalogue loads only for the commands that show it

    out = ["| rule | default | group | checks | example |", "|---|---|---|---|---|"]
    for r in rules.RULES:
        example = "`" + _cell(r.example).replace("`", "'") + "`"
        out.append(f"| `{r.id}` | {r.severity.value} | {r.group} | {_cell(r.checks)} | {example} |")
    return "\n".join(out) + "\n"
