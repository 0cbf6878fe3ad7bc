"""Pages a command would write to the same output file: found before any page is read, reported, unwritten."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from docextract.diagnostics import Diagnostic, Severity
from docextract.position import Pos, from_root


def clashing(targets: Iterable[tuple[Path, str]], name: Callable[[Path], str]) -> dict[Path, Diagnostic]:
    """The pages whose output file another page's also is (page.asciidoc and page.md both give page.yaml),
    each with its error at its first line; name: a page as positions name it. Writing any of them would
    replace another without a word, so none is written."""
    by_target: dict[str, list[Path]] = {}
    for page, target in targets:
        by_target.setdefault(target, []).append(page)
    found: dict[Path, Diagnostic] = {}
    for target, group in by_target.items():
        if len(group) < 2:
            continue
        for page in group:
            # The others as found under the inputs: as the user named them, and can open them.
            others = " and ".join(other.as_posix() for other in group if other is not page)
            which = "neither page" if len(group) == 2 else "none of these pages"
            found[page] = Diagnostic(
                Severity.ERROR,
                "output-clash",
                f"{others} would also be written to {target}: {which} is written",
                Pos(name(page), 1),
                "give each page its own name (the output file keeps the page's path and changes only its "
                "suffix), or leave all but one out with the settings file's exclude",
            )
    return found


def page_name(docs_root: Path) -> Callable[[Path], str]:
    """A page as positions name it (position.from_root)."""
    return lambda page: from_root(page, docs_root)
