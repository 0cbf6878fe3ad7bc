"""Render diagnostics: compiler-style text for people, JSON and GitHub annotations for machines."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from docextract.diagnostics import Diagnostic, Severity


def _source_line(diagnostic: Diagnostic, read_line: Callable[[str, int], str | None]) -> str | None:
    if diagnostic.source_line is not None:
        return diagnostic.source_line
    if diagnostic.pos is None:
        return None
    return read_line(diagnostic.pos.file, diagnostic.pos.line)


def text(diagnostic: Diagnostic, read_line: Callable[[str, int], str | None] = lambda f, n: None) -> str:
    """error[code]: title / --> file:line:col / the line with a caret / = hint / = included from."""
    out = [f"{diagnostic.severity.value}[{diagnostic.code}]: {diagnostic.title}"]
    pos = diagnostic.pos
    if pos is not None:
        width = len(str(pos.line))
        pad = " " * width
        out.append(f"{pad}--> {pos.file}:{pos.line}:{pos.column}")
        line = _source_line(diagnostic, read_line)
        if line is not None:
            shown = line.replace("\t", "    ")
            caret_at = len(line[: pos.column - 1].replace("\t", "    "))
            out += [
                f"{pad} |",
                f"{pos.line} | {shown}",
                f"{pad} | {' ' * caret_at}{'^' * max(diagnostic.span, 1)}",
            ]
        for where in diagnostic.included_from:
            out.append(f"{pad} = included from {where.file}:{where.line}")
        if diagnostic.hint:
            out.append(f"{pad} = hint: {diagnostic.hint}")
    elif diagnostic.hint:
        out.append(f"  = hint: {diagnostic.hint}")
    return "\n".join(out)


def as_dict(diagnostic: Diagnostic) -> dict:
    pos = diagnostic.pos
    return {
        "severity": diagnostic.severity.value,
        "code": diagnostic.code,
        "title": diagnostic.title,
        "file": pos.file if pos else None,
        "line": pos.line if pos else None,
        "column": pos.column if pos else None,
        "hint": diagnostic.hint,
        "included_from": [{"file": p.file, "line": p.line} for p in diagnostic.included_from],
    }


def json_lines(diagnostics: Iterable[Diagnostic]) -> str:
    return "".join(json.dumps(as_dict(d), ensure_ascii=False) + "\n" for d in diagnostics)


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(diagnostic: Diagnostic, docs_root: Path) -> str:
    """A GitHub Actions workflow command, so the problem shows on the pull request's diff."""
    level = "error" if diagnostic.severity is Severity.ERROR else "warning"
    props = [f"title={_escape_property(diagnostic.title)}"]
    pos = diagnostic.pos
    if pos is not None:
        path = Path(pos.file)
        path = path if path.is_absolute() else docs_root / path
        try:
            shown = os.path.relpath(path)
        except ValueError:
            shown = str(path)
        props = [f"file={_escape_property(shown)}", f"line={pos.line}", f"col={pos.column}", *props]
    message = diagnostic.title + (f" ({diagnostic.hint})" if diagnostic.hint else "")
    return f"::{level} {','.join(props)}::{_escape_data(message)}"


def summary(pages: int, diagnostics: list[Diagnostic], noun: str = "page") -> str:
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = len(diagnostics) - errors
    plural = "" if pages == 1 else "s"
    parts = [
        f"{errors} error{'' if errors == 1 else 's'}",
        f"{warnings} warning{'' if warnings == 1 else 's'}",
    ]
    return f"{pages} {noun}{plural}: {', '.join(parts)}"
