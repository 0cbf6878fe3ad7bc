"""Snippets: the fenced code blocks of a page, with the `%` annotation lines after them and the ordered
list that explains their callouts.

    ```console                      the opening fence: the snippet's line (line_N of its test)
    GET my-index/_search <1>
    ```                             the closing fence: its end_line
                                    blank lines may stand before the annotations
    % TEST[setup:my_index]          one annotation a line; several may stack
    1. What <1> means.              the callout list

A fence whose info string is a MyST directive (```{math}, ```yaml {applies_to}) is no snippet. Inside
`subs=true` fences, {{name}} substitutions apply. An annotation is read after the snippet it follows in
document order, whatever containers close in between (a fence in a list item, `% TEST` after the list).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from docextract.diagnostics import Diagnostics, DocsError
from docextract.markdown import tree
from docextract.markdown.substitutions import Substitutions
from docextract.model import Callout, Pos, Snippet
from docextract.syntax import annotations
from docextract.syntax import snippets as snippet_builder

_DIRECTIVE_WORD = re.compile(r"^\{[^{}]*\}$")
_CALLOUT = re.compile(r"<\d+>")


def language_of(info: str) -> tuple[str | None, bool]:
    """(language, is a snippet) of a fence's info string: directives are not snippets."""
    words = info.split()
    if any(_DIRECTIVE_WORD.match(word) for word in words[:2]):
        return None, False
    return (words[0] if words else None), True


def collect(
    blocks: list[tree.Block],
    subs: Substitutions,
    diagnostics: Diagnostics,
    included: dict[str, tuple[Pos, ...]],
    for_tests: bool = False,
) -> Iterator[Snippet]:
    """Every snippet in document order; `%` annotations that follow no snippet are reported."""
    order = list(tree.walk(blocks))
    index = 0
    while index < len(order):
        block = order[index]
        index += 1
        if isinstance(block, tree.Comment):
            if annotations.looks_like_annotation(block.text, annotations.MARKDOWN):
                _stray(block, diagnostics, included)
            continue
        if not isinstance(block, tree.Fence):
            continue
        language, is_snippet = language_of(block.info)
        if not is_snippet:
            continue
        annotation_lines = []
        while index < len(order) and isinstance(order[index], tree.Comment):
            comment = order[index]
            if not annotations.looks_like_annotation(comment.text, annotations.MARKDOWN):
                break
            annotation_lines.append((comment.text, comment.pos))
            index += 1
        following = order[index] if index < len(order) else None
        raw = snippet_builder.RawSnippet(
            pos=block.pos,
            end_line=block.end.line if block.end is not None and block.end.file == block.pos.file else None,
            language=language,
            name=None,
            hidden=block.hidden,
            lines=tuple(_content(block, subs)),
            annotation_lines=tuple(annotation_lines),
            source_line=block.text,
            callouts=tuple(_callouts(block, following)),
        )
        yield snippet_builder.build(raw, diagnostics, for_tests=for_tests, dialect=snippet_builder.MARKDOWN)


def _content(block: tree.Fence, subs: Substitutions) -> Iterator[tuple[str, Pos]]:
    substituted = "subs=true" in block.info.split()
    for text, pos in block.lines:
        yield (subs.apply(text) if substituted else text), pos


def _callouts(block: tree.Fence, following: tree.Block | None) -> Iterator[Callout]:
    """The ordered list right after the snippet (and its annotations) explains its <N> marks."""
    if not isinstance(following, tree.ItemList) or not following.ordered:
        return
    if not any(_CALLOUT.search(text) for text, _ in block.lines):
        return
    for number, item in enumerate(following.items, following.start):
        yield Callout(number, item.text, item.pos)


def _stray(block: tree.Comment, diagnostics: Diagnostics, included: dict[str, tuple[Pos, ...]]) -> None:
    # A line that does not even read as an annotation (`%TEST[…]`, with no space) says that first.
    try:
        annotations.parse(block.text, block.pos, annotations.MARKDOWN)
    except DocsError as err:
        diagnostics.add(replace(err.diagnostic, included_from=included.get(block.pos.file, ())))
        return
    marker = block.text.strip().lstrip("%").strip().split("[", 1)[0]
    diagnostics.error(
        "annotation-not-paired",
        f"% {marker} is not paired with a snippet",
        block.pos,
        "an annotation follows the closing fence of its snippet, with only blank lines or other "
        "annotations between them",
        source_line=block.text,
        included_from=included.get(block.pos.file, ()),
    )
