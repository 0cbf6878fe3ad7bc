"""The shares of a run spread over processes (run_shares.py) reported as one process would report the
run: this process's share read first (its pages come first) and replayed at once, every problem printed
in page order before any result, and the results in page order as the ones before them come."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from docextract.commands import run_suites
from docextract.commands.common import Opening
from docextract.commands.run_shares import Selected, Shares, Stopped
from docextract.commands.run_suites import END, LOADED, Part, Share
from docextract.diagnostics import Diagnostic, Diagnostics
from docextract.results import SuiteResult
from docextract.runner.clusters import EmbeddedCluster
from docextract.runner.replay import fatal, run_all
from docextract.suite import Suite
from docextract.testgen import checks


def select_mine(args, opening: Opening, yamls, lines, count: int) -> tuple[list[Suite], Selected]:
    """This process's share, the first, and the YAML test files: its suites, and what it found. Its
    pages come first in the run: their problems are printed as they are found, as one process prints
    them; those found once every page is read wait for the other shares' (report_problems)."""
    held: list = []

    def problems(where: object, items) -> None:
        if where in (END, LOADED):
            held.append((where, list(items)))
        else:
            opening.printer.emit(items)

    share = Share(Part(1, count))
    suites = run_suites.select(args, opening, yamls, lines, 1, problems=problems, share=share)
    return suites, Selected(held, share, [suite.doc for suite in suites])


def report_problems(opening: Opening, shares: list[Selected]) -> None:
    """The other shares' problems, after this process's (printed as its pages were read): their pages'
    in order (the shares follow each other), then the unconverted snippets over every page, then the
    YAML test files' (this process's share has them)."""
    printer = opening.printer
    for selected in shares[1:]:
        for where, items in selected.problems:
            if isinstance(where, Path):  # the others (the setups file's, the options') were printed once
                printer.emit(items)
    printer.emit(
        [d for selected in shares for where, items in selected.problems if where == END for d in items]
    )
    printer.emit(_unconverted(shares))
    printer.emit([d for where, items in shares[0].problems if where == LOADED for d in items])


def _unconverted(shares: list[Selected]) -> list[Diagnostic]:
    """The check the test generator makes once every page is read, over every share's pages."""
    expected = shares[0].share.expected
    if expected is None:
        return []
    candidates: dict = {}
    docs: list[str] = []
    for selected in shares:  # in the run's order: each share's pages follow the previous share's
        candidates |= selected.share.candidates
        docs += selected.share.docs
    found = Diagnostics()
    for problem in checks.unconverted_problems(candidates, docs, expected):
        found.error(problem.code, problem.title, problem.pos, problem.hint)
    return found.items


def merged(shares: list[Selected]) -> Share:
    """What the page cache needs to know of every share: whether to pack, and which pages were in the
    pack already."""
    whole = Share(Part(1, 1))
    for selected in shares:
        whole.pages += selected.share.pages
        whole.from_pack += selected.share.from_pack
        whole.repack = whole.repack or selected.share.repack
    return whole


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
    run's order of the pages) has run, so that every problem is printed before any result."""
    results = helpers.results  # (share, place in it) → result; this process's share is 0
    places: list[tuple[int, int, int]] | None = None
    reported = 0

    def report() -> str | None:
        nonlocal places, reported
        if places is None:
            if not helpers.all_selected:
                return None
            shares = [mine, *helpers.selected()]
            order = selected(shares)
            # Each result's place: its suite's page in the run's order, then its share and its place there.
            places = sorted(
                (order.get(doc, len(order)), part, index)
                for part, share in enumerate(shares)
                for index, doc in enumerate(share.docs)
            )
        reported, stopped = _report(places, reported, results, arrived)
        return stopped

    for index, suite in enumerate(suites):
        results[(0, index)] = run_all([suite], cluster, lambda _: None, clock)[0]
        helpers.receive(block=False)
        if stopped := report():
            return Stopped(stopped, status=None)
    while helpers.working or places is None:
        helpers.receive(block=True)
        if stopped := report():
            return Stopped(stopped, status=None)
    stops = [helper.stopped for helper in helpers.helpers if helper.stopped is not None]
    if reported == len(places) and not stops:
        return None
    # A share ended without replaying all its pages: what was replayed is reported all the same.
    for _, part, index in places[reported:]:
        if (part, index) in results:
            arrived(results.pop((part, index)))
    return next(iter(stops), Stopped("a worker process ended before replaying all its pages"))


def _report(
    places, reported: int, results: dict, arrived: Callable[[SuiteResult], None]
) -> tuple[int, str | None]:
    """The results that come next in the run's order, reported; how many are, and why the run stops
    after the last one (a lost cluster), if it does."""
    while reported < len(places) and (key := places[reported][1:]) in results:
        result = results.pop(key)
        reported += 1
        arrived(result)
        if (lost := fatal(result)) is not None:
            return reported, f"stopped after {lost.pos.file}:{lost.pos.line}: {lost.reason}"
    return reported, None
