"""Parameters and response codes from description lists (grammars/parameter.lark for terms and heads)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lark import UnexpectedInput

from docextract.asciidoc.tree import Block, Compound, ItemList, ListItem, Paragraph
from docextract.model import Parameter, Pos, ResponseCode, Value
from docextract.syntax import grammar

# "Defaults to `full`." — the convention of Elasticsearch's reference pages.
_DEFAULT = re.compile(r"Defaults\s+to\s+`([^`]*)`")


@dataclass(frozen=True)
class Head:
    required: bool | None
    type: str | None
    is_default: bool
    length: int  # characters the head takes, so the description starts after it


def _parser(start: str):
    return grammar.load("parameter", start=start)


def prepare() -> None:
    _parser("head")
    _parser("term")


def parse_head(text: str) -> Head | None:
    """The (Required, type) head at the start of a description, or None when there is none."""
    if not text.startswith("("):
        return None
    close = text.find(")")
    if close == -1 or close > 120:
        return None
    return _parse_head(text[: close + 1])


@lru_cache(maxsize=4096)
def _parse_head(text: str) -> Head | None:
    try:
        tree = _parser("head").parse(text)
    except UnexpectedInput:
        return None
    tokens = {t.type: str(t) for t in tree.children}
    required = None
    if "REQUIREDNESS" in tokens:
        required = tokens["REQUIREDNESS"].startswith("Required")
    type_ = tokens.get("TYPE", "").strip() or None
    return Head(required, type_, tree.data == "default_marker", len(text))


@lru_cache(maxsize=4096)
def parse_term(text: str) -> tuple[str, ...]:
    """`a`, `b` → ["a", "b"]; text that is not a list of names comes back whole."""
    try:
        tree = _parser("term").parse(text)
    except UnexpectedInput:
        return (text.strip(),)
    return tuple("".join(str(piece) for piece in name.children).strip() for name in tree.children)


def _description_blocks(item: ListItem) -> tuple[list[str], list[ItemList]]:
    """The item's prose paragraphs (own text first) and the description lists nested in it."""
    prose: list[str] = [item.text] if item.lines else []
    nested: list[ItemList] = []

    def walk(blocks: list[Block], in_example: bool) -> None:
        for block in blocks:
            if isinstance(block, Paragraph):
                if not in_example:
                    prose.append(block.text)
            elif isinstance(block, ItemList):
                if block.kind == "dlist":
                    nested.append(block)
                elif not in_example:
                    prose.append("\n".join(f"{i.marker} {i.text}" for i in block.items))
            elif isinstance(block, Compound):
                walk(block.children, in_example or block.kind == "example")

    walk(item.children, False)
    return prose, nested


def _typed(items: list[ListItem]) -> bool:
    for item in items:
        prose, _ = _description_blocks(item)
        head = parse_head(prose[0]) if prose else None
        if head and (head.type or head.required is not None):
            return True
    return False


def parameter(item: ListItem, strip_brackets: bool = False) -> Parameter:
    names = list(parse_term(item.term or ""))
    if strip_brackets:
        names = [n[1:-1] if n.startswith("<") and n.endswith(">") else n for n in names]
    prose, nested = _description_blocks(item)
    head = parse_head(prose[0]) if prose else None
    if head:
        prose[0] = prose[0][head.length :].lstrip()
        if not prose[0]:
            prose.pop(0)
    description = "\n\n".join(p for p in prose if p)
    default = _DEFAULT.search(description)
    children: list[Parameter] = []
    values: list[Value] = []
    for sublist in nested:
        if _typed(sublist.items):
            children.extend(parameter(i) for i in sublist.items)
        else:
            values.extend(value(i) for i in sublist.items)
    return Parameter(
        name=names[0],
        required=head.required if head else None,
        type=head.type if head else None,
        default=default.group(1) if default else None,
        description=description,
        pos=_pos(item),
        children=tuple(children),
        values=tuple(values),
        aliases=tuple(names[1:]),
    )


def value(item: ListItem) -> Value:
    prose, _ = _description_blocks(item)
    head = parse_head(prose[0]) if prose else None
    if head and head.is_default:
        prose[0] = prose[0][head.length :].lstrip()
    description = "\n\n".join(p for p in prose if p)
    return Value(parse_term(item.term or "")[0], description, _pos(item), bool(head and head.is_default))


def response_code(item: ListItem) -> ResponseCode:
    name = parse_term(item.term or "")[0]
    prose, _ = _description_blocks(item)
    code: int | str = int(name) if name.isdigit() else name
    return ResponseCode(code, "\n\n".join(prose), _pos(item))


def _pos(item: ListItem) -> Pos:
    return Pos(item.src.file, item.src.line)
