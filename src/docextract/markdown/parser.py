"""The markdown-it parser of Markdown pages: CommonMark (the reference MyST and docs-builder extend) with
front matter, `:::` directives, definition lists and `%` comments."""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from docextract.markdown.comment import comment_plugin

# A document nests blocks this deep at most (lists in lists, quotes in quotes): past it markdown-it reads
# the rest as text, so that no page can make the parser recurse without end.
MAX_NESTING = 40


@cache
def markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING})
    # Inline parsing is left out: the page reads inline text as written (links, code, roles).
    md.disable(["inline"], ignoreInvalid=True)
    for plugin in (front_matter_plugin, colon_fence_plugin, deflist_plugin, comment_plugin):
        md.use(plugin)
    return md


def parse(text: str) -> tuple[SyntaxTreeNode, int | None]:
    """The block tree of a Markdown text (every block node's `map` is its [first, after-last) line), and
    the line where markdown-it stopped reading because blocks nest deeper than MAX_NESTING, if it did."""
    tokens = markdown().parse(text)
    cut = next((t.map[0] for t in tokens if t.nesting == 1 and t.level >= MAX_NESTING - 1 and t.map), None)
    return SyntaxTreeNode(tokens), cut
