"""The sections of a page: its own, apart from those of the pages it includes whole; the kind of an API
page's section (request, path parameters, …), by its anchor or its title."""

from __future__ import annotations

from collections.abc import Iterator

from docextract.asciidoc.tree import Block, Compound, ItemList, ListItem, Section
from docextract.syntax.sections import section_kind as kind_of


def section_kind(section: Section) -> str | None:
    return kind_of(section.anchor, section.heading)


def split_sections(blocks: list[Block], source: str) -> tuple[list[Section], list[Section], list[Block]]:
    """The page's own sections, in document order, the titles of the pages it includes whole, and every
    block, depth first in document order (the one walk over the blocks: the page's snippets and anchors
    are read from it too).

    An included file is a page when its first section is its title: it opens the file, has an anchor
    and is no API section ([[create-connector-api]] === Create connector API). That title and the
    sections of included files under it belong to the included page, not to the page that includes it
    (a chapter such as connector/apis/connector-apis.asciidoc); a section of the page's own file stays
    its own wherever it stands. A region of a shared file (include::…[tag=…]) does not open the file,
    so its sections stay the including page's.
    """
    own: list[Section] = []
    titles: list[Section] = []
    in_order: list[Block] = []
    is_page: dict[str, bool] = {}  # each included file, by its first section
    # With a stack of its own, not Python's; each level knows whether it stands under an included
    # page's title. A section may stand in a delimited block or a list item too.
    pending: list[tuple[Iterator[Block], bool]] = [(iter(blocks), False)]
    while pending:
        children, under_title = pending[-1]
        block = next(children, None)
        if block is None:
            pending.pop()
            continue
        in_order.append(block)
        if isinstance(block, Section):
            file = block.src.file
            if file == source:
                under_title = False
                own.append(block)
            else:
                if file not in is_page:
                    is_page[file] = (
                        _opens_its_file(block) and block.anchor is not None and not section_kind(block)
                    )
                    if is_page[file]:
                        titles.append(block)
                under_title = under_title or is_page[file]
                if not under_title:
                    own.append(block)
            pending.append((iter(block.children), under_title))
        elif isinstance(block, Compound | ListItem):  # a list item stands only in a list's items
            pending.append((iter(block.children), under_title))
        elif isinstance(block, ItemList):
            pending.append((iter(block.items), under_title))
    return own, titles, in_order


def _opens_its_file(section: Section) -> bool:
    """Whether nothing stands above the section in its file but its own metadata lines ([role=…],
    [[id]], .Title): the file was included whole and this is its title."""
    anchor_lines = sum(1 for _, src in section.anchors if src.text.lstrip().startswith("[["))
    metadata = len(section.attributes) + anchor_lines + (section.title is not None)
    return section.src.line - 1 == metadata
