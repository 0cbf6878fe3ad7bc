"""docextract tests: YAML REST test suites from the docs' snippets, as Elasticsearch's build writes them."""

from __future__ import annotations

import argparse
from pathlib import Path, PurePosixPath

from docextract.clashes import clashing, page_name
from docextract.commands.common import (
    UsageError,
    add_docs_options,
    add_output_options,
    add_paths,
    command_parser,
    open_pages,
)
from docextract.commands.generation import add_testgen_options, generate
from docextract.environment import Environment
from docextract.exitstatus import ExitStatus
from docextract.outputs import OutputFolder
from docextract.report import problems
from docextract.report.problems import plural

NAME = "tests"
# The suites' folder inside the output folder, where Elasticsearch's build puts them.
SUITES = "rest-api-spec/test"
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
    docs_root = opening.settings.docs_root
    files = {path: suite_file(path, docs_root, args.output) for path, _ in opening.pages}
    clashes = clashing(files.items(), page_name(docs_root))
    opening.printer.emit(clashes.values())
    found = [path for path in files if path not in clashes]
    with OutputFolder.open(Path(args.output), NAME, [files[path] for path in found]) as folder:
        folder.keep(files[path] for path in clashes)  # their pages are there: an earlier file is not stale
        generated = generate(opening, args, found)
        suites = generated.generation.suites
        for generated_suite in suites:
            folder.write(f"{SUITES}/{generated_suite.suite.path}", generated_suite.text)
        # Files of an earlier run for pages that no longer give tests would be run as if current.
        removed = folder.remove_stale()
    if not args.quiet:
        tests = sum(len(s.suite.tests) for s in suites)
        env.stderr.write(
            f"generated {plural(tests, 'test')} in {plural(len(suites), 'file')} under "
            f"{Path(args.output) / SUITES} from {plural(generated.snippets, 'snippet')}; "
            f"{problems.summary(len(files), opening.printer.seen)}"
            + (f"; removed {plural(removed, 'stale file')}" if removed else "")
            + "\n"
        )
    return opening.printer.exit_status()


def suite_file(page: Path, docs_root: Path, output: str) -> str:
    """Where the generator will write a page's suite, relative to the output folder: the page's path as
    the front end names it (from the docs root, else as given), with .yml."""
    try:
        source = PurePosixPath(page.resolve().relative_to(docs_root).as_posix())
    except ValueError:
        source = PurePosixPath(page.as_posix())
    if source.is_absolute() or ".." in source.parts:
        raise UsageError(
            f"{page} is outside the docs root {docs_root}, so its tests would be written outside {output}: "
            "give --docs-root a folder that holds every page"
        )
    return f"{SUITES}/{source.with_suffix('.yml').as_posix()}"
