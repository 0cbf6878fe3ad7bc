"""The bounds of the README's Limits section: past each, convert and tests end soon, in little memory,
with the error the README names. Each page (tests/fuzzing.py, limit_pages) runs in a forked process
that measures both; `python bench/fuzz.py --limits` prints the figures."""

import pytest

import fuzzing
from docextract.asciidoc.files import MAX_PAGE_LINES
from docextract.asciidoc.fold import MAX_NESTING
from docextract.asciidoc.reader import MAX_INCLUDE_DEPTH
from docextract.syntax.console import MAX_JSON_DEPTH
from docextract.syntax.javaregex import MAX_NESTING as MAX_GROUPS
from docextract.syntax.javaregex import TIMEOUT_SECONDS
from docextract.syntax.pagefile import MAX_PAGE_BYTES
from docextract.syntax.textlines import MAX_LINE
from docextract.syntax.yamlread import MAX_ALIAS_COST

PAGES = fuzzing.limit_pages()


def run(name: str) -> fuzzing.Verdict:
    verdict = fuzzing.check_limit(PAGES[name])
    assert verdict.problems == []
    return verdict


def both(verdict: fuzzing.Verdict) -> list[list[str]]:
    return [verdict.codes("convert"), verdict.codes("tests")]


def test_the_limits_are_those_the_readme_gives():
    assert (MAX_INCLUDE_DEPTH, MAX_PAGE_BYTES, MAX_PAGE_LINES, MAX_LINE) == (64, 4 * 2**20, 100_000, 100_000)
    assert (MAX_NESTING, MAX_JSON_DEPTH, TIMEOUT_SECONDS) == (64, 100, 2.0)
    assert (MAX_ALIAS_COST, MAX_GROUPS) == (1_000_000, 100)


def test_includes_nest_64_deep_at_most():
    verdict = run("include depth")
    assert verdict.codes("convert") == ["include-too-deep"]
    assert verdict.seconds < 5 and verdict.grown_mb < 100


def test_an_include_cycle_is_an_error():
    assert run("include cycle").codes("convert") == ["include-loop"]


def test_includes_that_double_at_each_level_stop_at_the_page_size():
    """2**30 copies of a snippet, were they all read: the reader stops at MAX_PAGE_LINES."""
    verdict = run("includes doubling 30 times")
    assert verdict.codes("convert") == ["page-too-large"]
    assert verdict.seconds < 60 and verdict.grown_mb < 1000


def test_a_50_mb_page_is_not_read():
    assert len(PAGES["50 MB page"][fuzzing.PAGE]) > 50_000_000
    verdict = run("50 MB page")
    assert both(verdict) == [["page-too-large"]] * 2
    assert verdict.seconds < 5 and verdict.grown_mb < 100


def test_a_10_mb_line_is_not_read():
    verdict = run("10 MB line")
    assert both(verdict) == [["page-too-large"]] * 2
    assert verdict.seconds < 5 and verdict.grown_mb < 100


def test_a_line_of_a_million_characters_is_cut():
    """The cut annotation lacks its ]: that is reported too."""
    verdict = run("1 MB line")
    assert both(verdict) == [["line-too-long", "annotation-syntax"]] * 2
    assert verdict.seconds < 10 and verdict.grown_mb < 300


def test_attributes_that_double_at_each_line_are_cut():
    verdict = run("attributes doubling")
    assert verdict.codes("convert") == ["line-too-long"]
    assert verdict.seconds < 10 and verdict.grown_mb < 200


@pytest.mark.parametrize("name", ["blocks 1,000 deep", "lists 1,000 deep", "parameters 1,000 deep"])
def test_nesting_1000_deep_is_cut_at_64(name):
    verdict = run(name)
    assert "nesting-too-deep" in verdict.codes("convert")
    assert verdict.seconds < 10 and verdict.grown_mb < 200


def test_a_body_nested_1000_deep_is_an_error():
    verdict = run("body 1,000 deep")
    assert both(verdict) == [["console-body"]] * 2
    assert verdict.seconds < 5 and verdict.grown_mb < 100


def test_a_substitution_that_backtracks_for_ever_is_stopped():
    """convert does not run substitutions; tests stops each after TIMEOUT_SECONDS (the regex module
    looks at the clock now and then: it takes up to about twice that)."""
    verdict = run("backtracking substitution")
    assert both(verdict) == [[], ["substitution-timeout"]]
    assert verdict.seconds < 4 * TIMEOUT_SECONDS and verdict.grown_mb < 100


def test_yaml_aliases_that_multiply_stop_at_the_alias_past_the_budget():
    """Front matter of 9 levels of 9 aliases: 387 million strings, were they all repeated."""
    verdict = run("YAML aliases 9 deep")
    assert both(verdict) == [["front-matter-invalid"]] * 2
    assert verdict.seconds < 5 and verdict.grown_mb < 100


def test_a_substitution_with_groups_500_deep_is_invalid_not_a_crash():
    verdict = run("substitution groups 500 deep")
    assert both(verdict) == [[], ["substitution-invalid"]]
    assert verdict.seconds < 5 and verdict.grown_mb < 100
