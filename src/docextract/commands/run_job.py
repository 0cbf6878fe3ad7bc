"""The run command's job: reach the cluster, build and select the suites, replay them (over worker
processes with --jobs), and complete the reports whatever stops the run (a signal, a lost cluster,
nothing to run)."""

from __future__ import annotations

import argparse
import copy
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from docextract import notrun, runkey, signals
from docextract.arbiter import Judge, classify, judge_with
from docextract.collector import fewer_collections
from docextract.commands import cluster_args, run_order, run_shares, run_suites
from docextract.commands.common import NothingSelected, Opening, UsageError, open_pages
from docextract.commands.run_reports import RunReports
from docextract.commands.usage import option_error
from docextract.environment import Environment
from docextract.exitstatus import ExitStatus
from docextract.report.progress import Progress
from docextract.report.text import View
from docextract.results import RunSummary, Status, SuiteResult
from docextract.runner import apis
from docextract.runner.clusters import (
    ClusterRefused,
    ClusterUnavailable,
    EmbeddedCluster,
    ExternalCluster,
)
from docextract.runner.osmem import needs_japanese
from docextract.runner.replay import fatal, run_all


@dataclass
class _Run:
    """What the run has come to, kept up to date so that an interruption can say where it stopped."""

    phase: str = "starting the cluster"
    status: ExitStatus | None = None  # decided before the end: refused, unreachable, nothing selected
    interrupted: str | None = None
    stopped: str | None = None
    plan: list[notrun.Planned] = field(default_factory=list)  # every test selected, once known


def replay(
    args: argparse.Namespace, env: Environment, pages: list[Path], yamls: list[Path], lines
) -> ExitStatus:
    """Start the cluster, generate or load the suites, replay them, report; the exit status."""
    target = cluster_args.target(args, env)  # its usage errors come before any other work
    judge = _judge(args)
    opening = open_pages(args, env, pages or yamls, for_tests=True)
    view = View(opening.printer.read_line, opening.printer.shown, target.auth_shown)
    reports = RunReports(
        args, env, view
    )  # checks --json and --junit now; the JSON Lines come with the results
    if target.url:
        cluster = ExternalCluster(target, env.connect, args.wipe)
    else:
        cluster = EmbeddedCluster(env.connect, args.timeout)
    jobs = args.jobs or os.cpu_count() or 1
    run, results = _Run(), []
    refused = False  # a usage error found on the way: the reports of an earlier run are left as they are
    progress: Progress | None = None
    started = env.clock.now()

    def arrived(result: SuiteResult) -> None:
        # Held from signals: a page counted in the summary is a page written in the JSON Lines.
        result = classify(result, judge)
        with signals.shielded():
            reports.page(result)
            results.append(result)
            if progress is not None:  # a run cut short reports what came before its count was known
                progress.page(result)

    apis.keep_requests_in(runkey.requests_file())  # until the end of the run (finally, below)
    try:
        if isinstance(cluster, ExternalCluster):
            cluster.start()  # a cluster out of reach is told before the pages are read
        run.phase = "reading pages"
        embedded = isinstance(cluster, EmbeddedCluster)
        reading = replace(opening, inputs=pages)
        terminal = env.stderr_isatty and not env.environ.get("CI")

        def replaying(total: int) -> None:
            nonlocal progress
            run.phase = "replaying tests"
            progress = Progress(env.stderr, total, terminal, args.quiet, view)

        if (shares := run_shares.count(jobs, embedded, reading.pages)) > 1:
            stopped = _shares(args, env, reading, yamls, lines, shares, cluster, run, replaying, arrived)
            if stopped is not None:
                run.stopped, run.status = stopped.why, stopped.status
        else:
            suites = run_suites.select(args, reading, yamls, lines, jobs)
            run.plan = notrun.planned(suites)
            if embedded and suites:
                run.phase = "starting the cluster"
                cluster.japanese = needs_japanese(suites)  # its dictionaries only if the suites need them
                cluster.start()
            replaying(len(suites))
            with fewer_collections():
                run_all(suites, cluster, arrived, env.clock)
    except KeyboardInterrupt as err:
        run.interrupted, run.status = f"{signals.name_of(err)} while {run.phase}", signals.status_of(err)
    except ClusterUnavailable as err:
        run.stopped, run.status = f"the cluster is unreachable: {err}", ExitStatus.CLUSTER_UNREACHABLE
    except ClusterRefused as err:
        run.stopped, run.status = f"refusing to run: {err}", ExitStatus.USAGE
    except NothingSelected as err:
        run.stopped, run.status = f"nothing to do: {err}", ExitStatus.NOTHING_SELECTED
    except UsageError:
        refused = True
        raise
    finally:
        with signals.shielded():  # a second signal must not cut the reports short
            if progress is not None:
                progress.close()
            cluster.close()
            apis.keep_requests_in(None)  # for this run only (a process that runs several: tests, a host)
            lost = next((test for result in results if (test := fatal(result))), None)
            if lost is not None and run.stopped is None:
                run.stopped = f"stopped after {lost.pos.file}:{lost.pos.line}: {lost.reason}"
            why = f"interrupted by {run.interrupted}" if run.interrupted else run.stopped
            if why and run.plan and not refused:
                unrun, complete = notrun.complete(run.plan, results, why)
                for result in unrun:
                    reports.page(result)
                results[:] = complete
            summary = RunSummary(cluster.description, env.clock.now() - started, run.interrupted, run.stopped)
            if not refused:
                reports.finish(results, summary, opening.printer.seen)
    if run.stopped and run.status is not None:
        env.stderr.write(f"docextract: {run.stopped}\n")
    return _status(run, results, reports, opening)


def _shares(
    args: argparse.Namespace,
    env: Environment,
    reading: Opening,
    yamls: list[Path],
    lines,
    jobs: int,
    cluster: EmbeddedCluster,
    run: _Run,
    replaying: Callable[[int], None],
    arrived: Callable[[SuiteResult], None],
) -> run_shares.Stopped | None:
    """The run over `jobs` shares of the pages (commands/run_shares.py, run_order.py): this process's
    first, the others' in helpers forked now; why it stopped early, or None."""
    with run_shares.Shares(args, reading, lines, jobs, env.connect, args.timeout, env.clock) as helpers:
        printing = run_order.Printing(reading.printer, helpers)
        mine, selected = run_order.select_mine(args, reading, yamls, lines, printing, jobs)

        def everyone(shares: list[run_shares.Selected]) -> dict[str, int]:
            """Once every share has read its pages: their problems, the cache packed, the progress."""
            printing.finish(shares)
            run_suites.pack(reading, [share.share for share in shares])
            docs = [doc for share in shares for doc in share.docs]
            if not docs and getattr(args, "shard", None) is None:
                # Why nothing is, as one process would say it (from the pages the page cache now holds).
                silent = copy.copy(reading.printer)
                silent.quiet = True  # its notes were written once already
                run_suites.select(
                    args, replace(reading, printer=silent), yamls, lines, 1, problems=lambda *_: None
                )
            replaying(len(docs))
            order = {doc: index for index, doc in enumerate(selected.share.found)}
            plan = [suite for share in shares for suite in share.planned]
            run.plan = sorted(plan, key=lambda suite: order.get(suite[0], len(order)))
            return order

        if mine:
            run.phase = "starting the cluster"
            cluster.japanese = needs_japanese(mine)
            cluster.start()
        run.phase = "replaying tests"
        with fewer_collections():
            return run_order.replay_mine(mine, cluster, env.clock, helpers, selected, everyone, arrived)


def _judge(args: argparse.Namespace) -> Judge | None:
    """The specification read before the run (a file that is not one is a usage error, at once)."""
    es_spec = getattr(args, "es_spec", None)
    if not es_spec:
        return None  # without loading the specification's modules (a run's start, a few ms)
    from docextract.spec import HINT, SpecError

    try:
        return judge_with(es_spec)
    except SpecError as err:
        raise option_error(args, "es-spec", str(err), HINT) from None


def _status(run: _Run, results: list[SuiteResult], reports: RunReports, opening: Opening) -> ExitStatus:
    """Interrupted first; then a report lost; then the cluster; then what the tests and the docs say."""
    if run.status in (ExitStatus.INTERRUPTED, ExitStatus.TERMINATED):
        return run.status
    if reports.unwritten:
        return ExitStatus.IO_ERROR
    if run.status is not None:
        return run.status
    tests = [test for result in results for test in result.tests]
    if any(test.cause in ("unreachable", "incompatible") for test in tests):
        return ExitStatus.CLUSTER_UNREACHABLE
    if any(test.status in (Status.FAILED, Status.ERROR) for test in tests):
        return ExitStatus.TESTS_FAILED
    return opening.printer.exit_status()
