"""A response as the docs write it, turned into JSON of the same length.

`...` elisions are left out and unquoted stash references quoted, each in as many characters as it
takes, so that a JSON error points at the very character a writer wrote.

The conventions are the test tooling's (../shared/spec/es-snippet-semantics.md §8.2, and the
munging of Elasticsearch's Groovy SnippetsTask): `$body.took` or `$body.$_path` stand unquoted
where a value goes, and `...` stands for what the example leaves out: members, elements or a
value, written with or without the commas around it (`{ ... "aggregations": …}`, `"hits": ...`).
"""

from __future__ import annotations

import re

_TOKEN = re.compile(
    r'"""[\s\S]*?"""'  # a Kibana triple-quoted string, converted later by parse_body
    r'|"(?:[^"\\\n]|\\.)*"?'
    r"|(?P<elision>\.\.\.)"
    r'|(?P<stash>\$[^\s,:{}\[\]"]+)'
    r"|[{}\[\],:]"
    r'|[^\s{}\[\],:"]+'
)
_COMMENT_LINE = re.compile(r"^[ \t]*//.*$", re.MULTILINE)
_VALUE_END = ("string", "stash", "other", "}", "]")
_VALUE_START = ("string", "stash", "other", "{", "[")


def _kind(match: re.Match) -> str:
    text = match.group()
    if match.group("elision"):
        return "elision"
    if match.group("stash"):
        return "stash"
    if text in ("{", "}", "[", "]", ",", ":"):
        return text
    return "string" if text.startswith('"') else "other"


def as_json(content: str) -> str:
    """The content with its elisions and stash references replaced by JSON of the same length."""
    # Comment lines are blanked (parse_body drops them too) so that no bracket in them counts.
    text = list(_COMMENT_LINE.sub(lambda m: " " * len(m.group()), content))
    tokens = [(_kind(m), m.start(), m.end()) for m in _TOKEN.finditer("".join(text))]
    kept: list[tuple[str, int]] = []  # the tokens left standing so far: (kind, start)
    drop_next_comma = False
    for index, (kind, start, end) in enumerate(tokens):
        if kind == "," and drop_next_comma:
            text[start] = " "
            drop_next_comma = False
            continue
        drop_next_comma = False
        if kind == "stash":
            text[start:end] = '"' + "x" * (end - start - 2) + '"'
            kept.append(("string", start))
            continue
        if kind != "elision":
            kept.append((kind, start))
            continue
        before = kept[-1][0] if kept else None
        after = tokens[index + 1][0] if index + 1 < len(tokens) else None
        if before == ":":  # an elided value
            text[start:end] = '"",' if after in _VALUE_START else '"" '
            kept.append(("string", start))
            continue
        # Elided members or elements: nothing stands in their place but the commas it needs.
        text[start:end] = "   "
        if after == "elision":
            continue  # the next elision settles the commas
        if before in _VALUE_END and after in _VALUE_START:
            text[start] = ","
            kept.append((",", start))
        elif before == "," and after in ("}", "]", None):
            text[kept.pop()[1]] = " "
        elif after == "," and before in (",", "{", "[", None):
            drop_next_comma = True
    return "".join(text)
