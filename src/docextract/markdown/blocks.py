"""A Markdown file read into blocks (markdown/tree.py): markdown-it's block tree converted, the bodies
of directives and of <!-- --> comments read again as Markdown, {include} files read in their place.

Every block knows the real file and line it stands at: a body read again keeps a table from its lines
to theirs. markdown-it's nodes do not leave this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it.tree import SyntaxTreeNode

from docextract.markdown import frontmatter, include, tree
from docextract.markdown.frontmatter import FrontMatter
from docextract.markdown.parser import MAX_NESTING, parse
from docextract.markdown.reading import Frame, Reading
from docextract.position import Pos

_ANCHOR = re.compile(r"^(.*?)\s*\[([A-Za-z0-9_.:-]+)\]\s*$")
_DIRECTIVE = re.compile(r"^\{([A-Za-z0-9_:-]+)\}\s*(.*)$")
_HIDE = "<!--"
_UNHIDE = "-->"


@dataclass(frozen=True)
class Document:
    """A page's own file read: its front matter and its blocks."""

    front_matter: FrontMatter
    blocks: list[tree.Block]


def read_document(lines: list[str], reading: Reading, frame: Frame, display: str) -> Document:
    """A page's own file as blocks; its front matter's `sub:` joins the substitutions first."""
    positions = [Pos(display, number) for number in range(1, len(lines) + 1)]
    reader = _Reader(reading, frame, lines, positions, hidden=False)
    nodes = reader.parse()
    front_matter = FrontMatter()
    if nodes and nodes[0].type == "front_matter":
        front_matter = frontmatter.read(nodes[0].content, positions[0], reading.diagnostics)
        reading.subs = reading.subs.with_page(front_matter.subs)
        nodes = nodes[1:]
    return Document(front_matter, reader.convert(nodes))


def _text(lines: list[str]) -> str:
    return "\n".join(lines) + "\n" if lines else ""


class _Reader:
    """One text being converted: its lines (as the parser saw them) and where each really stands."""

    def __init__(self, reading: Reading, frame: Frame, lines: list[str], positions: list[Pos], hidden: bool):
        self.reading, self.frame, self.lines, self.positions, self.hidden = (
            reading,
            frame,
            lines,
            positions,
            hidden,
        )

    def pos(self, line: int) -> Pos:
        return self.positions[min(line, len(self.positions) - 1)]

    def parse(self) -> list[SyntaxTreeNode]:
        root, cut = parse(_text(self.lines))
        if cut is not None:
            self._too_deep(cut, f"blocks nested deeper than {MAX_NESTING}")
        return root.children

    def convert(self, nodes: list[SyntaxTreeNode]) -> list[tree.Block]:
        blocks: list[tree.Block] = []
        for node in nodes:
            self._node(node, blocks)
        return blocks

    def _node(self, node: SyntaxTreeNode, out: list[tree.Block]) -> None:
        kind = node.type
        if kind == "heading":
            text, anchor = _anchored(self.reading.subs.apply(_inline(node)))
            out.append(tree.Heading(len(node.markup), text, anchor, self.pos(node.map[0])))
        elif kind == "paragraph":
            out.append(tree.Paragraph(self.reading.subs.apply(_inline(node)), self.pos(node.map[0])))
        elif kind == "fence":
            out.append(self._fence(node))
        elif kind == "md_comment":
            out.append(tree.Comment(node.content, self.pos(node.map[0])))
        elif kind in ("bullet_list", "ordered_list"):
            ordered = kind == "ordered_list"
            start = int(node.attrs.get("start", 1)) if ordered else 1
            found = tree.ItemList(ordered, start, node.markup, self.pos(node.map[0]))
            for item in node.children:
                found.items.append(tree.ListItem(self.pos(item.map[0]), self.convert(item.children)))
            out.append(found)
        elif kind == "dl":
            out.append(self._definitions(node))
        elif kind == "colon_fence":
            self._directive(node, out)
        elif kind == "html_block" and node.content.lstrip().startswith(_HIDE):
            out.append(self._hidden(node))
        elif kind == "blockquote":
            out.extend(self.convert(node.children))
        # Indented code, rules, tables and other HTML hold nothing a page is read for.

    def _fence(self, node: SyntaxTreeNode) -> tree.Fence:
        first, after = node.map
        body = node.content.split("\n")[:-1]
        closed = len(body) == after - first - 2
        if not closed:
            self._unterminated(first, "code block", node.markup)
        return tree.Fence(
            info=node.info.strip(),
            lines=tuple(zip(body, (self.pos(first + 1 + i) for i in range(len(body))), strict=True)),
            pos=self.pos(first),
            end=self.pos(after - 1) if closed else None,
            hidden=self.hidden,
            text=self.lines[first] if first < len(self.lines) else "",
        )

    def _definitions(self, node: SyntaxTreeNode) -> tree.DefList:
        found = tree.DefList(self.pos(node.map[0]))
        for child in node.children:
            if child.type == "dt":
                text = self.reading.subs.apply(_inline(child))
                found.items.append(tree.Term(text, self.pos(child.map[0])))
            elif child.type == "dd" and found.items:
                found.items[-1].children.extend(self.convert(child.children))
        return found

    def _directive(self, node: SyntaxTreeNode, out: list[tree.Block]) -> None:
        first, after = node.map
        match = _DIRECTIVE.match(node.info.strip())
        name, argument = (match.group(1), match.group(2)) if match else ("", node.info.strip())
        body = node.content.split("\n")[:-1]
        if len(body) != after - first - 2:
            self._unterminated(first, f"{{{name}}} directive" if name else "colon fence", node.markup)
        pos = self.pos(first)
        if name == "include":
            if self.reading.expand:
                out.extend(self._include(argument, pos, first))
            return
        directive = tree.Directive(name, self.reading.subs.apply(argument), pos)
        directive.children = self._again(body, first + 1, first)
        out.append(directive)

    def _hidden(self, node: SyntaxTreeNode) -> tree.Hidden:
        first, _ = node.map
        body = node.content.split("\n")[:-1]
        opened = body[0].find(_HIDE) + len(_HIDE)
        inner = [body[0][opened:], *body[1:]]
        closing = inner[-1].find(_UNHIDE)
        if closing == -1:
            self._unterminated(first, "<!-- comment", _HIDE)
        else:
            inner[-1] = inner[-1][:closing]
        hidden = tree.Hidden(self.pos(first))
        hidden.children = self._again(inner, first, first, hidden=True, shifted={0: opened})
        return hidden

    def _again(
        self,
        body: list[str],
        first: int,
        opening: int,
        hidden: bool | None = None,
        shifted: dict[int, int] | None = None,
    ) -> list[tree.Block]:
        """A body read again as Markdown (its first line at first); its lines map to the lines it was
        cut from. opening: the line of the block that holds it."""
        if self.frame.depth >= MAX_NESTING:
            self._too_deep(opening, f"directives and comments nested deeper than {MAX_NESTING}")
            return []
        positions = []
        for index, text in enumerate(body):
            outer = self.pos(first + index)
            written = self.lines[first + index] if first + index < len(self.lines) else text
            # A body line lost its container's indentation: its column says where it really starts.
            cut = (shifted or {}).get(index, len(written) - len(text) if written.endswith(text) else 0)
            positions.append(Pos(outer.file, outer.line, outer.column + cut))
        frame = Frame(self.frame.path, self.frame.chain, self.frame.included_from, self.frame.depth + 1)
        reader = _Reader(self.reading, frame, body, positions, self.hidden if hidden is None else hidden)
        return reader.convert(reader.parse())

    def _include(self, argument: str, pos: Pos, line: int) -> list[tree.Block]:
        opened = include.open_include(argument, pos, self.lines[line], self.reading, self.frame)
        if opened is None:
            return []
        frame, lines = opened
        display = self.reading.display(frame.path)
        positions = [Pos(display, number) for number in range(1, len(lines) + 1)]
        reader = _Reader(self.reading, frame, lines, positions, self.hidden)
        return reader.convert([n for n in reader.parse() if n.type != "front_matter"])

    def _too_deep(self, line: int, title: str) -> None:
        self.reading.diagnostics.error(
            "nesting-too-deep",
            title,
            self.pos(line),
            "flatten the nesting: what stands deeper is not read",
            included_from=self.frame.included_from,
        )

    def _unterminated(self, line: int, what: str, markup: str) -> None:
        self.reading.diagnostics.warning(
            "unterminated-block",
            f"{what} opened here is never closed",
            self.pos(line),
            f"close it with {markup if markup != _HIDE else _UNHIDE}; it runs to the end of its container",
            source_line=self.lines[line] if line < len(self.lines) else None,
            included_from=self.frame.included_from,
        )


def _inline(node: SyntaxTreeNode) -> str:
    """The inline source of a heading, paragraph or term, lines joined with \\n."""
    return "\n".join(child.content for child in node.children if child.type == "inline").strip()


def _anchored(text: str) -> tuple[str, str | None]:
    match = _ANCHOR.match(text)
    return (match.group(1), match.group(2)) if match else (text, None)
