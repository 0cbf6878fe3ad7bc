"""The options of the commands that generate tests (tests, list, run), and the generation they share."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from docextract import pages
from docextract.commands.common import Opening, UsageError
from docextract.diagnostics import Diagnostic, Diagnostics
from docextract.settings import Settings
from docextract.testgen import DEFAULT_NAMES

if TYPE_CHECKING:
    from docextract.testgen.generate import Generation, Options

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


def options(args: argparse.Namespace, diagnostics: Diagnostics) -> Options:
    """The generator's options: the --set values and the --setups file, read (its problems reported)."""
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


@dataclass(frozen=True)
class Generated:
    generation: Generation
    pages: int
    snippets: int


def generate_tests(
    found: list[Path], settings: Settings, options: Options, emit: Callable[[Iterable[Diagnostic]], None]
) -> Generated:
    """Read every page as it stands and generate its tests; problems go to emit as found."""
    from docextract.testgen.generate import Generator

    generator = Generator(options)
    readers = pages.Readers()
    count = 0
    for path in found:
        page, diagnostics = readers.read(path, settings)
        count += len(page.snippets)
        emit(diagnostics)
        emit(generator.add_page(page))
    generation = generator.finish()
    emit(generation.diagnostics)
    return Generated(generation, len(found), count)


def generate(opening: Opening, args: argparse.Namespace) -> Generated:
    """The tests of the command's pages, with the options of its command line."""
    startup = Diagnostics()
    generator_options = options(args, startup)
    opening.printer.emit(startup.items)
    found = [path for path, _ in opening.pages]
    return generate_tests(found, opening.settings, generator_options, opening.printer.emit)
