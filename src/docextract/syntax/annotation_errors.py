"""What is wrong with an annotation line that does not parse, in words a doc writer can act on.

The grammar says where parsing stopped; what went wrong is told by the line around that place (a
typo in a marker or option, a tab, two spaces, a comma, an open s/…/…/). Lark's match_examples
was tried for this and left out: its parser states count the options before the error, so one
mistake needs an example per position, and the lexer's longest match puts most errors in the same
few states anyway.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from docextract.diagnostics import Diagnostic, Severity
from docextract.position import Pos


def annotation_like(prefix: str) -> re.Pattern[str]:
    """A line that tries to be a test annotation: the comment prefix, a marker-like word, maybe a
    [bracket]. Whether it is a valid one is the grammar's to say; this finds the lines that try."""
    return re.compile(rf"^([ \t]*){re.escape(prefix)}[ \t]*([A-Za-z_]+)(?![A-Za-z0-9_])[ \t]*(\[.*)?$")


ANNOTATION_LIKE = annotation_like("//")


@dataclass(frozen=True)
class Style:
    """How a page format writes an annotation line: AsciiDoc's `// TEST`, Markdown's `% TEST`."""

    prefix: str
    start: str  # the rule of grammars/annotations.lark that reads the line
    indented: bool  # whether the line may be indented (Markdown's stand in list items)
    like: re.Pattern[str]
    ignored: str  # what happens to a malformed line, said in the hints
    spaced: bool = False  # whether a space must follow the prefix (docs-builder's `%` comments)


ASCIIDOC = Style(
    "//",
    "annotation",
    False,
    ANNOTATION_LIKE,
    "Elasticsearch's test generator would silently ignore this line",
)
MARKDOWN = Style(
    "%",
    "md_annotation",
    True,
    annotation_like("%"),
    "docs-builder reads it as a comment, so no test sees it",
    spaced=True,
)


@dataclass(frozen=True)
class Vocabulary:
    """The words of the annotation grammar, as grammars/annotations.lark lists them."""

    markers: tuple[str, ...]  # TEST, TESTRESPONSE, TESTSETUP, …
    options: dict[str, tuple[str, ...]]  # marker → its options as written (catch:, s/…/…/, continued)


def _error(title: str, pos: Pos, text: str, column: int, hint: str, span: int = 1) -> Diagnostic:
    return Diagnostic(
        Severity.ERROR,
        "annotation-syntax",
        title,
        Pos(pos.file, pos.line, max(column, 1)),
        hint,
        source_line=text,
        span=max(span, 1),
    )


def explain(
    text: str, pos: Pos, column: int | None, words: Vocabulary, style: Style = ASCIIDOC
) -> Diagnostic:
    """Say what is wrong, where parsing stopped at column (None: at the end of the line); the reference
    would ignore the line or garble it."""
    like = style.like.match(text)
    ignored, prefix = style.ignored, style.prefix
    if like:
        indent, word, bracket = like.group(1), like.group(2), like.group(3)
        word_col = text.index(word, len(indent) + len(prefix)) + 1
        if indent and not style.indented:
            return _error(
                "annotation does not start at the beginning of the line",
                pos,
                text,
                1,
                f"remove the indentation; {ignored}",
                len(indent),
            )
        if style.spaced and text[len(indent) + len(prefix) : word_col - 1] == "":
            # docs-builder reads a `%` line as a comment only with a space (or tab) after the `%`.
            return _error(
                f"no space after `{prefix}`: the line is text of the page, not a comment",
                pos,
                text,
                word_col,
                f"write `{prefix} {word}…`: docs-builder shows `{prefix}{word}` on the page, and no test "
                "sees it",
            )
        if word not in words.markers:
            close = difflib.get_close_matches(word.upper(), words.markers, n=1, cutoff=0.5)
            known = ", ".join(words.markers)
            hint = f"did you mean `{close[0]}`?" if close else f"known annotations: {known}"
            return _error(f"unknown annotation `{word}`", pos, text, word_col, hint, len(word))
        if "\t" in text[len(indent) :]:
            return _error(
                "tab in annotation",
                pos,
                text,
                text.index("\t", len(indent)) + 1,
                f"use spaces only; {ignored}",
            )
        after_word = text[word_col - 1 + len(word) :]
        if bracket and after_word[:1] in (" ", "\t"):
            return _error(
                f"space between `{word}` and `[`",
                pos,
                text,
                word_col + len(word),
                f"write `{prefix} {word}[…]`; {ignored}",
            )
        if bracket is not None and word not in words.options:
            return _error(
                f"`{prefix} {word}` takes no options",
                pos,
                text,
                word_col + len(word),
                "remove the bracket",
                len(bracket),
            )
        if bracket is not None and bracket.rstrip(" ") in ("[]",):
            return _error(
                "empty option list `[]`",
                pos,
                text,
                word_col + len(word),
                f"write `{prefix} {word}` alone or put options in the brackets; {ignored}",
                2,
            )
        if bracket is not None and "]" not in bracket:
            return _error(
                "missing `]` at the end of the annotation", pos, text, len(text) + 1, "close the bracket"
            )
    column = column or len(text) + 1
    rest = text[column - 1 :]
    marker = "TEST" if " TESTRESPONSE" not in f" {text[len(prefix) :].lstrip()}" else "TESTRESPONSE"
    valid = words.options[marker]
    if rest.startswith("  ") or (rest.startswith(" ") and column > 1 and text[column - 2] == " "):
        return _error("two spaces between options", pos, text, column, "separate options with a single space")
    if rest.startswith(","):
        return _error(
            "comma between options", pos, text, column, "separate options with a single space, not commas"
        )
    before = text[: column - 1].rstrip(" ")
    if before.endswith("]") and before.count("[") and rest.strip():
        return _error(
            "text after the closing `]`",
            pos,
            text,
            column,
            f"an annotation ends with its `]`; {ignored}",
            len(rest.rstrip()),
        )
    if before.endswith(":"):
        option = re.search(r"[a-z_]+:$", before)
        name = option.group(0) if option else "the option"
        return _error(f"`{name}` needs a value", pos, text, column, "give the option a value after the colon")
    if (start := _open_substitution(text, column)) is not None:
        return _error(
            "malformed substitution",
            pos,
            text,
            start,
            "write s/PATTERN/REPLACEMENT/ with three slashes; escape a slash inside as \\/",
            len(text.rstrip("] ")) - start + 1,
        )
    word_match = re.match(r"[A-Za-z_]+:?", rest)
    if word_match:
        word = word_match.group(0)
        names = [o.rstrip(":") for o in valid]
        close = difflib.get_close_matches(word.rstrip(":"), names, n=1, cutoff=0.6)
        hint = f"did you mean `{close[0]}`?" if close else f"valid options here: {', '.join(valid)}"
        elsewhere = {o.rstrip(":") for o in words.options["TEST"]} - set(names)
        if marker == "TESTRESPONSE" and word.rstrip(":") in elsewhere:
            hint = (
                f"`{word.rstrip(':')}` belongs on the {prefix} TEST line of the request, "
                f"not on {prefix} TESTRESPONSE"
            )
        return _error(f"unknown option `{word.rstrip(':')}`", pos, text, column, hint, len(word))
    if not rest.strip():
        return _error("missing `]` at the end of the annotation", pos, text, column, "close the bracket")
    return _error(
        "malformed annotation",
        pos,
        text,
        column,
        f"valid options here: {', '.join(valid)}; separate them with one space",
    )


def _open_substitution(text: str, column: int) -> int | None:
    """The 1-based column of an s/…/…/ that is still open where parsing failed, if any."""
    start = max(text.rfind("[s/", 0, column), text.rfind(" s/", 0, column))
    if start == -1:
        return None
    slashes, escaped = 0, False
    for char in text[start + 2 : column]:
        if char == "/" and not escaped:
            slashes += 1
        escaped = char == "\\" and not escaped
    return start + 2 if slashes < 3 else None
