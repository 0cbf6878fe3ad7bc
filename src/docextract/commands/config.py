"""docextract config: the settings in force for the docs at PATH (or here), and where each comes from."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from docextract import pages
from docextract.commands.common import (
    add_docs_options,
    add_output_options,
    add_spec_options,
    command_parser,
    existing_paths,
)
from docextract.commands.generation import add_testgen_options, setups_file
from docextract.environment import Environment
from docextract.exitstatus import ExitStatus
from docextract.project import DEFAULT, Project, Setting
from docextract.projectkeys import KEYS, PATH_KEYS

NAME = "config"
HELP = "show the settings in force and where each comes from"
DESCRIPTION = """\
Show the settings the other commands use for the docs at PATH (default: the current folder), and
where each comes from: the command line, the settings file, a default, or a file found beside the
docs. The settings file is [tool.docextract] in the nearest pyproject.toml, or a docextract.toml
(which wins in the same folder), looked for from PATH's folder upward to the repository's root.
Command-line options win over the file; give them here to see what they change.
"""
EXAMPLES = """\
examples:
  docextract config
  docextract config docs/reference
  docextract config docs/reference --rule setup-not-found=warning --format json
"""
_ROOT_DEFAULT = "default: the topmost folder above PATH holding an index.asciidoc, else PATH's folder"


def add_parser(subparsers) -> None:
    parser = command_parser(subparsers, NAME, HELP, DESCRIPTION, EXAMPLES)
    parser.add_argument("path", nargs="?", metavar="PATH", help="the docs (default: the current folder)")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    add_docs_options(parser)
    add_testgen_options(parser, values=False)
    add_spec_options(parser)
    add_output_options(parser)
    parser.set_defaults(run=run)


def _shown(key: str, value: object) -> object:
    """A value as JSON shows it: paths relative to the current folder, globs as a list."""
    if key in PATH_KEYS and value is not None:
        return os.path.relpath(value)
    return list(value) if isinstance(value, tuple) else value


def _entry(key: str, setting: Setting) -> dict[str, object]:
    return {"value": _shown(key, setting.value), "origin": setting.origin}


def in_force(project: Project, args: argparse.Namespace) -> dict[str, object]:
    """Every setting with its origin, the docs root and the setups file as the commands find them."""
    from docextract import rules  # the catalogue loads only for the commands that show it

    values = dict(project.values)
    inputs = existing_paths([args.path]) if args.path else [Path.cwd()]
    root = Path(args.docs_root) if args.docs_root else pages.docs_root(inputs)
    if values["docs-root"].origin == DEFAULT:
        values["docs-root"] = Setting(root, _ROOT_DEFAULT)
    source = setups_file(args, root.absolute())
    if source is not None:
        values["setups"] = Setting(*source)
    shown: dict[str, object] = {}
    for key in KEYS:
        if key == "attributes":
            shown[key] = {name: _entry(key, setting) for name, setting in project.attributes.items()}
        elif key == "rules":
            shown[key] = {
                rule.id: _entry(key, project.rules.get(rule.id, Setting(rule.severity.value, DEFAULT)))
                | {"default": rule.severity.value}
                for rule in rules.RULES
            }
        else:
            shown[key] = _entry(key, values[key])
    return shown


def _text(key: str, value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(value) if value else ("(every page)" if key == "include" else "(none)")
    return "(none)" if value is None else str(value)


def _rows(shown: dict) -> list[tuple[str, str, str]]:
    """(key, value, origin) lines: one per attribute, and the rules a project changed."""
    rows: list[tuple[str, str, str]] = []
    for key, entry in shown.items():
        if key == "attributes":
            rows += [
                (f"attributes.{name}", "(unset)" if e["value"] is None else e["value"], e["origin"])
                for name, e in entry.items()
            ] or [("attributes", "(none)", DEFAULT)]
        elif key == "rules":
            changed = {rule: e for rule, e in entry.items() if e["origin"] != DEFAULT}
            rows += [
                (f"rules.{rule}", f"{e['value']} (default {e['default']})", e["origin"])
                for rule, e in changed.items()
            ]
            rows.append(
                ("rules", f"the other {len(entry) - len(changed)} at their default severity", DEFAULT)
            )
        else:
            rows.append((key, _text(key, entry["value"]), entry["origin"]))
    return rows


def render_text(file: str | None, searched: list[str], shown: dict) -> str:
    found = file or f"none found, searched: {', '.join(searched)}"
    rows = _rows(shown)
    width = max(len(key) for key, _, _ in rows)
    value_width = max(len(value) for _, value, _ in rows)
    lines = [f"settings file: {found}", *(f"{k:<{width}}  {v:<{value_width}}  {o}" for k, v, o in rows)]
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace, env: Environment) -> ExitStatus:
    project: Project = args.project
    shown = in_force(project, args)
    file = os.path.relpath(project.file) if project.file else None
    searched = [os.path.relpath(folder) for folder in project.searched]
    if args.format == "json":
        document = {"settings_file": file, "searched": searched, "settings": shown}
        env.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    else:
        env.stdout.write(render_text(file, searched, shown))
    return ExitStatus.OK
