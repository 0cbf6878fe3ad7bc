"""YAML read from the files docextract is given: dates as text, values their tag cannot be and aliases past
the budget as YAML errors with the position of the value, and the costly texts bounded."""

import time

import pytest
import yaml

import fuzzing
from docextract.syntax import yamlread


def problem(text: str) -> tuple[str, int, int]:
    """The problem of a text that does not load, and its 1-based line and column."""
    with pytest.raises(yaml.YAMLError) as caught:
        yamlread.load(text)
    mark = caught.value.problem_mark
    return caught.value.problem, mark.line + 1, mark.column + 1


@pytest.mark.parametrize(
    "value", ["2020-02-30", "2020-13-45", "2020-01-01T25:00:00", "2020-01-01", "2001-12-14 21:59:43.10 -5"]
)
def test_dates_stay_the_text_written_as_elasticsearch_reads_them(value):
    assert yamlread.load(f"a: {value}\n") == {"a": value}


def test_an_explicit_timestamp_is_text_too():
    assert yamlread.load("a: !!timestamp x\n") == {"a": "x"}


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("a: 1\nb: !!float abc\n", "'abc' is not a valid !!float value"),
        ("a: 1\nb: !!int abc\n", "'abc' is not a valid !!int value"),
        ("a: 1\nb: " + "1" * 5000 + "\n", "'" + "1" * 40 + "'… is not a valid !!int value"),
    ],
)
def test_a_value_its_tag_cannot_be_is_an_error_at_the_value(text, title):
    found = problem(text)
    assert found[0].startswith(title) and found[1:] == (2, 4)


def test_a_value_error_inside_a_nested_list_is_found_where_it_stands():
    assert problem("a:\n  - b: [1, !!float x]\n")[1:] == (2, 12)


LAUGHS = fuzzing.yaml_laughs()


def test_nested_aliases_stop_at_the_alias_that_passes_the_budget_soon_and_in_little_memory():
    started = time.perf_counter()
    title, line, column = problem(LAUGHS + "navigation_title: *i\n")
    assert time.perf_counter() - started < 1
    assert title == "the alias *e takes what aliases repeat past 1,000,000 characters"
    assert (line, column) == (6, 26)
    assert LAUGHS.splitlines()[line - 1][column - 1 :].startswith("*e")


def test_aliases_within_the_budget_load():
    assert yamlread.load("a: &a [1, 2]\nb: *a\nc: '&*'\n") == {"a": [1, 2], "b": [1, 2], "c": "&*"}


def test_an_alias_inside_the_value_it_names_is_an_error():
    assert problem("a: &a [1, *a]\n") == ("the alias *a stands inside the value it names", 1, 11)


def test_aliases_are_counted_on_the_composed_nodes_without_parsing_the_text_again(monkeypatch):
    """The parse is what a text in error needs only, to name the alias and where it stands."""
    monkeypatch.setattr(yaml, "parse", lambda *args, **kwargs: pytest.fail("the text was parsed again"))
    text = 'a: &a {b: &b [x, "a&b"]}\nc: [*a, *b, {"k":*b}]\nd: logs-*\n'
    assert yamlread.load(text) == {
        "a": {"b": ["x", "a&b"]},
        "c": [{"b": ["x", "a&b"]}, ["x", "a&b"], {"k": ["x", "a&b"]}],
        "d": "logs-*",
    }


def test_an_alias_right_after_a_flow_key_s_colon_counts_too():
    """The laughs again, each alias the value of a quoted key: no space stands before the * of {"k":*a}."""
    lines = ["a: &a [x,x,x,x,x,x,x,x,x]"]
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        item = '{"k":*' + previous + "}"
        lines.append(f"{name}: &{name} [{','.join([item] * 9)}]")
    flow = "\n".join(lines) + "\n"
    title, line, column = problem(flow)
    assert title == "the alias *e takes what aliases repeat past 1,000,000 characters"
    assert flow.splitlines()[line - 1][column - 1 :].startswith("*e}")


def test_the_budget_spans_the_documents_of_a_text():
    """Each document stays within it, the text does not: what a reader holds at once is the text's."""
    document = "a: &a [" + ",".join(["xxxxxxxxx"] * 1000) + "]\nb: [" + ",".join(["*a"] * 60) + "]\n"
    assert len(yamlread.compose_all(document)) == 1
    with pytest.raises(yamlread.AliasError, match="past 1,000,000"):
        yamlread.compose_all(document + "---\n" + document)


def test_anchors_are_each_document_s_own():
    """An anchor of an earlier document names nothing: the composer's own error, not the budget's."""
    with pytest.raises(yaml.composer.ComposerError):
        yamlread.compose_all("a: &a [1]\n---\nb: *a\n")


def test_a_problem_at_the_end_of_the_text_is_marked_after_its_last_character():
    assert problem("a: [1,\n\n")[1:] == (1, 7)


def test_compose_and_construct_read_the_same_as_load():
    text = "a: 2020-02-30\nb: [1, {c: 2.5}]\n"
    assert yamlread.construct(yamlread.compose(text)) == yamlread.load(text)


def test_an_error_brings_its_hint():
    with pytest.raises(yaml.YAMLError) as caught:
        yamlread.load(LAUGHS + "x: *i\n")
    assert "nested aliases" in yamlread.hint(caught.value, "default")
    with pytest.raises(yaml.YAMLError) as caught:
        yamlread.load("a: [\n")
    assert yamlread.hint(caught.value, "default") == "default"
