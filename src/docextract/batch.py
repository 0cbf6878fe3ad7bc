"""Convert many pages: in worker processes when it pays, each page rendered by the worker that read it and
written by the parent, the one process that keeps the output folder's manifest."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from docextract.collector import fewer_collections
from docextract.diagnostics import Diagnostic, Severity
from docextract.outputs import OutputFolder, sha256_of
from docextract.pagecache import PageCache, kept_or_made
from docextract.pages import Readers
from docextract.position import Pos, from_root
from docextract.settings import Settings

TYPE_CHECKING = False  # typing's, without loading typing: see docs/ARCHITECTURE.md, Start-up
if TYPE_CHECKING:
    from typing import Any


@dataclass(frozen=True)
class Output:
    """How a converted page is rendered, and where it is written."""

    format: str = "yaml"  # yaml | json
    directory: Path | None = None  # one file per page here; None: the text comes back to the caller
    bases: dict[Path, Path] = field(default_factory=dict)  # page → the folder its relative path starts at

    def render(self, data: dict[str, Any]) -> str:
        from docextract import export  # with the page model: loaded only where a page is read

        return export.to_json(data) if self.format == "json" else export.to_yaml(data)

    def prepare(self) -> None:
        """Load what rendering needs (before helpers are forked)."""
        if self.format != "json":
            from docextract import export

            export.prepare_yaml()
        if self.directory is not None:
            sha256_of(b"")  # loads hashlib

    def target(self, path: Path) -> str:
        """The page's file, relative to the directory (POSIX)."""
        text, top = str(path), str(self.bases.get(path, path.parent))
        if not text.startswith(top + "/") or top == ".":  # the rare shapes, the Path way
            relative = path.relative_to(self.bases.get(path, path.parent))
            return relative.with_suffix(f".{self.format}").as_posix()
        # A string's work (called twice a page): Path.with_suffix's rule, the name's last dot.
        relative = text[len(top) + 1 :]
        name_start = relative.rfind("/") + 1
        dot = relative.rfind(".")
        stem = relative[:dot] if name_start < dot < len(relative) - 1 else relative
        return f"{stem}.{self.format}"


@dataclass
class Converted:
    """A page converted: its rendered text (until written) and its problems."""

    path: Path
    ok: bool  # False when docextract itself failed on the page
    text: str | None  # the rendered page, until it is written to a file
    diagnostics: list[Diagnostic]
    traceback: str | None = None
    sha256: str | None = None  # the text's, for its output folder's manifest (hashed where it was made)


def _convert_one(
    path: Path, settings: Settings, readers: Readers, output: Output, cache: PageCache | None
) -> Converted:
    try:
        page, diagnostics = readers.read(path, settings)
    except Exception as err:  # one page's bug must not lose the others
        bug = Diagnostic(
            Severity.ERROR,
            "internal-error",
            f"docextract failed on this page: {err!r}",
            Pos(from_root(path, settings.docs_root), 1),
            "this is a bug in docextract: run again with --traceback and report it",
        )
        import traceback  # loaded only when a page fails

        return Converted(path, False, None, [bug], traceback.format_exc())
    from docextract import export

    text = output.render(export.page_data(page))
    sha256 = sha256_of(text.encode("utf-8")) if output.directory is not None else None
    converted = Converted(path, True, text, diagnostics, sha256=sha256)
    if cache is not None:
        cache.put(path, (include.file for include in page.includes), diagnostics, converted)
    return converted


def convert_pages(
    paths: list[Path],
    settings: Settings,
    output: Output,
    jobs: int | None = None,
    folder: OutputFolder | None = None,
    cache: PageCache | None = None,
) -> Iterator[Converted]:
    """Convert pages in order; with several jobs, in worker processes (results still come in order).

    With an output directory, each page is written there through folder, checked before the first page
    is read; without one, a folder is opened here for the run (for callers such as the benchmark).
    With a cache, a page whose files have not changed since it was kept there is not read again."""
    with fewer_collections():
        if output.directory is None or folder is not None:
            yield from _written(_converted(paths, settings, output, jobs, cache), output, folder)
            return
        with OutputFolder.open(output.directory, "convert", [output.target(path) for path in paths]) as own:
            yield from _written(_converted(paths, settings, output, jobs, cache), output, own)
            own.remove_stale()


def _written(
    results: Iterable[Converted], output: Output, folder: OutputFolder | None
) -> Iterator[Converted]:
    """Each result, its page written here first: one process writes, so the manifest misses nothing."""
    for converted in results:
        if folder is not None and converted.text is not None:
            folder.write(output.target(converted.path), converted.text, converted.sha256)
            converted.text = None
        yield converted


def _converted(
    paths: list[Path], settings: Settings, output: Output, jobs: int | None, cache: PageCache | None
) -> Iterator[Converted]:
    """Each page from the cache, or converted and rendered here or in a worker process."""
    readers = Readers()

    def convert(missing: list[Path]) -> Iterator[Converted]:
        from docextract import pool  # a run that finds every page in the cache starts no helper

        return pool.ordered(
            lambda path: _convert_one(path, settings, readers, output, cache),
            missing,
            jobs,
            lambda: (readers.prepare(missing), output.prepare()),
        )

    return kept_or_made(cache, paths, convert)
