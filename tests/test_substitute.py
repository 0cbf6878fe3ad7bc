"""Java regex and replacement semantics of s/…/…/ substitutions, translated to Python."""

import inspect
import sys

import pytest

from docextract.model import Pos, Substitution
from docextract.syntax import javaregex
from docextract.syntax.javaregex import translate as translate_pattern
from docextract.testgen import substitute
from docextract.testgen.substitute import SubstitutionError, apply

POS = Pos("page.asciidoc", 9, 12)


@pytest.mark.parametrize(
    ("content", "pattern", "replacement", "expected"),
    [
        ('"took" : 68,\n', r'"took" : 68', r'"took" : $body.took', '"took" : $body.took,\n'),  # $body kept
        ('"n" : 3\n', r"\d+", r"$body.$_path", '"n" : $body.$_path\n'),  # $_path kept
        ("PUT /i/_doc/1\n", r"_doc\/1", r"_doc\/2", "PUT /i/_doc/2\n"),  # \/ is a slash on both sides
        ("abc\n", r"(b)", r"[$1]", "a[b]c\n"),  # $1 is a group
        ("abc\n", r"(?<x>b)", r"[${x}]", "a[b]c\n"),  # (?<name>…) and ${name}
        ("abc\n", r"(b)", r"$12", "ab2c\n"),  # Java stops at the digits that still name a group
        ("a.b\n", r"\Q.\E", r"-", "a-b\n"),  # \Q…\E quotes
        ("GET /\n", r"\n$", r"\nstartyaml\n  - x\nendyaml\n", "GET /\nstartyaml\n  - x\nendyaml\n"),  # \n, $
        ("a b\n", r"\h", r"_", "a_b\n"),  # \h is horizontal whitespace
        ("x1\n", r"\p{Alpha}", r"y", "y1\n"),  # POSIX classes are ASCII
        ("price $5\n", r"\$5", r"\$6", "price $6\n"),  # \$ is a dollar in both
        ("aaa\n", r"a++", r"b", "b\n"),  # possessive quantifiers
    ],
)
def test_substitution(content, pattern, replacement, expected):
    assert substitute.substitute(content, pattern, replacement)[0] == expected


@pytest.mark.parametrize(
    ("pattern", "replacement", "message"),
    [
        ("a", r"$node_name", "illegal group reference `$node_name`"),
        ("(a)", r"$2", "no group 2"),
        ("a", "x\\", "a backslash at the end"),
        ("(", "x", "invalid regex"),
        ("[a-z&&[^aeiou]]", "x", "intersection"),
        ("(" * 500 + "a" + ")" * 500, "x", "groups nested more than 100 deep are not supported"),
        ("(?:" * 500 + "a", "x", "groups nested more than 100 deep are not supported"),  # before the )s
    ],
)
def test_what_java_rejects_is_an_error(pattern, replacement, message):
    with pytest.raises(SubstitutionError, match=message.replace("$", r"\$").replace("(", r"\(")):
        substitute.substitute("a\n", pattern, replacement)


def test_groups_nest_100_deep_and_a_class_or_a_quote_holds_characters():
    for pattern in ["(?:" * 100 + "a" + ")" * 100, "[(]" * 500, r"\Q" + "(" * 500 + r"\E", r"\(" * 500]:
        assert javaregex.compile(pattern)


def test_a_pattern_that_runs_out_of_stack_is_an_error():
    """Groups are bounded before compiling; the stack left to the regex module is not (a deep caller)."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 60)
    try:
        with pytest.raises(javaregex.JavaRegexError, match="nests too deep to compile"):
            javaregex.compile("(?:" * 99 + "b" + ")" * 99)
    finally:
        sys.setrecursionlimit(limit)


def test_translation_keeps_what_python_spells_alike():
    assert translate_pattern(r"^\d+ [a-z]*(?:x|y)$") == r"^\d+ [a-z]*(?:x|y)$"
    assert translate_pattern(r"\z") == r"\Z"
    assert translate_pattern(r"\Z") == r"(?=\n?\Z)"


def test_identical_patterns_are_applied_together_at_the_first_place():
    subs = tuple(
        Substitution(p, r, POS)
        for p, r in [(r"_doc\/1", r"_doc\/2"), (r"_doc\/2", r"_doc\/1"), (r"_doc\/1", r"_doc\/3")]
    )
    content, problems = apply("PUT /i/_doc/1\n", subs, {}, POS)
    assert content == "PUT /i/_doc/1\n"  # written order would give _doc/3
    assert [(p.code, p.pos) for p in problems] == [("substitution-unmatched", POS)]


def test_an_unmatched_substitution_after_one_with_its_pattern_says_why():
    # simulate-pipeline.asciidoc: each timestamp written twice, one substitution meant for each place.
    first, second, other = Pos("p.asciidoc", 419, 17), Pos("p.asciidoc", 420, 17), Pos("p.asciidoc", 421, 17)
    subs = (
        Substitution('"T1"', "$body.a.0", first),
        Substitution('"T1"', "$body.a.1", second),
        Substitution('"T9"', "$body.b", other),
    )
    content, problems = apply('"T1" "T1"\n', subs, {}, POS)
    assert content == "$body.a.0 $body.a.0\n"
    grouped, alone = problems
    assert (grouped.code, grouped.pos) == ("substitution-unmatched", second)
    assert "same pattern at line 419 replaced every match" in grouped.message
    assert grouped.hint is not None and "applied together" in grouped.hint
    # One that matched nothing with no other of its pattern keeps the code's own hint.
    assert (alone.code, alone.pos, alone.hint) == ("substitution-unmatched", other, None)
    assert alone.message == 's/"T9"/…/ matches nothing'


def test_defaults_come_first_and_may_match_nothing():
    content, problems = apply(
        "v{version}\n", (Substitution(r"v8", "w8", POS),), {r"\{version\}": "8.13.0"}, POS
    )
    assert content == "w8.13.0\n" and problems == []


def test_a_pathological_pattern_is_stopped(monkeypatch):
    monkeypatch.setattr(javaregex, "TIMEOUT_SECONDS", 0.05)
    content = "x" * 5000 + "\n"
    _, problems = apply(content, (Substitution(r"(x+x+)+y", "z", POS),), {}, POS)
    assert [p.code for p in problems] == ["substitution-timeout"]


def test_a_snippet_spends_one_time_bound_at_most(monkeypatch):
    monkeypatch.setattr(javaregex, "TIMEOUT_SECONDS", 0.05)
    content = "x" * 5000 + "\n"
    slow = tuple(Substitution(rf"(x+x+)+y{n}", "z", POS) for n in range(5))
    _, problems = apply(content, slow, {}, POS)
    assert [p.code for p in problems] == ["substitution-timeout"]  # the four others were not tried


@pytest.mark.parametrize(
    ("pattern", "text", "found"),
    [
        (r"\w", "é", False),  # Java's classes are ASCII ...
        (r"(?U)\w", "é", True),  # ... unless UNICODE_CHARACTER_CLASS
        (r"(?U)\p{Alpha}", "é", True),
        (r"(?iU)é", "É", True),  # which brings Unicode case folding
        (r"(?i)é", "É", False),
        (r"(?d)^a.$", "a\r", True),  # UNIX_LINES: only \n ends a line, as Python reads every pattern
        (r"(?d:a.)", "ab", True),
        (r"\p{javaLowerCase}", "é", True),
        (r"\p{javaLowerCase}", "E", False),
        (r"\P{javaLowerCase}", "E", True),
        (r"[\p{javaUpperCase}\w]", "É", True),  # a Unicode property in a class, \w in it still ASCII
        (r"[\p{javaUpperCase}\w]", "é", False),
        (r"\p{javaWhitespace}", "\x1c", True),
        (r"\p{javaWhitespace}", "\xa0", False),  # a no-break space is not Java whitespace
        (r"\p{L}", "é", True),  # Unicode properties are Unicode beside ASCII \w
        (r"\p{IsAlphabetic}", "é", True),
    ],
)
def test_unicode_and_unix_lines_flags_and_java_classes(pattern, text, found):
    assert javaregex.search(pattern, text) is found


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        (r"a(?U)b", "(?U) is supported at the very start of the pattern only"),
        (r"(?U:a)", "(?U) is supported at the very start of the pattern only"),
        (r"(?u)a", "(?u), Unicode case folding alone, is not supported"),
        (r"(?w)a", "unknown inline flag `w` in (?w)"),
        (r"\p{javaFoo}", r"unknown character class \p{javaFoo}"),
        (r"(?U)\p{Graph}", r"\p{Graph} under (?U) is not supported"),
        (r"[\p{L}\W]", r"\W, \D or \S in a character class with a Unicode property is not supported"),
    ],
)
def test_flags_and_classes_that_cannot_be_expressed_are_named(pattern, message):
    with pytest.raises(javaregex.JavaRegexError) as error:
        javaregex.compile(pattern)
    assert str(error.value).startswith(message)
