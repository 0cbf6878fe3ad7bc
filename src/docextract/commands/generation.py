"""The options of the commands that generate tests (tests, list, run), and the generation they share."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from docextract import pages
from docextract.commands.common import Opening
from docextract.commands.usage import option_error
from docextract.diagnostics import Diagnostic, Diagnostics
from docextract.project import COMMAND_LINE
from docextract.settings import Settings
from docextract.testgen import DEFAULT_NAMES

if TYPE_CHECKING:
    from docextract.testgen.generate import Generation, Options

# The generator's modules load grammars: they are imported when a command runs, so that --help and
# the other commands do not pay for them.


def add_testgen_options(parser: argparse.ArgumentParser, values: bool = True) -> None:
    """--setups and --lenient-substitutions; with values, --set (which the settings file does not hold)."""
    group = parser.add_argument_group("generating tests")
    group.add_argument(
        "--setups",
        metavar="FILE",
        help="named setups and teardowns: Elasticsearch's docs/build.gradle, or a YAML file "
        "(setups: {NAME: [steps]}, teardowns: {NAME: [steps]}). Default: build.gradle in the folder "
        "above the docs root (where Elasticsearch keeps it), else setups.yaml in the docs root",
    )
    if values:
        group.add_argument(
            "--set",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            type=set_value,
            help=f"a value for the default substitutions {{{'}, {'.join(DEFAULT_NAMES)}}}, Java replacement "
            "text as Elasticsearch's build applies it (\\$ for a dollar, \\\\ for a backslash); repeatable",
        )
    group.add_argument(
        "--lenient-substitutions",
        action="store_true",
        help="a substitution that matches nothing is a warning, not an error",
    )


def set_value(text: str) -> tuple[str, str]:
    """An argparse type: --set NAME=VALUE as (name, value), or a usage error that says what is wrong.
    The value replaces {NAME} as Elasticsearch's build replaces it: as Java replacement text."""
    name, sep, value = text.partition("=")
    if not sep or name not in DEFAULT_NAMES:
        raise argparse.ArgumentTypeError(
            f"give NAME=VALUE with NAME one of {', '.join(DEFAULT_NAMES)}; got {text!r}"
        )
    from docextract.testgen.substitute import SubstitutionError, substitute

    try:
        substitute(f"{{{name}}}", f"\\{{{name}\\}}", value)
    except SubstitutionError as err:
        raise argparse.ArgumentTypeError(
            f"{name}={value}: {err} (the value is Java replacement text, as Elasticsearch's build applies "
            "it: write \\$ for a dollar, \\\\ for a backslash)"
        ) from None
    return name, _released(value) if name == "lucene_version" else value


# Where a setups file nobody named came from.
FOUND = "found beside the docs root"


def discover_setups(docs_root: Path) -> Path | None:
    """The setups file where Elasticsearch keeps it: build.gradle in the folder above the docs root
    (docs/build.gradle beside docs/reference), else setups.yaml in the docs root. A build.gradle that
    does not define buildRestTests (a project's own build script) is passed over."""
    gradle = docs_root.parent / "build.gradle"
    if gradle.is_file() and _defines_rest_tests(gradle):
        return gradle
    own = docs_root / "setups.yaml"
    return own if own.is_file() else None


def _defines_rest_tests(gradle: Path) -> bool:
    try:
        return b"buildRestTests" in gradle.read_bytes()
    except OSError:
        return True  # read_setups reports why it cannot be read


def setups_file(args: argparse.Namespace, docs_root: Path) -> tuple[Path, str] | None:
    """The setups file in force and where it came from: --setups, else the settings file's setups
    (origin: the file and line), else the one found beside the docs root (origin: FOUND)."""
    if args.setups:
        given = getattr(args, "project", None)
        return Path(args.setups), given.values["setups"].origin if given else COMMAND_LINE
    found = discover_setups(docs_root)
    return (found, FOUND) if found else None


def _released(lucene_version: str) -> str:
    """A Lucene version as the reference substitutes it: without a trailing -snapshot-<hash>."""
    head, snapshot, commit = lucene_version.rpartition("-snapshot-")
    is_hash = bool(commit) and all(c in "0123456789abcdef" for c in commit.lower())
    return head if snapshot and is_hash else lucene_version


def options(args: argparse.Namespace, opening: Opening, diagnostics: Diagnostics) -> Options:
    """The generator's options: the --set values and the setups file, read (its problems reported).
    A setups file that was found, not named, is announced on stderr (unless -q)."""
    values = dict(getattr(args, "set", None) or [])  # checked by set_value
    from docextract.setupfiles import read_setups
    from docextract.setups import Setups
    from docextract.testgen.options import Options

    setups = Setups()
    source = setups_file(args, opening.settings.docs_root)
    if source is not None:
        path, origin = source
        if not path.exists() and not path.is_symlink():  # anything else is read, or says what it is
            raise option_error(args, "setups", f"no such file: {path}", "check the path")
        if origin == FOUND:
            opening.printer.note(f"using setups from {opening.printer.shown(str(path))}")
        # Named from the docs root as pages are (../build.gradle beside reference/), never absolute.
        shown = os.path.relpath(path.resolve(), opening.settings.docs_root)
        setups = read_setups(path, diagnostics, Path(shown).as_posix())
    return Options(setups, values, bool(args.lenient_substitutions))


@dataclass(frozen=True)
class Generated:
    """The tests generated from the pages, with how many pages and snippets they came from."""

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


def generate(opening: Opening, args: argparse.Namespace, found: list[Path] | None = None) -> Generated:
    """The tests of the command's pages (or of found, some of them), with the options of its command line."""
    startup = Diagnostics()
    generator_options = options(args, opening, startup)
    opening.printer.emit(startup.items)
    found = [path for path, _ in opening.pages] if found is None else found
    return generate_tests(found, opening.settings, generator_options, opening.printer.emit)
