"""The shares of a run spread over processes (run_shares.py) reported as one process would report the
run: every problem in page order before any result, and the results in page order as the ones before
them come (this process replays its share at once: its results wait for the others' problems)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from docextract.commands import run_suites
from docextract.commands.common import Opening
from docextract.commands.run_shares import Selected, Shares, Stopped
from docextract.commands.run_suites import END, LOADED, START, Part, Share
from docextract.diagnostics import Diagnostic, Diagnostics
from docextract.notrun import planned
from docextract.results import SuiteResult
from docextract.runner.clusters import EmbeddedCluster
from docextract.runner.replay import fatal, run_suite
from docextract.suite import Suite
from docextract.testgen import checks


class Printing:
    """Every share's problems printed as one process reading every page prints them: a page's as soon as
    those of the pages before it are (this process's own as it reads them, the others' as they come),
    those found once every page is read at the end (finish)."""

    def __init__(self, printer, helpers: Shares):
        self.printer, self.helpers = printer, helpers
        self.found = helpers.found  # page → its problems, until printed: every share's
        self.held: list[tuple[object, list[Diagnostic]]] = []  # this process's END and LOADED
        self.share: Share | None = None
        self.pages: list[Path] | None = None  # every share's pages, in the run's order
        self.printed = 0  # pages whose problems are printed, in the run's order

    def put(self, where: object, items) -> None:
        """What this process's select calls with the problems it finds."""
        if where == START:  # found alike by every share: printed once, first
            self.printer.emit(items)
        elif isinstance(where, Path):
            self.found[where] = list(items)
            self.helpers.receive(block=False)
            self.flush()
        else:
            self.held.append((where, list(items)))

    def flush(self, every: bool = False) -> None:
        """The problems of the pages that come next in the run's order and have been read; every: all
        the pages left, read or not (every share has ended)."""
        if self.pages is None and self.share is not None:  # known once select has split the pages
            self.pages = list(self.share.found.values())
        pages = self.pages or []
        while self.printed < len(pages) and (every or pages[self.printed] in self.found):
            self.printer.emit(self.found.pop(pages[self.printed], []))
            self.printed += 1

    def finish(self, shares: list[Selected]) -> None:
        """Once every share has read its pages: what is left, then the unconverted snippets over every
        page, then the YAML test files' problems (this process's share has them)."""
        self.flush(every=True)
        ended = [
            d for selected in shares for where, items in selected.problems if where == END for d in items
        ]
        self.printer.emit([*ended, *(d for where, items in self.held if where == END for d in items)])
        self.printer.emit(_unconverted(shares))
        self.printer.emit([d for where, items in self.held if where == LOADED for d in items])


def select_mine(
    args, opening: Opening, yamls, lines, printing: Printing, count: int
) -> tuple[list[Suite], Selected]:
    """This process's share, the first, and the YAML test files: its suites, and what it found (its
    problems go to printing)."""
    share = printing.share = Share(Part(1, count))
    suites = run_suites.select(args, opening, yamls, lines, 1, problems=printing.put, share=share)
    return suites, Selected([], share, [suite.doc for suite in suites], planned(suites))


def _unconverted(shares: list[Selected]) -> list[Diagnostic]:
    """The check the test generator makes once every page is read, over every share's pages."""
    expected = shares[0].share.expected
    if expected is None:
        return []
    candidates: dict = {}
    docs: list[str] = []
    for selected in shares:
        candidates |= selected.share.candidates
        docs += selected.share.docs
    order = {doc: index for index, doc in enumerate(shares[0].share.found)}
    docs.sort(key=lambda doc: order.get(doc, len(order)))  # as one process reads them
    found = Diagnostics()
    for problem in checks.unconverted_problems(candidates, docs, expected):
        found.error(problem.code, problem.title, problem.pos, problem.hint)
    return found.items


def replay_mine(
    suites: list[Suite],
    cluster: EmbeddedCluster,
    clock,
    helpers: Shares,
    mine: Selected,
    selected: Callable[[list[Selected]], dict[str, int]],
    arrived: Callable[[SuiteResult], None],
) -> Stopped | None:
    """This process's suites replayed, and every share's results reported as they come, in page order
    (a page's results wait for those of the pages before it); why the run stopped early, or None.

    Its replay starts at once, before the other shares have read their pages: its results wait until
    they have, and selected (given every share's Selected: it prints their problems, and gives the
    run's order of the pages) has run, so that every problem is printed before any result. A share
    whose server is lost stops there; the others, each on a server of its own, replay on."""
    results = helpers.results  # (share, place in it) → result; this process's share is 0
    places: list[tuple[int, int, int]] | None = None
    reported = 0
    lost: dict[int, str] = {}  # share → why it stopped (its server lost): its later pages did not run

    def report() -> None:
        """The results that can be reported now, in order (once every share has read its pages)."""
        nonlocal places, reported
        helpers.receive(block=False)
        if places is None:
            if not helpers.all_selected:
                return
            shares = [mine, *helpers.selected()]
            order = selected(shares)
            # Each result's place: its suite's page in the run's order, then its share and its place there.
            places = sorted(
                (order.get(doc, len(order)), part, index)
                for part, share in enumerate(shares)
                for index, doc in enumerate(share.docs)
            )
        reported = _report(places, reported, results, arrived, lost)

    try:
        for index, suite in enumerate(suites):
            # Between its tests, the other shares' results are reported as they come.
            result = results[(0, index)] = run_suite(suite, cluster, clock, between=report)
            report()
            if fatal(result):  # its cluster is lost: the rest of its share would fail alike
                break
        while helpers.working or places is None:
            helpers.receive(block=True)
            report()
    except BaseException:
        # Cut short (Ctrl-C, SIGTERM): the helpers are ended, and every result they sent on the way is
        # reported with this process's, in order as far as it goes.
        helpers.end()
        for key in sorted(results, key=lambda key: _place(places, key)):
            arrived(results.pop(key))
        raise
    stops = [helper.stopped for helper in helpers.helpers if helper.stopped is not None]
    if reported == len(places) and not stops and not lost:
        return None
    # A share ended without replaying all its pages: what was replayed is reported all the same.
    for _, part, index in places[reported:]:
        if (part, index) in results:
            arrived(results.pop((part, index)))
    if lost:
        return Stopped(next(iter(lost.values())), status=None)  # the tests say it: a cluster lost
    return next(iter(stops), Stopped("a worker process ended before replaying all its pages"))


def _place(places: list[tuple[int, int, int]] | None, key: tuple[int, int]) -> tuple:
    """Where a result comes in the run's order (unknown before every share has read its pages)."""
    if places is not None:
        for place, (_, part, index) in enumerate(places):
            if (part, index) == key:
                return (place, *key)
    return (len(places or ()), *key)


def _report(places, reported: int, results: dict, arrived: Callable[[SuiteResult], None], lost: dict) -> int:
    """The results that come next in the run's order, reported; how many places are done. A result
    that lost its share's server stops that share (lost): its later places are passed over."""
    while reported < len(places):
        part, index = places[reported][1:]
        if part in lost:
            reported += 1
            continue
        if (part, index) not in results:
            break
        result = results.pop((part, index))
        reported += 1
        arrived(result)
        if (test := fatal(result)) is not None:
            lost[part] = f"stopped after {test.pos.file}:{test.pos.line}: {test.reason}"
    return reported
