"""Options of the commands that generate tests (tests, list, run), and the generation they share."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from docextract import discover
from docextract.asciidoc.files import FileCache
from docextract.commands.common import DiagnosticPrinter, UsageError
from docextract.diagnostics import Diagnostics
from docextract.settings import Settings
from docextract.testgen import DEFAULT_NAMES

# The generator's modules load grammars: they are imported when a command runs, so that --help and
# the other commands do not pay for them.


def add_testgen_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("generating tests")
    group.add_argument(
        "--setups",
        metavar="FILE",
        help="named setups and teardowns: Elasticsearch's docs/build.gradle, or a YAML file "
        "(setups: {NAME: [steps]}, teardowns: {NAME: [steps]})",
    )
    group.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help=f"a value for the default substitutions {{{'}, {'.join(DEFAULT_NAMES)}}}; repeatable",
    )
    group.add_argument(
        "--lenient-substitutions",
        action="store_true",
        help="a substitution that matches nothing is a warning, not an error",
    )


def options(args: argparse.Namespace, diagnostics: Diagnostics):
    values: dict[str, str] = {}
    for entry in args.set:
        name, sep, value = entry.partition("=")
        if not sep or name not in DEFAULT_NAMES:
            raise UsageError(
                f"--set needs NAME=VALUE with NAME one of {', '.join(DEFAULT_NAMES)}; got {entry!r}"
            )
        values[name] = value
    from docextract.setupfiles import read_setups
    from docextract.setups import Setups
    from docextract.testgen.generate import Options

    setups = Setups()
    if args.setups:
        path = Path(args.setups)
        if not path.is_file():
            raise UsageError(f"--setups: no such file: {path}")
        setups = read_setups(path, diagnostics)
    return Options(setups, values, args.lenient_substitutions)


@dataclass
class Generated:
    generator: object  # testgen.generate.Generator
    suites: list  # of testgen.suite.Suite
    pages: int
    snippets: int


def generate(
    inputs: list[Path], config: Settings, args: argparse.Namespace, printer: DiagnosticPrinter
) -> Generated:
    """Read every page as it stands and run the generator over them, reporting problems as they come."""
    from docextract.testgen.docs import read_snippets
    from docextract.testgen.generate import Generator

    startup = Diagnostics()
    generator = Generator(options(args, startup), Diagnostics())
    printer.emit(startup.items)
    files = FileCache()
    pages = [path for path, _ in discover.pages(inputs)]
    count = 0
    for path in pages:
        diagnostics = Diagnostics()
        generator.diagnostics = diagnostics
        doc, snippets = read_snippets(path, config.docs_root, diagnostics, files)
        count += len(snippets)
        generator.add_doc(doc, snippets)
        printer.emit(diagnostics.items)
    final = Diagnostics()
    generator.diagnostics = final
    suites = generator.finish()
    printer.emit(final.items)
    return Generated(generator, suites, len(pages), count)
