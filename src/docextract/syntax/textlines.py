"""Read a text file into lines the way Elasticsearch's doc tooling does (Java BufferedReader)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Java's BufferedReader ends a line at \n, \r\n or \r and nowhere else; str.splitlines() would
# also split at \v, \f, \x1c-\x1e, \x85, \u2028 and \u2029, which shifts every later line number.
_LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Decoded:
    lines: list[str]
    # (line, column) of the first byte that was not valid UTF-8, if any; the text still decodes
    # with replacement characters so that the rest of the file is not lost.
    bad_utf8: tuple[int, int] | None = None


def split_lines(text: str) -> list[str]:
    """Split like BufferedReader.readLine: a final terminator does not add an empty line."""
    if not text:
        return []
    lines = _LINE_END.split(text)
    if lines[-1] == "":
        lines.pop()
    return lines


def decode(data: bytes) -> Decoded:
    """Decode UTF-8 (a leading BOM is dropped); report where invalid bytes start."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return Decoded(split_lines(data.decode("utf-8")))
    except UnicodeDecodeError as err:
        head = data[: err.start].decode("utf-8", "replace")
        line = head.count("\n") + 1
        column = len(head) - (head.rfind("\n") + 1) + 1
        return Decoded(split_lines(data.decode("utf-8", "replace")), (line, column))
