"""The replacement text of s/…/…/ (grammars/replacement.lark), applied to a match as Java's
Matcher.appendReplacement does."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import regex
from lark import UnexpectedInput

from docextract.syntax import grammar


class ReplacementError(ValueError):
    """A replacement Java would reject (its message says why)."""


Part = tuple[str, str]  # ("text", s) or ("group", digits or a name)


@lru_cache(maxsize=1024)
def parse(text: str) -> tuple[Part, ...]:
    """The replacement as text and group parts; Java's errors as ReplacementError."""
    try:
        tokens = list(grammar.load("replacement", lexer="basic").lex(text))
    except UnexpectedInput as err:
        raise ReplacementError(f"cannot read the replacement at character {err.column}") from None
    parts: list[Part] = []
    for token in tokens:
        kind, value = token.type, str(token)
        if kind == "ESCAPED":
            parts.append(("text", value[1]))
        elif kind == "NAMED_GROUP":
            parts.append(("group", value[2:-1]))
        elif kind == "GROUP":
            parts.append(("group", value[1:]))
        elif kind == "DOLLAR":
            after = text[token.start_pos + 1 : token.start_pos + 12].split(" ")[0]
            raise ReplacementError(
                f"illegal group reference `${after}`: Java reads $ as a group; write \\$ for a dollar"
            )
        elif kind == "TRAILING_BACKSLASH":
            raise ReplacementError("a backslash at the end of the replacement escapes nothing")
        else:
            parts.append(("text", value))
    return tuple(parts)


def expander(parts: tuple[Part, ...], pattern: regex.Pattern) -> Callable[[regex.Match], str]:
    """A function building the replacement of one match; ReplacementError for a group that is not there."""
    group_count = pattern.groups
    names = pattern.groupindex

    def expand(match: regex.Match) -> str:
        out = []
        for kind, value in parts:
            if kind == "text":
                out.append(value)
                continue
            if not value.isdigit():
                if value not in names:
                    raise ReplacementError(f"no group named {value}")
                out.append(match.group(value) or "")
                continue
            # Java takes the first digit, then more digits while they still name an existing group.
            number, used = int(value[0]), 1
            while used < len(value) and number * 10 + int(value[used]) <= group_count:
                number, used = number * 10 + int(value[used]), used + 1
            if number > group_count:
                raise ReplacementError(f"no group {number} (the pattern has {group_count})")
            out.append((match.group(number) or "") + value[used:])
        return "".join(out)

    return expand
