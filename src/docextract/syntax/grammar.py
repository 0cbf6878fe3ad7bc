"""Load the Lark grammars of grammars/ (packaged as docextract.grammars), once per process.

The analysed parsers are cached in the user's cache folder (Lark's own cache format, checked
against the grammar text, the options and the Lark and Python versions): building them costs
more than converting a dozen pages. Set DOCEXTRACT_NO_CACHE=1 to build them every time.
"""

from __future__ import annotations

import os
import pkgutil
from functools import cache
from pathlib import Path

from lark import Lark

import docextract.grammars
from docextract.cachefolder import cache_file, prune

GRAMMARS = (
    "asciidoc",
    "console",
    "annotations",
    "directives",
    "parameter",
    "javaregex",
    "replacement",
    "gradle",
)


def grammar_text(name: str) -> str:
    # Read by the package's loader, as importlib.resources would (from a zip too), without loading
    # importlib.resources, zipfile and shutil first: that takes longer than loading three parsers.
    data = pkgutil.get_data(docextract.grammars.__name__, f"{name}.lark")
    if data is None:
        raise FileNotFoundError(f"the docextract.grammars package cannot read {name}.lark")
    return data.decode("utf-8")


def _cache_file(name: str, key: str) -> str | bool:
    path = cache_file(name, key, ".lark-cache")
    return str(path) if path is not None else False


@cache
def load(
    name: str,
    *,
    start: str | tuple[str, ...] = "start",
    lexer="contextual",
    transformer=None,
    postlex=None,
    positions: bool = True,
    strict: bool = False,
) -> Lark:
    """A LALR parser for grammars/<name>.lark with positions on; `strict` makes collisions fail.

    With a transformer, rules become data as they are reduced and no parse tree is built.
    positions=False is for a grammar whose tokens carry their own position (asciidoc.lark's
    line tokens carry their SourceLine), where Lark's position tracking would only cost time.
    """
    text = grammar_text(name)
    starts = list(start) if isinstance(start, tuple) else start
    key = f"{text}|{starts}|{lexer}|{type(transformer).__qualname__}|{type(postlex).__qualname__}|{positions}"
    cached = False if strict else _cache_file(name, key)
    new = bool(cached) and not os.path.exists(cached)
    parser = Lark(
        text,
        parser="lalr",
        lexer=lexer,
        start=starts,
        propagate_positions=positions,
        maybe_placeholders=False,
        strict=strict,
        transformer=transformer,
        postlex=postlex,
        cache=cached,
    )
    if new and os.path.exists(cached):  # Lark wrote it (the cache file of an earlier grammar is pruned)
        prune(Path(cached))
    return parser
