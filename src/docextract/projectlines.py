"""Where each key of a TOML file stands (tomllib gives values, no positions), and problems shown there."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

TYPE_CHECKING = False  # typing's, without loading typing: see docs/ARCHITECTURE.md, Start-up
if TYPE_CHECKING:
    import tomllib

# A TOML key: bare, "basic" or 'literal'; dotted keys join them with dots. The patterns are compiled (and
# cached by re) when a settings file is read, not when every command starts.
_KEY = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')"""
_DOTTED = rf"{_KEY}(?:[ \t]*\.[ \t]*{_KEY})*"
_HEADER = rf"[ \t]*\[\[?[ \t]*({_DOTTED})[ \t]*\]\]?[ \t]*(?:#.*)?$"
_ASSIGN = rf"[ \t]*({_DOTTED})[ \t]*=[ \t]*"
_INLINE_ASSIGN = rf"(?:\{{|,)[ \t]*({_DOTTED})[ \t]*=[ \t]*"
_PART = _KEY
# A value's extent on its line, for the caret: a string, or a bare word (number, boolean), else one
# character (the bracket that opens an array or inline table).
_VALUE = r"""\"(?:[^"\\\n]|\\.)*\"|'[^'\n]*'|[^\s,}\]#\[{]+"""


@dataclass(frozen=True)
class Spot:
    """A key's place: its line, the column and width of its last part, and where its value starts."""

    line: int
    column: int
    span: int
    value_column: int
    value_span: int


def _parts(dotted: str, offset: int) -> list[tuple[str, int, int]]:
    """Each part of a dotted key, unquoted, with its column (1-based, from offset) and width."""
    found = []
    for match in re.finditer(_PART, dotted):
        raw = match.group()
        name = _toml_string(raw) if raw[0] in "\"'" else raw
        found.append((name, offset + match.start() + 1, len(raw)))
    return found


def _value_spot(line: str, start: int) -> tuple[int, int]:
    match = re.compile(_VALUE).match(line, start)
    return start + 1, len(match.group()) if match else 1


def locate(text: str) -> dict[tuple[str, ...], Spot]:
    """Every key path of the file (tables, assignments, keys of one-line inline tables) at its first place."""
    spots: dict[tuple[str, ...], Spot] = {}
    table: tuple[str, ...] = ()
    closing: str | None = None  # the delimiter of a multi-line string being skipped
    for number, line in enumerate(text.splitlines(), start=1):
        if closing is not None:
            if closing in line:
                closing = None
            continue
        header = re.match(_HEADER, line)
        if header:
            parts = _parts(header.group(1), header.start(1))
            table = tuple(name for name, _, _ in parts)
            _, column, span = parts[-1]
            spots.setdefault(table, Spot(number, column, span, column, span))
            continue
        assign = re.match(_ASSIGN, line)
        if not assign:
            continue
        parts = _parts(assign.group(1), assign.start(1))
        path = table + tuple(name for name, _, _ in parts)
        _, column, span = parts[-1]
        value_column, value_span = _value_spot(line, assign.end())
        spots.setdefault(path, Spot(number, column, span, value_column, value_span))
        value = line[assign.end() :]
        for delimiter in ('"""', "'''"):
            if value.startswith(delimiter) and value.count(delimiter) == 1:
                closing = delimiter
        if value.startswith("{"):
            for inner in re.compile(_INLINE_ASSIGN).finditer(line, assign.end()):
                inner_parts = _parts(inner.group(1), inner.start(1))
                _, column, span = inner_parts[-1]
                value_column, value_span = _value_spot(line, inner.end())
                inner_path = path + tuple(name for name, _, _ in inner_parts)
                spots.setdefault(inner_path, Spot(number, column, span, value_column, value_span))
    return spots


@dataclass(frozen=True)
class Problem:
    """What is wrong in a settings file, where (1-based line and column, caret width), and how to fix it."""

    file: Path
    line: int
    column: int
    title: str
    hint: str | None = None
    span: int = 1


def render(problem: Problem, text: str | None) -> str:
    """docextract: error: title / --> file:line:column / the line with a caret / = hint (compiler style)."""
    try:
        shown = os.path.relpath(problem.file)
    except ValueError:  # another drive
        shown = str(problem.file)
    pad = " " * len(str(problem.line))
    out = [f"docextract: error: {problem.title}", f"{pad}--> {shown}:{problem.line}:{problem.column}"]
    lines = text.splitlines() if text is not None else []
    if 0 < problem.line <= len(lines):
        line = lines[problem.line - 1]
        head = line[: problem.column - 1].replace("\t", "    ")
        caret = " " * len(head) + "^" * max(problem.span, 1)
        out += [f"{pad} |", f"{problem.line} | {line.replace(chr(9), '    ')}", f"{pad} | {caret}"]
    if problem.hint:
        out.append(f"{pad} = hint: {problem.hint}")
    return "\n".join(out) + "\n"


_DECODE_POSITION = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)$")


def _toml_string(raw: str) -> str:
    import tomllib  # read when a settings file is: a run without one never loads it

    return tomllib.loads(f"k = {raw}")["k"]


def syntax_problem(file: Path, text: str, err: tomllib.TOMLDecodeError) -> Problem:
    """The decoder's message, at its position (end of document: after the last character)."""
    message = str(err)
    match = _DECODE_POSITION.search(message)
    title = f"not valid TOML: {message[: match.start()] if match else message}"
    if match and match.group(1):
        line, column = int(match.group(1)), int(match.group(2))
    else:
        lines = text.splitlines() or [""]
        line, column = len(lines), len(lines[-1]) + 1
    return Problem(file, line, column, title, "see https://toml.io for the syntax")
