"""Plain data as block YAML text, as libyaml's emitter writes it, in one pass where the data allows.

The data is what the page exporter makes: dicts, lists, strings, integers, floats, booleans and None.
The text is libyaml's with indent 2, width 100, unicode written as is, and a string that spans lines
asked for as a literal block (`|`). Building PyYAML's node tree and resolving every scalar twice costs
more than the emitter itself; `dump` writes each value as it is met instead, with the emitter's rules
(yamlscalars.py: plain or single-quoted, folded past the width; literal blocks; double-quoted). A
string in another style is cut out of libyaml's text for it alone; data with a key that is not simple
goes to libyaml whole. PyYAML is loaded only then. A test compares both writers on generated data.
"""

from __future__ import annotations

from docextract.syntax.yamlscalars import WIDTH, double_quoted, float_text, folded, literal, safe, unfolded

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


def libyaml(data) -> str:
    # Imported when first needed: PyYAML takes longer to load than a dozen pages to write.
    from docextract.syntax import libyamltext

    return libyamltext.libyaml(data)


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
    if type(key) is not str or not key or len(key) >= 128 or "\n" in key or not safe(key):
        raise _Unusual
    return unfolded(key)[1:]


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
            if len(value) > 40 or "\n" in value or not safe(value):
                key = (value, column, indent)
                text = _placed.get(key)
                if text is None:
                    if len(_placed) >= _PLACED_MAX:
                        _placed.clear()
                    text = _placed[key] = _string(value, column, indent)
                return text
            text = _texts[value] = unfolded(value)
        if column + len(text) <= WIDTH + 2:
            return text  # no space in it can stand past the width
        return " " + folded(value, column, indent, len(text) != len(value) + 1)
    if value is None:
        return " null"
    if kind is bool:
        return " true" if value else " false"
    if kind is int:
        return f" {value}"
    if kind is float:
        return " " + float_text(value)
    if (kind is dict or kind is list) and not value:
        return " {}" if kind is dict else " []"
    raise _Unusual


def _string(value: str, column: int, indent: int) -> str:
    """A string that is longer, spans lines or has characters the emitter escapes, where it stands."""
    if "\n" in value:
        text = literal(value, indent)
    elif safe(value):
        text = unfolded(value)
        if column + len(text) <= WIDTH + 2:
            return text
        text = folded(value, column, indent, len(text) != len(value) + 1)
    else:
        text = None
    if text is None:
        text = double_quoted(value, column, indent)
    return " " + (_by_libyaml(value, column, indent) if text is None else text)


def _by_libyaml(value: str, column: int, indent: int) -> str:
    """The scalar cut out of libyaml's text (the styles the writer does not know)."""
    from docextract.syntax import libyamltext

    text = libyamltext.scalar_at(value, column, indent)
    if text is None:
        raise _Unusual
    return text
