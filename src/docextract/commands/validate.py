"""docextract validate: every rule on the docs, for CI and for a writer before pushing."""

from __future__ import annotations

import argparse
import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from docextract import __version__
from docextract.commands.common import (
    DiagnosticPrinter,
    UsageError,
    add_docs_options,
    add_paths,
    add_reporting_options,
    command_parser,
    open_pages,
    status_of,
)
from docextract.commands.generation import add_testgen_options, options
from docextract.commands.options import positive_int
from docextract.commands.usage import option_error
from docextract.diagnostics import Diagnostic, Diagnostics, Severity
from docextract.environment import Environment
from docextract.exitstatus import ExitStatus
from docextract.position import located
from docextract.report import problems
from docextract.report.problems import plural

if TYPE_CHECKING:
    from docextract.baseline import Baseline

NAME = "validate"
HELP = "check the docs against every rule: a CI gate, or a check before pushing"
DESCRIPTION = """\
Check the docs against every rule (`docextract rules` lists them): the pages as `convert` reads
them (includes, parameters, response codes, snippets), the tests `tests` would generate from them
(annotations, setups, substitutions) and, with --es-spec, the Elasticsearch specification.

Findings go to stdout in the format asked for, a summary to stderr. The exit status is 3 when an
error is found (warnings do not fail), 0 otherwise.
"""
EXAMPLES = """\
examples:
  docextract validate docs/reference
  docextract validate docs/reference --format github
  docextract validate docs/reference --format sarif > docs.sarif
  docextract validate docs/reference --changed-since origin/main
  docextract validate docs/reference --baseline .docextract-baseline.yaml
  docextract validate docs/reference --write-baseline .docextract-baseline.yaml
  docextract validate docs/reference --es-spec schema.json
"""
FORMATS = ("text", "github", "json", "sarif")


def add_parser(subparsers) -> None:
    parser = command_parser(subparsers, NAME, HELP, DESCRIPTION, EXAMPLES)
    add_paths(parser)
    group = parser.add_argument_group("validating")
    group.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (compiler style), github (workflow commands that annotate a pull request), json (one "
        "object per line) or sarif (SARIF 2.1.0 for code-scanning views); default: text",
    )
    group.add_argument(
        "--changed-since",
        metavar="REV",
        help="only the pages changed since the git revision REV (from its merge base with HEAD, work tree "
        "included), and every page that includes a changed file",
    )
    group.add_argument(
        "--baseline",
        metavar="FILE",
        help="findings listed in this baseline do not fail the run; entries past their expiry date do",
    )
    group.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="write today's findings as a baseline (reasons and expiry dates of entries already there kept)",
    )
    group.add_argument(
        "--es-spec",
        metavar="FILE",
        help="also check endpoints, parameters and availability against the Elasticsearch specification "
        "(its schema.json)",
    )
    group.add_argument(
        "-j", "--jobs", type=positive_int, metavar="N", help="pages read in parallel (default: the CPUs)"
    )
    group.add_argument(
        "--no-cache",
        dest="no_cache",
        action="store_true",
        help="read every page: neither use nor keep what an earlier run found (see the README)",
    )
    add_reporting_options(group)
    add_testgen_options(parser)
    add_docs_options(parser)
    # Findings are rendered to stdout by this command, in its --format; the stderr printer every
    # command opens with has nothing to print here.
    parser.set_defaults(run=run, error_format="text")


def run(args: argparse.Namespace, env: Environment) -> ExitStatus:
    # Imported here, as the other commands' own modules are: `docextract` starts with the parser only.
    from docextract.pagecache import PageCache
    from docextract.pages import is_page
    from docextract.validation import affected, check_pages, generated, unique

    opening = open_pages(args, env)
    docs_root = opening.settings.docs_root
    # Everything that can be wrong with the command line is found before the first page is read.
    known, previous = _baselines(args, docs_root)
    changed = _changed(args, docs_root)
    startup = Diagnostics()
    generator_options = options(args, opening, startup)
    page_checks, checks_key = _page_checks(args)
    cache = None if args.no_cache else PageCache.open(opening.settings, "validate", checks_key)

    paths = [path for path, _ in opening.pages]
    checked = list(check_pages(paths, opening.settings, page_checks, args.jobs, cache))
    chosen = {c.source for c in checked} if changed is None else affected(checked, changed)
    found: list[Diagnostic] = list(startup.items)
    pages = [page for page in checked if page.source in chosen]
    by_page, at_the_end = generated(pages, generator_options, cache)
    for page, from_generator in zip(pages, by_page, strict=True):
        if page.traceback and args.traceback:
            env.stderr.write(page.traceback)
        found += page.diagnostics
        found += from_generator
    found += at_the_end
    printer = DiagnosticPrinter(replace(env, stderr=env.stdout), _printer_args(args), docs_root)
    # The project's severities first: a rule turned off is no finding, for the baseline either.
    findings = unique(printer.judged(found))
    if args.write_baseline or known is not None:
        from docextract import baseline
    # A baseline's entries are judged (and rewritten) for the files this run checked only.
    looked_at = {c.source for c in pages} | {file for c in pages for file in c.includes}

    def checked(file: str) -> bool:
        return file in looked_at or not is_page(Path(file))  # a setups file, say: read by every run

    if args.write_baseline:
        text = baseline.render(findings, printer.read_line, previous, checked)
        baseline.write(Path(args.write_baseline), text)
        if not args.quiet:
            env.stderr.write(f"wrote {plural(len(findings), 'finding')} to {args.write_baseline}\n")
        return ExitStatus.OK
    covered: list[Diagnostic] = []
    if known is not None:
        off = {rule for rule, severity in printer.severities.items() if severity == "off"}
        import datetime  # only a baseline's expiry dates need it

        applied = baseline.apply(known, findings, printer.read_line, datetime.date.today(), off, checked)
        findings, covered = unique([*applied.counted, *applied.problems]), applied.covered
    _render(args, env, printer, findings)
    if not args.quiet:
        tail = f" ({len(covered)} more in the baseline)" if covered else ""
        env.stderr.write(f"validated {problems.summary(len(chosen), findings)}{tail}\n")
    return status_of(findings)


def _baselines(args: argparse.Namespace, docs_root: Path) -> tuple[Baseline | None, Baseline | None]:
    """The baseline to apply and the one --write-baseline replaces, each read (and checked) up front."""
    if not args.baseline and not args.write_baseline:
        return None, None
    from docextract import baseline

    try:
        # Its entries are findings' places: named from the docs root, as every finding's file is.
        named = os.path.relpath(os.path.abspath(args.baseline), docs_root) if args.baseline else None
        known = (
            baseline.read(Path(args.baseline), named) if args.baseline and not args.write_baseline else None
        )
        previous = baseline.check_writable(Path(args.write_baseline)) if args.write_baseline else None
    except baseline.BaselineError as err:
        if err.pos is None:
            raise UsageError(str(err)) from None
        from docextract.projectkeys import SettingsFileError
        from docextract.projectlines import Problem

        problem = Problem(Path(err.pos.file), err.pos.line, err.pos.column, str(err), err.hint)
        raise SettingsFileError([problem], err.text) from None
    return known, previous


def _changed(args: argparse.Namespace, docs_root: Path) -> set[str] | None:
    if not args.changed_since:
        return None
    from docextract import changes

    try:
        return changes.changed_files(args.changed_since, docs_root)
    except changes.ChangesError as err:
        raise UsageError(str(err)) from None


def _page_checks(args: argparse.Namespace) -> tuple[tuple, str]:
    """The checks on each page read whole, and what they depend on besides the code (for the cache's
    key: the specification's bytes). The specification is read here, once, before any page (and
    before the worker processes fork, so that they share it)."""

    def check_page(page):
        # Imported at the first page checked: a run whose pages all come from the cache checks none.
        from docextract.checks import check_page

        return check_page(page)

    checks, key = [check_page], "page checks"
    if args.es_spec:
        import hashlib

        from docextract import spec

        try:
            schema = spec.load(Path(args.es_spec))
            key += f"; es-spec {hashlib.blake2b(Path(args.es_spec).read_bytes()).hexdigest()}"
        except (spec.SpecError, OSError) as err:
            raise option_error(args, "es-spec", str(err), spec.HINT) from None
        checks.append(lambda page: spec.check_page(page, schema))
    return tuple(checks), key


def _printer_args(args: argparse.Namespace) -> argparse.Namespace:
    shown = "text" if args.format == "sarif" else args.format
    return argparse.Namespace(error_format=shown, quiet=args.quiet, rules=getattr(args, "rules", None))


def _render(args: argparse.Namespace, env: Environment, printer: DiagnosticPrinter, findings: list) -> None:
    from docextract import changes, rules  # the rule catalogue loads only for the commands that show it

    shown = [d for d in findings if not args.quiet or d.severity is Severity.ERROR]
    repository = changes.repository_root(printer.docs_root)

    def under(root: Path, file: str) -> str | None:
        """The docs-root-relative file relative to root (POSIX), None when it lies outside."""
        path = located(file, printer.docs_root)
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            return None

    if args.format == "sarif":
        from docextract import baseline
        from docextract.report import sarif

        # Outside a repository the docs root stands in for the source root.
        root = repository or printer.docs_root
        prints = [baseline.fingerprint(d, printer.read_line) for d in shown]
        output = sarif.render(shown, prints, rules.RULES, root, lambda f: under(root, f), __version__)
        env.stdout.write(output)
    elif args.format == "github" and repository is not None:
        # GitHub places an annotation by its path from the repository root, wherever the job stands.
        for diagnostic in shown:
            shown_file = lambda f: under(repository, f) or printer.shown(f)  # noqa: E731
            env.stdout.write(problems.github(diagnostic, printer.docs_root, shown_file) + "\n")
    else:
        printer.emit(shown)
