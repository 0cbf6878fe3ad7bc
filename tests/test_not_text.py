"""Files that are not text pages (binary, invalid UTF-8), control characters in the compiler-style
text, and where a request body stops being JSON."""

import json
import re

import pytest
import yaml

from conftest import REPO, load_cases, run_cli, write_tree
from docextract.diagnostics import Diagnostic, Diagnostics, Severity
from docextract.model import Pos
from docextract.report.problems import text
from docextract.syntax.snippets import parse_requests

# What a terminal must never receive from a page: C0/C1 controls (but \n), DEL, bidi overrides.
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x08\x06\x1b[2J\xff\xd8"


def convert(tmp_path, files: dict[str, bytes], *options: str):
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    return run_cli("convert", str(tmp_path / "x.asciidoc"), "--docs-root", str(tmp_path), *options)


def test_a_binary_file_gives_an_empty_page_and_shows_its_bytes_escaped(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # positions are shown from where the user stands
    result = convert(tmp_path, {"x.asciidoc": PNG})
    assert result.status == 3
    page = yaml.safe_load(result.stdout)
    assert (page["title"], page["summary"], page["snippets"]) == (None, None, [])
    assert RAW_CONTROL.search(result.stderr) is None and RAW_CONTROL.search(result.stdout) is None
    # The NUL stands on line 3 (\r and \n end lines), the escape sequence of the file is shown, not sent.
    assert result.stderr.startswith(
        "error[binary-file]: the file is binary (it holds a NUL byte): it is not read\n"
        " --> x.asciidoc:3:1\n"
        "  |\n"
        "3 | \\x00\\x00\\x00\n"
        "  | ^^^^\n"
    )
    tests = run_cli("tests", str(tmp_path / "x.asciidoc"), "-o", str(tmp_path / "out"))
    assert tests.status == 3 and "error[binary-file]" in tests.stderr
    assert RAW_CONTROL.search(tests.stderr) is None


def test_invalid_utf8_keeps_the_text_and_shows_the_bad_bytes_escaped(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # positions are shown from where the user stands
    result = convert(tmp_path, {"x.asciidoc": b"=== Title\n\nSome \xff\xfe text.\n"})
    assert result.status == 3
    assert yaml.safe_load(result.stdout)["summary"] == "Some \ufffd\ufffd text."
    assert result.stderr.startswith(
        "error[invalid-utf8]: the file is not valid UTF-8: \\xff\\xfe\n"
        " --> x.asciidoc:3:6\n"
        "  |\n"
        "3 | Some \\xff\\xfe text.\n"
        "  |      ^^^^^^^^\n"
        "  = hint: save the file as UTF-8; invalid bytes were read as U+FFFD\n"
    )


def test_a_binary_include_is_reported_in_the_included_file(tmp_path):
    files = {"x.asciidoc": b"=== Title\n\ninclude::logo.png[]\n\nAfter.\n", "logo.png": PNG}
    result = convert(tmp_path, files, "--error-format", "json")
    (problem,) = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert (problem["code"], problem["file"], problem["line"], problem["column"]) == (
        "binary-file",
        "logo.png",
        3,
        1,
    )
    assert problem["included_from"] == [{"file": "x.asciidoc", "line": 3}]
    assert yaml.safe_load(result.stdout)["summary"] == "After."


def diagnostic(line: str, column: int, span: int = 1, title: str = "t") -> Diagnostic:
    return Diagnostic(Severity.ERROR, "c", title, Pos("p.adoc", 7, column), "h", line, span)


def test_the_text_shows_control_characters_escaped_with_the_caret_under_them():
    shown = text(diagnostic("a\x1b[31mb\u202ec\td", 8, title="bad \x07 title\nsecond line"))
    assert shown == (
        "error[c]: bad \\x07 title\nsecond line\n"
        " --> p.adoc:7:8\n"
        "  |\n"
        "7 | a\\x1b[31mb\\u202ec    d\n"
        "  |           ^^^^^^\n"
        "  = hint: h"
    )


def test_a_long_source_line_is_shown_as_a_window_around_the_caret():
    line = "x" * 3000 + "HERE" + "y" * 3000
    source, caret = text(diagnostic(line, 3001, 4)).split("\n")[3:5]
    assert source == "7 | …" + "x" * 200 + "HERE" + "y" * 795 + "…"
    assert caret == "  | " + " " * 201 + "^^^^"


def test_a_line_of_ordinary_length_is_shown_whole_as_before():
    assert text(diagnostic("\tGET /\t", 2, 3)).split("\n")[3:5] == ["7 |     GET /    ", "  |     ^^^"]


BODY_CASES = [c for c in load_cases(REPO / "tests" / "fixtures" / "console.yaml") if "column" in c.values[0]]


@pytest.mark.parametrize("case", BODY_CASES)
def test_a_body_error_points_at_its_column_with_its_hint(case):
    content = case["content"]
    positions = tuple(Pos("page.asciidoc", 100 + i) for i in range(content.count("\n")))
    diagnostics = Diagnostics()
    parse_requests(content, positions, Pos("page.asciidoc", 99), diagnostics)
    (error,) = diagnostics.errors
    assert (error.pos.line, error.pos.column) == (100 + case["line"], case["column"])
    if "hint" in case:
        assert error.hint == case["hint"]


def test_tests_points_at_a_trailing_comma_as_convert_does(tmp_path):
    page = '=== T\n\n[source,console]\n----\nPUT a\n{\n  "x": [1, 2],\n}\n----\n'
    write_tree(tmp_path, {"x.asciidoc": page})
    for command in (["convert"], ["tests", "-o", str(tmp_path / "out")]):
        result = run_cli(*command, str(tmp_path / "x.asciidoc"), "--error-format", "json")
        problem = json.loads(result.stderr.splitlines()[0])
        assert problem["title"] == "request body is not JSON: trailing comma"
        assert (problem["line"], problem["column"]) == (7, 14)
        assert problem["hint"] == "remove the trailing comma: JSON allows none after the last member"


def test_the_caret_stands_under_its_character_after_wide_and_combining_ones():
    # Two cells for each CJK character, none for a combining accent: the column counts characters, the
    # caret counts what the terminal shows.
    wide = text(diagnostic('{"日本語": "日本", "x": 1,}', 21)).split("\n")[3:5]
    assert wide == ['7 | {"日本語": "日本", "x": 1,}', "  | " + " " * 25 + "^"]
    combining = text(diagnostic('{"e": "e\u0301e\u0301", "x": 1,}', 20)).split("\n")[3:5]
    assert combining[1] == "  | " + " " * 17 + "^"
