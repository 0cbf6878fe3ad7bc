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

import yaml

from docextract.syntax.libyamltext import WIDTH, libyaml, scalar_at

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

# The resolver's patterns by first character (a plain scalar starting with another one is a string).
_IMPLICIT = yaml.resolver.Resolver.yaml_implicit_resolvers
# Each short single-line string as written when it fits on its line (plain or quoted, after its space):
# the page's values repeat (types, methods, languages), and the emitter's tests run once for each.
_texts: dict[str, str] = {}
# Each other string (longer, multi-line or escaped) as written at a column and indent: a file included
# by many pages brings the same descriptions and snippets to each. Emptied when full (a bounded memory).
_placed: dict[tuple[str, int, int], str] = {}
_PLACED_MAX = 4096
# For each indent, each key as written after its line break and indent: keys repeat on every item.
_heads: dict[int, dict[str, str]] = {}


class _Unusual(Exception):
    """Data the one-pass writer leaves to libyaml."""


def dump(data) -> str:
    """The data as block YAML text: written in one pass where it allows, by libyaml otherwise."""
    text = block_yaml(data) if type(data) is dict else None
    return libyaml(data) if text is None else text


def block_yaml(data: dict) -> str | None:
    """The data as the emitter writes it, or None when it holds what only libyaml writes."""
    out: list[str] = []
    try:
        _mapping(data, 0, out, False)
    except _Unusual:
        return None
    if out:
        out[0] = out[0][1:]  # the document's first key starts it, on no line break
    out.append("\n")
    # When the last literal block keeps its final line breaks (`|+`), libyaml marks the document's end
    # (each block resets the mark: only the last one counts).
    last = next((piece for piece in reversed(out) if piece[:2] == " |"), "")
    if "+" in last[:4]:
        out.append("...\n")
    return "".join(out)


def _safe(value: str) -> bool:
    """Whether the emitter writes every character of value as it is (printable ASCII, most text, is
    told at once)."""
    if value.isascii() and value.isprintable():
        return True
    return bool(_SAFE_LATIN1.fullmatch(value) or _SAFE.fullmatch(value))


def _reads_as_string(value: str) -> bool:
    """Whether the plain scalar reads back as a string (not a number, boolean, null, date…)."""
    for tag, pattern in _IMPLICIT.get(value[0], ()):
        if pattern.match(value):
            return tag == _STR
    return True


# The pieces are written so that every scalar starts with the space that follows its `:` or `-`, and a
# key's piece is its line break, indent, key and colon: one piece for each, whatever the value.
def _mapping(data: dict, indent: int, out: list[str], inline: bool) -> None:
    """A block mapping at indent; inline: its first key goes where the writing stands (after `-`)."""
    heads = _heads.get(indent)
    if heads is None:
        heads = _heads[indent] = {}
    texts, append = _texts, out.append
    for key, value in data.items():
        head = heads.get(key)
        if head is None:
            head = heads[key] = "\n" + " " * indent + _key(key) + ":"
        if inline:
            inline = False
            append(head[indent:])  # the space after the `-`, and the key
        else:
            append(head)
        kind = type(value)
        if kind is str:
            text = texts.get(value)
            # len(head) is the scalar's column, the space before it included.
            if text is None or len(head) + len(text) > WIDTH + 2:
                text = _scalar(value, len(head), indent + 2)
            append(text)
        elif kind is int:
            append(f" {value}")
        elif kind is bool:
            append(" true" if value else " false")
        elif value is None:
            append(" null")
        elif kind is dict or kind is list:
            if not value:
                append(" {}" if kind is dict else " []")
            elif kind is dict:
                _mapping(value, indent + 2, out, False)
            else:
                _sequence(value, indent, out, False)  # a sequence in a mapping is not indented
        else:
            append(_scalar(value, len(head), indent + 2))


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
    dash = "\n" + " " * indent + "-"
    append = out.append
    for value in data:
        if inline:
            inline = False
            append(" -")
        else:
            append(dash)
        kind = type(value)
        if kind is dict and value:
            _mapping(value, indent + 2, out, True)
        elif kind is list and value:
            _sequence(value, indent + 2, out, True)
        else:
            append(_scalar(value, indent + 2, indent + 2))


def _scalar(value, column: int, indent: int) -> str:
    """A scalar that starts at column, after a space (the piece starts with it); its folded or literal
    lines are indented to indent."""
    kind = type(value)
    if kind is str:
        text = _texts.get(value)
        if text is None:
            if len(value) > 40 or "\n" in value or not _safe(value):
                key = (value, column, indent)
                text = _placed.get(key)
                if text is None:
                    if len(_placed) >= _PLACED_MAX:
                        _placed.clear()
                    text = _placed[key] = _string(value, column, indent)
                return text
            text = _texts[value] = _unfolded(value)
        if column + len(text) <= WIDTH + 2:
            return text  # no space in it can stand past the width
        return " " + _folded(value, column, indent, len(text) != len(value) + 1)
    if value is None:
        return " null"
    if kind is bool:
        return " true" if value else " false"
    if kind is int:
        return f" {value}"
    if kind is float:
        return " " + _float(value)
    if (kind is dict or kind is list) and not value:
        return " {}" if kind is dict else " []"
    raise _Unusual


def _string(value: str, column: int, indent: int) -> str:
    if "\n" in value:
        return " " + _literal(value, column, indent)
    if not _safe(value):
        return " " + _by_libyaml(value, column, indent)
    text = _unfolded(value)
    if column + len(text) <= WIDTH + 2:
        return text
    return " " + _folded(value, column, indent, len(text) != len(value) + 1)


def _unfolded(value: str) -> str:
    """The single-line string plain or single-quoted, after its space."""
    return " " + value if value and _plain(value) else " '" + value.replace("'", "''") + "'"


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


def _by_libyaml(value: str, column: int, indent: int) -> str:
    text = scalar_at(value, column, indent)
    if text is None:
        raise _Unusual
    return text
