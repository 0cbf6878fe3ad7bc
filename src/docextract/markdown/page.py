"""The page read out of its blocks: title, summary, availability, API sections, parameters, snippets."""

from __future__ import annotations

import re
from collections.abc import Iterator

from docextract.markdown import params, sections, snippets, tree
from docextract.markdown.blocks import Document
from docextract.markdown.reading import Reading
from docextract.model import Endpoint, Page, Pos
from docextract.syntax.console import is_method, split_target

_ENDPOINT = re.compile(r"`([A-Z]+) +([^`]+)`")
_ANCHOR_LINE = re.compile(r"^\$\$\$[^$]+\$\$\$$")


def build_page(document: Document, source: str, reading: Reading, for_tests: bool = False) -> Page:
    root = sections.nest(document.blocks)
    title = next((s for s in root.subsections if s.level == 1), None)
    preamble = title.blocks if title is not None else root.blocks
    found: dict[str, sections.Section] = {}
    for section in sections.walk(root):
        kind = sections.kind(section)
        if kind and section is not title and kind not in found:
            found[kind] = section

    def terms(kind: str) -> list[tree.Term]:
        section = found.get(kind)
        return params.terms(section.blocks) if section is not None else []

    heading = title.heading if title is not None else None
    return Page(
        source=source,
        id=heading.anchor if heading else None,
        title=heading.text if heading else None,
        titleabbrev=document.front_matter.navigation_title,
        summary=next((b.text for b in preamble if _prose(b)), None),
        availability=document.front_matter.availability,
        endpoints=tuple(_endpoints(found.get("request"))),
        prerequisites=tuple(_prerequisites(found.get("prerequisites"))),
        description=_description(found.get("description")),
        path_parameters=tuple(params.parameter(t, strip_brackets=True) for t in terms("path_parameters")),
        query_parameters=tuple(params.parameter(t) for t in terms("query_parameters")),
        request_body=tuple(params.parameter(t) for t in terms("request_body")),
        response_body=tuple(params.parameter(t) for t in terms("response_body")),
        response_codes=tuple(
            code
            for t in terms("response_codes")
            for code in params.response_codes(t, None if for_tests else reading.diagnostics)
        ),
        snippets=tuple(
            snippets.collect(document.blocks, reading.subs, reading.diagnostics, reading.included, for_tests)
        ),
    )


def _prose(block: tree.Block) -> bool:
    """A paragraph of text, not a $$$anchor$$$ line."""
    return isinstance(block, tree.Paragraph) and not _ANCHOR_LINE.match(block.text)


def _endpoints(section: sections.Section | None) -> Iterator[Endpoint]:
    if section is None:
        return
    for block in section.blocks:
        if isinstance(block, tree.Paragraph):
            for offset, line in enumerate(block.text.split("\n")):
                for match in _ENDPOINT.finditer(line):
                    if is_method(match.group(1)):
                        path, _ = split_target(match.group(2).strip())
                        yield Endpoint(match.group(1), path, Pos(block.pos.file, block.pos.line + offset))


def _prerequisites(section: sections.Section | None) -> Iterator[str]:
    if section is None:
        return
    for block in section.blocks:
        if isinstance(block, tree.ItemList):
            yield from (item.text for item in block.items)
        elif _prose(block):
            yield block.text


def _description(section: sections.Section | None) -> str | None:
    if section is None:
        return None
    parts = []
    for block in section.blocks:
        if _prose(block):
            parts.append(block.text)
        elif isinstance(block, tree.ItemList):
            items = enumerate(block.items)
            parts.append(
                "\n".join(f"{params.item_marker(block, i)} {item.text}".rstrip() for i, item in items)
            )
    return "\n\n".join(parts) if parts else None
