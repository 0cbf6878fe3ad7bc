"""The run command's job: start the cluster, build the suites, replay them and write the reports."""

from __future__ import annotations

import argparse
import os
from dataclasses import replace
from pathlib import Path

from docextract.commands.common import open_pages
from docextract.commands.generation import generate
from docextract.diagnostics import Diagnostics
from docextract.environment import Environment
from docextract.exitstatus import ExitStatus
from docextract.report import junit, text
from docextract.report.jsonlines import JsonLines
from docextract.report.progress import Progress
from docextract.results import Status
from docextract.runner.clusters import ClusterRefused, ClusterUnavailable, EmbeddedCluster, ExternalCluster
from docextract.runner.load import load_suite, test_files
from docextract.runner.replay import Selection, run_all
from docextract.runner.transport import Target


def _target(args: argparse.Namespace, env: Environment) -> Target:
    environ = env.environ
    return Target(
        url=args.cluster or environ.get("ELASTICSEARCH_URL", ""),
        user=args.user or environ.get("ES_USER") or None,
        password=environ.get(args.password_env) if (args.user or environ.get("ES_USER")) else None,
        api_key=args.api_key or environ.get("ES_API_KEY") or None,
        bearer=args.bearer or environ.get("ES_BEARER_TOKEN") or None,
        verify=False if args.insecure else (args.ca_certs or environ.get("ES_CA_CERTS") or True),
        timeout=args.timeout,
        retries=args.retries,
    )


def replay(args: argparse.Namespace, env: Environment, pages, yamls, lines) -> ExitStatus:
    """Start the cluster, generate or load the suites, replay them, report; the exit status."""
    opening = open_pages(args, env, pages or yamls, for_tests=True)
    printer = opening.printer
    target = _target(args, env)
    if target.url:
        cluster = ExternalCluster(target, env.connect, args.wipe)
    else:
        cluster = EmbeddedCluster(env.connect, args.timeout)
    try:
        cluster.start()  # before generating: the embedded cluster warms up meanwhile
    except ClusterUnavailable as err:
        env.stderr.write(f"docextract: the cluster is unreachable: {err}\n")
        cluster.close()  # the transport opened to find that out
        return ExitStatus.CLUSTER_UNREACHABLE
    except ClusterRefused as err:
        env.stderr.write(f"docextract: refusing to run: {err}\n")
        cluster.close()
        return ExitStatus.USAGE
    try:
        suites, selected_lines = _suites(args, replace(opening, inputs=pages), yamls, lines)
    except BaseException:
        cluster.close()
        raise
    return _replay_suites(args, env, cluster, target, suites, selected_lines, printer)


def _suites(args, opening, yamls, lines):
    suites = []
    if opening.inputs:
        suites += [generated.suite for generated in generate(opening, args).generation.suites]
    loading = Diagnostics()
    for path in test_files(yamls):
        suite = load_suite(path, os.path.relpath(path), loading)
        if suite is not None:
            suites.append(suite)
    opening.printer.emit(loading.items)
    by_doc = {str((opening.settings.docs_root / s.doc).resolve()): s for s in suites}
    selected_lines = {by_doc[str(p)].doc: line for p, line in lines.items() if str(p) in by_doc}
    return suites, selected_lines


def _replay_suites(args, env, cluster, target: Target, suites, selected_lines, printer) -> ExitStatus:
    selection = Selection(args.keyword, selected_lines)
    if selected_lines:
        suites = [s for s in suites if s.doc in selected_lines]
    terminal = env.stderr_isatty and not env.environ.get("CI")
    progress = Progress(env.stderr, len(suites), terminal, args.quiet)
    json_file = open(args.json, "w", encoding="utf-8") if args.json else None  # noqa: SIM115 - written while running
    stream = JsonLines(json_file) if json_file else None
    results = []
    interrupted = False
    started = env.clock.now()

    def arrived(result) -> None:
        results.append(result)
        progress.page(result)
        if stream:
            stream.suite(result)

    try:
        run_all(suites, cluster, selection, args.jobs or os.cpu_count() or 1, arrived, env.clock)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        progress.close()
        cluster.close()
        seconds = env.clock.now() - started
        counts = text.totals(results)
        if stream:
            stream.summary(
                {s.value: counts.get(s, 0) for s in Status}, cluster.description, seconds, interrupted
            )
            json_file.close()
        if args.junit:
            Path(args.junit).write_text(junit.render(results, target.auth_shown), "utf-8")
    _print(env, args, results, target, printer, cluster.description, seconds)
    if interrupted:
        return ExitStatus.INTERRUPTED
    if any(t.status is Status.ERROR and t.cause == "unreachable" for r in results for t in r.tests):
        return ExitStatus.CLUSTER_UNREACHABLE
    if counts.get(Status.FAILED) or counts.get(Status.ERROR):
        return ExitStatus.TESTS_FAILED
    return printer.exit_status()


def _print(env, args, results, target: Target, printer, description: str, seconds: float) -> None:
    for result in results:
        for test in result.tests:
            if test.status in (Status.FAILED, Status.ERROR):
                env.stderr.write(text.failure(test, printer.read_line, target.auth_shown) + "\n\n")
            elif args.verbose:
                env.stderr.write(
                    f"{test.status.value.upper():<11} {test.pos.file}:{test.pos.line} {test.name}\n"
                )
    if not args.quiet:
        env.stderr.write(text.summary(results, description, seconds))
