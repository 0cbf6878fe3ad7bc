"""Console snippets: requests, bodies and errors, driven by tests/fixtures/console.yaml."""

import pytest

from conftest import REPO, load_cases
from docextract.diagnostics import Diagnostics
from docextract.model import Pos
from docextract.syntax.console import convert_block_quotes
from docextract.syntax.snippets import parse_requests

CASES = load_cases(REPO / "tests" / "fixtures" / "console.yaml")


@pytest.mark.parametrize("case", CASES)
def test_console_snippet(case):
    content = case["content"]
    positions = tuple(Pos("page.asciidoc", 100 + i) for i in range(content.count("\n")))
    diagnostics = Diagnostics()
    requests = parse_requests(content, positions, Pos("page.asciidoc", 99), diagnostics)
    if "error" in case or "body_error" in case:
        (error,) = diagnostics.errors
        assert error.title == case.get("error", case.get("body_error"))
        if "line" in case:
            assert error.pos.line == 100 + case["line"]
        return
    assert not diagnostics.items
    actual = []
    for r in requests:
        item = {"method": r.method, "path": r.path, "query": dict(r.query), "line": r.pos.line - 100}
        if r.body_format:
            item.update(body=r.body, body_format=r.body_format)
        actual.append(item)
    assert actual == case["requests"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"foo": """bort baz"""', '"foo": "bort baz"'),
        ('"foo": """bort" baz"""', '"foo": "bort\\" baz"'),
        ('"foo": """bort\n baz"""', '"foo": "bort\\n baz"'),
    ],
)
def test_triple_quotes_become_json_strings_as_the_reference_does(text, expected):
    assert convert_block_quotes(text) == expected


def test_a_body_keeps_each_line_where_it_stands_and_its_blank_lines_as_a_gap():
    # A body is one token of the grammar: its lines and gaps are read back out of it.
    from docextract.syntax import console

    request, comment, other = console.parse('GET /a\n\n{\n  "x": 1,\n  \t\n  "y": 2}\n# c\nPUT /b\n[1]\n')
    assert request.body_lines == ((2, "{"), (3, '  "x": 1,'), (5, '  "y": 2}'))
    assert request.body_has_gap and request.line == 0
    assert (comment.kind, comment.line) == ("comment", 6)
    assert (other.body_lines, other.body_has_gap) == (((8, "[1]"),), False)


def test_a_body_after_a_comment_is_reported_at_its_first_line():
    from docextract.syntax import console

    with pytest.raises(console.ConsoleSyntaxError) as raised:
        console.parse("# c\n\n  {\n  }\n")
    assert (raised.value.args[0], raised.value.line, raised.value.column) == (
        "body without a request line",
        2,
        1,
    )
