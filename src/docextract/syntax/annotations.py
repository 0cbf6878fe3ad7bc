"""Test annotation lines (grammars/annotations.lark) turned into data; errors explained by
syntax/annotation_errors.py."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache, lru_cache

from lark import Transformer, UnexpectedInput

from docextract.diagnostics import DocsError
from docextract.position import Pos
from docextract.syntax import grammar
from docextract.syntax.annotation_errors import ASCIIDOC, MARKDOWN, Style, Vocabulary, explain

__all__ = [
    "ASCIIDOC",
    "MARKDOWN",
    "Option",
    "Parsed",
    "Style",
    "looks_like_annotation",
    "parse",
    "vocabulary",
]


@dataclass(frozen=True)
class Option:
    """One option of an annotation line, and its column."""

    # catch, substitution, skip, continued, setup, teardown, warning, skip_shard_failures, non_json
    name: str
    value: object  # str, a (pattern, replacement) pair, a tuple of names, or None
    column: int  # 1-based, in the annotation line


@dataclass(frozen=True)
class Parsed:
    """An annotation line read: its marker, the text between its brackets, its options."""

    marker: str
    content: str | None  # the text between the brackets
    options: tuple[Option, ...]


def looks_like_annotation(text: str, style: Style = ASCIIDOC) -> bool:
    """True for a line that is, or clearly tries to be, a test annotation (typos and bad case included)."""
    match = style.like.match(text)
    if match is None:
        return False
    word = match.group(2)
    markers = vocabulary().markers
    if word in markers or word.upper() in markers:
        return True
    if not (word.isupper() or match.group(3)):
        return False
    return bool(difflib.get_close_matches(word.upper(), markers, n=1, cutoff=0.75))


def _parser():
    # The lines become data as rules are reduced: no tree is built, and no node tracks positions.
    return grammar.load(
        "annotations", start=("annotation", "md_annotation"), transformer=_TO_DATA, positions=False
    )


def prepare() -> None:
    _parser()


@cache
def vocabulary() -> Vocabulary:
    """The markers and, for each marker that takes them, its options, in the grammar's order."""
    parser = _parser()
    spelled = {terminal.name: terminal.pattern.value for terminal in parser.terminals}

    def rules(name: str) -> list:
        return [rule for rule in parser.rules if rule.origin.name == name]

    markers = tuple(dict.fromkeys(spelled[rule.expansion[0].name] for rule in rules("marker")))
    options: dict[str, tuple[str, ...]] = {}
    for rule in rules("marker"):
        if len(rule.expansion) > 1:  # MARKER "[" options "]"
            choice = rules(rule.expansion[2].name)[0].expansion[0].name  # test_options: _test_option …
            names = [alternative.expansion[0].name for alternative in rules(choice)]
            words = [spelled[rules(name)[0].expansion[0].name] for name in names]
            # s/ opens a substitution, which reads s/…/…/ in full.
            options[spelled[rule.expansion[0].name]] = tuple(
                w + "…/…/" if w.endswith("/") else w for w in words
            )
    return Vocabulary(markers, options)


def parse(text: str, pos: Pos, style: Style = ASCIIDOC) -> Parsed:
    """Parse one annotation line standing at pos (column 1); raise DocsError explaining what is wrong."""
    parsed = _parse(text, style.start)
    if isinstance(parsed, UnexpectedInput):
        raise DocsError(explain(text, pos, getattr(parsed, "column", None), vocabulary(), style))
    return parsed


@lru_cache(maxsize=4096)
def _parse(text: str, start: str) -> Parsed | UnexpectedInput:
    """Parsed once per distinct line: pages repeat `// TEST[continued]` and friends many times."""
    try:
        marker, options = _parser().parse(text, start=start)
    except UnexpectedInput as err:
        return err
    content = text[text.index("[") + 1 : text.rindex("]")] if "[" in text else None
    return Parsed(marker, content, tuple(options))


class _ToData(Transformer):
    """The tree as (marker, options), built as rules are reduced; each option keeps its column (its
    first token's: an option rule keeps its keyword, grammars/annotations.lark) for positions in the line."""

    def annotation(self, children):
        return children[0]

    md_annotation = annotation

    def _marker(self, marker: str, children) -> tuple[str, list[Option]]:
        return marker, children[0] if children else []

    def test_marker(self, children):
        return self._marker("TEST", children)

    def testresponse_marker(self, children):
        return self._marker("TESTRESPONSE", children)

    def testsetup_marker(self, children):
        return self._marker("TESTSETUP", children)

    def teardown_marker(self, children):
        return self._marker("TEARDOWN", children)

    def console_marker(self, children):
        return self._marker("CONSOLE", children)

    def notconsole_marker(self, children):
        return self._marker("NOTCONSOLE", children)

    def test_options(self, children):
        return children

    response_options = test_options

    def continued(self, children):
        return Option("continued", None, children[0].column)

    def skip_shard_failures(self, children):
        return Option("skip_shard_failures", None, children[0].column)

    def non_json(self, children):
        return Option("non_json", None, children[0].column)

    def substitution(self, children):
        # The backslash of \/ stays in both parts, as the reference keeps it.
        start, pattern, *replacement = children
        return Option(
            "substitution", (str(pattern), str(replacement[0]) if replacement else ""), start.column
        )

    # The value is the last token: catch: may have whitespace before it.
    def catch(self, children):
        return Option("catch", str(children[-1]), children[0].column)

    def skip(self, children):
        return Option("skip", str(children[-1]), children[0].column)

    def warning(self, children):
        return Option("warning", str(children[-1]), children[0].column)

    def setup(self, children):
        return Option("setup", tuple(str(children[-1]).split(",")), children[0].column)

    def teardown(self, children):
        return Option("teardown", tuple(str(children[-1]).split(",")), children[0].column)


_TO_DATA = _ToData()
