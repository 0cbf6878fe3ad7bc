"""docextract tests: YAML REST test suites from the docs' snippets, as Elasticsearch's build writes them."""

from __future__ import annotations

import argparse
from pathlib import Path

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
from docextract.report import problems

NAME = "tests"
HELP = "extract Elasticsearch-compatible YAML REST test suites from the snippets"
DESCRIPTION = """\
Turn every snippet into YAML REST tests the way Elasticsearch's RestTestsFromDocSnippetTask does:
one file per page under OUT/rest-api-spec/test/ (the page's path with .yml), a test per request
snippet (named line_N after its opening ---- line, or its id=), // TEST and // TESTRESPONSE options
honoured, named setups inlined. Each page is read as it stands: includes are not expanded.
"""
EXAMPLES = """\
examples:
  docextract tests docs/reference -o build/rest
  docextract tests docs/reference -o build/rest --setups docs/build.gradle
  docextract tests docs/reference -o build/rest --setups setups.yaml \\
      --set version=8.13.0 --set lucene_version=9.10.0
"""


def add_parser(subparsers) -> None:
    parser = command_parser(subparsers, NAME, HELP, DESCRIPTION, EXAMPLES)
    add_paths(parser)
    parser.add_argument(
        "-o", "--output", metavar="DIR", required=True, help="write the suites under DIR/rest-api-spec/test"
    )
    add_testgen_options(parser)
    add_docs_options(parser)
    add_output_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, env: Environment) -> ExitStatus:
    opening = open_pages(args, env, for_tests=True)
    generated = generate(opening, args)
    root = Path(args.output) / "rest-api-spec" / "test"
    suites = generated.generation.suites
    written = set()
    for generated_suite in suites:
        target = root / generated_suite.suite.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(generated_suite.text, "utf-8")
        written.add(target.resolve())
    # Files of an earlier run for pages that no longer give tests would be run as if current.
    stale = [p for p in root.rglob("*.yml") if p.resolve() not in written] if root.is_dir() else []
    for path in stale:
        path.unlink()
    if not args.quiet:
        tests = sum(len(s.suite.tests) for s in suites)
        env.stderr.write(
            f"generated {tests} tests in {len(suites)} files under {root} "
            f"from {generated.snippets} snippets; "
            f"{problems.summary(generated.pages, opening.printer.seen)}"
            + (f"; removed {len(stale)} stale files" if stale else "")
            + "\n"
        )
    return opening.printer.exit_status()
