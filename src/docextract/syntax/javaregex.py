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

from docextract.syntax import grammar, javaclasses

TIMEOUT_SECONDS = 2.0
# The regex module compiles a group's contents recursively and runs out of stack at about 200 nested
# groups; Java reads thousands. No docs pattern nests more than a few.
MAX_NESTING = 100

# Java's shorthands inside a class that a Unicode property makes Unicode (below): ASCII as Java's.
_ASCII_SHORTHANDS = {"\\w": "a-zA-Z0-9_", "\\d": "0-9", "\\s": r" \t\n\x0B\f\r"}
# The inline flags Java has; `d` (UNIX_LINES: only \n ends a line) is how Python reads every pattern.
_JAVA_FLAGS = set("idmsxuU")


class JavaRegexError(ValueError):
    """A pattern Java would reject, or one whose meaning this translation cannot express."""


class InvalidRegex(JavaRegexError):
    """The translated pattern does not compile: the pattern itself is wrong."""


def _class_body(escape: str, unicode: bool) -> tuple[str | None, bool]:
    """The inside of a character class equivalent to a Java escape (None if it is not one), and whether
    it needs the regex module's Unicode mode (with ASCII, it matches ASCII characters only)."""
    if escape in ("\\h", "\\v"):
        return (javaclasses.HORIZONTAL if escape == "\\h" else javaclasses.VERTICAL), False
    name = escape[3:-1] if escape[2:3] == "{" else escape[2:]
    if escape[:2] not in ("\\p", "\\P"):
        return None, False
    if name in javaclasses.POSIX and not unicode:
        return javaclasses.POSIX[name], False
    if name in javaclasses.POSIX:
        if name not in javaclasses.POSIX_UNICODE:
            raise JavaRegexError(f"\\p{{{name}}} under (?U) is not supported (a set difference in Java)")
        return javaclasses.POSIX_UNICODE[name], True
    if name in javaclasses.JAVA:
        return javaclasses.JAVA[name], True
    if name.startswith("java"):
        raise JavaRegexError(f"unknown character class \\p{{{name}}}")
    return None, True  # \p{L}, \p{IsLatin}: a Unicode property


def _translate_escape(escape: str, in_class: bool, unicode: bool) -> tuple[str, bool]:
    """The escape as the regex module writes it, and whether it needs Unicode mode."""
    letter = escape[1:2]
    body, wide = _class_body(escape, unicode)
    if body is not None and letter in "hvp":
        return (body if in_class else f"[{body}]"), wide
    if (body is not None and letter == "P") or escape in ("\\H", "\\V"):
        if in_class:
            raise JavaRegexError(f"{escape} inside a character class is not supported")
        negated = body or (javaclasses.HORIZONTAL if escape == "\\H" else javaclasses.VERTICAL)
        return f"[^{negated}]", wide
    if letter in "pP" and escape[3:5] == "Is":  # \p{IsAlphabetic} → \p{Alphabetic}
        return f"\\{letter}{{{escape[5:-1]}}}", True
    if wide:
        return escape, True
    if in_class and not unicode and escape in _ASCII_SHORTHANDS:
        return _ASCII_SHORTHANDS[escape], False
    return _plain_escape(escape), False


def _plain_escape(escape: str) -> str:
    letter = escape[1:2]
    if escape == "\\z":
        return r"\Z"
    if escape == "\\Z":  # Java: the end, or before a final line terminator
        return r"(?=\n?\Z)"
    if escape == "\\R":
        return rf"(?:\r\n|[{javaclasses.VERTICAL}])"
    if escape == "\\e":
        return r"\x1B"
    if letter == "c" and len(escape) == 3:
        return f"\\x{ord(escape[2]) ^ 64:02X}"
    if escape.startswith("\\0") and len(escape) > 2:
        return f"\\x{{{int(escape[2:], 8):X}}}"
    if escape.startswith("\\x{"):
        return f"\\U{int(escape[3:-1], 16):08X}"
    return escape


def _flags(text: str, first: bool) -> tuple[str, bool]:
    """Java's inline flags as the regex module writes them, and whether they turn (?U) on."""
    on, _, off = text[2:-1].partition("-")
    end = text[-1]
    for letter in on + off:
        if letter not in _JAVA_FLAGS:
            raise JavaRegexError(f"unknown inline flag `{letter}` in {text}")
    if "u" in on + off:
        raise JavaRegexError(
            "(?u), Unicode case folding alone, is not supported: (?U) at the start of the pattern gives it "
            "with Unicode classes"
        )
    unicode = "U" in on
    if "U" in off or (unicode and not (first and end == ")")):
        raise JavaRegexError("(?U) is supported at the very start of the pattern only, for all of it")
    on, off = on.replace("d", "").replace("U", ""), off.replace("d", "")
    if not on and not off:
        return ("(?:" if end == ":" else ""), unicode
    return f"(?{on}{'-' + off if off else ''}{end}", unicode


def translate(pattern: str) -> str:
    """A Java regex as Python's regex module writes it. A Java pattern that starts with (?U) gives a
    translation that starts with (?u), which compile reads in Unicode mode; any other is read in ASCII."""
    try:
        tokens = list(grammar.load("javaregex", lexer="basic").lex(pattern))
    except UnexpectedInput as err:
        raise JavaRegexError(f"cannot read the pattern at character {err.column}") from None
    out: list[str] = []
    unicode = False
    depth = 0
    groups = 0  # the groups open here (a class's "(" is a character)
    opened = 0  # where the outer class opens in out
    wide_class = negated_shorthand = False  # it holds a Unicode property; \W, \D or \S
    for index, token in enumerate(tokens):
        text = str(token)
        if token.type == "FLAGS" and not depth:
            flags, turned = _flags(text, index == 0)
            unicode = unicode or turned
            groups += text.endswith(":")
            out.append(flags)
            if groups > MAX_NESTING:
                raise JavaRegexError(f"groups nested more than {MAX_NESTING} deep are not supported")
        elif token.type == "QUOTE":
            inner = text[2:-2] if text.endswith("\\E") else text[2:]
            out.append(regex.escape(inner))
        elif token.type == "ESCAPE":
            translated, wide = _translate_escape(text, depth > 0, unicode)
            wide = wide and not unicode
            if depth:
                wide_class = wide_class or wide
                negated_shorthand = negated_shorthand or text in ("\\W", "\\D", "\\S")
            out.append(f"(?u:{translated})" if wide and not depth else translated)
        elif token.type == "CLASS_OPEN":
            if depth > 0:  # Java's [a[bc]] is a union: flatten it
                if text == "[^":
                    raise JavaRegexError("a negated class inside a character class is not supported")
                depth += 1
                continue
            depth += 1
            opened, wide_class, negated_shorthand = len(out), False, False
            out.append(text)
        elif token.type == "CLASS_CLOSE" and depth > 0:
            depth -= 1
            if depth == 0:
                out.append("]")
                if wide_class:  # Unicode mode for this class alone: ASCII is the pattern's
                    if negated_shorthand:
                        raise JavaRegexError(
                            "\\W, \\D or \\S in a character class with a Unicode property is not supported"
                        )
                    out.insert(opened, "(?u:")
                    out.append(")")
        else:
            if not depth and text in "()":
                groups = groups + 1 if text == "(" else max(groups - 1, 0)
                if groups > MAX_NESTING:
                    raise JavaRegexError(f"groups nested more than {MAX_NESTING} deep are not supported")
            if depth and text == "&" and out and out[-1] == "&":
                raise JavaRegexError("character class intersection (&&) is not supported")
            out.append(text)
    return ("(?u)" if unicode else "") + "".join(out)


@lru_cache(maxsize=1024)
def compile(pattern: str, comments: bool = False) -> regex.Pattern:
    """The compiled pattern; comments=True reads it as Java's Pattern.COMMENTS does (verbose)."""
    flags = regex.V0 | (regex.VERBOSE if comments else 0)
    try:
        translated = translate(pattern)
        # Java's classes and case folding are ASCII unless (?U) says otherwise; a class with a Unicode
        # property is Unicode on its own, in a (?u:…) group.
        return regex.compile(translated, flags | (0 if translated.startswith("(?u)") else regex.ASCII))
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
