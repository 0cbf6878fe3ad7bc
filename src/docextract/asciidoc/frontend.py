"""The AsciiDoc front end: preprocess, parse blocks, read the page out of them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from docextract.asciidoc import SUFFIXES
from docextract.asciidoc.attributes import Attributes
from docextract.asciidoc.blocks import parse_blocks, prepare_parser
from docextract.asciidoc.files import FileCache
from docextract.asciidoc.page import build_page
from docextract.asciidoc.reader import Reader, ReadOptions
from docextract.diagnostics import Diagnostic, Diagnostics
from docextract.model import Include, Page
from docextract.settings import Settings


class AsciiDoc:
    suffixes = SUFFIXES

    def __init__(self) -> None:
        self.files = FileCache()  # a file included by many pages is read once

    def read(self, path: Path, settings: Settings) -> tuple[Page, list[Diagnostic]]:
        diagnostics = Diagnostics()
        reader = Reader(
            path,
            settings.docs_root,
            Attributes.for_page(str(settings.docs_root), settings.attributes),
            diagnostics,
            ReadOptions(
                expand=not settings.for_tests,
                allow_include_outside_root=settings.allow_include_outside_root,
            ),
            self.files,
        )
        blocks = parse_blocks(reader, diagnostics)
        page = build_page(blocks, reader.display(path), diagnostics, for_tests=settings.for_tests)
        includes = tuple(Include(file, at) for file, at in reader.included.items())
        return replace(page, includes=includes, missing=tuple(sorted(reader.missing))), diagnostics.items

    def prepare(self) -> None:
        prepare_parser()
