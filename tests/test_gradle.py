"""Named setups read out of docs/build.gradle: the corpus file, then one Groovy snippet per construct."""

import time

import pytest
import yaml
from lark import Lark

from conftest import SHARED
from docextract.diagnostics import Diagnostics, Severity
from docextract.gradle import read_gradle
from docextract.gradle.lex import Newlines
from docextract.model import Pos
from docextract.syntax.grammar import grammar_text

BUILD_GRADLE = SHARED / "corpus" / "es-docs" / "docs" / "build.gradle"


def literal(name: str) -> str:
    """A setup written as one triple-quoted literal, cut out of the corpus file by plain string search
    (the repository carries no copy of it)."""
    text = BUILD_GRADLE.read_text(encoding="utf-8")
    opening = f"buildRestTests.setups['{name}'] = " + "'" * 3
    start = text.index(opening) + len(opening)
    return text[start : text.index("'" * 3, start)]


def read(text: str):
    diagnostics = Diagnostics()
    return read_gradle(text, "build.gradle", diagnostics), diagnostics


def setups(text: str) -> dict[str, str]:
    definitions, diagnostics = read(text)
    assert not diagnostics.items, [d.title for d in diagnostics]
    return {name: fragment.text for name, fragment in definitions.setups.items()}


def bulk_body(setup_text: str) -> list:
    """The documents of the bulk step of a setup, parsed."""
    steps = yaml.safe_load(setup_text)
    body = next(step["do"]["bulk"]["body"] for step in steps if "bulk" in step.get("do", {}))
    return [yaml.safe_load(line) for line in body.splitlines()]


@pytest.mark.parametrize("postlex", [None, Newlines()], ids=["bare", "with-postlex"])
def test_grammar_loads_strictly(postlex):
    parser = Lark(
        grammar_text("gradle"), parser="lalr", start="start", lexer="contextual", strict=True, postlex=postlex
    )
    assert parser.terminals


# The corpus file


@pytest.fixture(scope="module")
def corpus():
    return read(BUILD_GRADLE.read_text(encoding="utf-8"))


def test_corpus_reads_without_diagnostics(corpus):
    definitions, diagnostics = corpus
    assert not diagnostics.items, [f"{d.pos}: {d.title}" for d in diagnostics]
    assert definitions.teardowns == {}


def test_corpus_setup_names(corpus):
    names = set(corpus[0].setups)
    assert len(names) == 52  # 49 written out, and 3 made by the setupTwitter closure
    expected = {"twitter", "big_twitter", "huge_twitter", "host", "ledger", "sales", "exams", "bank"}
    expected |= {"stored_example_script", "calendar_outages_addjob", "simple_kibana_continuous_pivot"}
    expected |= {"server_metrics_openjob", "server_metrics_job-raw", "setup-repository"}
    assert expected <= names


@pytest.mark.parametrize(
    ("name", "text"), [(n, literal(n)) for n in ("host", "ledger", "stored_example_script")]
)
def test_corpus_setup_texts_as_quoted_in_the_spec(corpus, name, text):
    assert corpus[0].setups[name].text == text


def test_corpus_setup_positions(corpus):
    found = corpus[0].setups
    assert found["host"].pos == Pos("build.gradle", 170, 1)
    assert (found["twitter"].pos.line, found["twitter"].pos.column) == (130, 3)  # inside the closure
    assert found["calendar_outages_addevent"].pos.line == 1192  # defined twice; the second one counts


def test_corpus_twitter_setups_come_from_the_closure(corpus):
    found = corpus[0].setups
    documents = bulk_body(found["twitter"].text)
    assert len(documents) == 10  # an action line and a source line per document
    assert documents[0] == {"index": {"_id": "0"}}
    assert documents[1]["user"] == "kimchy"
    assert documents[3] == {
        "user": "test",
        "message": "some message with the number 1",
        "date": "2009-11-15T14:12:12",
        "likes": 1,
    }
    assert found["big_twitter"].text.count('{"index":{"_id"') == 120
    assert found["huge_twitter"].text.count('{"index":{"_id"') == 1200


def test_corpus_groovy_truth_in_loops(corpus):
    # for (i in 0..99) { def value = i; if (i % 10) { value = i * 10 } }: a zero remainder is false.
    documents = bulk_body(corpus[0].setups["latency"].text)
    load_times = [document["load_time"] for document in documents[1::2]]
    assert load_times == [str(i if i % 10 == 0 else i * 10) for i in range(100)]


def test_corpus_concatenated_setups(corpus):
    found = corpus[0].setups
    assert found["farequote_data"].text.startswith(found["farequote_index"].text)
    assert found["farequote_job"].text.startswith(found["farequote_data"].text)
    pivot = found["simple_kibana_continuous_pivot"].text
    assert pivot.startswith(found["kibana_sample_data_ecommerce"].text + found["add_timestamp_pipeline"].text)
    assert found["stackoverflow"].text.endswith('"tags": ["elasticsearch", "cabana"]}\n')


def test_corpus_expected_unconverted_candidates(corpus):
    candidates = corpus[0].expected_unconverted
    assert len(candidates) == 14
    assert candidates[0] == "reference/ml/anomaly-detection/transforms.asciidoc"


def test_corpus_setups_are_yaml_lists_of_steps(corpus):
    for name, fragment in corpus[0].setups.items():
        steps = yaml.safe_load(fragment.text)
        assert isinstance(steps, list) and all(isinstance(step, dict) for step in steps), name


def test_corpus_bank_keeps_its_placeholder(corpus):
    # The file's doFirst { … } would put accounts.json in place of #bank_data#; it is not run. Standing at
    # column 0, the placeholder is a YAML comment that ends the `body: |` block, so the body is empty.
    text = corpus[0].setups["bank"].text
    assert "\n#bank_data#\n" in text
    assert yaml.safe_load(text)[1] == {"do": {"bulk": {"index": "bank", "refresh": True, "body": ""}}}


# One construct per snippet


def test_plain_strings_do_not_interpolate():
    assert setups("""setups['a'] = '$x ${y}'\nsetups['b'] = '''$x'''""") == {"a": "$x ${y}", "b": "$x"}


def test_gstring_interpolation_forms():
    found = setups(
        """
        def n = 3
        buildRestTests.expectedUnconvertedCandidates = ['p', 'q']
        setups['name'] = "n=$n."
        setups['path'] = "list: $buildRestTests.expectedUnconvertedCandidates."
        setups['expression'] = "${n * 2} ${'x' + n} ${n == 3}"
        setups['dollar'] = "\\$n costs \\${n}"
        """
    )
    assert found == {
        "name": "n=3.",
        "path": "list: [p, q].",
        "expression": "6 x3 true",
        "dollar": "$n costs ${n}",
    }


def test_triple_double_quoted_gstring():
    found = setups('def i = 7\nsetups[\'a\'] = """\n  {"_id": "$i"}\n  "quoted" ""twice"" """""')
    assert found == {"a": '\n  {"_id": "7"}\n  "quoted" ""twice"" ""'}  # a text may end in quotes


def test_string_kinds_side_by_side_keep_their_own_text_rules():
    found = setups(
        "buildRestTests.expectedUnconvertedCandidates = ['p']\n"
        "def t = buildRestTests\n"
        """setups['a'] = "$t.expectedUnconvertedCandidates" + "${1}" + '''"''' + '"'\n"""
        '''setups['b'] = '"' + """${2} $t.expectedUnconvertedCandidates""" + "'"\n'''
    )
    assert found == {"a": '[p]1""', "b": "\"2 [p]'"}


def test_crlf_line_ends():
    found = setups("setups['a'] = '''\r\n  - do: {}\r\n'''\r\nsetups['b'] = 'x' +\r\n  'y'\r\n")
    assert found == {"a": "\n  - do: {}\n", "b": "xy"}


def test_escapes_in_every_kind_of_string():
    found = setups(
        r"""
        setups['single'] = 'tab\tnewline\nquote\'backslash\\dollar\$unicode\u00e9octal\101space\s.'
        setups['triple'] = '''it's ''quoted'' \''''
        setups['double'] = "say \"hi\"\n"
        """
    )
    assert found == {
        "single": "tab\tnewline\nquote'backslash\\dollar$unicodeéoctalAspace .",
        "triple": "it's ''quoted'' '",
        "double": 'say "hi"\n',
    }


def test_line_continuation_inside_and_outside_strings():
    found = setups("setups['a'] = '''one \\\ntwo'''\nsetups['b'] = 'x' \\\n  + 'y'\nsetups['c'] = 'p\\\nq'")
    assert found == {"a": "one two", "b": "xy", "c": "pq"}


def test_newlines_inside_brackets_and_after_operators_continue_a_statement():
    found = setups(
        """
        def parts = [
          'a',
          'b',
        ]
        setups['a'] = parts[0] +
          parts[1]
        setups['b'] = 'x#'
          .replace(
            '#', 'y')
        """
    )
    assert found == {"a": "ab", "b": "xy"}


def test_for_loop_with_if_else_and_groovy_truth():
    found = setups(
        """
        setups['a'] = ''
        for (int i = 0; i < 5; i++) {
          if (i % 2) {
            setups['a'] += "odd$i "
          } else if (i == 2) {
            setups['a'] += 'two '
          }
          else {
            setups['a'] += "even$i "
          }
        }
        """
    )
    assert found == {"a": "even0 odd1 two odd3 even4 "}


def test_closure_with_typed_parameters_called_with_and_without_parentheses():
    definitions, diagnostics = read(
        """
        Closure make = { String name, int count ->
          buildRestTests.setups[name] = "$name:"
          for (int i = 0; i < count; i++) {
            buildRestTests.setups[name] += " $i"
          }
        }
        make('a', 2)
        make 'b', 3
        """
    )
    assert not diagnostics.items
    assert {name: fragment.text for name, fragment in definitions.setups.items()} == {
        "a": "a: 0 1",
        "b": "b: 0 1 2",
    }
    assert definitions.setups["b"].pos.line == 3  # the assignment inside the closure


def test_closure_results_implicit_parameter_and_return():
    found = setups(
        """
        def shout = { word -> return word + '!' }
        def angle = { "<$it>" }
        setups['a'] = shout('hey') + angle('x') + angle.call('y')
        """
    )
    assert found == {"a": "hey!<x><y>"}


def test_plus_assign_on_a_missing_setup_starts_from_null_as_groovy_does():
    assert setups("setups['a'] += 'x'") == {"a": "nullx"}


def test_concatenation_of_setups_and_replace():
    found = setups(
        """
        buildRestTests.setups['base'] = '''
          - do: {}'''
        buildRestTests.setups['more'] = buildRestTests.setups['base'] + '''
          - match: {}'''
        buildRestTests.setups['patched'] = buildRestTests.setups['more'].replace('match', 'is_true')
        """
    )
    assert found["more"] == "\n  - do: {}\n  - match: {}".replace("\n", "\n        ")
    assert found["patched"] == found["more"].replace("match", "is_true")


def test_teardowns_and_expected_unconverted_candidates():
    definitions, diagnostics = read(
        """
        buildRestTests.teardowns['t'] = 'bye'
        buildRestTests.expectedUnconvertedCandidates = ['a.asciidoc']
        buildRestTests.expectedUnconvertedCandidates += ['b.asciidoc']
        """
    )
    assert not diagnostics.items
    assert definitions.teardowns["t"].text == "bye"
    assert definitions.expected_unconverted == ("a.asciidoc", "b.asciidoc")


def test_unknown_methods_and_their_closures_are_skipped_quietly():
    definitions, diagnostics = read(
        """
        apply plugin: 'elasticsearch.docs-test'
        buildRestTests.setups['a'] = 'before'
        buildRestTests.doFirst {
          buildRestTests.setups['a'] = 'after'
        }
        testClusters.integTest {
          setting 'path.repo', "${buildDir}/repo"
        }
        File accounts = new File("$projectDir/accounts.json")
        buildRestTests.docs = fileTree(projectDir) { exclude 'build' }
        dependencies { implementation project(path: ':x') }
        def settings = [a: 1, b: [:]]
        """
    )
    assert not diagnostics.items
    assert definitions.setups["a"].text == "before"


def test_unsupported_construct_in_a_setup_is_a_warning_and_the_setup_is_left_out():
    definitions, diagnostics = read(
        """
        buildRestTests.setups['a'] = 'fine'
        buildRestTests.setups['b'] = '''
          - do: {}''' + project.name
        buildRestTests.setups['c'] = buildRestTests.setups['b'] + 'more'
        """
    )
    assert list(definitions.setups) == ["a"]
    first, second = diagnostics.items
    assert (first.severity, first.code) == (Severity.WARNING, "gradle-unsupported")
    assert (first.pos.file, first.pos.line) == ("build.gradle", 3)
    assert (
        first.title
        == "setup 'b' left out: cannot evaluate `project`, which this file does not define (line 4)"
    )
    assert first.hint
    assert second.pos.line == 5
    assert "setup 'b', which is left out" in second.title


def test_unsupported_construct_around_setups_is_reported_once():
    definitions, diagnostics = read(
        """
        if (System.getProperty('fips')) {
          setups['a'] = 'x'
        }
        setups['b'] = ''
        for (int i = 0; i < 3; i++) {
          setups['b'] += unknown
        }
        """
    )
    assert definitions.setups == {}
    assert [(d.pos.line, d.title) for d in diagnostics] == [
        (2, "setup 'a' left out: cannot evaluate `System`, which this file does not define"),
        (7, "setup 'b' left out: cannot evaluate `unknown`, which this file does not define"),
    ]


def test_syntax_error_gives_an_error_with_line_and_column():
    definitions, diagnostics = read("setups['a'] = 'x'\nsetups['b'] = 'y' }\n")
    assert definitions.setups == {}
    (error,) = diagnostics.items
    assert (error.severity, error.code) == (Severity.ERROR, "gradle-syntax")
    assert (error.pos.line, error.pos.column) == (2, 19)
    assert error.title == "cannot parse this Groovy: unexpected `}`"
    assert error.source_line == "setups['b'] = 'y' }"
    assert "end of file" in error.hint


def test_unclosed_string_is_a_syntax_error_at_the_end_of_the_line():
    (error,) = read("setups['a'] = 'x\n")[1].items
    assert (error.pos.line, error.pos.column, error.title) == (
        1,
        17,
        "cannot parse this Groovy: unexpected end of line",
    )


def test_an_unclosed_triple_quoted_string_is_reported_where_it_opens():
    (error,) = read("setups['a'] = '''\n  - do:\n      x: y\nsetups['b'] = 'z'\n")[1].items
    assert (error.code, error.pos.line, error.pos.column) == ("gradle-syntax", 1, 15)
    assert error.title == "this ''' string is never closed"
    assert error.source_line == "setups['a'] = '''"


# A closure, on line 1, that spends the file's step budget when called: the file stops at the statement
# that calls it, with one warning, not also one for the setup that statement assigns.
SPIN = "def spin = { for (int i = 0; i < 100000; i++) { for (int j = 0; j < 100000; j++) { } }; 'x' }\n"


@pytest.mark.parametrize(
    ("script", "title"),
    [
        (
            "setups['a'] = 'a' * 1000000000",
            "setup 'a' left out: cannot evaluate a string of more than 4,194,304 characters",
        ),
        (
            "def s = 'a'\nfor (int i = 0; i < 60; i++) { s = s + s }\nsetups['a'] = s",
            "setup 'a' left out: cannot evaluate `s`, set from a string of more than 4,194,304 characters "
            "at line 2",
        ),
        (
            'def s = "a"\nfor (int i = 0; i < 60; i++) { s = "${s}${s}" }\nsetups[\'a\'] = s',
            "setup 'a' left out: cannot evaluate `s`, set from a string of more than 4,194,304 characters "
            "at line 2",
        ),
        (
            "def s = 'aa'\nfor (int i = 0; i < 60; i++) { s = s.replace('a', 'aa') }\nsetups['a'] = s",
            "setup 'a' left out: cannot evaluate `s`, set from a string of more than 4,194,304 characters "
            "at line 2",
        ),
        (
            "def l = [1]\nfor (int i = 0; i < 60; i++) { l = [l, l] }\nsetups['a'] = \"${l}\"",
            "setup 'a' left out: cannot evaluate `l`, set from a list of more than 100,000 items at line 2",
        ),
        (
            "def l = []\nfor (int i = 0; i < 50000; i++) { l = [l] }\nsetups['a'] = \"${l}\"",
            "setup 'a' left out: cannot evaluate `l`, set from lists nested more than 100 deep at line 2",
        ),
        (
            "def n = 2\nfor (int i = 0; i < 40; i++) { n = n * n }\nsetups['a'] = \"${n}\"",
            "setup 'a' left out: cannot evaluate `n`, set from a number past 9,223,372,036,854,775,808 "
            "(Java's long) at line 2",
        ),
        (
            "setups['a'] = 'x'\nfor (int i = 0; i < 100000; i++) { for (int j = 0; j < 100000; j++) { } }\n"
            "setups['b'] = 'y'",
            "build.gradle is run no further: cannot evaluate more than 1,000,000 steps (statements and "
            "expressions)",
        ),
        (
            f"{SPIN}setups['a'] = spin()\nsetups['b'] = 'y'",
            "build.gradle is run no further: cannot evaluate more than 1,000,000 steps (statements and "
            "expressions) (line 1)",
        ),
        (
            f"{SPIN}def v = spin()\nsetups['b'] = v",
            "build.gradle is run no further: cannot evaluate more than 1,000,000 steps (statements and "
            "expressions) (line 1)",
        ),
        ("setups['a'] = " + "9" * 5000, "setup 'a' left out: cannot evaluate a number of 5,000 digits"),
    ],
    ids=[
        "repeat",
        "doubling",
        "gstring",
        "replace",
        "list-doubling",
        "list-depth",
        "number",
        "work",
        "work-in-closure",
        "work-in-declaration",
        "digits",
    ],
)
def test_what_would_fill_the_memory_or_run_for_hours_is_left_out_in_seconds(script, title):
    started = time.monotonic()
    definitions, diagnostics = read(script)
    assert time.monotonic() - started < 5
    assert [(d.code, d.title) for d in diagnostics] == [("gradle-unsupported", title)]
    assert "b" not in definitions.setups  # nothing after a file's work bound is spent


@pytest.mark.parametrize(
    "script", ["setups['a'] = " + " + ".join(["'a'"] * 20000), "if (true) {\n" * 3000 + "}\n" * 3000]
)
def test_syntax_nested_past_100_deep_is_refused_before_it_is_run(script):
    definitions, diagnostics = read(script)
    (error,) = diagnostics.items
    assert (error.code, error.title) == (
        "gradle-syntax",
        "this Groovy nests more than 100 deep (blocks, brackets and operators)",
    )
    assert definitions.setups == {}
