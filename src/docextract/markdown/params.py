"""Parameters, values and response codes from the MyST definition lists of an API page.

    `index` {applies_to}`stack: ga 9.1`     the term: names, maybe an availability role
    :   (Required, string) Comma-separated…  the head, then the description
        More description, indented.
        `nested`                             a nested list: children when typed, else values
        :   (Optional, integer) …

A `{dropdown}` right after a definition list (docs-builder's "Properties of …" blocks) belongs to the
list's last term, as AsciiDoc attaches a collapsible block to its item with `+`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from docextract.diagnostics import Diagnostics
from docextract.markdown import applies, tree
from docextract.model import Parameter, ResponseCode, Value
from docextract.syntax.parameter import (
    Head,
    Term,
    describe,
    parse_head,
    parse_term,
    status_numbers,
    unbracketed,
)

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_TERM_ANCHOR = re.compile(r"\s*\[[A-Za-z0-9_.:-]+\]\s*$")
_SEPARATOR = re.compile(r"[,.]")


def terms(blocks: list[tree.Block]) -> list[tree.Term]:
    """The terms of the definition lists among blocks, a dropdown after a list joined to its last term."""
    found: list[tree.Term] = []
    joins = False
    for block in blocks:
        if isinstance(block, tree.DefList):
            found.extend(block.items)
            joins = bool(block.items)
        elif isinstance(block, tree.Directive) and block.name == "dropdown" and joins:
            last = found[-1]
            found[-1] = tree.Term(last.text, last.pos, [*last.children, block])
        else:
            joins = False
    return found


def parameter(term: tree.Term, strip_brackets: bool = False) -> Parameter:
    written, availability = _written(term)
    names = unbracketed(list(written.names)) if strip_brackets else list(written.names)
    prose, nested = _description(term)
    described = describe(prose, _head)
    children: list[Parameter] = []
    values: list[Value] = []
    for inner in nested:
        if _typed(inner):
            children.extend(parameter(t) for t in inner)
        else:
            values.extend(v for t in inner for v in values_of(t))
    return described.parameter(names, term.pos, children, values, written.label, availability)


def values_of(term: tree.Term) -> list[Value]:
    """The values a term documents: one per name, `open`, `closed` being two values alike."""
    written, _ = _written(term)
    prose, _ = _description(term)
    head = _head(prose[0]) if prose else None
    if head and head.is_default:
        prose[0] = prose[0][head.length :].lstrip()
    description = "\n\n".join(p for p in prose if p)
    default = bool(head and head.is_default) or written.marks_default
    return [Value(name, description, term.pos, default, written.label) for name in written.names]


def response_codes(term: tree.Term, diagnostics: Diagnostics | None) -> Iterator[ResponseCode]:
    """The codes a term documents; a name that is not a number is reported (parameter.status_numbers)."""
    written, _ = _written(term)
    prose, _ = _description(term)
    for code in status_numbers(written, term.pos, diagnostics):
        yield ResponseCode(code, "\n\n".join(prose), term.pos, written.label)


def _written(term: tree.Term) -> tuple[Term, tuple[str, ...]]:
    """The term's names and label, and what its availability role says."""
    text, availability = applies.roles(term.text)
    return parse_term(_TERM_ANCHOR.sub("", text)), availability


def _head(text: str) -> Head | None:
    """The (Required, type) head; a type may be a Markdown link, which parameter.lark does not read:
    it is read with the link's text, and kept as written."""
    if not text.startswith("("):
        return None
    depth, end = 0, None
    for index, char in enumerate(text[:200]):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            end = index + 1
            break
    if end is None:
        return None
    written = text[:end]
    head = parse_head(_LINK.sub(r"\1", written))
    if head is None:
        return None
    if head.type is None or "](" not in written:
        return replace(head, length=len(written))
    inner = written[1:-1]
    if head.required_if is not None:
        inner = inner.split(",", 1)[1]
    elif head.required is not None:
        inner = _SEPARATOR.split(inner, 1)[1]  # (Required, type) or (Required. type)
    if head.default is not None:
        inner = inner[: inner.rindex(",")]
    return replace(head, type=inner.replace("`", "").strip(), length=len(written))


def _description(term: tree.Term) -> tuple[list[str], list[list[tree.Term]]]:
    """The term's prose (paragraphs and lists, in order) and the definition lists nested in it."""
    prose: list[str] = []
    nested: list[list[tree.Term]] = []
    for block in term.children:
        if isinstance(block, tree.Paragraph):
            prose.append(block.text)
        elif isinstance(block, tree.ItemList):
            prose.append(
                "\n".join(f"{item_marker(block, i)} {item.text}" for i, item in enumerate(block.items))
            )
    nested_terms = terms(term.children)
    if nested_terms:
        nested.append(nested_terms)
    after_list = False
    for block in term.children:
        # A dropdown right after a nested list is its last term's (terms() joined it there).
        joined = after_list and isinstance(block, tree.Directive) and block.name == "dropdown"
        if isinstance(block, tree.Directive) and not joined:
            inner = terms(block.children)
            if inner:
                nested.append(inner)
        after_list = isinstance(block, tree.DefList) or joined
    return prose, nested


def item_marker(block: tree.ItemList, index: int) -> str:
    return f"{block.start + index}{block.marker}" if block.ordered else block.marker


def _typed(items: list[tree.Term]) -> bool:
    for term in items:
        prose, _ = _description(term)
        head = _head(prose[0]) if prose else None
        if head and (head.type or head.required is not None):
            return True
    return False
