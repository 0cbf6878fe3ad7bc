"""docextract list: every snippet with its file:line and what it becomes in the tests, and why."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from docextract.commands.common import (
    add_docs_options,
    add_output_options,
    add_paths,
    command_parser,
    open_pages,
)
from docextract.commands.generation import add_testgen_options, generate
from docextract.environment import Environment
from docextract.exitstatus import ExitStatus

if TYPE_CHECKING:
    from docextract.model import Snippet
    from docextract.testgen.state import Outcome

NAME = "list"
HELP = "list every snippet: where it is, what test it becomes and why"
DESCRIPTION = """\
List the snippets of the docs as the test generator sees them: file:line, language, what the
snippet becomes (test, continued, response, setup, teardown, ignored) and why. --format json adds
Elasticsearch's own listSnippets description of each snippet.
"""
EXAMPLES = """\
examples:
  docextract list docs/reference
  docextract list docs/reference --format json
"""


def add_parser(subparsers) -> None:
    parser = command_parser(subparsers, NAME, HELP, DESCRIPTION, EXAMPLES)
    add_paths(parser)
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    add_testgen_options(parser)
    add_docs_options(parser)
    add_output_options(parser)
    parser.set_defaults(run=run)


def reference_string(doc: str, snippet: Snippet) -> str:
    """Snippet.toString of Elasticsearch's tooling, as its listSnippets task prints it."""
    end = snippet.end_line if snippet.end_line is not None else -1
    out = [f"{doc}[{snippet.pos.line}:{end}]"]
    if snippet.language:
        out.append(f"({snippet.language})")
    if snippet.console is not None:
        out.append("// CONSOLE" if snippet.console else "// NOTCONSOLE")
    o = snippet.options
    if snippet.marked("TEST"):
        out.append("// TEST")
        if o.catch:
            out.append(f"[catch: {o.catch}]")
        if o.skip:
            out.append(f"[skip={o.skip}]")
        if o.continued:
            out.append("[continued]")
        if o.setup:
            out.append(f"[setup:{','.join(o.setup)}]")
        if o.teardown:
            out.append(f"[teardown:{','.join(o.teardown)}]")
        out.extend(f"[warning:{w}]" for w in o.warnings)
        if o.skip_shard_failures:
            out.append("[skip_shard_failures]")
    if snippet.marked("TESTRESPONSE"):
        out.append("// TESTRESPONSE" + (f"[skip={o.skip}]" if o.skip else ""))
    if snippet.marked("TESTSETUP"):
        out.append("// TESTSETUP")
    if snippet.language in ("sh", "shell") and "curl" in snippet.content:
        out.append("(curl)")
    return "".join(out)


def _as_dict(outcome: Outcome) -> dict:
    s = outcome.snippet
    return {
        "file": s.pos.file,
        "line": s.pos.line,
        "end_line": s.end_line,
        "language": s.language,
        "hidden": s.hidden,
        "becomes": outcome.becomes,
        "test": outcome.test,
        "why": outcome.why,
        "reference": reference_string(outcome.doc, s),
    }


def run(args: argparse.Namespace, env: Environment) -> ExitStatus:
    opening = open_pages(args, env, for_tests=True)
    rows = [_as_dict(o) for o in generate(opening, args).generation.outcomes]
    if args.format == "json":
        env.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
    else:
        places = [f"{r['file']}:{r['line']}" for r in rows]
        width = max(map(len, places), default=0)
        for place, r in zip(places, rows, strict=True):
            test = f" → {r['test']}" if r["test"] else ""
            hidden = " (in a comment block)" if r["hidden"] else ""
            env.stdout.write(
                f"{place:<{width}}  {r['language'] or '-':<15} {r['becomes']}{test}: {r['why']}{hidden}\n"
            )
    return opening.printer.exit_status()
