"""docextract convert: pages to page YAML (or JSON), one file per page or a stream on stdout."""

from __future__ import annotations

import argparse
from pathlib import Path

from docextract import discover, export, render
from docextract.asciidoc.reader import FileCache
from docextract.commands.common import (
    DiagnosticPrinter,
    add_docs_options,
    add_output_options,
    existing_paths,
    settings,
)
from docextract.convert import read_page
from docextract.diagnostics import Diagnostics
from docextract.environment import Environment
from docextract.exitstatus import ExitStatus
from docextract.model import Pos

HELP = "convert AsciiDoc API pages into structured page YAML"
DESCRIPTION = """\
Read AsciiDoc API reference pages (includes expanded, conditionals evaluated) and write one
structured document per page (schema docextract/page/v1): endpoints, parameters, response codes
and every snippet with its requests and test annotations, each with its file and line.

A folder is searched for *.asciidoc and *.adoc files. Without --output the documents go to
stdout (a YAML stream, or a JSON array for several pages).
"""
EXAMPLES = """\
examples:
  docextract convert docs/reference/ -o build/pages/
  docextract convert page.asciidoc
  docextract convert page.asciidoc --format json
  docextract convert docs/ --docs-root docs/reference -a release-state=released
"""


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "convert",
        help=HELP,
        description=DESCRIPTION,
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="pages or folders of pages")
    parser.add_argument(
        "-o", "--output", metavar="DIR", help="write one file per page here, keeping the relative paths"
    )
    parser.add_argument(
        "--format", choices=("yaml", "json"), default="yaml", help="output format (default: yaml)"
    )
    add_docs_options(parser)
    add_output_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, env: Environment) -> ExitStatus:
    inputs = existing_paths(args.paths)
    config = settings(args, inputs)
    files = FileCache()
    printer = DiagnosticPrinter(env, args, config.docs_root, files)
    documents = []
    written = 0
    pages = discover.pages(inputs)
    for path, base in pages:
        diagnostics = Diagnostics()
        try:
            page = read_page(path, config, diagnostics, files)
        except Exception as err:  # one page's bug must not lose the others
            if args.traceback:
                raise
            diagnostics.error(
                "internal-error",
                f"docextract failed on this page: {err!r}",
                Pos(path.as_posix(), 1),
                "this is a bug in docextract: run again with --traceback and report it",
            )
            page = None
        printer.emit(diagnostics.items)
        if page is None:
            continue
        data = export.page_data(page)
        if args.output:
            target = Path(args.output) / path.relative_to(base).with_suffix(f".{args.format}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(
                export.to_json(data) if args.format == "json" else export.to_yaml(data), "utf-8"
            )
            written += 1
        else:
            documents.append(data)
    if not args.output:
        single = len(pages) == 1 and inputs[0].is_file()
        if args.format == "json":
            env.stdout.write(export.to_json(documents[0] if single and documents else documents))
        elif documents:
            env.stdout.write(export.to_yaml(documents[0]) if single else export.to_yaml_stream(documents))
    if not args.quiet:
        tail = f"; wrote {written} to {args.output}" if args.output else ""
        env.stderr.write(f"converted {render.summary(len(pages), printer.seen)}{tail}\n")
    return printer.exit_status()
