"""The line classes of AsciiDoc: the terminals of the custom lexer that feeds grammars/asciidoc.lark.

AsciiDoc is line-oriented: whether a line opens a block, titles a section or continues a list is
decided by the whole line, so these patterns classify lines and the grammar shapes blocks from them.
Each pattern is Asciidoctor's (or, for [source,…], Elasticsearch's doc tooling's) rule.
"""

from __future__ import annotations

import re

# Preprocessor directives (the reader parses their inside with grammars/directives.lark).
DIRECTIVE = re.compile(r"^\\?(?:include|ifdef|ifndef|ifeval|endif)::.*\]$")
# tag::name[] / end::name[] anywhere in a line of an included file, usually inside a comment.
TAG_DIRECTIVE = re.compile(r"\b(?:tag|(e)nd)::(\S+?)\[\](?=$|[ \r])")
_TAG_START = re.compile(r"\b(?:tag|(e)nd)::")
_SPACE = re.compile(r"\s")


def tag_directive(line: str) -> tuple[str, bool] | None:
    """(name, whether it is end::) as TAG_DIRECTIVE.search(line) finds them, in linear time.

    The name runs to the end of its run of non-space characters, which must end in [] and then a
    space or the end of the line; the regex finds that by trying every length from every tag::.
    """
    run_end = -1  # where the run of non-space characters holding the name ends
    for start in _TAG_START.finditer(line):
        name_at = start.end()
        if name_at > run_end:
            space = _SPACE.search(line, name_at)
            run_end = space.start() if space else len(line)
        if (
            run_end - name_at > 2
            and line.startswith("[]", run_end - 2)
            and (run_end == len(line) or line[run_end] in " \r")
        ):
            return line[name_at : run_end - 2], bool(start.group(1))
    return None


# Delimited blocks: the same character repeated (at least four), or exactly two hyphens.
DELIMITER = re.compile(r"^(?:-{4,}|\.{4,}|={4,}|\*{4,}|\+{4,}|_{4,}|/{4,}|--|[|,:!]={3,})$")
DELIMITER_KINDS = {
    "-": "listing",
    ".": "literal",
    "=": "example",
    "*": "sidebar",
    "+": "pass",
    "_": "quote",
    "/": "comment",
    "|": "table",
    ",": "table",
    ":": "table",
    "!": "table",
}
VERBATIM_KINDS = frozenset({"listing", "literal", "pass", "table"})

# Elasticsearch's own rule for a snippet's language line (AsciidocSnippetParser), kept exact:
# group 1 is the language, group 5 the id= value.
SOURCE = re.compile(
    r"""\["?source"?(?:\.[^,]+)?,\s*"?([-\w]+)"?(,((?!id=).)*(id="?([-\w]+)"?)?(.*))?].*""", re.ASCII
)
_SOURCE_HEAD = re.compile(r"""\["?source"?(?:\.[^,]+)?,\s*"?([-\w]+)"?""", re.ASCII)
_SOURCE_ID = re.compile(r"""id="?([-\w]+)"?""", re.ASCII)


def source_line(text: str) -> tuple[str, str | None] | None:
    """(language, id) as SOURCE.fullmatch(text) gives them (groups 1 and 5), or None if it does not match.

    The same answer in linear time: on a line with no `]` after its options, the regex tries every
    split of the rest between two of its groups, which takes minutes on a line of 100,000 characters.
    """
    if not text.startswith("["):  # most lines: no need to ask the pattern
        return None
    head = _SOURCE_HEAD.match(text)  # its groups cannot match another way: the rest decides alone
    if head is None:
        return None
    rest = text[head.end() :]
    if rest.startswith("]"):
        return head.group(1), None
    last = rest.rfind("]")
    if not rest.startswith(",") or last < 1:
        return None
    # The options run up to the first id=; its value counts if a ] follows it.
    at = rest.find("id=", 1)
    named = _SOURCE_ID.match(rest, at) if at != -1 else None
    return head.group(1), named.group(1) if named and named.end() <= last else None


BLOCK_ANCHOR = re.compile(r"^\[\[(?:|([\w:][\w:.-]*)(?:, *(.+))?)\]\]$")
BLOCK_ATTRIBUTES = re.compile(r"""^\[(?:|[\w.#%{,"'].*)\]$""")
BLOCK_TITLE = re.compile(r"^\.(\.?[^ \t.].*)$")
SECTION_TITLE = re.compile(r"^(={1,6})[ \t]+(.+?)(?:[ \t]+\1)?$")
_SECTION_START = re.compile(r"(={1,6})([ \t]+)")


def section_title(text: str) -> tuple[str, str] | None:
    """(marker, title) as SECTION_TITLE.match(text) gives them, in linear time: the regex tries the
    closing marker after every character of the title, each time across the spaces that follow."""
    if "\n" in text:  # only an attribute value can bring one; the regex's $ and . treat it apart
        match = SECTION_TITLE.match(text)
        return (match.group(1), match.group(2)) if match else None
    start = _SECTION_START.match(text)
    if start is None:
        return None
    marker, rest = start.group(1), text[start.end() :]
    if not rest:  # the title takes one of the spaces, if one is left for the separator
        return (marker, start.group(2)[-1]) if len(start.group(2)) > 1 else None
    if rest.endswith(marker):
        title = rest[: -len(marker)].rstrip(" \t")
        if title and len(title) < len(rest) - len(marker):
            return marker, title
    return marker, rest


ATTRIBUTE_ENTRY = re.compile(r"^:(!?\w[^:]*?):(?:[ \t]+(.*))?$")
BLOCK_MACRO = re.compile(r"^(\w[\w-]*)::(|\S|\S.*?\S)\[(.*)\]$")


def block_macro(text: str) -> re.Match | None:
    """BLOCK_MACRO.match(text); a line that does not end in ] cannot match, and the regex would try
    every [ of it with a scan to the end of the line to find that out."""
    return BLOCK_MACRO.match(text) if text.endswith("]") else None


# Block macros we know; like Asciidoctor, a line such as tag::x[] with another name is text.
KNOWN_MACROS = frozenset(
    {"image", "video", "audio", "toc", "preview", "beta", "experimental", "deprecated", "coming"}
)
LIST_CONTINUATION = "+"
LINE_COMMENT = re.compile(r"^//(?!//)")

DLIST_ITEM = re.compile(r"^(?!//[^/])[ \t]*([^ \t].*?)(:{2,4}|;;)(?:$|[ \t]+(.*)$)")
ULIST_ITEM = re.compile(r"^[ \t]*(-|\*{1,5}|\u2022)[ \t]+(.*)$")
COLIST_ITEM = re.compile(r"^<(\d+|\.)>[ \t]+(.*)$")  # a callout list: <1> What the callout means
OLIST_ITEM = re.compile(r"^[ \t]*(\.{1,5}|\d+\.|[a-zA-Z]\.|[IVXivx]+\))[ \t]+(.*)$")
