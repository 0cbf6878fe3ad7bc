"""Every grammar loads with strict=True: no terminal collisions, no shift/reduce conflicts."""

import pytest
from lark import Lark

from docextract.asciidoc.lexer import BlockLexer
from docextract.syntax.grammar import GRAMMARS, grammar_text

STARTS = {
    "annotations": ["annotation", "md_annotation"],
    "parameter": ["term", "head"],
}


@pytest.mark.parametrize("name", GRAMMARS)
def test_grammar_loads_strictly(name):
    lexer = BlockLexer if name == "asciidoc" else "contextual"
    parser = Lark(
        grammar_text(name),
        parser="lalr",
        lexer=lexer,
        start=STARTS.get(name, ["start"]),
        propagate_positions=True,
        strict=True,
    )
    assert parser.terminals or name == "asciidoc"


def test_every_grammar_file_is_listed():
    from importlib import resources

    files = {
        p.name[: -len(".lark")]
        for p in resources.files("docextract.grammars").iterdir()
        if p.name.endswith(".lark")
    }
    assert files == set(GRAMMARS)
