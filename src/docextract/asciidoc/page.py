"""Read an API reference page out of its blocks: title, API sections, parameters, snippets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from docextract.asciidoc import anchors, params
from docextract.asciidoc import lines as L
from docextract.asciidoc.sections import section_kind, split_sections
from docextract.asciidoc.tree import (
    Block,
    Compound,
    ItemList,
    Listing,
    ListItem,
    Macro,
    Paragraph,
    Section,
    StrayAnnotation,
    Verbatim,
)
from docextract.diagnostics import Diagnostics
from docextract.model import Callout, Endpoint, Page, Pos, Snippet, Subpage
from docextract.syntax import snippets as snippet_builder
from docextract.syntax.console import is_method, split_target

AVAILABILITY_MACROS = ("preview", "beta", "experimental", "deprecated", "coming")
# The rule for ++++<titleabbrev>…</titleabbrev>++++, applied by _titleabbrev_in (a test compares them).
_TITLEABBREV = re.compile(r"<titleabbrev>(.*?)</titleabbrev>", re.DOTALL)
_ENDPOINT = re.compile(r"`([A-Z]+) +([^`]+)`")


def build_page(blocks: list[Block], source: str, diagnostics: Diagnostics, for_tests: bool = False) -> Page:
    own, subpages, in_order = split_sections(blocks, source)
    own_ids = {id(section) for section in own}
    title_section = next((b for b in blocks if isinstance(b, Section) and id(b) in own_ids), None)
    top = title_section.children if title_section else blocks
    preamble = []
    for block in top:
        if isinstance(block, Section):
            break
        preamble.append(block)
    sections: dict[str, Section] = {}
    for section in own:
        if section is not title_section:
            kind = section_kind(section)
            if kind and kind not in sections:
                sections[kind] = section

    def dlist_items(kind: str) -> list[ListItem]:
        section = sections.get(kind)
        if section is None:
            return []
        return [
            item
            for block in _own_blocks(section)
            if isinstance(block, ItemList) and block.kind == "dlist"
            for item in block.items
        ]

    snippets = tuple(collect_snippets(in_order, diagnostics, for_tests))
    if "response_codes" in sections and not for_tests:
        params.report_one_colon(_own_blocks(sections["response_codes"]), diagnostics)
    return Page(
        source=source,
        id=title_section.anchor if title_section else None,
        title=title_section.heading if title_section else None,
        titleabbrev=_titleabbrev(preamble),
        summary=next((b.text for b in preamble if isinstance(b, Paragraph)), None),
        availability=tuple(
            b.name for b in preamble if isinstance(b, Macro) and b.name in AVAILABILITY_MACROS
        ),
        endpoints=_endpoints(sections.get("request"), snippets),
        prerequisites=tuple(_prerequisites(sections.get("prerequisites"))),
        description=_prose(sections.get("description")),
        path_parameters=tuple(
            params.parameter(i, strip_brackets=True) for i in dlist_items("path_parameters")
        ),
        query_parameters=tuple(params.parameter(i) for i in dlist_items("query_parameters")),
        request_body=tuple(params.parameter(i) for i in dlist_items("request_body")),
        response_body=tuple(params.parameter(i) for i in dlist_items("response_body")),
        response_codes=tuple(
            code
            for item in dlist_items("response_codes")
            for code in params.response_codes(item, None if for_tests else diagnostics)
        ),
        snippets=snippets,
        anchors=tuple(anchors.collect(in_order)),
        subpages=tuple(_subpage(title) for title in subpages),
    )


def _subpage(title: Section) -> Subpage:
    """An included page, at the include line of the page's own file that brought it in."""
    at = title.src.included_from[-1] if title.src.included_from else title.src.pos
    return Subpage(title.src.file, title.anchor or "", title.heading, at)


def _own_blocks(section: Section) -> Iterator[Block]:
    """A section's blocks without its subsections, looking inside open and example blocks."""
    for block in section.children:
        if isinstance(block, Compound):
            yield from block.children
        elif not isinstance(block, Section):
            yield block


def _titleabbrev(preamble: list[Block]) -> str | None:
    for block in preamble:
        if isinstance(block, Verbatim) and block.kind == "pass":
            abbreviation = _titleabbrev_in("\n".join(line.text for line in block.lines))
            if abbreviation is not None:
                return abbreviation.strip()
    return None


def _titleabbrev_in(text: str) -> str | None:
    """What _TITLEABBREV.search finds, without its scan to the end from every <titleabbrev>: if the
    first has no closing tag after it, no later one has."""
    start = text.find("<titleabbrev>")
    end = text.find("</titleabbrev>", start + len("<titleabbrev>")) if start != -1 else -1
    return text[start + len("<titleabbrev>") : end] if end != -1 else None


def _endpoints(section: Section | None, snippets: tuple[Snippet, ...]) -> tuple[Endpoint, ...]:
    """The `METHOD /path` lines of the Request section or, when it has none, the requests of the
    console snippets standing in it (some pages show their endpoint so). A query string is dropped."""
    if section is None:
        return ()
    written = tuple(_endpoint_lines(section))
    if written:
        return written
    shown = {(b.src.file, b.src.line) for b in _own_blocks(section) if isinstance(b, Listing)}
    return tuple(
        Endpoint(request.method, request.path, request.pos)
        for snippet in snippets
        if snippet.language == "console" and (snippet.pos.file, snippet.pos.line) in shown
        for request in snippet.requests
    )


def _endpoint_lines(section: Section) -> Iterator[Endpoint]:
    for block in _own_blocks(section):
        # Paragraph lines, or the items of a bulleted list: some pages list their endpoints so.
        if isinstance(block, Paragraph):
            lines = block.lines
        elif isinstance(block, ItemList) and block.kind == "ulist":
            lines = [line for item in block.items for line in item.lines]
        else:
            continue
        for line in lines:
            for match in _ENDPOINT.finditer(line.text):
                if is_method(match.group(1)):
                    path, _ = split_target(match.group(2).strip())
                    yield Endpoint(match.group(1), path, Pos(line.src.file, line.src.line))


def _prerequisites(section: Section | None) -> Iterator[str]:
    if section is None:
        return
    for block in _own_blocks(section):
        if isinstance(block, ItemList):
            yield from (item.text for item in block.items)
        elif isinstance(block, Paragraph):
            yield block.text


def _prose(section: Section | None) -> str | None:
    if section is None:
        return None
    parts = []
    for block in _own_blocks(section):
        if isinstance(block, Paragraph):
            parts.append(block.text)
        elif isinstance(block, ItemList):
            parts.append(_list_text(block))
    return "\n\n".join(parts) if parts else None


def _list_text(block: ItemList) -> str:
    lines = []
    for item in block.items:
        head = f"{item.term}{item.marker}" if item.kind == "dlist" else item.marker
        lines.append(f"{head} {item.text}".rstrip())
    return "\n".join(lines)


def collect_snippets(
    in_order: list[Block], diagnostics: Diagnostics, for_tests: bool = False
) -> Iterator[Snippet]:
    """Every [source,…] ---- block of the blocks (every one, depth first in document order), with
    annotation problems reported on the way.

    for_tests: read as the test generator does: requests are left to it, and every ---- block needs
    a language (Elasticsearch's build fails on one without, so that no snippet goes untested).
    """
    for block in in_order:
        if isinstance(block, Listing):
            if block.source is not None:
                raw = raw_snippet(block)
                if for_tests:
                    raw = replace(raw, lines=tuple(_without_source_lines(raw.lines, diagnostics)))
                yield snippet_builder.build(raw, diagnostics, for_tests=for_tests)
            elif for_tests:
                diagnostics.error(
                    "snippet-missing-language",
                    "---- block without a language",
                    Pos(block.src.file, block.src.line),
                    "put [source,console] (a request), [source,console-result] (a response) or "
                    "[source,txt] (not tested) on the line directly above it",
                    source_line=block.src.text,
                    span=len(block.src.text.rstrip()),
                )
            elif block.annotations:
                first = block.annotations[0]
                diagnostics.error(
                    "annotation-without-language",
                    "test annotation on a ---- block that has no [source,…] line directly above it",
                    first.pos,
                    f"add a line such as [source,console] directly above line {block.src.line}",
                    source_line=first.text,
                    included_from=first.included_from,
                )
        elif isinstance(block, StrayAnnotation):
            _stray(block, diagnostics)


def raw_snippet(block: Listing) -> snippet_builder.RawSnippet:
    language, name = L.source_line(block.source.text)
    end = block.close.line if block.close is not None and block.close.file == block.src.file else None
    return snippet_builder.RawSnippet(
        pos=Pos(block.src.file, block.src.line),
        end_line=end,
        language=language,
        name=name,
        hidden=block.hidden,
        lines=tuple((line.text, Pos(line.file, line.line)) for line in block.body),
        annotation_lines=tuple((line.text, Pos(line.file, line.line)) for line in block.annotations),
        source_line=block.source.text,
        callouts=tuple(
            Callout(
                int(item.term) if item.term.isdigit() else None, item.text, Pos(item.src.file, item.src.line)
            )
            for item in block.callouts
        ),
    )


def _stray(block: StrayAnnotation, diagnostics: Diagnostics) -> None:
    marker = block.src.text.split("[", 1)[0].strip("/ \t")
    hint = "an annotation must directly follow the closing ---- of its snippet"
    if block.after_listing is not None and block.after_listing.close is not None:
        close = block.after_listing.close
        hint = f"remove what stands between the closing ---- at line {close.line} and this line"
    diagnostics.error(
        "annotation-not-paired",
        f"// {marker} is not paired with a snippet",
        Pos(block.src.file, block.src.line),
        hint,
        source_line=block.src.text,
        included_from=block.src.included_from,
    )


def _without_source_lines(
    lines: tuple[tuple[str, Pos], ...], diagnostics: Diagnostics
) -> Iterator[tuple[str, Pos]]:
    """The reference reads a [source,…] line as a language line even inside a snippet, and drops it."""
    for text, pos in lines:
        if L.source_line(text):
            diagnostics.warning(
                "source-line-in-snippet",
                "a [source,…] line inside a snippet is left out of the test",
                pos,
                "Elasticsearch's test generator reads it as the language of a next snippet; "
                "close the snippet with ---- before it",
                source_line=text,
            )
            continue
        yield text, pos
