"""Parameters and response codes read from the description lists of an API page."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from docextract.asciidoc.tree import Block, Compound, ItemList, ListItem, Paragraph
from docextract.diagnostics import Diagnostics
from docextract.model import Parameter, Pos, ResponseCode, Value
from docextract.syntax.parameter import (
    describe,
    one_colon_codes,
    parse_head,
    parse_term,
    status_numbers,
    unbracketed,
)


def _description_blocks(item: ListItem) -> tuple[list[str], list[ItemList]]:
    """The item's prose paragraphs (own text first) and the description lists nested in it."""
    prose: list[str] = [item.text] if item.lines else []
    nested: list[ItemList] = []

    # Blocks in document order, each with whether it stands in an example block (a stack, not recursion).
    pending: list[tuple[Block, bool]] = [(block, False) for block in reversed(item.children)]
    while pending:
        block, in_example = pending.pop()
        if isinstance(block, Paragraph):
            if not in_example:
                prose.append(block.text)
        elif isinstance(block, ItemList):
            if block.kind == "dlist":
                nested.append(block)
            elif not in_example:
                prose.append("\n".join(f"{i.marker} {i.text}" for i in block.items))
        elif isinstance(block, Compound):
            inside = in_example or block.kind == "example"
            pending.extend((child, inside) for child in reversed(block.children))
    return prose, nested


def _typed(items: list[ListItem]) -> bool:
    for item in items:
        prose, _ = _description_blocks(item)
        head = parse_head(prose[0]) if prose else None
        if head and (head.type or head.required is not None):
            return True
    return False


def parameter(item: ListItem, strip_brackets: bool = False) -> Parameter:
    term = parse_term(item.term or "")
    names = unbracketed(list(term.names)) if strip_brackets else list(term.names)
    prose, nested = _description_blocks(item)
    described = describe(prose)
    children: list[Parameter] = []
    values: list[Value] = []
    for sublist in nested:
        if _typed(sublist.items):
            children.extend(parameter(i) for i in sublist.items)
        else:
            values.extend(v for i in sublist.items for v in values_of(i))
    return described.parameter(names, _pos(item), children, values, term.label)


def values_of(item: ListItem) -> list[Value]:
    """The values an item documents: one per name, `open`, `closed`:: being two values alike."""
    prose, _ = _description_blocks(item)
    head = parse_head(prose[0]) if prose else None
    if head and head.is_default:
        prose[0] = prose[0][head.length :].lstrip()
    description = "\n\n".join(p for p in prose if p)
    term = parse_term(item.term or "")
    default = bool(head and head.is_default) or term.marks_default
    return [Value(name, description, _pos(item), default, term.label) for name in term.names]


def response_codes(item: ListItem, diagnostics: Diagnostics | None) -> Iterator[ResponseCode]:
    """The codes an item documents (`404`::, `404` (Missing resources)::, one each for `409`, `429`::)."""
    term = parse_term(item.term or "")
    prose, _ = _description_blocks(item)
    where = {"source_line": item.src.text, "included_from": item.src.included_from}
    for code in status_numbers(term, _pos(item), diagnostics, **where):
        yield ResponseCode(code, "\n\n".join(prose), _pos(item), term.label)


def report_one_colon(blocks: Iterable[Block], diagnostics: Diagnostics) -> None:
    """Response codes written with one colon (`200`:): AsciiDoc reads the line as a paragraph's, not as a
    term, so the page is left without the code, as a reader of the rendered page is; the writer is told."""
    for block in blocks:
        if not isinstance(block, Paragraph):
            continue
        for line in block.lines:
            if one_colon_codes(line.text):
                written = line.src.text
                term = written[: written.find(":")].strip() if ":" in written else written.strip()
                diagnostics.warning(
                    "response-code-malformed",
                    f"response code {term} is written with one colon: it is no list item, and is left out "
                    "of the page",
                    Pos(line.src.file, line.src.line),
                    f"write the term with two colons, {term}::, its meaning on the next line",
                    source_line=written,
                    span=len(term) + 1,
                    included_from=line.src.included_from,
                )


def _pos(item: ListItem) -> Pos:
    return Pos(item.src.file, item.src.line)
