"""Java regexes (grammars/javaregex.lark) run by Python's regex module, every match time-bounded.

The docs' substitutions (s/…/…/) and their response checks (match /…/, catch /…/, warnings_regex)
are Java regexes. Most of Java's syntax means the same in the regex module; the constructs it spells
differently are translated token by token. A pattern from a page may backtrack for ever, so every
search and substitution here stops after TIMEOUT_SECONDS.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import regex
from lark import UnexpectedInput

from docextract.syntax import grammar

TIMEOUT_SECONDS = 2.0
# The regex module compiles a group's contents recursively and runs out of stack at about 200 nested
# groups; Java reads thousands. No docs pattern nests more than a few.
MAX_NESTING = 100

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


class JavaRegexError(ValueError):
    """A pattern Java would reject, or one whose meaning this translation cannot express."""


class InvalidRegex(JavaRegexError):
    """The translated pattern does not compile: the pattern itself is wrong."""


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
            raise JavaRegexError(f"{escape} inside a character class is not supported")
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


def translate(pattern: str) -> str:
    """A Java regex as Python's regex module writes it."""
    try:
        tokens = grammar.load("javaregex", lexer="basic").lex(pattern)
        out: list[str] = []
        depth = 0
        groups = 0  # the groups open here (a class's "(" is a character)
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
                        raise JavaRegexError("a negated class inside a character class is not supported")
                    depth += 1
                    continue
                depth += 1
                out.append(text)
            elif token.type == "CLASS_CLOSE" and depth > 0:
                depth -= 1
                if depth == 0:
                    out.append("]")
            else:
                if not depth and text in "()":
                    groups = groups + 1 if text == "(" else max(groups - 1, 0)
                    if groups > MAX_NESTING:
                        raise JavaRegexError(f"groups nested more than {MAX_NESTING} deep are not supported")
                if depth and text == "&" and out and out[-1] == "&":
                    raise JavaRegexError("character class intersection (&&) is not supported")
                out.append(text)
        return "".join(out)
    except UnexpectedInput as err:
        raise JavaRegexError(f"cannot read the pattern at character {err.column}") from None


@lru_cache(maxsize=1024)
def compile(pattern: str, comments: bool = False) -> regex.Pattern:
    """The compiled pattern; comments=True reads it as Java's Pattern.COMMENTS does (verbose)."""
    flags = regex.ASCII | regex.V0 | (regex.VERBOSE if comments else 0)
    try:
        return regex.compile(translate(pattern), flags)
    except regex.error as err:
        raise InvalidRegex(str(err)) from None
    except RecursionError:  # nesting of another kind than groups (which translate bounds)
        raise JavaRegexError("the pattern nests too deep to compile") from None


def search(pattern: str, text: str, comments: bool = False) -> bool:
    """Whether the pattern matches anywhere in text; TimeoutError after TIMEOUT_SECONDS."""
    return compile(pattern, comments).search(text, timeout=TIMEOUT_SECONDS) is not None


def subn(pattern: regex.Pattern, replace: Callable[[regex.Match], str], text: str) -> tuple[str, int]:
    """Every match replaced (Java's replaceAll); TimeoutError after TIMEOUT_SECONDS."""
    return pattern.subn(replace, text, timeout=TIMEOUT_SECONDS)
