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

BLOCK_ANCHOR = re.compile(r"^\[\[(?:|([\w:][\w:.-]*)(?:, *(.+))?)\]\]$")
BLOCK_ATTRIBUTES = re.compile(r"""^\[(?:|[\w.#%{,"'].*)\]$""")
BLOCK_TITLE = re.compile(r"^\.(\.?[^ \t.].*)$")
SECTION_TITLE = re.compile(r"^(={1,6})[ \t]+(.+?)(?:[ \t]+\1)?$")
ATTRIBUTE_ENTRY = re.compile(r"^:(!?\w[^:]*?):(?:[ \t]+(.*))?$")
BLOCK_MACRO = re.compile(r"^(\w[\w-]*)::(|\S|\S.*?\S)\[(.*)\]$")
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
