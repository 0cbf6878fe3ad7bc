"""`{include}` directives: which file they name, and why one cannot be read.

    :::{include} _snippets/common-options.md
    :::

A path is relative to the including file's folder, or, starting with `/`, to the docs root (the
docset's folder, as docs-builder resolves it). Positions in the included file are its own, with the
include line recorded as where it was included from.
"""

from __future__ import annotations

import os
from pathlib import Path

from docextract.markdown.reading import Frame, Reading
from docextract.position import Pos

MAX_INCLUDE_DEPTH = 64


def open_include(
    argument: str, pos: Pos, line: str, reading: Reading, frame: Frame
) -> tuple[Frame, list[str]] | None:
    """The frame and lines of the file the directive at pos names; None, with the problem reported,
    when it cannot be read."""
    target = argument.strip()
    column = line.find(target) + 1 if target and target in line else 1
    where = Pos(pos.file, pos.line, column)

    def report(code: str, title: str, hint: str | None) -> None:
        reading.diagnostics.error(
            code,
            title,
            where,
            hint,
            source_line=line,
            span=max(len(target), 1),
            included_from=frame.included_from,
        )

    if not target:
        report("malformed-directive", "{include} without a file", "name the file after {include}")
        return None
    if "://" in target:
        report("include-remote", f"remote include is not supported: {target}", "include a local file")
        return None
    base = reading.root if target.startswith("/") else frame.path.parent
    path = Path(os.path.normpath(base / target.lstrip("/")))
    real = reading.files.real(path)
    if not reading.allow_outside and not real.is_relative_to(reading.root):
        hint = f"the docs root is {reading.root}; pass --docs-root or --allow-include-outside-root"
        report("include-outside-root", f"include outside the docs root refused: {target}", hint)
        return None
    if len(frame.chain) > MAX_INCLUDE_DEPTH:
        report("include-too-deep", f"includes nested deeper than {MAX_INCLUDE_DEPTH}", None)
        return None
    if real in frame.chain:
        chain = " → ".join(reading.display(p) for p in (*frame.chain, real))
        report(
            "include-loop", f"include loop: {chain}", "remove the include that points back at an outer file"
        )
        return None
    lines = reading.files.lines(path)
    if lines is None and not (found := reading.files.unreadable(path)).missing:
        report("include-unreadable", f"the include file {reading.display(path)} {found.why}", found.hint)
        return None
    if lines is None:
        hint = "check the path: it is relative to the including file's folder, or to the docs root with /"
        report("include-not-found", f"include file not found: {reading.display(path)}", hint)
        reading.missing.add(reading.display(path))
        return None
    included_from = (Pos(pos.file, pos.line), *frame.included_from)
    reading.files.report(path, reading.display(path), included_from, reading.diagnostics)
    reading.included.setdefault(reading.display(path), included_from)
    return Frame(path, (*frame.chain, real), included_from), lines
