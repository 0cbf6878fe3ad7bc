"""docextract convert: pages to page YAML (or JSON), one file per page or a stream on stdout; or their
tested console requests as request examples of the Elasticsearch specification."""

from __future__ import annotations

import argparse
import contextlib
from pathlib import Path

from docextract.clashes import clashing, page_name
from docextract.commands.common import (
    UsageError,
    add_docs_options,
    add_output_options,
    add_paths,
    command_parser,
    open_pages,
)
from docextract.commands.options import positive_int
from docextract.diagnostics import Diagnostic, Severity
from docextract.environment import Environment
from docextract.exitstatus import ExitStatus
from docextract.outputs import OutputFolder
from docextract.position import Pos, from_root
from docextract.report import problems
from docextract.report.problems import plural

NAME = "convert"
HELP = "convert API pages (AsciiDoc, Markdown) into structured page YAML"
DESCRIPTION = """\
Read API reference pages, AsciiDoc or Markdown (includes expanded, conditionals evaluated), and write one
structured document per page (schema docextract/page/v1): endpoints, parameters, response codes
and every snippet with its requests and test annotations, each with its file and line.

A folder is searched for *.asciidoc, *.adoc and *.md files. Without --output the documents go to
stdout (a YAML stream, or a JSON array for several pages).

--format spec-examples writes, instead, every tested console request (a [source,console] snippet that
a test sends) as a request example of the Elasticsearch specification, laid out as its specification/
folder is: ENDPOINT/examples/request/NAMERequestExampleN.yaml. It needs --output and --es-spec (the
specification's schema.json, e.g. dist/schema.json of the npm package @elastic/request-converter).
"""
EXAMPLES = """\
examples:
  docextract convert docs/reference/ -o build/pages/
  docextract convert page.asciidoc
  docextract convert page.asciidoc --format json
  docextract convert docs/ --docs-root docs/reference -a release-state=released
  docextract convert docs/reference/ --format spec-examples --es-spec schema.json -o build/spec/
"""


def add_parser(subparsers) -> None:
    parser = command_parser(subparsers, NAME, HELP, DESCRIPTION, EXAMPLES)
    add_paths(parser)
    parser.add_argument(
        "-o", "--output", metavar="DIR", help="write one file per page here, keeping the relative paths"
    )
    parser.add_argument(
        "--format",
        choices=("yaml", "json", "spec-examples"),
        default="yaml",
        help="output format (default: yaml); spec-examples: the specification's request examples",
    )
    parser.add_argument(
        "--es-spec",
        dest="es_spec",
        metavar="FILE",
        help="the Elasticsearch specification's schema.json (for --format spec-examples)",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=positive_int,
        metavar="N",
        help="pages converted in parallel (default: the number of CPUs)",
    )
    parser.add_argument(
        "--no-cache",
        dest="no_cache",
        action="store_true",
        help="read every page: neither use nor keep what an earlier run converted (see the README)",
    )
    add_docs_options(parser)
    add_output_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, env: Environment) -> ExitStatus:
    # Imported here: they load the grammars, which `docextract --help` and other commands do not need.
    from docextract.batch import Output, convert_pages
    from docextract.pagecache import PageCache

    if args.format == "spec-examples":
        return _spec_examples(args, env)
    if args.es_spec and _given(args, "es-spec"):  # the settings file's es-spec is for other commands too
        raise UsageError("--es-spec is for --format spec-examples")
    opening = open_pages(args, env)
    printer = opening.printer
    pages = opening.pages
    paths = [path for path, _ in pages]
    output = Output(args.format, Path(args.output) if args.output else None, dict(pages))
    folder = None
    if output.directory:
        clashes = clashing(
            ((path, output.target(path)) for path in paths), page_name(opening.settings.docs_root)
        )
        printer.emit(clashes.values())
        paths = [path for path in paths if path not in clashes]
        # Every file the run may write is checked before the first page is read.
        folder = OutputFolder.open(output.directory, NAME, map(output.target, paths))
        folder.keep(map(output.target, clashes))  # their pages are there: an earlier output is not stale
    cache = None if args.no_cache else PageCache.open(opening.settings, f"convert {args.format}")
    documents: list[str] = []
    written = removed = 0
    with folder or contextlib.nullcontext():
        for result in convert_pages(paths, opening.settings, output, args.jobs, folder, cache):
            if result.traceback and args.traceback:
                env.stderr.write(result.traceback)
            printer.emit(result.diagnostics)
            if result.text is not None:
                documents.append(result.text)
            written += result.ok
        if folder is not None:
            removed = folder.remove_stale()
    if not args.output:
        from docextract import export

        single = len(pages) == 1 and opening.inputs[0].is_file()
        env.stdout.write(export.join_documents(documents, args.format, single))
    if not args.quiet:
        tail = f"; wrote {written} to {args.output}" if args.output else ""
        tail += f"; removed {plural(removed, 'stale file')}" if removed else ""
        env.stderr.write(f"converted {problems.summary(len(pages), printer.seen)}{tail}\n")
    return printer.exit_status()


def _spec_examples(args: argparse.Namespace, env: Environment) -> ExitStatus:
    """The tested console requests of the pages, as example files of the specification."""
    from docextract import spec
    from docextract.pages import Readers

    if not args.output or not args.es_spec:
        raise UsageError("--format spec-examples needs --output DIR and --es-spec FILE")
    try:
        schema = spec.load(Path(args.es_spec))
    except spec.SpecError as err:
        raise UsageError(str(err)) from None
    opening = open_pages(args, env)
    printer = opening.printer
    readers = Readers()
    read = []
    for path, _ in opening.pages:
        try:
            page, diagnostics = readers.read(path, opening.settings)
        except Exception as err:  # one page's bug must not lose the others
            printer.emit([_bug(from_root(path, opening.settings.docs_root), err)])
            if args.traceback:
                import traceback

                env.stderr.write(traceback.format_exc())
            continue
        printer.emit(diagnostics)
        read.append(page)
    files = spec.examples(read, schema)
    # Every file the run writes is checked before the first is written.
    with OutputFolder.open(Path(args.output), f"{NAME} spec-examples", [f.path for f in files]) as folder:
        for file in files:
            folder.write(file.path, file.text)
        removed = folder.remove_stale()
    if not args.quiet:
        tail = f"; removed {plural(removed, 'stale file')}" if removed else ""
        env.stderr.write(
            f"converted {problems.summary(len(opening.pages), printer.seen)}; wrote "
            f"{plural(len(files), 'request example')} to {args.output}{tail}\n"
        )
    return printer.exit_status()


def _bug(file: str, err: Exception) -> Diagnostic:
    return Diagnostic(
        Severity.ERROR,
        "internal-error",
        f"docextract failed on this page: {err!r}",
        Pos(file, 1),
        "this is a bug in docextract: run again with --traceback and report it",
    )


def _given(args: argparse.Namespace, key: str) -> bool:
    """Whether the option was on the command line (not filled from the settings file)."""
    from docextract.project import COMMAND_LINE

    project = getattr(args, "project", None)
    return project is None or project.values[key].origin == COMMAND_LINE
