"""The convert stage: a page file in, a Page and its diagnostics out."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from docextract.asciidoc.attributes import Attributes
from docextract.asciidoc.blocks import parse_blocks
from docextract.asciidoc.page import build_page
from docextract.asciidoc.reader import FileCache, Options, Reader
from docextract.diagnostics import Diagnostics
from docextract.model import Page


@dataclass
class Settings:
    docs_root: Path
    attributes: dict[str, str | None] = field(default_factory=dict)  # -a name=value; None unsets
    allow_include_outside_root: bool = False


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
