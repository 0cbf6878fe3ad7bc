"""Sections: the headings of a page nested by level, and the API section each one is.

    # Title [page-id]                     the page's title and id
    ## {{api-request-title}} [x-request]  a section, kind `request`, by its anchor or its title
    ### Nested                            belongs to the section above

A section's kind comes from its anchor's suffix (`-request-body`, `-query-params`) or its title
(`Request body`), as for AsciiDoc pages, plus the Markdown pages' `Parameters` sections (query DSL,
aggregation and retriever pages document the object they describe there): read as the request body.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from docextract.markdown import tree
from docextract.syntax.sections import section_kind


@dataclass
class Section:
    """A heading and the blocks under it, its subsections apart; the root has no heading."""

    heading: tree.Heading | None  # None for what stands before the first heading
    blocks: list[tree.Block] = field(default_factory=list)  # its own, not its subsections'
    subsections: list[Section] = field(default_factory=list)

    @property
    def level(self) -> int:
        return self.heading.level if self.heading else 0


def nest(blocks: list[tree.Block]) -> Section:
    """The page's top-level blocks as a tree of sections under a root of level 0."""
    root = Section(None)
    open_sections = [root]
    for block in blocks:
        if isinstance(block, tree.Heading):
            while open_sections[-1].level >= block.level:
                open_sections.pop()
            section = Section(block)
            open_sections[-1].subsections.append(section)
            open_sections.append(section)
        else:
            open_sections[-1].blocks.append(block)
    return root


def walk(section: Section) -> Iterator[Section]:
    """The sections under section, depth first, in document order."""
    pending = list(reversed(section.subsections))
    while pending:
        current = pending.pop()
        yield current
        pending.extend(reversed(current.subsections))


def kind(section: Section) -> str | None:
    heading = section.heading
    if heading is None:
        return None
    return section_kind(heading.anchor, heading.text, parameters_sections=True)
