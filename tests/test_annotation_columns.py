"""Each option of an annotation line keeps the column it starts at, keyword-only options included."""

import pytest

from docextract.model import Pos
from docextract.syntax.annotations import ASCIIDOC, MARKDOWN, parse


@pytest.mark.parametrize(
    ("line", "style", "columns"),
    [
        (
            "// TEST[continued catch: missing s/a/b/ skip_shard_failures]",
            ASCIIDOC,
            [("continued", 9), ("catch", 19), ("substitution", 34), ("skip_shard_failures", 41)],
        ),
        (
            "//  TESTRESPONSE[s/x/y/ non_json skip:later]",
            ASCIIDOC,
            [("substitution", 18), ("non_json", 25), ("skip", 34)],
        ),
        (
            "  % TEST[setup:a,b teardown:c warning:careful]",
            MARKDOWN,
            [("setup", 10), ("teardown", 20), ("warning", 31)],
        ),
    ],
)
def test_option_columns(line, style, columns):
    parsed = parse(line, Pos("page", 1), style)
    assert [(option.name, option.column) for option in parsed.options] == columns
    for name, column in columns:
        assert line[column - 1 :].startswith("s/" if name == "substitution" else name)
