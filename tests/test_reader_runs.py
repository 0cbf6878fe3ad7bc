"""The reader hands out the lines between directive lines as runs: peeking across runs, and the page's
bounds passed inside a run, give the lines and the error that reading line by line gives."""

from pathlib import Path

from conftest import write_tree
from docextract.asciidoc.attributes import Attributes
from docextract.asciidoc.files import MAX_PAGE_LINES
from docextract.asciidoc.reader import Reader
from docextract.diagnostics import Diagnostics


def reader(root: Path, files: dict[str, str]) -> tuple[Reader, Diagnostics]:
    write_tree(root, files)
    diagnostics = Diagnostics()
    root = root.resolve()
    return Reader(root / "page.asciidoc", root, Attributes.for_page(str(root), {}), diagnostics), diagnostics


def where(lines) -> list[tuple[str, str, int]]:
    return [(line.text, line.file, line.line) for line in lines]


PAGE = {
    "page.asciidoc": "one\ninclude::a.asciidoc[]\n:x: 1\nifdef::x[x is set]\n"
    "ifndef::x[]\nhidden\nendif::[]\nlast\n",
    "a.asciidoc": "a1\n\\include::escaped.asciidoc[]\na3\n",
}
EXPECTED = [
    ("one", "page.asciidoc", 1),
    ("a1", "a.asciidoc", 1),
    ("include::escaped.asciidoc[]", "a.asciidoc", 2),
    ("a3", "a.asciidoc", 3),
    (":x: 1", "page.asciidoc", 3),
    ("x is set", "page.asciidoc", 4),
    ("last", "page.asciidoc", 8),
]


def test_the_lines_come_in_order_through_includes_and_conditionals(tmp_path):
    read, diagnostics = reader(tmp_path, PAGE)
    read.attributes.set("x", "1")  # as the lexer does when it meets `:x: 1`
    assert where(read) == EXPECTED
    assert not diagnostics.items


def test_peeking_across_runs_gives_each_line_once_and_in_order(tmp_path):
    read, _ = reader(tmp_path, PAGE)
    read.attributes.set("x", "1")
    lines = iter(read)
    first = next(lines)
    # From "one", peek past the include, through the included file, into the page again.
    assert where(read.peek(i) for i in range(4)) == EXPECTED[1:5]
    assert where([first, *lines]) == EXPECTED
    assert read.peek() is None


def test_the_page_stops_at_its_bound_inside_a_run(tmp_path):
    half = MAX_PAGE_LINES // 2 + 10
    read, diagnostics = reader(
        tmp_path,
        {
            "page.asciidoc": "include::big.asciidoc[]\ninclude::big.asciidoc[]\nafter\n",
            "big.asciidoc": "".join(f"line {i}\n" for i in range(1, half + 1)),
        },
    )
    lines = list(read)
    # The two include lines are read too: the second big.asciidoc stops one line short of its share.
    assert len(lines) == MAX_PAGE_LINES - 2
    assert where(lines[-1:]) == [
        (f"line {MAX_PAGE_LINES - 2 - half}", "big.asciidoc", MAX_PAGE_LINES - 2 - half)
    ]
    [error] = diagnostics.errors
    assert (error.code, error.pos.file, error.pos.line) == (
        "page-too-large",
        "big.asciidoc",
        MAX_PAGE_LINES - 1 - half,
    )
    assert [pos.line for pos in error.included_from] == [2]


def test_lines_skipped_by_a_conditional_count_towards_the_bound(tmp_path):
    half = MAX_PAGE_LINES // 2 + 10
    hidden = "".join(f"line {i}\n" for i in range(half))
    read, diagnostics = reader(
        tmp_path,
        {
            "page.asciidoc": "include::big.asciidoc[]\ninclude::big.asciidoc[]\nafter\n",
            "big.asciidoc": f"ifdef::unset[]\n{hidden}endif::[]\n",
        },
    )
    assert list(read) == []
    [error] = diagnostics.errors
    assert (error.code, error.pos.file) == ("page-too-large", "big.asciidoc")
