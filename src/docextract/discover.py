"""Find the pages to read and the docs root that includes resolve against."""

from __future__ import annotations

from pathlib import Path

PAGE_SUFFIXES = (".asciidoc", ".adoc")


def pages(inputs: list[Path]) -> list[tuple[Path, Path]]:
    """(page, base) pairs: every page under each input, with the folder its output path is relative to."""
    found: list[tuple[Path, Path]] = []
    seen: set[Path] = set()
    for entry in inputs:
        if entry.is_dir():
            candidates = sorted(p for p in entry.rglob("*") if p.suffix in PAGE_SUFFIXES and p.is_file())
            base = entry
        else:
            candidates, base = [entry], entry.parent
        for page in candidates:
            key = page.resolve()
            if key not in seen:
                seen.add(key)
                found.append((page, base))
    return found


def docs_root(inputs: list[Path]) -> Path:
    """The root Elastic's build would include the pages from.

    The topmost folder above the first input that holds an index.asciidoc (without leaving the
    repository), else the input folder itself (or the page's folder).
    """
    first = inputs[0].resolve()
    start = first if first.is_dir() else first.parent
    root = start
    for folder in (start, *start.parents):
        if (folder / "index.asciidoc").is_file():
            root = folder
        if (folder / ".git").exists():
            break
    return root
