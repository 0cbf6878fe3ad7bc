"""The docs side of the pytest plugin: the settings of a docs tree (as `docextract run` reads them), and
each page's tests generated with its problems judged and rendered as the command renders them."""

from __future__ import annotations

import argparse
import io
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

import pytest

from docextract import pages, project
from docextract.commands import generation
from docextract.commands.common import DiagnosticPrinter, Opening, UsageError, settings
from docextract.diagnostics import Diagnostic, Diagnostics, Severity
from docextract.environment import Environment
from docextract.position import located
from docextract.projectkeys import SettingsFileError
from docextract.settings import Settings
from docextract.suite import Suite
from docextract.testgen.generate import Options

TYPE_CHECKING = False  # typing's, without loading typing: see docs/ARCHITECTURE.md, Start-up
if TYPE_CHECKING:
    from docextract.pagecache import PageCache


class DocsErrors(Exception):
    """Errors in a page's docs (or its setups file), rendered: the page's collection fails with them."""


class DocsWarning(UserWarning):
    """A warning about the docs (a rule at warning severity), shown in pytest's warnings summary."""


@dataclass(frozen=True)
class Generated:
    """A page's suite and problems as generated, before they are judged: what the page cache keeps."""

    path: Path | None  # the page (None in the cache, which gives it back as the run names the page)
    suite: Suite | None
    found: tuple[Diagnostic, ...]


@dataclass(frozen=True)
class PageTests:
    """What a page gives: its suite (None when no snippet becomes a test), and its problems."""

    suite: Suite | None
    errors: str  # the errors, rendered as `docextract run` prints them; empty when there are none
    warnings: list[Diagnostic]


class DocsTree:
    """One docs tree: the settings in force for it (settings file, docs root), read when pytest starts, and
    its setups file, read with its first page."""

    def __init__(self, given: Path):
        args = argparse.Namespace(
            paths=[str(given)],
            docs_root=None,
            attribute=[],
            allow_include_outside_root=False,
            setups=None,
            lenient_substitutions=False,
            set=[],
            rule=None,
            error_format="text",
            quiet=False,
        )
        try:
            project.apply(args)
            self.settings: Settings = settings(args, [given], for_tests=True)
        except SettingsFileError as err:
            raise pytest.UsageError(err.render().rstrip()) from None
        except UsageError as err:
            raise pytest.UsageError(f"docextract: {err}") from None
        self.args, self.given = args, given
        self._out = io.StringIO()
        self.printer = DiagnosticPrinter(
            Environment(stdout=self._out, stderr=self._out), args, self.docs_root
        )
        self._setups: tuple[Options, list[Diagnostic], str] | None = None
        self._readers = pages.Readers()
        self._cache: PageCache | None = None  # of the options, opened with them
        self._collected: list[Path] = []  # the pages whose tests were asked for, for the cache's pack

    def _read_setups(self) -> tuple[Options, list[Diagnostic], str]:
        """The generator's options with the setups file read; its problems, and its errors rendered (they
        are each page's: the page's tests may run wrong)."""
        if self._setups is None:
            args = self.args
            opening = Opening(
                [self.given], self.settings, self.printer, tuple(args.include), tuple(args.exclude)
            )
            startup = Diagnostics()
            try:
                options = generation.options(args, opening, startup)
            except UsageError as err:
                raise DocsErrors(f"docextract: {err}") from None
            problems = self.printer.judged(startup.items)
            self._setups = options, problems, self._rendered(problems)
            from docextract.pagecache import PageCache

            # Keyed by the generator's options too: the setups file's setups are among them.
            self._cache = PageCache.open(self.settings, "pytest tests", repr(options))
        return self._setups

    @property
    def docs_root(self) -> Path:
        return self.settings.docs_root

    def wants(self, resolved: Path, named: bool) -> bool:
        """Whether the settings' include and exclude keep the page, resolved (a page named on the command
        line is kept, as `docextract run` keeps it)."""
        include, exclude = tuple(self.args.include), tuple(self.args.exclude)
        if named or not (include or exclude):
            return True
        try:
            relative = resolved.relative_to(self.docs_root)
        except ValueError:
            relative = resolved.relative_to(self.given.resolve())
        return project.selected(PurePosixPath(relative.as_posix()), include, exclude)

    def tests(self, page: Path) -> PageTests:
        """The page's suite, generated on its own (as the command does page after page); DocsErrors when
        the setups file cannot be read."""
        options, setup_problems, setup_errors = self._read_setups()
        generated = self._generated(page, options)
        judged = self.printer.judged(list(generated.found))
        warnings = [d for d in (*setup_problems, *judged) if d.severity is Severity.WARNING]
        return PageTests(generated.suite, setup_errors + self._rendered(judged), warnings)

    def _generated(self, page: Path, options: Options) -> Generated:
        """The page read and its tests generated, or what the page cache kept of that while the page and
        its includes are unchanged: each xdist worker collects every page, and a second run of pytest
        (the habit while writing docs) reads none."""
        from docextract.testgen.generate import Generator

        cache = self._cache
        self._collected.append(page)
        kept = cache.get(page) if cache is not None else None
        if kept is not None:
            return replace(kept, path=page)
        read, diagnostics = self._readers.read(page, self.settings)
        generator = Generator(options)
        found = [*diagnostics, *generator.add_page(read)]
        made = generator.finish()
        found += made.diagnostics
        suite = made.suites[0].suite if made.suites else None
        generated = Generated(page, suite, tuple(found))
        if cache is not None:
            cache.put(page, (include.file for include in read.includes), diagnostics, generated)
        return generated

    def pack(self) -> None:
        """Keep the entries of the pages collected in the page cache's pack (when one was not in it): the
        next collection, a writer's next run or each xdist worker's, reads one file, not one a page."""
        if self._cache is not None and self._collected:
            self._cache.pack(self._collected)

    def _rendered(self, diagnostics: list[Diagnostic]) -> str:
        """The errors as `docextract run` writes them: compiler style, with the source line and a caret."""
        errors = [d for d in diagnostics if d.severity is Severity.ERROR]
        if not errors:
            return ""
        self._out.seek(0)
        self._out.truncate()
        self.printer.emit(errors)
        return self._out.getvalue()

    def shown(self, file: str) -> str:
        """A docs-root-relative file as pytest's user opens it: relative to the current folder."""
        return self.printer.shown(file)

    def path(self, file: str) -> Path:
        """A docs-root-relative file (a page, or a file it includes) as a path."""
        return located(file, self.docs_root)


def deepest(resolved: Path, inputs: list[Path]) -> Path:
    """The input (a pytest argument or a docextract_paths entry) nearest the page (resolved): what
    `docextract run` would have been given, from which the docs root is found."""
    holding = [given for given in inputs if resolved == given or given in resolved.parents]
    return max(holding, key=lambda given: len(given.parts)) if holding else resolved.parent


def is_page(path: Path) -> bool:
    return pages.is_page(path)
