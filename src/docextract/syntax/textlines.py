"""Read a text file into lines the way Elasticsearch's doc tooling does (Java BufferedReader).

Bytes that no text page holds are found here, once, with where they stand: a NUL byte (the file is
binary, as git judges it), bytes that are not UTF-8, a line too long to be prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Java's BufferedReader ends a line at \n, \r\n or \r and nowhere else; str.splitlines() would
# also split at \v, \f, \x1c-\x1e, \x85, \u2028 and \u2029, which shifts every later line number.
_LINE_END = re.compile(r"\r\n|\r|\n")
_BYTE_LINE_END = re.compile(rb"\r\n|\r|\n")

# git calls a file binary when a NUL byte stands in its first 8000 bytes (buffer_is_binary).
BINARY_SNIFF = 8000
# The longest line read, in characters (the longest of Elasticsearch's docs is under 700): past it a
# line is cut, so that no line can make the line classes, the grammars or a diagnostic slow.
MAX_LINE = 100_000


@dataclass(frozen=True)
class Flaw:
    """Where the bytes of a file stop being text: 1-based line and column (in characters), and that
    line as a terminal may show it (the bad bytes escaped as \\xff, ^@ as \\x00)."""

    line: int
    column: int
    shown: str
    span: int  # how many characters of `shown` are the bad bytes


@dataclass(frozen=True)
class Decoded:
    """A file's lines as decoded, with what was wrong with its bytes."""

    lines: list[str]
    # The first bytes that are not valid UTF-8, if any; the text still decodes, with replacement
    # characters, so that the rest of the file is not lost.
    bad_utf8: Flaw | None = None
    # The first NUL byte of a binary file; its lines are then empty (it is not a page).
    binary: Flaw | None = None
    # (line, length in characters) of each line cut at MAX_LINE.
    long_lines: tuple[tuple[int, int], ...] = ()


def split_lines(text: str) -> list[str]:
    """Split like BufferedReader.readLine: a final terminator does not add an empty line."""
    if not text:
        return []
    lines = _LINE_END.split(text) if "\r" in text else text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines


def decode(data: bytes) -> Decoded:
    """Decode UTF-8 (a leading BOM is dropped); report binary files, invalid bytes and long lines."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    nul = data.find(b"\x00", 0, BINARY_SNIFF)
    if nul != -1:
        return Decoded([], binary=_flaw(data, nul, nul + 1))
    bad = None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        bad = _flaw(data, err.start, _bad_run_end(data, err.end))
        text = data.decode("utf-8", "replace")
    lines = split_lines(text)
    long_lines = tuple(
        (number, len(line))
        for number, line in (enumerate(lines, 1) if len(text) > MAX_LINE else ())  # else none can be
        if len(line) > MAX_LINE
    )
    for number, _ in long_lines:
        lines[number - 1] = lines[number - 1][:MAX_LINE]
    return Decoded(lines, bad, long_lines=long_lines)


def _flaw(data: bytes, start: int, end: int) -> Flaw:
    """The flaw at bytes start:end; only the line holding it is decoded again."""
    line_start = max(data.rfind(b"\n", 0, start), data.rfind(b"\r", 0, start)) + 1
    ends = _BYTE_LINE_END.search(data, start)
    line_end = ends.start() if ends else len(data)
    number = data.count(b"\n", 0, line_start) + _lone_returns(data[:line_start]) + 1
    head, bad, tail = (
        data[a:b].decode("utf-8", "backslashreplace")
        for a, b in ((line_start, start), (start, end), (end, line_end))
    )
    return Flaw(number, len(head) + 1, head + bad + tail, len(bad))


def _bad_run_end(data: bytes, end: int) -> int:
    """Where a run of invalid bytes ends, so that the caret spans all of them (up to 64)."""
    for _ in range(64):
        try:
            data[end : end + 4].decode("utf-8")
        except UnicodeDecodeError as err:
            if err.start != 0:
                return end
            end += err.end
        else:
            return end
    return end


def _lone_returns(data: bytes) -> int:
    """Line ends that are a \\r alone (old Mac files): BufferedReader ends a line there too."""
    return data.count(b"\r") - data.count(b"\r\n")
