"""Options and helpers that several commands share: docs root, attributes, diagnostics output."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from docextract import pages, project
from docextract.commands import helpformat
from docextract.commands.usage import UsageError, no_such_path
from docextract.diagnostics import Diagnostic, Severity
from docextract.environment import Environment
from docextract.exitstatus import ExitStatus
from docextract.position import located
from docextract.projectkeys import ATTRIBUTE_NAME_HINT, is_attribute_name
from docextract.report import problems
from docextract.settings import Settings


class NothingSelected(Exception):
    """The inputs hold no page, or the selection no test: reported with why, exit status NOTHING_SELECTED."""


def command_parser(
    subparsers, name: str, help: str, description: str, examples: str
) -> argparse.ArgumentParser:
    """A command's parser, laid out alike for every command: help, description, then examples."""
    parser = subparsers.add_parser(
        name,
        help=help,
        description=description,
        epilog=examples,
        formatter_class=helpformat.RawDescriptionHelpFormatter,
    )
    # An unknown option is reported by this parser, with this command's usage (cli.main).
    parser.set_defaults(command_parser=parser)
    return parser


def add_paths(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="pages or folders of pages")


def add_docs_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("reading the docs")
    group.add_argument(
        "--docs-root",
        metavar="DIR",
        help="folder includes resolve against and output paths are relative to "
        "(default: the topmost folder above the input that holds an index.asciidoc, else the input folder)",
    )
    group.add_argument(
        "-a",
        "--attribute",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        type=attribute_setting,
        help="set a document attribute (NAME! unsets one); the page cannot override it; repeatable",
    )
    group.add_argument(
        "--allow-include-outside-root",
        action="store_true",
        help="follow include:: directives that leave the docs root (refused by default)",
    )


def add_output_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("reporting")
    group.add_argument(
        "--error-format",
        choices=("text", "json", "github"),
        default="text",
        help="how problems in the docs are written to stderr: text (compiler style), json (one object "
        "per line) or github (workflow commands that annotate the pull request)",
    )
    add_reporting_options(group)


def add_reporting_options(group) -> None:
    """--rule, -q and --traceback: how every command that reports problems reports them."""
    group.add_argument(
        "--rule",
        action="append",
        type=rule_setting,
        metavar="ID=SEVERITY",
        help="report rule ID as error or warning, or turn it off; wins over the settings file; repeatable",
    )
    group.add_argument("-q", "--quiet", action="store_true", help="print errors only, no warnings or summary")
    group.add_argument(
        "--traceback", action="store_true", help="show the Python traceback of an internal error"
    )


def add_spec_options(parser: argparse.ArgumentParser) -> None:
    """The files a check of the pages against the specification reads (validate, config)."""
    group = parser.add_argument_group("checking against the specification")
    group.add_argument(
        "--es-spec", metavar="FILE", help="the Elasticsearch specification to check pages against"
    )
    group.add_argument("--baseline", metavar="FILE", help="known problems, not reported again")


def attribute_setting(text: str) -> str:
    """An argparse type: -a NAME=VALUE or NAME!, its name one the settings file's [attributes] takes."""
    name, sep, _ = text.partition("=")
    name = name[:-1] if name.endswith("!") and not sep else name
    if not name:
        raise argparse.ArgumentTypeError(f"{text!r}: give NAME=VALUE, as in version=8.10, or NAME! to unset")
    if not is_attribute_name(name):
        raise argparse.ArgumentTypeError(f"`{name}` is not an attribute name ({ATTRIBUTE_NAME_HINT})")
    return text


def rule_setting(text: str) -> tuple[str, str]:
    """An argparse type: --rule ID=SEVERITY as (id, severity), or a usage error that says what is wrong."""
    rule, sep, severity = text.partition("=")
    if not sep:
        raise argparse.ArgumentTypeError(f"{text!r}: give ID=SEVERITY, as in mismatched-endif=error")
    from docextract.projectfile import rule_problem  # the settings file's checks, loaded for --rule

    wrong = rule_problem(rule, severity)
    if wrong is not None:
        title, hint, _ = wrong
        raise argparse.ArgumentTypeError(f"{title} ({hint})")
    return rule, severity


def existing_paths(values: list[str]) -> list[Path]:
    paths = [Path(v) for v in values]
    for path in paths:
        if not path.exists():
            raise no_such_path(path)
    return paths


def settings(args: argparse.Namespace, inputs: list[Path], for_tests: bool = False) -> Settings:
    root = Path(args.docs_root) if args.docs_root else pages.docs_root(inputs)
    if not root.is_dir():
        raise UsageError(f"--docs-root is not a folder: {root}")
    attributes: dict[str, str | None] = {}
    for entry in args.attribute:
        name, sep, value = entry.partition("=")
        if name.endswith("!") and not sep:  # attribute_setting has checked the name
            attributes[name[:-1]] = None
        else:
            attributes[name] = value
    return Settings(root.resolve(), attributes, args.allow_include_outside_root, for_tests)


# Errors that say a file could not be read, not that the docs are wrong.
UNREADABLE_CODES = frozenset({"page-unreadable", "include-unreadable"})


def status_of(found: Iterable[Diagnostic]) -> ExitStatus:
    """Internal errors first (they hide what a page holds), then files that could not be read, then
    errors in the docs."""
    errors = [d.code for d in found if d.severity is Severity.ERROR]
    if "internal-error" in errors:
        return ExitStatus.INTERNAL_ERROR
    if UNREADABLE_CODES.intersection(errors):
        return ExitStatus.IO_ERROR
    return ExitStatus.DOCS_ERROR if errors else ExitStatus.OK


class SourceLines:
    """Lines of the docs' files, read once, for showing the line a problem or a failure is on."""

    def __init__(self, docs_root: Path):
        self.docs_root = docs_root
        self._files: dict[str, list[str] | None] = {}  # by the name positions give (located once)

    def __call__(self, file: str, line: int) -> str | None:
        if file not in self._files:
            # Most problems come with their line: read as a page is (never a FIFO, never past the bound).
            from docextract.syntax.pagefile import read_page_file

            found = read_page_file(located(file, self.docs_root))
            self._files[file] = getattr(found, "lines", None)
        lines = self._files[file]
        return lines[line - 1] if lines and 0 < line <= len(lines) else None


class DiagnosticPrinter:
    """Writes diagnostics to stderr as they arrive, in the format asked for."""

    def __init__(self, env: Environment, args: argparse.Namespace, docs_root: Path):
        self.env, self.format, self.quiet = env, args.error_format, args.quiet
        self.docs_root = docs_root
        self.read_line = SourceLines(docs_root)
        # The project's severities (settings file, --rule): rule id → error, warning or off.
        self.severities: dict[str, str] = dict(getattr(args, "rules", None) or {})
        self.seen: list[Diagnostic] = []
        self._shown: dict[str, str] = {}

    def exit_status(self) -> ExitStatus:
        return status_of(self.seen)

    def emit(self, diagnostics: Iterable[Diagnostic]) -> None:
        """Every diagnostic of a command passes here: at the severity the project gives its rule, or
        dropped when the project turned the rule off (then it counts nowhere, exit status included)."""
        for diagnostic in self.judged(diagnostics):
            self.seen.append(diagnostic)
            if self.quiet and diagnostic.severity is not Severity.ERROR:
                continue
            if self.format == "json":
                self.env.stderr.write(problems.json_lines([diagnostic]))
            elif self.format == "github":
                self.env.stderr.write(problems.github(diagnostic, self.docs_root) + "\n")
            else:
                self.env.stderr.write(
                    problems.text(self._as_seen_from_here(diagnostic), self.read_line) + "\n\n"
                )

    def judged(self, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
        """The diagnostics at the project's severities; those of a rule turned off are left out."""
        judged = []
        for found in diagnostics:
            severity = self.severities.get(found.code)
            if severity != "off":
                judged.append(replace(found, severity=Severity(severity)) if severity else found)
        return judged

    def note(self, text: str) -> None:
        """A line saying what the command chose for the user (not a problem); -q hides it."""
        if not self.quiet:
            self.env.stderr.write(text + "\n")

    def shown(self, file: str) -> str:
        """A docs-root-relative file as the user can open it from where they stand (once a file: the
        problems of a page name the same few files again and again)."""
        if file not in self._shown:
            self._shown[file] = os.path.relpath(located(file, self.docs_root))
        return self._shown[file]

    def _as_seen_from_here(self, diagnostic: Diagnostic) -> Diagnostic:
        """The diagnostic with its files relative to the current folder, and its source line read."""
        pos = diagnostic.pos
        if pos is None:
            return diagnostic
        line = diagnostic.source_line
        if line is None:
            line = self.read_line(pos.file, pos.line)
        return replace(
            diagnostic,
            pos=replace(pos, file=self.shown(pos.file)),
            included_from=tuple(replace(p, file=self.shown(p.file)) for p in diagnostic.included_from),
            source_line=line,
        )


@dataclass(frozen=True)
class Opening:
    """What every command that reads pages starts with."""

    inputs: list[Path]
    settings: Settings
    printer: DiagnosticPrinter
    # The settings file's globs, matched against the pages' paths from the docs root.
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    @cached_property
    def found(self) -> list[tuple[Path, Path]]:
        """(page, base) pairs under the inputs, include and exclude not applied yet."""
        return pages.find(self.inputs)

    @cached_property
    def pages(self) -> list[tuple[Path, Path]]:
        """(page, base) pairs under the inputs, found once (a docs tree is walked one time), without the
        pages the settings leave out."""
        return project.select(self.found, self.inputs, self.settings.docs_root, self.include, self.exclude)


def open_pages(
    args: argparse.Namespace, env: Environment, inputs: list[Path] | None = None, for_tests: bool = False
) -> Opening:
    """The inputs (the PATH arguments unless given), the settings, and a printer for the problems."""
    checked = inputs is None
    inputs = existing_paths(args.paths) if inputs is None else inputs
    config = settings(args, inputs, for_tests)
    printer = DiagnosticPrinter(env, args, config.docs_root)
    globs = tuple(getattr(args, "include", None) or ()), tuple(getattr(args, "exclude", None) or ())
    opening = Opening(inputs, config, printer, *globs)
    if checked and not opening.pages:
        shown = ", ".join(str(path) for path in inputs)
        suffixes = " or ".join(f"*{suffix}" for suffix in pages.SUFFIXES)
        left_out = len(opening.found)
        why = f" (the settings' include and exclude leave out all {left_out} found)" if left_out else ""
        raise NothingSelected(f"no page ({suffixes}) under {shown}{why}")
    return opening
