"""docextract run: replay the docs' tests on a cluster (an embedded one by default) and report."""

from __future__ import annotations

import argparse
from pathlib import Path

from docextract.commands import options
from docextract.commands.common import (
    add_docs_options,
    add_output_options,
    command_parser,
)
from docextract.commands.generation import add_testgen_options
from docextract.commands.options import positive_int
from docextract.commands.usage import no_such_path
from docextract.environment import Environment
from docextract.exitstatus import ExitStatus
from docextract.pages import holds_pages

NAME = "run"
HELP = "replay the docs' tests against a cluster (an embedded one by default) and report"
DESCRIPTION = """\
Turn the pages' snippets into tests (as `docextract tests` does, in memory) and replay them. By
default on an embedded in-memory OpenSearch-compatible cluster (osmem-server): each test gets a
fresh copy, and --jobs processes each read and replay a share of the pages. With --cluster, on that
cluster: pages one after another, each test cleaning up what it created. PATH may also be
page.asciidoc:LINE (the test of that snippet, with its continued chain and setups) or YAML REST
test files.

With --shard K/N each machine of a CI matrix reads and runs its own part of the pages; together the
N parts run every test once.

A test ends passed, failed (the docs show what the cluster does not do), skipped (with the docs'
reason), unsupported (the target has no such API) or error (the run could not tell). With
--es-spec, a request the target refuses as unknown (an API, a query, an aggregation, a body key, a
parameter) is looked up in the Elasticsearch specification: unsupported when Elasticsearch knows it,
failed when it does not.
"""
EXAMPLES = """\
examples:
  docextract run docs/reference/indices
  docextract run docs/ --cluster https://localhost:9200 --api-key "$ES_API_KEY" --ca-certs ca.pem
  docextract run docs/ --cluster http://127.0.0.1:9200 --user elastic --password-env ES_PASSWORD --wipe
  docextract run docs/ -k alias --junit build/junit.xml --json build/results.json
  docextract run docs/reference/indices/add-alias.asciidoc:42
  docextract run build/rest/rest-api-spec/test
  docextract run docs/ --shard 2/4 --junit build/junit-2.xml
  docextract run docs/reference --es-spec schema.json

environment: ELASTICSEARCH_URL, ES_USER, ES_PASSWORD, ES_API_KEY, ES_BEARER_TOKEN, ES_CA_CERTS
"""


def add_parser(subparsers) -> None:
    parser = command_parser(subparsers, NAME, HELP, DESCRIPTION, EXAMPLES)
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="pages, folders, page.asciidoc:LINE, YAML test files"
    )
    target = parser.add_argument_group("the cluster")
    target.add_argument("--cluster", metavar="URL", help="run on this cluster instead of the embedded one")
    options.add_reach_options(target.add_argument)
    target.add_argument(
        "-j",
        "--jobs",
        type=positive_int,
        metavar="N",
        help="processes for the run (default: the CPUs): on the embedded cluster each reads and replays "
        "a share of the pages (8 at least) on a server of its own; on a cluster at a URL they read the pages",
    )
    parser.add_argument(
        "--es-spec",
        dest="es_spec",
        metavar="FILE",
        help="the Elasticsearch specification's schema.json: a request the target refuses as unknown is "
        "unsupported when Elasticsearch knows the name, a failure of the page when it does not",
    )
    parser.add_argument(
        "-k", dest="keyword", metavar="TEXT", help="only tests whose page::name contains TEXT"
    )
    parser.add_argument(
        "--shard",
        type=shard_part,
        metavar="K/N",
        help="run only the K-th of N disjoint parts of the pages (for a CI job matrix): each page whole in "
        "one part, the parts balanced by tests and the same on every machine",
    )
    parser.add_argument(
        "--no-cache",
        dest="no_cache",
        action="store_true",
        help="read every page: neither use nor keep the pages an earlier run read (see the README)",
    )
    reports = parser.add_argument_group("reports")
    reports.add_argument("--junit", metavar="FILE", help="write JUnit XML results")
    reports.add_argument("--json", metavar="FILE", help="write JSON Lines results as they arrive")
    reports.add_argument("-v", "--verbose", action="store_true", help="list every test, not only failures")
    add_testgen_options(parser)
    add_docs_options(parser)
    add_output_options(parser)
    parser.set_defaults(run=run)


def shard_part(text: str):
    """An argparse type: K/N with 1 <= K <= N."""
    from docextract.commands.run_suites import Part

    number, sep, count = text.partition("/")
    if not (sep and number.isdigit() and count.isdigit()) or not 1 <= int(number) <= int(count):
        raise argparse.ArgumentTypeError(f"{text!r}: give K/N with 1 <= K <= N, as in 2/4")
    return Part(int(number), int(count))


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
                lines[path] = int(tail)
            else:
                raise no_such_path(value)
        if path.is_file():
            (yamls if path.suffix in (".yml", ".yaml") else pages).append(path)
        elif holds_pages(path):
            pages.append(path)
        else:
            yamls.append(path)
    return pages, yamls, lines


def run(args: argparse.Namespace, env: Environment) -> ExitStatus:
    from docextract.commands import run_job  # the runner, requests and the grammars load only when run

    pages, yamls, lines = _split_inputs(args.paths)
    return run_job.replay(args, env, pages, yamls, lines)
