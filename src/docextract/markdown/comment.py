"""`%` comment lines, as docs-builder reads them: a markdown-it block rule.

    % TEST[setup:my_index]
    % Any other remark the rendered page leaves out.

A line whose first character (after the indentation of its container) is `%` followed by a space, a tab
or the end of the line is a comment of one line; `%%` is not one (docs-builder's CommentBlockParser).
A comment may interrupt a paragraph. Each line becomes one `md_comment` token, its text from the `%` on,
so that the annotation lines among them can be read after the snippet they follow. So does a line that
tries to be an annotation with no space after its `%` (`%TEST[skip:x]`): docs-builder shows it as text,
and the annotation reader reports it where a test would otherwise silently lose it.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from docextract.syntax import annotations


def comment_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before(
        "blockquote", "md_comment", _rule, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )


def _rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.is_code_block(start):
        return False
    pos = state.bMarks[start] + state.tShift[start]
    maximum = state.eMarks[start]
    if pos >= maximum or state.src[pos] != "%":
        return False
    if pos + 1 < maximum and state.src[pos + 1] not in " \t":
        line = state.src[state.bMarks[start] : maximum]
        if not annotations.looks_like_annotation(line, annotations.MARKDOWN):
            return False
    if silent:
        return True
    token = state.push("md_comment", "", 0)
    # From the line's start within its container: an indented annotation keeps its columns.
    token.content = state.src[state.bMarks[start] : maximum]
    token.map = [start, start + 1]
    state.line = start + 1
    return True
