"""Read each doc file as it physically stands, as Elasticsearch's test generator does.

No include is expanded and no conditional evaluated, so every snippet is tested exactly once,
from the file it is written in (snippets in //// comment blocks included).
"""

from __future__ import annotations

from pathlib import Path

from docextract.asciidoc.attributes import Attributes
from docextract.asciidoc.blocks import parse_blocks
from docextract.asciidoc.files import FileCache
from docextract.asciidoc.page import collect_snippets
from docextract.asciidoc.reader import Options, Reader
from docextract.diagnostics import Diagnostics
from docextract.model import Snippet


def read_snippets(
    path: Path, docs_root: Path, diagnostics: Diagnostics, files: FileCache
) -> tuple[str, list[Snippet]]:
    """(the doc's path relative to the docs root, its snippets in order)."""
    reader = Reader(
        path, docs_root, Attributes.for_page(str(docs_root), {}), diagnostics, Options(expand=False), files
    )
    blocks = parse_blocks(reader, diagnostics)
    return reader.display(path), list(collect_snippets(blocks, diagnostics, for_tests=True))
