"""Preprocess a page line by line: includes, conditionals, attribute references; keep the line map.

The block lexer pulls lines from here one at a time and says whether directives are processed
(they are not inside //// comment blocks), so preprocessing and block parsing interleave as in
Asciidoctor. Every delivered line knows its real file and line number, through includes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain, islice, repeat, tee
from pathlib import Path
from typing import NamedTuple

from docextract.asciidoc import directives, include
from docextract.asciidoc.attributes import Attributes
from docextract.asciidoc.conditionals import Conditionals
from docextract.asciidoc.files import MAX_PAGE_LINES, FileCache, Region, within_bounds
from docextract.diagnostics import Diagnostics
from docextract.position import Pos
from docextract.syntax.pagefile import MAX_PAGE_BYTES, report_unreadable

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
    """A file open on the include stack: its lines, how far they are read, and where it was included from."""

    path: str
    real: str
    display: str
    region: Region
    level_offset: int
    included_from: tuple[Pos, ...]
    at: int = 0  # the index in region.texts of the next line to read
    next_directive: int = 0  # the index in region.directives of the next directive line at or after it


@dataclass
class ReadOptions:
    """How a page is read: expanded or as it stands, includes outside the docs root allowed or not."""

    expand: bool = True  # False: the file as it physically stands (no includes, no conditionals)
    allow_include_outside_root: bool = False


@dataclass
class Reader:
    """A page's lines, preprocessed as the block lexer asks for them, each knowing where it really stands."""

    path: Path
    docs_root: Path
    attributes: Attributes
    diagnostics: Diagnostics
    options: ReadOptions = field(default_factory=ReadOptions)
    files: FileCache = field(default_factory=FileCache)

    def __post_init__(self) -> None:
        self._stack: list[_Frame] = []
        self._conditions = Conditionals(self.diagnostics)
        self.directives = True  # whether directive lines are processed (not inside //// comment blocks)
        # Every file an include brought in, with where (the include graph), the first time only.
        self.included: dict[str, tuple[Pos, ...]] = {}
        self.missing: set[str] = set()  # the files include directives named that are not there
        self._root = self.files.real(os.fspath(self.docs_root))
        path = os.fspath(self.path)
        lines = self.files.lines(path)
        display = self.display(path)
        if lines is None:
            report_unreadable(self.files.unreadable(path), display, self.diagnostics)
            lines = []
        self.files.report(path, display, (), self.diagnostics)
        whole = self.files.whole(path, lines, directives=self.options.expand)
        self._stack.append(_Frame(path, self.files.real(path), display, whole, 0, ()))
        # The lines of the runs, one by one, at C speed (no Python frame for a line); a copy of the tee
        # reads ahead for peek, and the lexer then takes those lines from the tee's buffer.
        self._lines = tee(chain.from_iterable(self._delivered()), 1)[0]

    def display(self, path: str | Path) -> str:
        return self.files.shown(os.fspath(path), self._root)[0]

    # -- the interface the lexer uses ---------------------------------------------------------------

    def __iter__(self) -> Iterator[SourceLine]:
        """The page's lines, one at a time as the lexer asks for them."""
        return self._lines

    def peek(self, ahead: int = 0) -> SourceLine | None:
        """The line `ahead` lines after the next one, or None past the end; the lexer still takes it."""
        return next(islice(self._lines.__copy__(), ahead, None), None)

    # -- internals ----------------------------------------------------------------------------------

    def _delivered(self) -> Iterator[Iterator[SourceLine]]:
        """The page's lines, includes expanded and conditionals applied, in runs: a directive line, or
        the lines up to the next one, made SourceLines at once (a page has thousands of lines and few
        directives). A run is made when the lexer has taken every line before it."""
        stack, conditions = self._stack, self._conditions
        read_lines = read_bytes = 0
        while stack:
            frame = stack[-1]
            texts, numbers, directive_lines = frame.region
            display, level_offset, included_from = frame.display, frame.level_offset, frame.included_from
            while (at := frame.at) < len(texts):
                i = frame.next_directive
                end = directive_lines[i] if i < len(directive_lines) else len(texts)
                directive = at == end
                if directive:
                    end, frame.next_directive = at + 1, i + 1
                frame.at = end
                run = texts[at:end]
                # Every line read counts, delivered or skipped: includes can repeat a file exponentially.
                size = sum(map(len, run)) + len(run)
                read_lines += len(run)
                read_bytes += size
                too_large = read_lines > MAX_PAGE_LINES or read_bytes > MAX_PAGE_BYTES
                if too_large:
                    run = run[: within_bounds(run, read_lines - len(run), read_bytes - size)]
                elif directive and self.directives:
                    if run[0].startswith("\\"):
                        run = [run[0][1:]]
                    else:
                        delivered = self._directive(run[0], frame, numbers[at])
                        if stack[-1] is not frame:
                            break  # an include: its lines come first
                        if delivered is None:
                            continue
                        run = [delivered]
                if run and not conditions.skipping:
                    # SourceLine's own __new__ over the run, without a call for each line.
                    places = zip(
                        run, repeat(display), numbers[at:end], repeat(level_offset), repeat(included_from)
                    )
                    yield map(_new_line, repeat(SourceLine), places)
                if too_large:
                    self._too_large(frame, numbers[at + len(run)], texts[at + len(run)])
                    return
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
        return self._conditions.directive(directive, self.attributes, pos, text, frame.included_from)

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
        lines = self.files.lines(path)
        if lines is None:
            found = self.files.unreadable(path)
            if not found.missing:  # there is a file, so it was meant: optional or not, say what is wrong
                report("include-unreadable", f"the include file {display} {found.why}", found.hint)
                return
            if optional:
                return
            missing = self.attributes.missing(directive.target)
            hint = (
                f"the attribute {{{missing[0]}}} is not set; pass -a {missing[0]}=PATH"
                if missing
                else "check the path: it is relative to the including file's folder"
            )
            report("include-not-found", f"include file not found: {display}", hint)
            self.missing.add(display)
            return
        self.files.report(path, display, (pos, *frame.included_from), self.diagnostics)
        selection, region = self.files.selection(path, lines, directive.attrs)
        # Including a region of the same file is fine (ml-shared.asciidoc does it); bringing in the
        # same lines of a file that is already open would never end.
        numbers = selection.line_numbers
        if any(
            f.real == real and len(f.region.numbers) == len(numbers) and list(f.region.numbers) == numbers
            for f in self._stack
        ):
            chain = " → ".join(f.display for f in self._stack) + f" → {display}"
            report(
                "include-loop",
                f"include loop: {chain}",
                "remove the include that points back at an outer file",
            )
            return
        if selection.malformed:  # the caret under lines=…, not under the target
            at = Pos(frame.display, pos.line, text.find("lines=", text.find("[")) + 1)
            span = len("lines=") + len(directive.attrs["lines"])
            title = f"malformed include directive: {selection.malformed}; the whole file is included"
            extra = {"source_line": text, "span": span, "included_from": frame.included_from}
            self.diagnostics.error("malformed-directive", title, at, include.LINES_HINT, **extra)
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
                region,
                include.level_offset(frame.level_offset, directive.attrs.get("leveloffset")),
                (pos, *frame.included_from),
            )
        )
