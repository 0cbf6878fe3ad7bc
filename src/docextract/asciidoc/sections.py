"""The sections of a page: its own, apart from those of the pages it includes whole; the kind of an API
page's section (request, path parameters, …), by its anchor or its title."""

from __future__ import annotations

from collections.abc import Iterator

from docextract.asciidoc.tree import Block, Compound, ItemList, ListItem, Section
from docextract.syntax.sections import section_kind as kind_of


def section_kind(section: Section) -> str | None:
    return kind_of(section.anchor, section.heading)


def split_sections(blocks: list[Block], source: str) -> tuple[list[Section], list[Section]]:
    """The page's own sections, in document order, and the titles of the pages it includes whole.

    An included file is a page when its first section is its title: it opens the file, has an anchor
    and is no API section ([[create-connector-api]] === Create connector API). That title and the
    sections of included files under it belong to the included page, not to the page that includes it
    (a chapter such as connector/apis/connector-apis.asciidoc); a section of the page's own file stays
    its own wherever it stands. A region of a shared file (include::…[tag=…]) does not open the file,
    so its sections stay the including page's.
    """
    own: list[Section] = []
    titles: list[Section] = []
    is_page: dict[str, bool] = {}  # each included file, by its first section
    # tree.walk's order; each level knows whether it stands under an included page's title.
    pending: list[tuple[Iterator[Block], bool]] = [(iter(blocks), False)]
    while pending:
        children, under_title = pending[-1]
        block = next(children, None)
        if block is None:
            pending.pop()
            continue
        if isinstance(block, Section) and block.src.file == source:
            under_title = False
            own.append(block)
        elif isinstance(block, Section):
            file = block.src.file
            if file not in is_page:
                is_page[file] = (
                    _opens_its_file(block) and block.anchor is not None and not section_kind(block)
                )
                if is_page[file]:
                    titles.append(block)
            under_title = under_title or is_page[file]
            if not under_title:
                own.append(block)
        if isinstance(block, Section | Compound | ListItem):
            pending.append((iter(block.children), under_title))
        elif isinstance(block, ItemList):
            pending.append((iter(block.items), under_title))
    return own, titles


def _opens_its_file(section: Section) -> bool:
    """Whether nothing stands above the section in its file but its own metadata lines ([role=…],
    [[id]], .Title): the file was included whole and this is its title."""
    anchor_lines = sum(1 for _, src in section.anchors if src.text.lstrip().startswith("[["))
    metadata = len(section.attributes) + anchor_lines + (section.title is not None)
    return section.src.line - 1 == metadata
