"""Render diagnostics: compiler-style text for people, JSON and GitHub annotations for machines."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from docextract.diagnostics import Diagnostic, Severity
from docextract.position import located


def plural(n: int, noun: str, many: str | None = None) -> str:
    return f"{n} {noun if n == 1 else many or noun + 's'}"


def _source_line(diagnostic: Diagnostic, read_line: Callable[[str, int], str | None]) -> str | None:
    if diagnostic.source_line is not None:
        return diagnostic.source_line
    if diagnostic.pos is None:
        return None
    return read_line(diagnostic.pos.file, diagnostic.pos.line)


# Characters a terminal would act on instead of showing: C0 and C1 controls and DEL (an escape
# sequence in a page could recolour or retitle the terminal), and the bidirectional overrides that
# make a line read differently from what it holds.
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# A source line longer than this is shown as a window around the caret.
SHOWN_LINE = 1000
_BEFORE_CARET = 200


def _controls(text: str, keep: str = "") -> str:
    """Control characters written as Python escapes (\\x1b, \\u202e), so that they show instead of act."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: m.group() if m.group() in keep else ascii(m.group())[1:-1], text)


def _prose(text: str) -> str:
    """A title or hint: its line breaks are docextract's own (a YAML error quoted in full)."""
    return _controls(text, keep="\n")


def _escape(text: str) -> str:
    return _controls(text).replace("\t", "    ")


def _caret_line(line: str, column: int, span: int) -> tuple[str, str]:
    """The line as shown (escaped, and a window of it when it is long) and the caret under it."""
    span = max(span, 1)
    head, marked, tail = line[: column - 1], line[column - 1 : column - 1 + span], line[column - 1 + span :]
    if len(line) > SHOWN_LINE:
        if len(head) > _BEFORE_CARET:
            head = "…" + head[-_BEFORE_CARET:]
        marked = marked[:SHOWN_LINE]
        span = min(span, SHOWN_LINE)
        room = max(SHOWN_LINE - len(head) - len(marked), 0)
        tail = tail[:room] + "…" if len(tail) > room else tail
    # The caret goes where a terminal shows the character: past the cells of what stands before it (a
    # CJK character takes two, a combining accent none, an escaped control its escape's), as wide as
    # what it marks.
    width = max(_cells(_escape(marked)), 1)
    return _escape(head + marked + tail), " " * _cells(_escape(head)) + "^" * width


def _cells(text: str) -> int:
    """How many terminal cells text takes (as wcwidth counts them, for the characters pages hold)."""
    if text.isascii():
        return len(text)
    import unicodedata  # here: a page of ASCII, the common case, never needs its tables

    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text
    )


def text(diagnostic: Diagnostic, read_line: Callable[[str, int], str | None] = lambda f, n: None) -> str:
    """error[code]: title / --> file:line:col / the line with a caret / = hint / = included from.

    Whatever comes from a page is escaped: a terminal never receives its control characters."""
    out = [f"{diagnostic.severity.value}[{diagnostic.code}]: {_prose(diagnostic.title)}"]
    pos = diagnostic.pos
    if pos is not None:
        width = len(str(pos.line))
        pad = " " * width
        out.append(f"{pad}--> {_controls(pos.file)}:{pos.line}:{pos.column}")
        line = _source_line(diagnostic, read_line)
        if line is not None:
            shown, caret = _caret_line(line, pos.column, diagnostic.span)
            out += [f"{pad} |", f"{pos.line} | {shown}", f"{pad} | {caret}"]
        for where in diagnostic.included_from:
            out.append(f"{pad} = included from {_controls(where.file)}:{where.line}")
        if diagnostic.hint:
            out.append(f"{pad} = hint: {_prose(diagnostic.hint)}")
    elif diagnostic.hint:
        out.append(f"  = hint: {_prose(diagnostic.hint)}")
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


def github(diagnostic: Diagnostic, docs_root: Path, shown: Callable[[str], str] | None = None) -> str:
    """A GitHub Actions workflow command, so the problem shows on the pull request's diff.

    shown names a docs-root-relative file as GitHub should see it (from the repository root); by
    default the file is named relative to the current folder."""
    level = "error" if diagnostic.severity is Severity.ERROR else "warning"
    props = [f"title={_escape_property(diagnostic.title)}"]
    pos = diagnostic.pos
    if pos is not None:
        file = shown(pos.file) if shown is not None else _from_here(pos.file, docs_root)
        props = [
            f"file={_escape_property(file)}",
            f"line={pos.line}",
            f"endLine={pos.line}",
            f"col={pos.column}",
            *props,
        ]
    message = diagnostic.title + (f" ({diagnostic.hint})" if diagnostic.hint else "")
    return f"::{level} {','.join(props)}::{_escape_data(message)}"


def _from_here(file: str, docs_root: Path) -> str:
    path = located(file, docs_root)
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def summary(pages: int, diagnostics: list[Diagnostic], noun: str = "page") -> str:
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = len(diagnostics) - errors
    ending = "" if pages == 1 else "s"
    parts = [
        f"{errors} error{'' if errors == 1 else 's'}",
        f"{warnings} warning{'' if warnings == 1 else 's'}",
    ]
    return f"{pages} {noun}{ending}: {', '.join(parts)}"
