"""The convert stage: page files in, Pages (as page data) and their diagnostics out, in parallel."""

from __future__ import annotations

import multiprocessing
import os
import traceback as traceback_module
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docextract import export
from docextract.asciidoc.attributes import Attributes
from docextract.asciidoc.blocks import parse_blocks
from docextract.asciidoc.files import FileCache
from docextract.asciidoc.page import build_page
from docextract.asciidoc.reader import Options, Reader
from docextract.diagnostics import Diagnostic, Diagnostics, Severity
from docextract.model import Page, Pos
from docextract.settings import Settings

# Below this many pages, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 24


def read_page(
    path: Path, settings: Settings, diagnostics: Diagnostics, files: FileCache | None = None
) -> Page:
    """Preprocess, parse and read one page (includes expanded, conditionals evaluated)."""
    reader = Reader(
        path,
        settings.docs_root,
        Attributes.for_page(str(settings.docs_root), settings.attributes),
        diagnostics,
        Options(allow_include_outside_root=settings.allow_include_outside_root),
        files or FileCache(),
    )
    blocks = parse_blocks(reader, diagnostics)
    return build_page(blocks, reader.display(path), diagnostics)


@dataclass(frozen=True)
class Output:
    """How a converted page is rendered, and where it is written: done by the worker that read it."""

    format: str = "yaml"  # yaml | json
    directory: Path | None = None  # one file per page here; None: the text comes back to the caller
    bases: dict[Path, Path] = field(default_factory=dict)  # page → the folder its relative path starts at

    def render(self, path: Path, data: dict[str, Any]) -> str | None:
        text = export.to_json(data) if self.format == "json" else export.to_yaml(data)
        if self.directory is None:
            return text
        target = self.directory / path.relative_to(self.bases.get(path, path.parent)).with_suffix(
            f".{self.format}"
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
        return None


@dataclass
class Converted:
    path: Path
    ok: bool  # False when docextract itself failed on the page
    text: str | None  # the rendered page, unless it was written to a file
    diagnostics: list[Diagnostic]
    traceback: str | None = None


def _convert_one(path: Path, settings: Settings, files: FileCache, output: Output) -> Converted:
    diagnostics = Diagnostics()
    try:
        page = read_page(path, settings, diagnostics, files)
    except Exception as err:  # one page's bug must not lose the others
        diagnostics.add(
            Diagnostic(
                Severity.ERROR,
                "internal-error",
                f"docextract failed on this page: {err!r}",
                Pos(path.as_posix(), 1),
                "this is a bug in docextract: run again with --traceback and report it",
            )
        )
        return Converted(path, False, None, diagnostics.items, traceback_module.format_exc())
    return Converted(path, True, output.render(path, export.page_data(page)), diagnostics.items)


_worker_state: tuple[Settings, FileCache, Output] | None = None


def _worker_init(settings: Settings, output: Output) -> None:
    global _worker_state
    _worker_state = (settings, FileCache(), output)


def _worker(path: Path) -> Converted:
    return _convert_one(path, *_worker_state)


def convert_pages(
    paths: list[Path], settings: Settings, output: Output, jobs: int | None = None
) -> Iterator[Converted]:
    """Convert pages in order; with several jobs, in worker processes (results still come in order)."""
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(paths) < PARALLEL_THRESHOLD or "fork" not in multiprocessing.get_all_start_methods():
        files = FileCache()
        for path in paths:
            yield _convert_one(path, settings, files, output)
        return
    _warm_up()
    context = multiprocessing.get_context("fork")
    with context.Pool(min(jobs, len(paths)), initializer=_worker_init, initargs=(settings, output)) as pool:
        yield from pool.imap(_worker, paths, chunksize=max(1, len(paths) // (jobs * 8)))


def _warm_up() -> None:
    """Build the parsers before forking, so that every worker inherits them instead of building its own."""
    from docextract.asciidoc.blocks import _TO_BLOCKS
    from docextract.asciidoc.lexer import BlockLexer
    from docextract.syntax import grammar

    grammar.load("asciidoc", lexer=BlockLexer, transformer=_TO_BLOCKS, positions=False)
    grammar.load("console")
    grammar.load("annotations", start="annotation")
    grammar.load("directives")
    grammar.load("parameter", start="head")
    grammar.load("parameter", start="term")
