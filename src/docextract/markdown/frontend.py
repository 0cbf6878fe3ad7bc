"""The Markdown front end: a page's file read into blocks (includes expanded), then the page out of them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from docextract.diagnostics import Diagnostic, Diagnostics
from docextract.markdown import SUFFIXES
from docextract.markdown.blocks import read_document
from docextract.markdown.files import FileCache
from docextract.markdown.page import build_page
from docextract.markdown.parser import markdown
from docextract.markdown.reading import Frame, Reading
from docextract.markdown.substitutions import Docsets
from docextract.model import Include, Page
from docextract.settings import Settings
from docextract.syntax import annotations, console, pagefile, parameter


class Markdown:
    suffixes = SUFFIXES

    def __init__(self) -> None:
        self.files = FileCache()  # a snippet file included by many pages is read once
        self.docsets = Docsets()

    def read(self, path: Path, settings: Settings) -> tuple[Page, list[Diagnostic]]:
        diagnostics = Diagnostics()
        reading = Reading(
            self.files,
            self.files.real(settings.docs_root),
            diagnostics,
            expand=not settings.for_tests,
            allow_outside=settings.allow_include_outside_root,
        )
        lines = self.files.lines(path)
        display = reading.display(path)
        if lines is None:
            pagefile.report_unreadable(self.files.unreadable(path), display, diagnostics)
            lines = []
        self.files.report(path, display, (), diagnostics)
        reading.subs = self.docsets.for_page(path, reading.display, diagnostics)
        document = read_document(lines, reading, Frame(path, (self.files.real(path),)), display)
        page = build_page(document, display, reading, for_tests=settings.for_tests)
        includes = tuple(Include(file, at) for file, at in reading.included.items())
        return replace(page, includes=includes, missing=tuple(sorted(reading.missing))), diagnostics.items

    def prepare(self) -> None:
        markdown()
        for prepare in (console.prepare, annotations.prepare, parameter.prepare):
            prepare()
