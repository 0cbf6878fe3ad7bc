"""Plain data as block YAML text, as libyaml's emitter writes it, in one pass where the data allows.

The data is what the page exporter makes: dicts, lists, strings, integers, floats, booleans and None.
The text is libyaml's with indent 2, width 100, unicode written as is, and a string that spans lines
asked for as a literal block (`|`). Building PyYAML's node tree and resolving every scalar twice costs
more than the emitter itself; `dump` writes each value as it is met instead, with the emitter's rules
(plain or single-quoted, folded past the width; literal blocks). A string the emitter escapes or
double-quotes is cut out of libyaml's text for it alone; data with a key that is not simple goes to
libyaml whole. A test compares both writers on generated data.
"""

from __future__ import annotations

import re
from typing import ClassVar

import yaml

WIDTH = 100  # the emitter folds a plain or quoted scalar at a single space once past this column
_STR = "tag:yaml.org,2002:str"

# Characters every scalar style writes as they are (libyaml's printable ones, unicode allowed), and \n,
# which a literal block writes as it is (a single-line scalar has none): \x85, \u2028 and \u2029 break
# lines in YAML, \ufeff is a byte-order mark, and libyaml escapes the rest, characters past \uffff (emoji)
# included. Written as what it leaves out: listing what it allows would compile to a bitmap of 64K
# characters, 1.5 ms at every start. The complement matches more slowly, so text of the first 256
# characters (most of it) is matched by their own class first.
_SAFE = re.compile(
    "[^\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff\U00010000-\U0010ffff]*"
)
_SAFE_LATIN1 = re.compile("[\n\x20-\x7e\xa0-\xff]*")
# What keeps a single-line string from being plain in block context: an indicator first, `: ` or
# ` #` inside, a `:` last (the emitter's analyze_scalar).
_INDICATOR_FIRST = re.compile(r"""[#,\[\]{}&*!|>'"%@`]|[?:-](?: |\Z)|---|\.\.\.""")
_INDICATOR_INSIDE = re.compile(r": |:\Z| #")

_resolver = yaml.resolver.Resolver()
# A plain scalar starting with another character always reads back as a string.
_MAY_RESOLVE = frozenset(yaml.resolver.Resolver.yaml_implicit_resolvers)
# Each short single-line string as written when it fits on its line (plain or quoted): the page's values
# repeat (types, methods, languages), and the emitter's tests run once for each.
_texts: dict[str, str] = {}
_keys: dict[str, str] = {}  # each key as written: the page's own keys repeat on every item


# The C emitter (libyaml) is several times faster; the pure-Python one writes the same text.
_BaseDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"


class Dumper(_BaseDumper):
    """libyaml's dumper for plain data: plain dicts, lists and scalars, nothing shared.

    PyYAML's generic representer (alias bookkeeping, a lookup per value) and its implicit-tag
    resolver cost as much as parsing the page; for this data a direct representation, and a
    memo of resolved scalars (keys repeat on every parameter), give the same text.
    """

    _resolved: ClassVar[dict] = {}  # shared by every dump of the process on purpose

    def represent_data(self, data):
        kind = type(data)
        if kind is str:
            # Multi-line prose reads best as a literal block, as in the page itself.
            style = "|" if "\n" in data and not data.endswith((" ", "\t")) else None
            return yaml.ScalarNode(_STR, data, style=style)
        if kind is dict:
            pairs = [(self.represent_data(k), self.represent_data(v)) for k, v in data.items()]
            return yaml.MappingNode(_MAP, pairs, flow_style=False)
        if kind is list:
            return yaml.SequenceNode(_SEQ, [self.represent_data(v) for v in data], flow_style=False)
        return super().represent_data(data)

    def resolve(self, kind, value, implicit):
        if kind is not yaml.ScalarNode:
            return super().resolve(kind, value, implicit)
        if len(value) > 40:  # long text is prose; only short values repeat enough to be worth keeping
            return super().resolve(kind, value, implicit)
        key = (value, implicit)
        tag = self._resolved.get(key)
        if tag is None:
            tag = self._resolved[key] = super().resolve(kind, value, implicit)
        return tag


class _Unusual(Exception):
    """Data the one-pass writer leaves to libyaml."""


def dump(data) -> str:
    """The data as block YAML text: written in one pass where it allows, by libyaml otherwise."""
    text = block_yaml(data) if type(data) is dict else None
    return libyaml(data) if text is None else text


def libyaml(data) -> str:
    return yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=WIDTH)


def block_yaml(data: dict) -> str | None:
    """The data as the emitter writes it, or None when it holds what only libyaml writes."""
    out: list[str] = []
    try:
        _mapping(data, 0, out, True)
    except _Unusual:
        return None
    out.append("\n")
    # When the last literal block keeps its final line breaks (`|+`), libyaml marks the document's end
    # (each block resets the mark: only the last one counts).
    last = next((piece for piece in reversed(out) if piece[:1] == "|"), "")
    if "+" in last[:3]:
        out.append("...\n")
    return "".join(out)


def _safe(value: str) -> bool:
    """Whether the emitter writes every character of value as it is."""
    return bool(_SAFE_LATIN1.fullmatch(value) or _SAFE.fullmatch(value))


def _reads_as_string(value: str) -> bool:
    """Whether the plain scalar reads back as a string (not a number, boolean, null, date…)."""
    if value[0] not in _MAY_RESOLVE:
        return True
    return _resolver.resolve(yaml.ScalarNode, value, (True, False)) == _STR


def _mapping(data: dict, indent: int, out: list[str], inline: bool) -> None:
    """A block mapping at indent; inline: its first key goes where the writing stands (after `- `)."""
    pad = "\n" + " " * indent
    for key, value in data.items():
        written = _keys.get(key)
        if written is None:
            written = _keys[key] = _key(key)
        key = written
        if inline:
            inline = False
            out.append(key)
        else:
            out.append(pad + key)
        kind = type(value)
        if kind is dict and value:
            out.append(":")
            _mapping(value, indent + 2, out, False)
        elif kind is list and value:
            out.append(":")
            _sequence(value, indent, out, False)  # a sequence in a mapping is not indented
        else:
            out.append(": ")
            out.append(_scalar(value, indent + len(key) + 2, indent + 2))


def _key(key) -> str:
    """A simple key: plain, or single-quoted (never folded); a longer or empty one is not simple."""
    if type(key) is not str or not key or len(key) >= 128 or "\n" in key or not _safe(key):
        raise _Unusual
    if _plain(key):
        return key
    return "'" + key.replace("'", "''") + "'"


def _plain(value: str) -> bool:
    """Whether the single-line, non-empty string is written plain in block context."""
    return (
        value[0] != " "
        and value[-1] != " "
        and not _INDICATOR_FIRST.match(value)
        and not _INDICATOR_INSIDE.search(value)
        and _reads_as_string(value)
    )


def _sequence(data: list, indent: int, out: list[str], inline: bool) -> None:
    pad = "\n" + " " * indent
    for value in data:
        if inline:
            inline = False
            out.append("- ")
        else:
            out.append(pad + "- ")
        kind = type(value)
        if kind is dict and value:
            _mapping(value, indent + 2, out, True)
        elif kind is list and value:
            _sequence(value, indent + 2, out, True)
        else:
            out.append(_scalar(value, indent + 2, indent + 2))


def _scalar(value, column: int, indent: int) -> str:
    """A scalar that starts at column; its folded or literal lines are indented to indent."""
    kind = type(value)
    if kind is str:
        text = _texts.get(value)
        if text is None:
            if "\n" in value:
                return _literal(value, column, indent)
            if not _safe(value):
                return _by_libyaml(value, column, indent)
            text = value if value and _plain(value) else "'" + value.replace("'", "''") + "'"
            if len(value) <= 40:
                _texts[value] = text
        if column + len(text) <= WIDTH + 1:
            return text  # no space in it can stand past the width
        return _folded(value, column, indent, len(text) != len(value))
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if kind is float:
        return _float(value)
    if (kind is dict or kind is list) and not value:
        return "{}" if kind is dict else "[]"
    raise _Unusual


def _folded(value: str, column: int, indent: int, quoted: bool) -> str:
    """A plain or single-quoted scalar, broken at a single space wherever the line has passed WIDTH:
    the text between such spaces is copied whole."""
    text = value.replace("'", "''") if quoted else value
    last = len(text) - 1
    lines = []
    start = 0  # where the line being written starts in text
    space = text.find(" ", max(1, WIDTH + 1 - column - quoted))  # the first that stands past the width
    # The emitter never breaks at the first or last character (quoted), nor inside a run of spaces.
    while 0 < space < last:
        if text[space - 1] == " " or text[space + 1] == " ":
            while space <= last and text[space] == " ":
                space += 1
            space = text.find(" ", space)
            continue
        lines.append(text[start:space])
        start = space + 1
        space = text.find(" ", start + max(0, WIDTH + 1 - indent))
    lines.append(text[start:])
    body = ("\n" + " " * indent).join(lines)
    return f"'{body}'" if quoted else body


def _literal(value: str, column: int, indent: int) -> str:
    """A literal block: each line indented, empty lines left empty; `|-` strips the missing final
    break, `|` keeps the one there is, `|+` the several there are (the line break after the block is
    the writer's next one)."""
    if " \n" in value or value.endswith(" ") or not _safe(value):
        # A space before a break or at the end, or escapes: the emitter double-quotes the string.
        return _by_libyaml(value, column, indent)
    body, head = value, "|-"
    if value[-1] == "\n":
        body = value[:-1]  # the final break is the writer's next one
        head = "|+" if body[-1:] in ("", "\n") else "|"
    # A leading space or break would be read as indentation: the emitter states the indent (2).
    if value[0] in " \n":
        head = head[0] + "2" + head[1:]
    pad = " " * indent
    # No line ends in a space: spaces before a break, or at the end, can only indent an empty line.
    return head + ("\n" + body).replace("\n", "\n" + pad).replace(pad + "\n", "\n").rstrip(" ")


def _by_libyaml(value: str, column: int, indent: int) -> str:
    """The scalar as libyaml writes it where it stands: cut out of a document that puts it at the same
    column with the same indent (under a key as long, or as a sequence item)."""
    container = indent - 2  # the indent of the mapping or sequence holding the scalar
    pad = " " * container
    if column == indent:
        data, prefix = {"k": [value]}, f"{pad}k:\n{pad}- "
    else:
        key = "k" * (column - indent)
        data, prefix = {key: value}, f"{pad}{key}: "
    for _ in range(container // 2):
        data = {"k": data}
    head = "".join(" " * depth + "k:\n" for depth in range(0, container, 2)) + prefix
    text = libyaml(data)
    if not text.startswith(head) or text.endswith("...\n"):
        raise _Unusual
    return text[len(head) : -1]


def _float(value: float) -> str:
    """SafeRepresenter's text of a float."""
    if value != value:
        return ".nan"
    if value in (float("inf"), float("-inf")):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value).lower()
    if "." not in text and "e" in text:
        text = text.replace("e", ".0e", 1)
    return text
