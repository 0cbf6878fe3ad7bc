"""Groovy's newline rule for grammars/gradle.lark: which line ends end a statement."""

from __future__ import annotations

from collections.abc import Iterator

from lark import Token

# After these a statement cannot end, so a newline only continues it (`x =` / `'a' +` / `foo(a,`).
CONTINUING = frozenset(
    {
        "ASSIGN", "PLUS_ASSIGN", "MINUS_ASSIGN", "STAR_ASSIGN",
        "OR", "AND", "EQUAL", "NOT_EQUAL", "LESS", "LESS_EQUAL", "MORE", "MORE_EQUAL",
        "PLUS", "MINUS", "STAR", "SLASH", "PERCENT", "NOT",
        "COMMA", "DOT", "COLON", "ARROW", "ELSE",
        # A statement list starts after these, and a newline there separates nothing.
        "LBRACE", "_PARAMS_OPEN", "STRING_VALUE_OPEN", "SEMICOLON",
    }
)  # fmt: skip
OPENERS = frozenset({"LPAR", "LSQB", "LBRACE", "_PARAMS_OPEN", "STRING_VALUE_OPEN"})
CLOSERS = frozenset({"RPAR", "RSQB", "RBRACE"})


class Newlines:
    """Lark postlex: drops the _NL tokens that Groovy ignores and folds runs of them into one.

    Groovy ignores newlines inside ( ) and [ ] but not inside { } (closures and blocks hold
    statements), and after a token that needs more on its right. Only the previous token and a stack
    of open brackets are needed, so the parser's state, which the contextual lexer reads, stays current.
    """

    # Every state of the contextual lexer must lex a newline, even where the parser takes none.
    always_accept = ("_NL",)

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        open_brackets: list[str] = []
        previous: str | None = None  # None at the start of the file, where a newline separates nothing
        for token in stream:
            kind = token.type
            if kind == "_NL":
                inside_parens = bool(open_brackets) and open_brackets[-1] in ("LPAR", "LSQB")
                if inside_parens or previous in (None, "_NL") or previous in CONTINUING:
                    continue
            elif kind in OPENERS:
                open_brackets.append(kind)
            elif kind in CLOSERS and open_brackets:
                open_brackets.pop()
            previous = kind
            yield token
