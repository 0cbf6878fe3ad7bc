"""Preprocess a page line by line: includes, conditionals, attribute references; keep the line map.

The block lexer pulls lines from here one at a time and says whether directives are processed
(they are not inside //// comment blocks), so preprocessing and block parsing interleave as in
Asciidoctor. Every delivered line knows its real file and line number, through includes.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from docextract.asciidoc import directives, include
from docextract.asciidoc.attributes import Attributes
from docextract.asciidoc.conditionals import Conditionals
from docextract.asciidoc.files import MAX_PAGE_LINES, FileCache
from docextract.asciidoc.lines import DIRECTIVE
from docextract.diagnostics import Diagnostics
from docextract.position import Pos
from docextract.syntax.pagefile import MAX_PAGE_BYTES

MAX_INCLUDE_DEPTH = 64


class SourceLine(NamedTuple):
    """One delivered line and where it really stands (a tuple: a page has thousands of them)."""

    text: str
    file: str  # relative to the docs root when inside it
    line: int
    level_offset: int = 0
    included_from: tuple[Pos, ...] = ()  # innermost include directive first

    @property
    def pos(self) -> Pos:
        return Pos(self.file, self.line)


_new_line = tuple.__new__


@dataclass
class _Frame:
    path: str
    real: str
    display: str
    lines: list[str]
    numbers: range | list[int]
    level_offset: int
    included_from: tuple[Pos, ...]

    def __post_init__(self) -> None:
        self.ahead = iter(self.numbers)  # the numbers of the lines not read yet


@dataclass
class ReadOptions:
    expand: bool = True  # False: the file as it physically stands (no includes, no conditionals)
    allow_include_outside_root: bool = False


@dataclass
class Reader:
    path: Path
    docs_root: Path
    attributes: Attributes
    diagnostics: Diagnostics
    options: ReadOptions = field(default_factory=ReadOptions)
    files: FileCache = field(default_factory=FileCache)

    def __post_init__(self) -> None:
        self._stack: list[_Frame] = []
        self._conditions = Conditionals(self.diagnostics)
        self._buffer: deque[SourceLine] = deque()
        self.directives = True  # whether directive lines are processed (not inside //// comment blocks)
        # Every file an include brought in, with where (the include graph), the first time only.
        self.included: dict[str, tuple[Pos, ...]] = {}
        self._root = self.files.real(os.fspath(self.docs_root))
        path = os.fspath(self.path)
        lines = self.files.lines(path)
        if lines is None:
            raise FileNotFoundError(self.path)
        display = self.display(path)
        self.files.report(path, display, (), self.diagnostics)
        self._stack.append(
            _Frame(path, self.files.real(path), display, lines, range(1, len(lines) + 1), 0, ())
        )
        self._lines = self._delivered()

    def display(self, path: str | Path) -> str:
        return self.files.shown(os.fspath(path), self._root)[0]

    # -- the interface the lexer uses ---------------------------------------------------------------

    def __iter__(self) -> Iterator[SourceLine]:
        """The page's lines, one at a time as the lexer asks for them."""
        buffer = self._buffer
        for line in self._lines:
            yield line
            while buffer:  # what the lexer peeked at while it took the line above
                yield buffer.popleft()

    def peek(self, ahead: int = 0) -> SourceLine | None:
        while len(self._buffer) <= ahead:
            line = next(self._lines, None)
            if line is None:
                return None
            self._buffer.append(line)
        return self._buffer[ahead]

    # -- internals ----------------------------------------------------------------------------------

    def _delivered(self) -> Iterator[SourceLine]:
        """The page's lines, includes expanded and conditionals applied (one generator for the page: a
        line costs a resumption, not a call that finds its frame again)."""
        stack, conditions, expand = self._stack, self._conditions, self.options.expand
        read_lines = read_bytes = 0
        while stack:
            frame = stack[-1]
            lines, display = frame.lines, frame.display
            level_offset, included_from = frame.level_offset, frame.included_from
            for number in frame.ahead:
                text = lines[number - 1]
                # Every line read counts, delivered or skipped: includes can repeat a file exponentially.
                read_lines += 1
                read_bytes += len(text) + 1
                if read_lines > MAX_PAGE_LINES or read_bytes > MAX_PAGE_BYTES:
                    self._too_large(frame, number, text)
                    return
                if text.endswith("]") and expand and self.directives and DIRECTIVE.match(text):
                    if text.startswith("\\"):
                        text = text[1:]
                    else:
                        delivered = self._directive(text, frame, number)
                        if stack[-1] is not frame:
                            break  # an include: its lines come first
                        if delivered is None:
                            continue
                        text = delivered
                if conditions.skipping:
                    continue
                # SourceLine's own __new__, without its call: a page has thousands of lines.
                yield _new_line(SourceLine, (text, display, number, level_offset, included_from))
            else:
                stack.pop()
        conditions.finish()

    def _too_large(self, frame: _Frame, number: int, text: str) -> None:
        """Stop reading: what was read is the page (a conditional left open there is no mistake)."""
        self._stack.clear()
        self.diagnostics.error(
            "page-too-large",
            f"the page, its includes expanded, passes {MAX_PAGE_LINES:,} lines or {MAX_PAGE_BYTES:,} bytes "
            "here: the rest is not read",
            Pos(frame.display, number),
            "look for an include repeated many times, or files that include each other over and over",
            source_line=text,
            included_from=frame.included_from,
        )

    def _directive(self, text: str, frame: _Frame, number: int) -> str | None:
        """Handle a directive line; return a line to deliver in its place, or None."""
        pos = Pos(frame.display, number)
        kind = text.split("::", 1)[0]
        if self._conditions.skipping and kind not in ("ifdef", "ifndef", "ifeval", "endif"):
            return None
        substituted = self.attributes.substitute(text) if kind != "endif" else text
        try:
            directive = directives.parse_directive(substituted)
        except directives.DirectiveSyntaxError as err:
            self.diagnostics.error(
                "malformed-directive",
                f"malformed {kind} directive" + (f": {err.problem}" if err.problem else ""),
                Pos(frame.display, number, err.column),
                err.hint or f"write it as {kind}::…[…] on a line of its own",
                source_line=text,
                included_from=frame.included_from,
            )
            return None
        if isinstance(directive, directives.Include):
            self._include(directive, text, frame, pos)
            return None
        if isinstance(directive, directives.EndIf):
            self._conditions.close(directive, pos, text, frame.included_from)
            return None
        if self._conditions.skipping:
            self._conditions.open(False, (), pos)  # nested in a false one: false, whatever it says
            return None
        if isinstance(directive, directives.IfEval):
            self._conditions.open(directives.evaluate(directive), ("ifeval",), pos)
            return None
        found = [self.attributes.is_set(n) for n in directive.names]
        active = (all(found) if directive.all_of else any(found)) != directive.negate
        if directive.content is not None:  # one-line form: no endif
            return self.attributes.substitute(directive.content) if active else None
        self._conditions.open(active, directive.names, pos)
        return None

    def _include(self, directive: directives.Include, text: str, frame: _Frame, pos: Pos) -> None:
        target = directive.target
        # Point at the target as written (before attribute references were replaced).
        written = text.split("::", 1)[1].split("[", 1)[0]
        where = Pos(frame.display, pos.line, len("include::") + 1)

        def report(code: str, title: str, hint: str | None, warning: bool = False) -> None:
            report_fn = self.diagnostics.warning if warning else self.diagnostics.error
            report_fn(
                code,
                title,
                where,
                hint,
                source_line=text,
                span=len(written),
                included_from=frame.included_from,
            )

        if "://" in target:
            report(
                "include-remote", f"remote include is not supported: {target}", "include a local file", True
            )
            return
        optional = (
            "optional" in directive.attrs.get("opts", "").split(",") or "optional-option" in directive.attrs
        )
        path = self.files.target(frame.path, target)
        real = self.files.real(path)
        display, inside = self.files.shown(path, self._root)
        if not self.options.allow_include_outside_root and not inside:
            report(
                "include-outside-root",
                f"include outside the docs root refused: {target}",
                f"the docs root is {self._root}; pass --docs-root or --allow-include-outside-root",
            )
            return
        if len(self._stack) > MAX_INCLUDE_DEPTH:
            report("include-too-deep", f"includes nested deeper than {MAX_INCLUDE_DEPTH}", None)
            return
        lines = self.files.lines(path) if self.files.is_file(path) else None
        if lines is None:
            if optional:
                return
            missing = self.attributes.missing(directive.target)
            hint = (
                f"the attribute {{{missing[0]}}} is not set; pass -a {missing[0]}=PATH"
                if missing
                else "check the path: it is relative to the including file's folder"
            )
            report("include-not-found", f"include file not found: {display}", hint)
            return
        self.files.report(path, display, (pos, *frame.included_from), self.diagnostics)
        selection = self.files.selection(path, lines, directive.attrs)
        # Including a region of the same file is fine (ml-shared.asciidoc does it); bringing in the
        # same lines of a file that is already open would never end.
        numbers = selection.line_numbers
        if any(
            f.real == real and len(f.numbers) == len(numbers) and list(f.numbers) == numbers
            for f in self._stack
        ):
            chain = " → ".join(f.display for f in self._stack) + f" → {display}"
            report(
                "include-loop",
                f"include loop: {chain}",
                "remove the include that points back at an outer file",
            )
            return
        for line_number, message in selection.problems:
            if line_number is None:
                hint = self.files.tag_hint(path, lines, directive.attrs)
                report("include-tag-not-found", f"{message} in include file {display}", hint)
            else:
                self.diagnostics.warning(
                    "include-tag-malformed",
                    message,
                    Pos(display, line_number),
                    "every tag::name[] needs a matching end::name[]",
                    source_line=lines[line_number - 1],
                    included_from=(pos, *frame.included_from),
                )
        self.included.setdefault(display, (pos, *frame.included_from))
        self._stack.append(
            _Frame(
                path,
                real,
                display,
                lines,
                selection.line_numbers,
                include.level_offset(frame.level_offset, directive.attrs.get("leveloffset")),
                (pos, *frame.included_from),
            )
        )
