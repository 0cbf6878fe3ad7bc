"""The suites of `docextract run`: the pages' tests generated and the YAML test files loaded, the tests
selected (-k, page:LINE), and with --shard only the pages of this part."""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field
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

_KIND = "run: pages read"  # the page cache's entries of run (a Read each)

# Where select found a problem, besides a page (a Path): the setups file and the options, before any
# page; the pages' unconverted snippets, once every page is read; the YAML test files.
START, END, LOADED = "start", "end", "loaded"
# What select does with the problems it finds, and where: print them (the default), or keep them for the
# process that reports a run spread over processes, in page order (run_shares.py).
Problems = Callable[[object, Sequence[Diagnostic]], None]


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


@dataclass
class Share:
    """One process's share of the pages of a run spread over processes (run_shares.py), and what select
    leaves to the process that reports the run: the check of the pages' unconverted snippets (it needs
    every page), and the packing of the page cache (one process packs what every share kept)."""

    part: Part  # which share: 1 is the process that reports the run
    candidates: dict = field(default_factory=dict)  # page → its first unconverted js or curl snippet
    docs: list[str] = field(default_factory=list)  # the pages read, in order
    expected: tuple[str, ...] | None = None  # the setups file's expectedUnconvertedCandidates
    # Every share's pages in the run's order: each page's name in its suite → the page as found.
    found: dict[str, Path] = field(default_factory=dict)
    pages: list[str] = field(default_factory=list)  # its pages (absolute paths), for the cache's pack
    from_pack: list[str] = field(default_factory=list)  # those taken from the pack
    repack: bool = False  # a page was not in the pack: the cache's pack is to be written again


def select(
    args: argparse.Namespace,
    opening: Opening,
    yamls: list[Path],
    lines: dict[Path, int],
    jobs: int,
    problems: Problems | None = None,
    share: Share | None = None,
) -> list[Suite]:
    """The suites of the pages and YAML files, with only the tests selected; NothingSelected says why
    when no test is (unless this is a part of a shard: the other parts may hold them). The pages are read
    by `jobs` worker processes.

    share: this process's share of the pages, when the run is spread over processes that each replay
    their own (run_shares.py); what is left to the process that reports such a run is put there instead
    of done. problems: where the problems go (printed by default)."""
    put = problems or (lambda _where, items: opening.printer.emit(items))
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
    if share is not None:
        # This process's share of the pages (the YAML test files are the first share's, which has them).
        docs = share.found = {_doc(root, path): path for path in found}
        # Balanced as --shard's parts are, by what reading and replaying each page costs: pages next to
        # each other often cost alike (a folder of aggregations loading data), so shares of pages that
        # followed each other replayed 86 and 25 ms of the corpus's tests.
        mine = shard({doc: cost(path) for doc, path in docs.items()}, share.part.number, share.part.count)
        found = [path for doc, path in docs.items() if doc in mine]
    suites = _generate(args, opening, found, jobs, put, share) if opening.inputs else []
    suites += loaded
    put(LOADED, loading.items)
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
    if not chosen and part is None and share is None:
        raise NothingSelected(selection.why_nothing(suites))
    return chosen


def _generate(
    args: argparse.Namespace,
    opening: Opening,
    found: list[Path],
    jobs: int,
    put: Problems,
    share: Share | None,
) -> list[Suite]:
    """The tests of the pages, as `docextract tests` generates them (commands/generation.py), from each
    page as read, or as the page cache kept it while the page and its includes are unchanged (a writer's
    second run, or one with -k, reads only the pages edited since).

    With several jobs (on a cluster at a URL: on the embedded one each process replays a share of the
    pages, run_shares.py) the pages to read are read by jobs - 1 helper processes, forked once the parsers
    are loaded (each helper loading them again would cost CPU on cores already busy); this one generates
    the tests of each page as it comes, in order, and reads a page no process has taken yet whenever the
    next one is not ready: N processes on N cores, none idle while pages are left."""
    from docextract.testgen.generate import Generator

    readers, settings = pages.Readers(), opening.settings
    cache = None if getattr(args, "no_cache", False) else PageCache.open(settings, _KIND)

    def read_page(path: Path) -> Read:
        page, diagnostics = readers.read(path, settings)
        read = Read(path, page, tuple(diagnostics))
        if cache is not None:  # by the process that read it; kept_or_made packs every entry at the end
            cache.put(path, (include.file for include in page.includes), diagnostics, read)
        return read

    def read_missing(missing: list[Path]) -> Iterator[Read]:
        loaded = partial(readers.prepare, missing)  # before the helpers are forked, if they are
        yield from pool.ordered(read_page, missing, jobs, loaded)

    startup = Diagnostics()
    generator = Generator(options(args, opening, startup))
    put(START, startup.items)
    # Closed on the way out, whatever stops the loop: the helpers end with it.
    with fewer_collections(), closing(kept_or_made(cache, found, read_missing, pack=share is None)) as reads:
        for read in reads:
            put(read.path, [*read.diagnostics, *generator.add_page(read.page)])
    generation = generator.finish(unconverted=share is None)
    if share is not None:
        share.candidates, share.docs = dict(generator.state.candidates), list(generator.state.docs)
        share.expected = generator.options.setups.expected_unconverted
        if cache is not None:
            share.pages = [os.path.abspath(path) for path in found]
            share.from_pack = [name for name in share.pages if cache.packed([name])]
            share.repack = len(share.from_pack) < len(share.pages)
    put(END, generation.diagnostics)
    return [generated.suite for generated in generation.suites]


def _console_snippets(path: Path) -> int:
    """How many console snippets the page's own text holds."""
    return len(_CONSOLE.findall(_text(path)))


def cost(path: Path) -> int:
    """What reading and replaying the page costs, roughly, before it is read: a unit for each KB (the
    reading), each test snippet and each named setup (the replay); each about 0.3 ms on the corpus."""
    data = _text(path)
    return len(data) // 1024 + len(_CONSOLE.findall(data)) + data.count(b"setup:")


def _text(path: Path) -> bytes:
    """The page's own bytes, to weigh it before it is read (none when it cannot be: reading it reports
    why)."""
    try:
        return path.read_bytes()
    except OSError:
        return b""


def _doc(root: Path, path: Path) -> str:
    """A page's name in its suite: relative to the docs root."""
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def pack(opening: Opening, shares: list[Share]) -> None:
    """Pack the page cache's entries of a run spread over processes, which each kept their own pages'
    entries (none packed them: the last to write the pack would have left the others' out)."""
    if not any(share.repack for share in shares):
        return
    cache = PageCache.open(opening.settings, _KIND)
    if cache is not None:
        cache.taken_from_pack(name for share in shares for name in share.from_pack)
        cache.pack([name for share in shares for name in share.pages])
