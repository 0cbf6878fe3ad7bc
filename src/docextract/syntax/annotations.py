"""Test annotation lines (grammars/annotations.lark) turned into data, with precise errors."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from lark import Token, Tree, UnexpectedInput

from docextract.diagnostics import Diagnostic, DocsError, Severity
from docextract.model import Pos
from docextract.syntax import grammar

# A line that tries to be a test annotation: `//`, a marker-like word, maybe a [bracket]; parse()
# decides whether it is a valid one and explains what is wrong when it is not.
ANNOTATION_LIKE = re.compile(r"^([ \t]*)//[ \t]*([A-Za-z_]+)(?![A-Za-z0-9_])[ \t]*(\[.*)?$")

MARKERS = ("TEST", "TESTRESPONSE", "TESTSETUP", "TEARDOWN", "CONSOLE", "NOTCONSOLE")
TEST_OPTIONS = (
    "catch:",
    "s/…/…/",
    "skip:",
    "continued",
    "setup:",
    "teardown:",
    "warning:",
    "skip_shard_failures",
)
RESPONSE_OPTIONS = ("s/…/…/", "non_json", "skip:")


@dataclass(frozen=True)
class Option:
    # catch, substitution, skip, continued, setup, teardown, warning, skip_shard_failures, non_json
    name: str
    value: object  # str, a (pattern, replacement) pair, a tuple of names, or None
    column: int  # 1-based, in the annotation line


@dataclass(frozen=True)
class Parsed:
    marker: str
    content: str | None  # the text between the brackets
    options: tuple[Option, ...]


def looks_like_annotation(text: str) -> bool:
    """True for a line that is, or clearly tries to be, a test annotation (typos and bad case included)."""
    match = ANNOTATION_LIKE.match(text)
    if match is None:
        return False
    word = match.group(2)
    if word in MARKERS or word.upper() in MARKERS:
        return True
    if not (word.isupper() or match.group(3)):
        return False
    return bool(difflib.get_close_matches(word.upper(), MARKERS, n=1, cutoff=0.75))


def _parser():
    return grammar.load("annotations", start="annotation")


def prepare() -> None:
    _parser()


def parse(text: str, pos: Pos) -> Parsed:
    """Parse one annotation line standing at pos (column 1); raise DocsError explaining what is wrong."""
    parsed = _parse(text)
    if isinstance(parsed, UnexpectedInput):
        raise DocsError(_explain(text, pos, parsed))
    return parsed


@lru_cache(maxsize=4096)
def _parse(text: str) -> Parsed | UnexpectedInput:
    """Parsed once per distinct line: pages repeat `// TEST[continued]` and friends many times."""
    try:
        tree = _parser().parse(text)
    except UnexpectedInput as err:
        return err
    marker, options = _transform(tree)
    content = text[text.index("[") + 1 : text.rindex("]")] if "[" in text else None
    return Parsed(marker, content, tuple(options))


def _transform(tree: Tree) -> tuple[str, list[Option]]:
    marker_tree = tree.children[0]
    marker = marker_tree.data.removesuffix("_marker").upper()
    options = [_option(option) for options_tree in marker_tree.children for option in options_tree.children]
    return marker, options


def _option(tree: Tree) -> Option:
    kind = str(tree.data)
    column = tree.meta.column if not tree.meta.empty else 0
    if kind in ("continued", "skip_shard_failures", "non_json"):
        return Option(kind, None, column)
    if kind == "substitution":
        # The backslash of \/ stays in both parts, as the reference keeps it.
        start, pattern, *replacement = tree.children
        return Option(kind, (str(pattern), str(replacement[0]) if replacement else ""), start.column)
    token: Token = tree.children[0]
    value = str(token)
    if kind in ("setup", "teardown"):
        return Option(kind, tuple(value.split(",")), column)
    return Option(kind, value, column)


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


def _explain(text: str, pos: Pos, err: UnexpectedInput) -> Diagnostic:
    """Say what is wrong in words a doc writer can act on; the reference would ignore or garble it."""
    like = ANNOTATION_LIKE.match(text)
    ignored = "Elasticsearch's test generator would silently ignore this line"
    if like:
        indent, word, bracket = like.group(1), like.group(2), like.group(3)
        word_col = text.index(word, len(indent) + 2) + 1
        if indent:
            return _error(
                "annotation does not start at the beginning of the line",
                pos,
                text,
                1,
                f"remove the indentation; {ignored}",
                len(indent),
            )
        if word not in MARKERS:
            close = difflib.get_close_matches(word.upper(), MARKERS, n=1, cutoff=0.5)
            hint = f"did you mean `{close[0]}`?" if close else f"known annotations: {', '.join(MARKERS)}"
            return _error(f"unknown annotation `{word}`", pos, text, word_col, hint, len(word))
        if "\t" in text:
            return _error(
                "tab in annotation",
                pos,
                text,
                text.index("\t") + 1,
                f"use spaces only; {ignored}",
            )
        after_word = text[word_col - 1 + len(word) :]
        if bracket and after_word[:1] in (" ", "\t"):
            return _error(
                f"space between `{word}` and `[`",
                pos,
                text,
                word_col + len(word),
                f"write `// {word}[…]`; {ignored}",
            )
        if bracket is not None and word not in ("TEST", "TESTRESPONSE"):
            return _error(
                f"`// {word}` takes no options",
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
                f"write `// {word}` alone or put options in the brackets; {ignored}",
                2,
            )
        if bracket is not None and "]" not in bracket:
            return _error(
                "missing `]` at the end of the annotation", pos, text, len(text) + 1, "close the bracket"
            )
    column = getattr(err, "column", 0) or len(text) + 1
    rest = text[column - 1 :]
    valid = TEST_OPTIONS if " TESTRESPONSE" not in f" {text[2:].lstrip()}" else RESPONSE_OPTIONS
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
        if valid is RESPONSE_OPTIONS and word.rstrip(":") in (
            "catch",
            "continued",
            "setup",
            "teardown",
            "warning",
        ):
            hint = f"`{word.rstrip(':')}` belongs on the // TEST line of the request, not on // TESTRESPONSE"
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
