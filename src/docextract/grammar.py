"""Load the Lark grammars of grammars/ (packaged as docextract.grammars), once per process."""

from __future__ import annotations

from functools import cache
from importlib import resources

from lark import Lark

GRAMMARS = ("asciidoc", "console", "annotations", "directives", "parameter")


def grammar_text(name: str) -> str:
    return resources.files("docextract.grammars").joinpath(f"{name}.lark").read_text(encoding="utf-8")


@cache
def load(
    name: str,
    *,
    start: str | tuple[str, ...] = "start",
    lexer="contextual",
    transformer=None,
    strict: bool = False,
) -> Lark:
    """A LALR parser for grammars/<name>.lark with positions on; `strict` makes collisions fail.

    With a transformer, rules become data as they are reduced and no parse tree is built.
    """
    return Lark(
        grammar_text(name),
        parser="lalr",
        lexer=lexer,
        start=list(start) if isinstance(start, tuple) else start,
        propagate_positions=True,
        maybe_placeholders=False,
        strict=strict,
        transformer=transformer,
    )
