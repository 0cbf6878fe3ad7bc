"""The suites of `docextract run`: the pages' tests generated and the YAML test files loaded, the tests
selected (-k, page:LINE), and with --shard only the pages of this part."""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from docextract import pages, pool
from docextract.collector import fewer_collections
from docextract.commands.common import NothingSelected, Opening
from docextract.commands.generation import options
from docextract.diagnostics import Diagnostic, Diagnostics
from docextract.model import Page
from docextract.pagecache import PageCache, kept_or_made
from docextract.runner.load import load_suite, test_files
from docextract.runner.select import Selection, shard
from docextract.suite import Suite
from docextract.syntax.textlines import decode

# A snippet that may become a test: weighs a page before it is read (its includes are not followed).
_CONSOLE = re.compile(rb"^\[source,\s*console\s*[,\]]", re.MULTILINE)


@dataclass(frozen=True)
class Read:
    """A page as read, with what reading it found: what the page cache keeps for `run`."""

    path: Path | None  # the page (None in the cache, which gives it back as the run names the page)
    page: Page
    diagnostics: tuple[Diagnostic, ...]


@dataclass(frozen=True)
class Part:
    """Which of the disjoint parts of the run this one is: --shard K/N."""

    number: int  # K, from 1
    count: int  # N

    def __str__(self) -> str:
        return f"{self.number}/{self.count}"


def select(
    args: argparse.Namespace,
    opening: Opening,
    yamls: list[Path],
    lines: dict[Path, int],
    jobs: int,
    meanwhile: Callable[[], None] = lambda: None,
) -> list[Suite]:
    """The suites of the pages and YAML files, with only the tests selected; NothingSelected says why
    when no test is (unless this is a part of a shard: the other parts may hold them). The pages are read
    by `jobs` worker processes, and meanwhile runs while they do."""
    loading = Diagnostics()
    files = test_files(yamls)
    loaded = [s for path in files if (s := load_suite(path, os.path.relpath(path), loading)) is not None]
    found = [path for path, _ in opening.pages] if opening.inputs else []
    part: Part | None = getattr(args, "shard", None)
    root = opening.settings.docs_root
    if part is not None:
        # Each part reads only its own pages: a docs tree is read once over the parts, and each problem
        # in the docs is reported by the one part that read its page.
        weights = {_doc(root, path): _console_snippets(path) for path in found}
        weights |= {suite.doc: len(suite.tests) for suite in loaded}
        mine = shard(weights, part.number, part.count)
        found = [path for path in found if _doc(root, path) in mine]
        loaded = [suite for suite in loaded if suite.doc in mine]
        opening.printer.note(f"shard {part}: {len(found) + len(loaded)} of {len(weights)} pages and files")
    suites = _generate(args, opening, found, jobs, meanwhile) if opening.inputs else []
    suites += loaded
    opening.printer.emit(loading.items)
    if not suites and not opening.inputs and not files:
        shown = ", ".join(str(path) for path in yamls)
        raise NothingSelected(f"no page and no YAML test file under {shown}")
    selected: dict[str, int] = {}
    for path, line in lines.items():
        count = len(decode(path.read_bytes()).lines)
        if line > count:
            raise NothingSelected(f"line {line} is past the end of {path} ({count} lines)")
        selected[_doc(root, path)] = line  # as the suites name it
    if not suites and loading.errors and part is None:
        raise NothingSelected("no test to run: the YAML test files have errors (above)")
    selection = Selection(args.keyword, selected)
    chosen = selection.apply(suites)
    if not chosen and part is None:
        raise NothingSelected(selection.why_nothing(suites))
    return chosen


def _generate(
    args: argparse.Namespace, opening: Opening, found: list[Path], jobs: int, meanwhile: Callable[[], None]
) -> list[Suite]:
    """The tests of the pages, as `docextract tests` generates them (commands/generation.py), from each
    page as read, or as the page cache kept it while the page and its includes are unchanged (a writer's
    second run, or one with -k, reads only the pages edited since).

    With several jobs the pages to read are read by jobs - 1 helper processes, forked once the parsers are
    loaded (each helper loading them again cost the corpus's run about 0.04 s of CPU, on two cores already
    busy), while this one does what meanwhile does; then it generates the tests of each page as it comes,
    in order, and reads a page no process has taken yet whenever the next one is not ready: N processes on
    N cores, none idle while pages are left (on a tree five times the corpus, the reading took 0.58-0.70 s
    with a helper reading alone, 0.45-0.54 s so)."""
    from docextract.testgen.generate import Generator

    readers, settings, printer = pages.Readers(), opening.settings, opening.printer
    cache = None if getattr(args, "no_cache", False) else PageCache.open(settings, "run: pages read")

    def read_page(path: Path) -> Read:
        page, diagnostics = readers.read(path, settings)
        read = Read(path, page, tuple(diagnostics))
        if cache is not None:  # by the process that read it; kept_or_made packs every entry at the end
            cache.put(path, (include.file for include in page.includes), diagnostics, read)
        return read

    def read_missing(missing: list[Path]) -> Iterator[Read]:
        loaded = partial(readers.prepare, missing)  # before the helpers are forked, if they are
        with pool.started(read_page, missing, jobs, loaded, here=True) as reading:
            if reading.parallel:  # done while the helpers read (this process would only wait for them)
                meanwhile()
            yield from reading

    startup = Diagnostics()
    generator = Generator(options(args, opening, startup))
    printer.emit(startup.items)
    # Closed on the way out, whatever stops the loop: the helpers end with it.
    with fewer_collections(), closing(kept_or_made(cache, found, read_missing)) as reads:
        for read in reads:
            printer.emit(read.diagnostics)
            printer.emit(generator.add_page(read.page))
    generation = generator.finish()
    printer.emit(generation.diagnostics)
    return [generated.suite for generated in generation.suites]


def _console_snippets(path: Path) -> int:
    """How many console snippets the page's own text holds (0 when it cannot be read: reading it
    reports why)."""
    try:
        return len(_CONSOLE.findall(path.read_bytes()))
    except OSError:
        return 0


def _doc(root: Path, path: Path) -> str:
    """A page's name in its suite: relative to the docs root."""
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
