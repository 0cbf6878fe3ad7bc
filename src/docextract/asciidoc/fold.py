"""Fold the flat block sequence: attach metadata and continuations, nest lists and sections.

Nesting by section level and list marker is context-sensitive (a `:::` item nests under a `::`
item, a `==` section closes a `===` one), so it is done here, once, after parsing.
"""

from __future__ import annotations

from docextract.asciidoc import lines as L
from docextract.asciidoc.tree import (
    Blank,
    Block,
    Comment,
    Compound,
    Continuation,
    ItemList,
    ListBreak,
    Listing,
    ListItem,
    Meta,
    Paragraph,
    Section,
    StrayAnnotation,
)


class Folder:
    """Attach metadata and continuations, nest lists by marker and sections by level."""

    def fold(self, items: list[Block], top_level: bool = False, hidden: bool = False) -> list[Block]:
        out: list[Block] = []
        sections: list[Section] = []
        lists: list[ItemList] = []
        meta: list[Meta] = []
        attach = False  # a `+` asks to attach the next block to the current list item
        after_blank = False
        last_listing: Listing | None = None

        def target() -> list[Block]:
            return sections[-1].children if sections else out

        for item in items:
            if isinstance(item, Blank):
                after_blank = True
                continue
            if isinstance(item, ListBreak):
                lists.clear()
                continue
            if isinstance(item, Continuation):
                attach = bool(lists)
                after_blank = False
                continue
            if isinstance(item, Meta):
                meta.append(item)
                continue
            if isinstance(item, Comment):
                for child in self.fold(item.children, hidden=True):
                    target().append(child)
                    if isinstance(child, Listing):
                        last_listing = child
                continue
            self._apply_meta(item, meta)
            meta = []
            if isinstance(item, Listing):
                item.hidden = hidden
            if isinstance(item, Compound):
                item.children = self.fold(item.children, hidden=hidden)
            if isinstance(item, StrayAnnotation):
                item.after_listing = last_listing
            if isinstance(item, Section) and top_level:
                lists.clear()
                while sections and sections[-1].level >= item.level:
                    sections.pop()
                target().append(item)
                sections.append(item)
            elif isinstance(item, ListItem) and item.kind == "colist" and last_listing is not None:
                last_listing.callouts.append(item)  # explains the <N> marks of the block above
                continue
            elif isinstance(item, ListItem):
                self._add_item(item, lists, target(), after_blank)
            elif lists and attach:
                lists[-1].items[-1].children.append(item)
            elif (
                lists
                and isinstance(item, Paragraph)
                and lists[-1].kind == "dlist"
                and not lists[-1].items[-1].lines
                and not lists[-1].items[-1].children
            ):
                lists[-1].items[-1].lines.extend(item.lines)  # the description after a blank line
            else:
                lists.clear()
                target().append(item)
            if isinstance(item, Listing):
                last_listing = item
            elif not isinstance(item, StrayAnnotation):
                last_listing = None
            attach = False
            after_blank = False
        return out

    @staticmethod
    def _apply_meta(block: Block, meta: list[Meta]) -> None:
        for m in meta:
            text = m.text.strip()
            if m.kind == "anchor":
                match = L.BLOCK_ANCHOR.match(text)
                block.anchor = match.group(1) if match else block.anchor
            elif m.kind == "title":
                block.title = text[1:]
            elif m.kind in ("attributes", "source"):
                inner = text[1 : text.rfind("]")]
                block.attributes.append(inner)
                if inner.startswith("#") and not block.anchor:
                    block.anchor = inner[1:].split(".")[0].split("%")[0] or None

    @staticmethod
    def _add_item(item: ListItem, lists: list[ItemList], target: list[Block], after_blank: bool) -> None:
        signature = (item.kind, item.marker)
        for depth in range(len(lists) - 1, -1, -1):
            if (lists[depth].kind, lists[depth].marker) == signature:
                del lists[depth + 1 :]
                lists[depth].items.append(item)
                return
        new = ItemList(item.src, item.kind, item.marker, [item])
        new.anchor, new.attributes, new.title = item.anchor, item.attributes, item.title
        if lists:
            lists[-1].items[-1].children.append(new)
        else:
            target.append(new)
        lists.append(new)
