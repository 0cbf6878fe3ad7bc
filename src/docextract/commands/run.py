"""docextract run: replay the docs' tests on a cluster (an embedded one by default) and report."""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from docextract.commands.common import (
    DiagnosticPrinter,
    UsageError,
    add_docs_options,
    add_output_options,
    command_parser,
    settings,
)
from docextract.commands.testgen_options import add_testgen_options, generate
from docextract.diagnostics import Diagnostics
from docextract.environment import Environment
from docextract.exitstatus import ExitStatus
from docextract.report import junit, text
from docextract.report.jsonlines import JsonLines
from docextract.report.progress import Progress
from docextract.runner.clusters import ClusterRefused, ClusterUnavailable, EmbeddedCluster, ExternalCluster
from docextract.runner.load import load_suite, test_files
from docextract.runner.results import Status
from docextract.runner.run import Selection, run_all
from docextract.runner.transport import Target

NAME = "run"
HELP = "replay the docs' tests against a cluster (an embedded one by default) and report"
DESCRIPTION = """\
Turn the pages' snippets into tests (as `docextract tests` does, in memory) and replay them. By
default on an embedded in-memory OpenSearch-compatible cluster (osmem-server): each test gets a
fresh copy, pages run in parallel. With --cluster, on that cluster: pages one after another, each
test cleaning up what it created. PATH may also be page.asciidoc:LINE (the test of that snippet,
with its continued chain and setups) or YAML REST test files.

A test ends passed, failed (the docs show what the cluster does not do), skipped (with the docs'
reason), unsupported (the target has no such API) or error (the run could not tell).
"""
EXAMPLES = """\
examples:
  docextract run docs/reference/indices
  docextract run docs/ --cluster https://localhost:9200 --api-key "$ES_API_KEY" --ca-certs ca.pem
  docextract run docs/ --cluster http://127.0.0.1:9200 --user elastic --password-env ES_PASSWORD --wipe
  docextract run docs/ -k alias --junit build/junit.xml --json build/results.json
  docextract run docs/reference/indices/add-alias.asciidoc:42
  docextract run build/rest/rest-api-spec/test

environment: ELASTICSEARCH_URL, ES_USER, ES_PASSWORD, ES_API_KEY, ES_BEARER_TOKEN, ES_CA_CERTS
"""


def add_parser(subparsers) -> None:
    parser = command_parser(subparsers, NAME, HELP, DESCRIPTION, EXAMPLES)
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="pages, folders, page.asciidoc:LINE, YAML test files"
    )
    target = parser.add_argument_group("the cluster")
    target.add_argument("--cluster", metavar="URL", help="run on this cluster instead of the embedded one")
    target.add_argument("--user", metavar="NAME", help="basic authentication user")
    target.add_argument(
        "--password-env",
        metavar="VAR",
        default="ES_PASSWORD",
        help="environment variable holding the password",
    )
    target.add_argument("--api-key", metavar="KEY", help="an Elasticsearch API key (prefer $ES_API_KEY)")
    target.add_argument("--bearer", metavar="TOKEN", help="a bearer token (prefer $ES_BEARER_TOKEN)")
    target.add_argument(
        "--ca-certs", metavar="FILE", help="CA certificates to verify the cluster's TLS certificate"
    )
    target.add_argument("--insecure", action="store_true", help="do not verify TLS certificates")
    target.add_argument(
        "--wipe",
        action="store_true",
        help="delete every index, data stream, template and pipeline before and between tests",
    )
    target.add_argument(
        "--timeout", type=float, default=30.0, metavar="SECONDS", help="per request (default 30)"
    )
    target.add_argument(
        "--retries", type=int, default=2, metavar="N", help="retries of a connection that fails (default 2)"
    )
    target.add_argument("-j", "--jobs", type=int, metavar="N", help="pages in parallel (default: the CPUs)")
    parser.add_argument(
        "-k", dest="keyword", metavar="TEXT", help="only tests whose page::name contains TEXT"
    )
    reports = parser.add_argument_group("reports")
    reports.add_argument("--junit", metavar="FILE", help="write JUnit XML results")
    reports.add_argument("--json", metavar="FILE", help="write JSON Lines results as they arrive")
    reports.add_argument("-v", "--verbose", action="store_true", help="list every test, not only failures")
    add_testgen_options(parser)
    add_docs_options(parser)
    add_output_options(parser)
    parser.set_defaults(run=run)


def _split_inputs(values: list[str]) -> tuple[list[Path], list[Path], dict[Path, int]]:
    """Pages (and folders of them), YAML test files, and page:LINE selections."""
    pages: list[Path] = []
    yamls: list[Path] = []
    lines: dict[Path, int] = {}
    for value in values:
        path = Path(value)
        if not path.exists():
            head, _, tail = value.rpartition(":")
            if tail.isdigit() and Path(head).is_file():
                path = Path(head)
                lines[path.resolve()] = int(tail)
            else:
                raise UsageError(f"no such file or folder: {value}")
        if path.is_file():
            (yamls if path.suffix in (".yml", ".yaml") else pages).append(path)
        elif any(path.rglob("*.asciidoc")) or any(path.rglob("*.adoc")):
            pages.append(path)
        else:
            yamls.append(path)
    return pages, yamls, lines


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


def run(args: argparse.Namespace, env: Environment) -> ExitStatus:
    pages, yamls, lines = _split_inputs(args.paths)
    config = settings(args, pages or yamls)
    printer = DiagnosticPrinter(env, args, config.docs_root)
    target = _target(args, env)
    cluster = ExternalCluster(target, args.wipe) if target.url else EmbeddedCluster(args.timeout)
    try:
        cluster.start()  # before generating: the embedded cluster warms up meanwhile
    except ClusterUnavailable as err:
        env.stderr.write(f"docextract: the cluster is unreachable: {err}\n")
        return ExitStatus.CLUSTER_UNREACHABLE
    except ClusterRefused as err:
        env.stderr.write(f"docextract: refusing to run: {err}\n")
        cluster.close()
        return ExitStatus.USAGE
    try:
        suites, selected_lines = _suites(args, config, printer, pages, yamls, lines)
    except BaseException:
        cluster.close()
        raise
    return _replay(args, env, cluster, target, suites, selected_lines, printer)


def _suites(args, config, printer, pages, yamls, lines):
    suites = []
    if pages:
        suites += generate(pages, config, args, printer).suites
    loading = Diagnostics()
    for path in test_files(yamls):
        suite = load_suite(path, os.path.relpath(path), loading)
        if suite is not None:
            suites.append(suite)
    printer.emit(loading.items)
    by_doc = {str((config.docs_root / s.doc).resolve()): s for s in suites}
    selected_lines = {by_doc[str(p)].doc: line for p, line in lines.items() if str(p) in by_doc}
    return suites, selected_lines


def _replay(args, env, cluster, target: Target, suites, selected_lines, printer) -> ExitStatus:
    selection = Selection(args.keyword, selected_lines)
    if selected_lines:
        suites = [s for s in suites if s.doc in selected_lines]
    terminal = env.stderr_isatty and not env.environ.get("CI")
    progress = Progress(env.stderr, len(suites), terminal, args.quiet)
    json_file = open(args.json, "w", encoding="utf-8") if args.json else None  # noqa: SIM115 - written while running
    stream = JsonLines(json_file) if json_file else None
    results = []
    interrupted = False
    started = time.monotonic()

    def arrived(result) -> None:
        results.append(result)
        progress.page(result)
        if stream:
            stream.suite(result)

    try:
        run_all([(s, ()) for s in suites], cluster, selection, args.jobs or os.cpu_count() or 1, arrived)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        progress.close()
        cluster.close()
        seconds = time.monotonic() - started
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
    if any(t.status is Status.ERROR and "unreachable" in (t.reason or "") for r in results for t in r.tests):
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
