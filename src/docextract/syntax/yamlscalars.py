"""One string as libyaml's emitter writes it as a value in block context: plain, single-quoted, literal
or double-quoted, folded past the width, without loading PyYAML.

Each function answers for what it knows the emitter does; what it cannot tell (a single-quoted string
that spans lines, a line break YAML knows other than \\n) is left to libyaml by the caller.
"""

from __future__ import annotations

import re

WIDTH = 100  # the emitter folds a plain or quoted scalar at a single space once past this column

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
# What makes the emitter double-quote a string whatever style was asked for: a character it escapes
# (all but \u2028 and \u2029 above), or a space before a line break; and unless a literal block was
# asked for, a space after a line break.
_DOUBLE_QUOTED = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff\U00010000-\U0010ffff]"
    "| [\r\n\x85\u2028\u2029]"
)
_BREAK_SPACE = re.compile("[\r\n\x85\u2028\u2029] ")
# The escapes of a double-quoted string: these by a letter, the others by their code (\x, \u or \U and
# upper-case hex digits).
_ESCAPES = {"\0": "0", "\a": "a", "\b": "b", "\t": "t", "\n": "n", "\v": "v", "\f": "f", "\r": "r",
            "\x1b": "e", '"': '"', "\\": "\\", "\x85": "N", "\u2028": "L", "\u2029": "P"}  # fmt: skip
# What keeps a single-line string from being plain in block context: an indicator first, `: ` or
# ` #` inside, a `:` last (the emitter's analyze_scalar).
_INDICATOR_FIRST = re.compile(r"""[#,\[\]{}&*!|>'"%@`]|[?:-](?: |\Z)|---|\.\.\.""")
_INDICATOR_INSIDE = re.compile(r": |:\Z| #")

# PyYAML's implicit resolvers (yaml/resolver.py), in its order, with the first characters each is tried
# for: a plain scalar one of them matches reads back as another type than a string. Copied so that writing
# a page does not import PyYAML (it compiles dozens of regexes: 9 ms a process); a test checks that they
# are PyYAML's own.
_RESOLVERS = (
    (r"""^(?:yes|Yes|YES|no|No|NO
                    |true|True|TRUE|false|False|FALSE
                    |on|On|ON|off|Off|OFF)$""", re.X, "yYnNtTfFoO"),
    (r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
                    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
                    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
                    |[-+]?\.(?:inf|Inf|INF)
                    |\.(?:nan|NaN|NAN))$""", re.X, "-+0123456789."),
    (r"""^(?:[-+]?0b[0-1_]+
                    |[-+]?0[0-7_]+
                    |[-+]?(?:0|[1-9][0-9_]*)
                    |[-+]?0x[0-9a-fA-F_]+
                    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$""", re.X, "-+0123456789"),
    (r"^(?:<<)$", 0, "<"),
    (r"""^(?: ~
                    |null|Null|NULL
                    | )$""", re.X, "~nN"),
    (r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
                    |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
                     (?:[Tt]|[ \t]+)[0-9][0-9]?
                     :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
                     (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""", re.X, "0123456789"),
    (r"^(?:=)$", 0, "="),
    (r"^(?:!|&|\*)$", 0, "!&*"),
)  # fmt: skip
IMPLICIT: dict[str, list[re.Pattern[str]]] = {}
for _pattern, _flags, _first in _RESOLVERS:
    for _character in _first:
        IMPLICIT.setdefault(_character, []).append(re.compile(_pattern, _flags))


def safe(value: str) -> bool:
    """Whether the emitter writes every character of value as it is (printable ASCII, most text, is
    told at once)."""
    if value.isascii() and value.isprintable():
        return True
    return bool(_SAFE_LATIN1.fullmatch(value) or _SAFE.fullmatch(value))


def plain(value: str) -> bool:
    """Whether the single-line, non-empty string is written plain in block context: no indicator, and it
    reads back as a string (not a number, boolean, null, date…)."""
    if (
        value[0] == " "
        or value[-1] == " "
        or _INDICATOR_FIRST.match(value)
        or _INDICATOR_INSIDE.search(value)
    ):
        return False
    patterns = IMPLICIT.get(value[0])  # most strings start with a character no resolver is tried for
    if patterns is not None:
        for pattern in patterns:
            if pattern.match(value):
                return False
    return True


def unfolded(value: str) -> str:
    """The single-line, safe string plain or single-quoted, after its space."""
    return " " + value if value and plain(value) else " '" + value.replace("'", "''") + "'"


def folded(value: str, column: int, indent: int, quoted: bool) -> str:
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


def literal(value: str, indent: int) -> str | None:
    """A literal block: each line indented, empty lines left empty; `|-` strips the missing final
    break, `|` keeps the one there is, `|+` the several there are (the line break after the block is
    the writer's next one). None when the emitter quotes the string instead: a space before a break
    or at the end, or a character it escapes."""
    if " \n" in value or value.endswith(" ") or not safe(value):
        return None
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


def as_literal(value: str) -> bool:
    """Whether the writer asks for a literal block (libyamltext.Dumper does the same): multi-line prose
    reads best as in the page itself. A string that ends in a space or tab could not be one."""
    return "\n" in value and not value.endswith((" ", "\t"))


def double_quoted(value: str, column: int, indent: int) -> str | None:
    """The string double-quoted, when the emitter must (_DOUBLE_QUOTED); None otherwise. Past WIDTH, a
    single space is a line break (a second space after it is escaped), except at the first and last
    characters."""
    if not _DOUBLE_QUOTED.search(value) and (as_literal(value) or not _BREAK_SPACE.search(value)):
        return None
    pieces = ['"']
    column += 1
    last = len(value) - 1
    spaces = False  # the character before was a space
    for at, character in enumerate(value):
        if _escaped(character):
            escape = _ESCAPES.get(character)
            if escape is None:
                code = ord(character)
                escape = (
                    f"x{code:02X}" if code <= 0xFF else f"u{code:04X}" if code <= 0xFFFF else f"U{code:08X}"
                )
            pieces.append("\\" + escape)
            column += 1 + len(escape)
            spaces = False
        elif character == " ":
            if not spaces and column > WIDTH and 0 < at < last:
                pieces.append("\n" + " " * indent + ("\\" if value[at + 1] == " " else ""))
                column = indent + (value[at + 1] == " ")
            else:
                pieces.append(" ")
                column += 1
            spaces = True
        else:
            pieces.append(character)
            column += 1
            spaces = False
    pieces.append('"')
    return "".join(pieces)


def _escaped(character: str) -> bool:
    """Whether a double-quoted string escapes the character: all but libyaml's printable ones, and the
    quote, the backslash, the line breaks \u2028 and \u2029 and the byte-order mark."""
    printable = (
        " " <= character <= "~" or "\xa0" <= character <= "\ud7ff" or "\ue000" <= character <= "\ufffd"
    )
    return not printable or character in '"\\\u2028\u2029\ufeff'


def float_text(value: float) -> str:
    """SafeRepresenter's text of a float."""
    if value != value:
        return ".nan"
    if value in (float("inf"), float("-inf")):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value).lower()
    if "." not in text and "e" in text:
        text = text.replace("e", ".0e", 1)
    return text
