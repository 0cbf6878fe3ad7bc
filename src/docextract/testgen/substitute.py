"""Apply `s/PATTERN/REPLACEMENT/` substitutions with Java's semantics (§4.6 of the semantics spec).

Patterns are Java regexes (grammars/javaregex.lark translates what Python's regex module spells
differently); replacements use Java's `$1`/`${name}`/`\\x` syntax (grammars/replacement.lark).
Substitutions with the same pattern text are applied together, at the place of the first one, as
the reference's multimap does. Every application is time-bounded.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex
from lark import Token, UnexpectedInput

from docextract import grammar
from docextract.model import Pos, Substitution

TIMEOUT_SECONDS = 2.0

# Java's \h and \v (horizontal and vertical whitespace) as class bodies; Python has no such escapes.
_HORIZONTAL = r" \t\xA0\u1680\u180E\u2000-\u200A\u202F\u205F\u3000"
_VERTICAL = r"\n\x0B\f\r\x85\u2028\u2029"
# Java's POSIX classes are ASCII-only; regex's \p{Alpha} would be Unicode.
_POSIX = {
    "Lower": "a-z",
    "Upper": "A-Z",
    "ASCII": r"\x00-\x7F",
    "Alpha": "a-zA-Z",
    "Digit": "0-9",
    "Alnum": "a-zA-Z0-9",
    "Punct": r"!-/:-@\[-`{-~",
    "Graph": r"!-~",
    "Print": r" -~",
    "Blank": r" \t",
    "Cntrl": r"\x00-\x1F\x7F",
    "XDigit": "0-9a-fA-F",
    "Space": r" \t\n\x0B\f\r",
}


class SubstitutionError(ValueError):
    """A pattern or replacement Java would reject (or that cannot be translated)."""


@dataclass(frozen=True)
class Problem:
    code: str  # substitution-unmatched | substitution-invalid | substitution-timeout
    message: str
    pos: Pos


def _class_body(escape: str) -> str | None:
    """The inside of a character class equivalent to a Java escape, or None if it is not one."""
    if escape in ("\\h", "\\v"):
        return _HORIZONTAL if escape == "\\h" else _VERTICAL
    if escape[:2] in ("\\p", "\\P") and escape[3:-1] in _POSIX:
        return _POSIX[escape[3:-1]]
    return None


def _translate_escape(escape: str, in_class: bool) -> str:
    letter = escape[1:2]
    body = _class_body(escape)
    if body is not None and letter in "hvp":
        return body if in_class else f"[{body}]"
    if (body is not None and letter == "P") or escape in ("\\H", "\\V"):
        if in_class:
            raise SubstitutionError(f"{escape} inside a character class is not supported")
        negated = body or (_HORIZONTAL if escape == "\\H" else _VERTICAL)
        return f"[^{negated}]"
    if escape == "\\z":
        return r"\Z"
    if escape == "\\Z":  # Java: the end, or before a final line terminator
        return r"(?=\n?\Z)"
    if escape == "\\R":
        return rf"(?:\r\n|[{_VERTICAL}])"
    if escape == "\\e":
        return r"\x1B"
    if letter == "c" and len(escape) == 3:
        return f"\\x{ord(escape[2]) ^ 64:02X}"
    if escape.startswith("\\0") and len(escape) > 2:
        return f"\\x{{{int(escape[2:], 8):X}}}"
    if escape.startswith("\\x{"):
        return f"\\U{int(escape[3:-1], 16):08X}"
    if letter in "pP" and escape[3:5] == "Is":  # \p{IsAlphabetic} → \p{Alphabetic}
        return f"\\{letter}{{{escape[5:-1]}}}"
    return escape


def translate_pattern(pattern: str) -> str:
    """A Java regex as Python's regex module writes it."""
    try:
        tokens = grammar.load("javaregex", lexer="basic").lex(pattern)
        out: list[str] = []
        depth = 0
        for token in tokens:
            text = str(token)
            if token.type == "QUOTE":
                inner = text[2:-2] if text.endswith("\\E") else text[2:]
                out.append(regex.escape(inner))
            elif token.type == "ESCAPE":
                out.append(_translate_escape(text, depth > 0))
            elif token.type == "CLASS_OPEN":
                if depth > 0:  # Java's [a[bc]] is a union: flatten it
                    if text == "[^":
                        raise SubstitutionError("a negated class inside a character class is not supported")
                    depth += 1
                    continue
                depth += 1
                out.append(text)
            elif token.type == "CLASS_CLOSE" and depth > 0:
                depth -= 1
                if depth == 0:
                    out.append("]")
            else:
                if depth and text == "&" and out and out[-1] == "&":
                    raise SubstitutionError("character class intersection (&&) is not supported")
                out.append(text)
        return "".join(out)
    except UnexpectedInput as err:
        raise SubstitutionError(f"cannot read the pattern at character {err.column}") from None


@lru_cache(maxsize=1024)
def compile_pattern(pattern: str) -> regex.Pattern:
    try:
        return regex.compile(translate_pattern(pattern), regex.ASCII | regex.V0)
    except regex.error as err:
        raise SubstitutionError(f"invalid regex: {err}") from None


@lru_cache(maxsize=1024)
def parse_replacement(text: str) -> tuple[tuple[str, str], ...]:
    """The replacement as ("text", s) and ("group", digits-or-name) parts; Java's errors as exceptions."""
    try:
        tokens = list(grammar.load("replacement", lexer="basic").lex(text))
    except UnexpectedInput as err:
        raise SubstitutionError(f"cannot read the replacement at character {err.column}") from None
    parts: list[tuple[str, str]] = []
    for token in tokens:
        kind, value = token.type, str(token)
        if kind == "ESCAPED":
            parts.append(("text", value[1]))
        elif kind == "NAMED_GROUP":
            parts.append(("group", value[2:-1]))
        elif kind == "GROUP":
            parts.append(("group", value[1:]))
        elif kind == "DOLLAR":
            raise SubstitutionError(
                f"illegal group reference `${_after(token, text)}`: Java reads $ as a group; "
                "write \\$ for a dollar"
            )
        elif kind == "TRAILING_BACKSLASH":
            raise SubstitutionError("a backslash at the end of the replacement escapes nothing")
        else:
            parts.append(("text", value))
    return tuple(parts)


def _after(token: Token, text: str) -> str:
    return text[token.start_pos + 1 : token.start_pos + 12].split(" ")[0]


def _expander(parts: tuple[tuple[str, str], ...], pattern: regex.Pattern):
    """A function building the replacement of one match the way Java's appendReplacement does."""
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
                    raise SubstitutionError(f"no group named {value}")
                out.append(match.group(value) or "")
                continue
            # Java takes the first digit, then more digits while they still name an existing group.
            number, used = int(value[0]), 1
            while used < len(value) and number * 10 + int(value[used]) <= group_count:
                number, used = number * 10 + int(value[used]), used + 1
            if number > group_count:
                raise SubstitutionError(f"no group {number} (the pattern has {group_count})")
            out.append((match.group(number) or "") + value[used:])
        return "".join(out)

    return expand


def prepare_replacement(text: str) -> str:
    """What the reference does to a replacement before Java sees it (§4.6 step 1)."""
    return text.replace("$body", "\\$body").replace("$_path", "\\$_path").replace("\\n", "\n")


def substitute(content: str, pattern: str, replacement: str) -> tuple[str, int]:
    """One replaceAll with Java semantics: (new content, number of matches)."""
    compiled = compile_pattern(pattern)
    expand = _expander(parse_replacement(prepare_replacement(replacement)), compiled)
    return compiled.subn(expand, content, timeout=TIMEOUT_SECONDS)


def apply(
    content: str, substitutions: tuple[Substitution, ...], defaults: dict[str, str], fallback: Pos
) -> tuple[str, list[Problem]]:
    """All of a snippet's substitutions, defaults first, grouped by pattern text as the reference does."""
    # A position marks what the writer wrote: defaults and non_json's own substitutions may match nothing.
    groups: dict[str, list[tuple[str, Pos | None]]] = {
        pattern: [(value, None)] for pattern, value in defaults.items()
    }
    for sub in substitutions:
        groups.setdefault(sub.pattern, []).append((sub.replacement, None if sub.generated else sub.pos))
    problems: list[Problem] = []
    for pattern, replacements in groups.items():
        for replacement, pos in replacements:
            try:
                content, count = substitute(content, pattern, replacement)
            except SubstitutionError as err:
                problems.append(
                    Problem("substitution-invalid", f"s/{pattern}/{replacement}/: {err}", pos or fallback)
                )
            except TimeoutError:
                problems.append(
                    Problem(
                        "substitution-timeout",
                        f"s/{pattern}/…/ took more than {TIMEOUT_SECONDS:g} s (catastrophic backtracking?)",
                        pos or fallback,
                    )
                )
            else:
                if count == 0 and pos is not None:
                    problems.append(Problem("substitution-unmatched", f"s/{pattern}/…/ matches nothing", pos))
    return content, problems
