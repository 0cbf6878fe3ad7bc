"""How a snippet's page writes what a message about the snippet names: `// TEST` or `% TEST`, a
`[source,js]` line or a ```js fence, a `////` block or a `<!-- -->` comment.

The test generator and the checks are shared by both front ends; a writer told to fix `// TEST[continued]`
on a Markdown page, where they wrote `% TEST[continued]`, is misled. A page is read by the front end of its
suffix (pages.py), and the files it includes are of its kind, so a snippet's position says which syntax
its writer used.
"""

from __future__ import annotations

from dataclasses import dataclass

from docextract.position import Pos

# The Markdown front end's suffixes (docextract.markdown.SUFFIXES; tests/test_markdown.py keeps them
# equal). Not imported from there: no stage imports another. Nor defined here for it: every run loads
# the front end's package, and only a run that generates tests or checks pages needs this module.
MARKDOWN_SUFFIXES = (".md",)


@dataclass(frozen=True)
class Markup:
    """The syntax of one page format, as messages quote it."""

    comment: str  # what an annotation line starts with
    source: str  # a snippet's language as written, {} for the language
    put: str  # how a writer gives a snippet a language: {block}, and {it} for the snippet
    hidden: str  # what hides a snippet from readers but not from the tests

    def annotation(self, marker: str) -> str:
        """An annotation line as written: `// TEST[continued]`, `% TEST[continued]`."""
        return f"{self.comment} {marker}"

    def block(self, language: str | None) -> str:
        """Where a snippet's language is written: `[source,js]`, ```js (a fence without one: ```)."""
        return self.source.format(language or "")

    def write(self, language: str, it: str = "the snippet") -> str:
        """What a hint tells a writer to do to make a snippet one of this language."""
        return self.put.format(block=self.block(language), it=it)


ASCIIDOC = Markup("//", "[source,{}]", "write {block} above {it}", "a //// comment block")
MARKDOWN = Markup("%", "```{}", "open {it} with {block}", "a <!-- --> comment")


def of(pos: Pos) -> Markup:
    """The syntax of the page a position stands on (a snippet's, an annotation's)."""
    return MARKDOWN if pos.file.endswith(MARKDOWN_SUFFIXES) else ASCIIDOC
