"""Parameter lists and response codes as their writer meant them, driven by tests/fixtures/params.yaml:
labels after a term's code span, "Properties of `x`" blocks not attached with `+`, chapters that
include whole API pages; and endpoints, written as lines or shown as console snippets."""

from __future__ import annotations

import pytest

from conftest import REPO, load_cases, write_tree
from docextract.export import page_data
from docextract.pages import Readers
from docextract.settings import Settings

CASES = load_cases(REPO / "tests" / "fixtures" / "params.yaml")
NOT_COMPARED = {"name", "docs", "page", "read"}


def _named(actual, expected):
    """actual cut down to what expected names: the keys of its mappings, item by item in its lists."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        return {key: _named(actual.get(key), value) for key, value in expected.items()}
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        return [_named(a, e) for a, e in zip(actual, expected, strict=True)]
    return actual


def _at(diagnostic) -> dict[str, str]:
    pos = diagnostic.pos
    return {"code": diagnostic.code, "at": f"{pos.file}:{pos.line}:{pos.column}"}


@pytest.mark.parametrize("case", CASES)
def test_lists_read_as_meant(case, tmp_path):
    write_tree(tmp_path, case["docs"])
    page, read = Readers().read(tmp_path / case.get("page", "page.asciidoc"), Settings(tmp_path.resolve()))
    assert [_at(d) for d in read] == case.get("read", []), [d.title for d in read]
    data = page_data(page)
    expected = {key: value for key, value in case.items() if key not in NOT_COMPARED}
    assert expected and _named(data, expected) == expected


def test_the_fixtures_name_lists_to_compare():
    # _named would compare nothing if a case named no list: every case names one at least.
    lists = {"endpoints", "path_parameters", "query_parameters", "request_body", "response_codes", "includes"}
    for case in CASES:
        assert lists & set(case.values[0]), case.id
