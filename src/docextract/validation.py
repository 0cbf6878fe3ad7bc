"""Validate pages: each read as `convert` reads it and checked, then as the test generator reads it."""

from __future__ import annotations

import pickle
import traceback as traceback_module
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from docextract.collector import fewer_collections
from docextract.diagnostics import Diagnostic, Severity
from docextract.pagecache import PageCache, kept_or_made
from docextract.pages import Readers
from docextract.position import Pos, from_root
from docextract.settings import Settings

if TYPE_CHECKING:
    from docextract.model import Page
    from docextract.testgen.generate import Options

# A check on a page read whole (includes expanded): the API page rules, the specification.
PageCheck = Callable[["Page"], list[Diagnostic]]  # the model is loaded only where a page is read


@dataclass(frozen=True)
class Checked:
    """What validating one page found, and the page as the test generator reads it."""

    path: Path
    source: str  # relative to the docs root
    includes: tuple[str, ...]  # the files it includes, nested includes too
    diagnostics: tuple[Diagnostic, ...]
    # Read as it stands (no include expanded), for the test generator; from the cache, pickled (bytes):
    # read back only if the tests are generated again.
    as_written: Page | bytes | None
    traceback: str | None = None
    missing: tuple[str, ...] = ()  # the files it names in includes that are not there


def _check_one(
    path: Path, settings: Settings, readers: Readers, checks: tuple[PageCheck, ...], cache: PageCache | None
) -> Checked:
    found: list[Diagnostic] = []
    page = None
    try:
        page, diagnostics = readers.read(path, settings)
        found += diagnostics
        for check in checks:
            found += (_through_includes(d, page) for d in check(page))
        as_written, diagnostics = readers.read(path, replace(settings, for_tests=True))
        found += diagnostics
    except Exception as err:  # one page's bug must not lose the others
        source = page.source if page is not None else from_root(path, settings.docs_root)
        bug = Diagnostic(
            Severity.ERROR,
            "internal-error",
            f"docextract failed on this page: {err!r}",
            Pos(source, 1),
            "this is a bug in docextract: run again with --traceback and report it",
        )
        includes = tuple(i.file for i in page.includes) if page is not None else ()
        return Checked(path, source, includes, (*found, bug), None, traceback_module.format_exc())
    includes = tuple(i.file for i in page.includes)
    checked = Checked(path, page.source, includes, tuple(found), as_written, missing=page.missing)
    if cache is not None:
        kept = replace(checked, as_written=pickle.dumps(as_written, pickle.HIGHEST_PROTOCOL))
        cache.put(path, includes, checked.diagnostics, kept)
    return checked


def _through_includes(diagnostic: Diagnostic, page: Page) -> Diagnostic:
    """A check's finding in an included file names the include lines that brought it into the page."""
    pos = diagnostic.pos
    if pos is None or pos.file == page.source or diagnostic.included_from:
        return diagnostic
    chain = next((i.at for i in page.includes if i.file == pos.file), ())
    return replace(diagnostic, included_from=chain)


def check_pages(
    paths: list[Path],
    settings: Settings,
    checks: tuple[PageCheck, ...] = (),
    jobs: int | None = None,
    cache: PageCache | None = None,
) -> Iterator[Checked]:
    """Every page checked, in order, in worker processes when there are many; with a cache, a page
    whose files have not changed since it was kept there (with the same checks) is not read again."""
    readers = Readers()

    def check(missing: list[Path]) -> Iterator[Checked]:
        from docextract import pool  # a run that finds every page in the cache starts no helper

        return pool.ordered(
            lambda path: _check_one(path, settings, readers, checks, cache),
            missing,
            jobs,
            lambda: readers.prepare(missing),
        )

    with fewer_collections():
        yield from kept_or_made(cache, paths, check)


def generated(
    pages: list[Checked], options: Options, cache: PageCache | None
) -> tuple[list[list[Diagnostic]], list[Diagnostic]]:
    """What the test generator finds on each page (read as written), in order, and once every page is
    read. It runs across the pages in order; when each page has the bytes it had in a run the cache
    kept, with the same options, the findings are that run's (and the generator is not even loaded)."""
    key = _generation_key(pages, options, cache)
    # One entry for each set of pages (a run with --changed-since checks fewer), replaced as they change.
    name = "test generation\n" + "\n".join(checked.source for checked in pages)
    kept = cache.recall(name, key) if cache is not None and key is not None else None
    if kept is not None:
        return kept
    from docextract.testgen.generate import Generator

    generator = Generator(options)
    with fewer_collections():
        by_page = [generator.add_page(_page(c.as_written)) if c.as_written is not None else [] for c in pages]
        found = (by_page, list(generator.finish().diagnostics))
    if cache is not None and key is not None:
        cache.keep(name, key, found, [c.path for c in pages])
    return found


def _page(as_written: Page | bytes) -> Page:
    return pickle.loads(as_written) if isinstance(as_written, bytes) else as_written


def _generation_key(pages: list[Checked], options: Options, cache: PageCache | None) -> str | None:
    if cache is None:
        return None
    parts = ["test generation", repr(options)]
    for checked in pages:
        digest = cache.digest(checked.path)
        if digest is None or checked.as_written is None:
            return None
        parts.append(f"{checked.source} {digest}")
    return "\n".join(parts)


def affected(checked: Iterable[Checked], changed: set[str]) -> set[str]:
    """The pages (sources) that are changed files or include one, directly or through other includes
    (or name one in an include that is no longer there: deleted, or renamed)."""
    return {
        c.source
        for c in checked
        if c.source in changed or changed.intersection(c.includes) or changed.intersection(c.missing)
    }


def unique(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Each problem once, in file order: a page's own reading and the test generator's reading both
    see an annotation error; a shared file included by many pages shows its problem to each."""
    seen: dict[tuple, Diagnostic] = {}
    for diagnostic in diagnostics:
        seen.setdefault((diagnostic.code, diagnostic.pos, diagnostic.title), diagnostic)
    return sorted(seen.values(), key=_order)


def _order(diagnostic: Diagnostic) -> tuple:
    pos = diagnostic.pos
    return (pos is not None, pos.file if pos else "", pos.line if pos else 0, pos.column if pos else 0)
