"""Assertion steps against a response: the rules of Elasticsearch's runner and the titles a writer reads."""

import pytest

from docextract.runner.assertions import MISSING, Outcome, check, first_difference
from docextract.runner.stash import Stash
from docextract.syntax import javaregex

FAILURE = {
    "shard": 0,
    "index": "my-index-000001",
    "node": "4kG2",
    "reason": {"type": "query_shard_exception"},
}
HIT = {"_index": "my-index-000001", "_id": "1", "_score": 1.0, "_source": {"user": {"id": "elkbee"}}}
BODY = {
    "took": 68,
    "timed_out": False,
    "_shards": {"total": 2, "failed": 1, "failures": [FAILURE]},
    "hits": {
        "total": {"value": 2, "relation": "eq"},
        "max_score": 1.0,
        "hits": [HIT, {"_index": "my-index-000001", "_id": "2", "_score": 0.5}],
    },
    "tags": ["a", "b"],
    "plugins": [{"name": "analysis-icu", "version": "1"}, {"name": "painless", "version": "1"}],
    "nodes": {"n1": {"http": {"publish_address": "127.0.0.1:9200"}}},
    "message": "GET /search HTTP/1.1 200 1070000",
    "count": 3,
    "score": 1.5,
    "word": "banana",
    "flag": True,
    "zero": 0,
    "nothing": None,
}


def run(kind, args, body=BODY, **stashed) -> Outcome:
    stash = Stash()
    stash.stash_body(body)
    stash.set("master", "n1")
    stash.set("id", "1")
    for name, value in stashed.items():
        stash.set(name, value)
    return check(kind, args, body, stash)


def case(kind, args, ok, title, id):
    return pytest.param(kind, args, ok, title, id=id)


CASES = [
    # match: scalars
    case("match", {"took": 68}, True, "match took", "equal"),
    case("match", {"hits.total.value": 3}, False, "match hits.total.value: expected 3, got 2", "path"),
    case(
        "match",
        {"$body.hits.total.value": 3},
        False,
        "match $body.hits.total.value: expected 3, got 2",
        "body",
    ),
    case("match", {"hits.max_score": 1}, True, "match hits.max_score", "int-matches-float"),
    case("match", {"count": 3.0}, True, "match count", "float-matches-int"),
    case(
        "match", {"hits.total": {"value": 2.0, "relation": "eq"}}, True, "match hits.total", "nested-numbers"
    ),
    case("match", {"hits.total.value": 2.5}, False, "match hits.total.value: expected 2.5, got 2", "number"),
    case("match", {"flag": 1}, False, "match flag: expected 1, got true", "true-is-not-1"),
    case("match", {"zero": False}, False, "match zero: expected false, got 0", "0-is-not-false"),
    case("match", {"timed_out": False}, True, "match timed_out", "boolean"),
    case("match", {"word": "Banana"}, False, 'match word: expected "Banana", got "banana"', "string-exact"),
    case("match", {"count": "3"}, False, 'match count: expected "3", got 3', "string-is-not-number"),
    case("match", {"nothing": None}, True, "match nothing", "null"),
    case("match", {"count": None}, False, "match count: expected null, got 3", "expected-null"),
    case("match", {"nothing": 3}, False, "match nothing: expected 3, got null", "actual-null"),
    # match: what the response does not have
    case("match", {"absent": None}, True, "match absent", "missing-reads-as-null"),
    case("match", {"hits.nope": 1}, False, "match hits.nope: the response has no hits.nope", "missing"),
    case(
        "match",
        {"hits.hits.5._id": "1"},
        False,
        "match hits.hits.5._id: hits.hits.5 is out of range: the list has 2 items",
        "out-of-range",
    ),
    case(
        "match",
        {"$body.nope": 1},
        False,
        "match $body.nope: stashed value not found for key [body.nope]",
        "stash",
    ),
    # match: maps and lists
    case("match", {"hits.total": {"relation": "eq", "value": 2}}, True, "match hits.total", "key-order"),
    case(
        "match",
        {"hits.total": {"value": 2}},
        False,
        "match hits.total: the response has a key the docs do not show: `relation`",
        "extra-key",
    ),
    case(
        "match",
        {"hits.total": {"value": 2, "relation": "eq", "lower": 1}},
        False,
        "match hits.total: the docs show a key the response does not have: `lower`",
        "missing-key",
    ),
    case(
        "match",
        {"hits.total": 2},
        False,
        'match hits.total: expected 2, got {"value": 2, "relation": "eq"}',
        "structure-vs-scalar",
    ),
    case("match", {"tags": ["a", "b"]}, True, "match tags", "list"),
    case("match", {"tags": ["b", "a"]}, False, 'match tags: at 0 expected "b", got "a"', "list-order"),
    case(
        "match",
        {"tags": ["a"]},
        False,
        'match tags: the response has more items than the docs show (item 1: "b")',
        "extra-item",
    ),
    case(
        "match",
        {"tags": ["a", "b", "c"]},
        False,
        'match tags: the docs show more items than the response has (item 2: "c")',
        "missing-item",
    ),
    case("match", {"tags": {}}, False, 'match tags: expected {}, got ["a", "b"]', "map-vs-list"),
    case(
        "match",
        {"$body": {k: v for k, v in BODY.items() if k != "took"}},
        False,
        "match $body: the response has a key the docs do not show: `took`",
        "extra-key-at-root",
    ),
    case(
        "match",
        {"$body": {**BODY, "hits": {"total": {"value": 2, "relation": "eq"}, "hits": BODY["hits"]["hits"]}}},
        False,
        "match $body: at hits the response has a key the docs do not show: `max_score`",
        "extra-key-nested",
    ),
    # match: the stash
    case("match", {"hits.hits.0._id": "$id"}, True, "match hits.hits.0._id", "stashed-expected"),
    case(
        "match",
        {"hits.hits.0._id": "$nope"},
        False,
        "match hits.hits.0._id: stashed value not found for key [nope]",
        "stashed-missing",
    ),
    case(
        "match",
        {"nodes.$master.http.publish_address": "127.0.0.1:9200"},
        True,
        "match nodes.$master.http.publish_address",
        "stash-in-path",
    ),
    case(
        "match",
        {"$body.nodes.$master.http": {"publish_address": "127.0.0.1:9200"}},
        True,
        "match $body.nodes.$master.http",
        "stash-in-body-path",
    ),
    case(
        "match",
        {"nodes": {"$master": {"http": {"publish_address": "127.0.0.1:9200"}}}},
        True,
        "match nodes",
        "key",
    ),
    # is_true / is_false
    case("is_true", "hits.hits", True, "is_true hits.hits", "is-true"),
    case("is_true", "absent", False, "is_true absent: the response has no absent", "is-true-missing"),
    case("is_false", "absent", True, "is_false absent", "is-false-missing"),
    case(
        "is_false", "_shards.failures", False, "is_false _shards.failures: got [{...}]", "is-false-structure"
    ),
    case("is_false", "word", False, 'is_false word: got "banana"', "is-false-string"),
    case(
        "is_false",
        "tags.7",
        False,
        "is_false tags.7: tags.7 is out of range: the list has 2 items",
        "is-false-range",
    ),
    # length
    case("length", {"tags": 2}, True, "length tags", "length-list"),
    case("length", {"hits.total": 2}, True, "length hits.total", "length-map"),
    case("length", {"word": 6}, True, "length word", "length-string"),
    case("length", {"tags": "2"}, True, "length tags", "length-written-as-string"),
    case("length", {"tags": "$two"}, True, "length tags", "length-stashed"),
    case("length", {"hits.hits": 3}, False, "length hits.hits: expected 3, got 2", "length-fails"),
    case(
        "length",
        {"count": 1},
        False,
        "length count: expected a list, an object or a string, got 3",
        "length-type",
    ),
    case("length", {"nope": 1}, False, "length nope: the response has no nope", "length-missing"),
    case(
        "length", {"tags": "x"}, False, 'length tags: the expected length "x" is not a number', "length-nan"
    ),
    # gt, gte, lt, lte
    case("gt", {"took": 10}, True, "gt took", "gt"),
    case("gt", {"took": 68}, False, "gt took: expected a value greater than 68, got 68", "gt-fails"),
    case("gte", {"took": 68}, True, "gte took", "gte"),
    case(
        "gte",
        {"took": 69},
        False,
        "gte took: expected a value greater than or equal to 69, got 68",
        "gte-fails",
    ),
    case("lt", {"took": 100}, True, "lt took", "lt"),
    case("lt", {"took": 68}, False, "lt took: expected a value less than 68, got 68", "lt-fails"),
    case("lte", {"took": 68}, True, "lte took", "lte"),
    case(
        "lte", {"took": 67}, False, "lte took: expected a value less than or equal to 67, got 68", "lte-fails"
    ),
    case("lt", {"score": 2}, True, "lt score", "float-and-int"),
    case("gt", {"word": "apple"}, True, "gt word", "strings"),
    case("gt", {"word": 3}, False, 'gt word: cannot compare "banana" with 3', "string-and-number"),
    case("gt", {"flag": 0}, False, "gt flag: cannot compare true with 0", "boolean"),
    case("gt", {"nope": 0}, False, "gt nope: the response has no nope", "gt-missing"),
    # contains
    case("contains", {"plugins": {"name": "painless"}}, True, "contains plugins", "contains-object"),
    case(
        "contains",
        {"plugins": {"name": "nope"}},
        False,
        'contains plugins: no item of the list has {"name": "nope"}',
        "contains-object-fails",
    ),
    case(
        "contains",
        {"plugins": {"name": "painless", "version": 1}},
        False,
        'contains plugins: no item of the list has {"name": "painless", "version": 1}',
        "contains-values-exact",
    ),
    case("contains", {"message": "HTTP/1.1"}, True, "contains message", "contains-substring"),
    case(
        "contains",
        {"word": "cherry"},
        False,
        'contains word: "banana" does not contain "cherry"',
        "contains-substring-fails",
    ),
    case(
        "contains",
        {"tags": "a"},
        False,
        'contains tags: expected a list of objects or a string, got ["a", "b"] (looking for "a")',
        "contains-scalar-in-list",
    ),
    # close_to
    case("close_to", {"score": {"value": 1.49, "error": 0.02}}, True, "close_to score", "close-to"),
    case(
        "close_to", {"score": {"value": "$target", "error": 0.1}}, True, "close_to score", "close-to-stashed"
    ),
    case(
        "close_to",
        {"score": {"value": 1.4, "error": 0.05}},
        False,
        "close_to score: expected 1.4 ± 0.05, got 1.5",
        "close-to-fails",
    ),
    case(
        "close_to",
        {"word": {"value": 1.4, "error": 0.05}},
        False,
        'close_to word: expected a number close to 1.4, got "banana"',
        "close-to-not-a-number",
    ),
    case(
        "close_to",
        {"score": 1.5},
        False,
        "close_to score: expected {value: …, error: …}, got 1.5",
        "close-to-form",
    ),
    case(
        "close_to",
        {"score": {"value": "x", "error": 1}},
        False,
        'close_to score: value and error must be numbers, got {"value": "x", "error": 1}',
        "close-to-types",
    ),
    # steps this module cannot read
    case("matches", {"a": 1}, False, "matches: not an assertion this runner knows", "unknown-kind"),
    case(
        "match",
        {"a": 1, "b": 2},
        False,
        'match: expected one {field: value} pair, got {"a": 1, "b": 2}',
        "pairs",
    ),
]


@pytest.mark.parametrize(("kind", "args", "ok", "title"), CASES)
def test_check(kind, args, ok, title):
    outcome = run(kind, args, two=2, target=1.45)
    assert (outcome.ok, outcome.title) == (ok, title)


@pytest.mark.parametrize(
    ("actual", "expected", "ok"),
    [
        pytest.param("abc 123", r"/\d+/", True, id="find-not-full-match"),
        pytest.param("abc", r"/^\d+$/", False, id="anchored"),
        pytest.param("abc", "/a b c/", True, id="whitespace-ignored"),
        pytest.param("a b c", "/a b c/", False, id="whitespace-in-text-needs-a-class"),
        pytest.param("a  b\tc", r"/a \s+ b \s+ c/", True, id="backslash-s"),
        pytest.param("issue #43", "/issue #42/", True, id="hash-starts-a-comment"),
        pytest.param("issue #43", r"/issue\ \#42/", False, id="escaped-hash"),
        pytest.param("issue #42", r"/issue\ \#42/", True, id="escaped-hash-matches"),
        pytest.param("xabcx", "  /abc/\n", True, id="trimmed"),
        pytest.param("//", "//", True, id="two-slashes-is-a-string"),
        pytest.param(
            "epoch timestamp\n1 2\n", "/^epoch \\s+ timestamp \\n\n  \\d+ \\s+ \\d+ \\s* $/", True, id="cat"
        ),
    ],
)
def test_match_regex(actual, expected, ok):
    assert run("match", {"v": expected}, {"v": actual}).ok is ok


@pytest.mark.parametrize(
    ("actual", "expected", "title"),
    [
        pytest.param("abc", r"/^\d+$/", r'match v: "abc" does not match /^\d+$/', id="no-match"),
        pytest.param(42, r"/\d+/", r"match v: expected a string matching /\d+/, got 42", id="not-a-string"),
        pytest.param(None, "/x/", "match v: expected a string matching /x/, got null", id="null"),
        pytest.param(
            "b", "/^ a \\s+\n   b $/", r'match v: "b" does not match /^ a \s+ b $/', id="folded-title"
        ),
        pytest.param("x", "//", 'match v: expected "//", got "x"', id="too-short-for-a-regex"),
    ],
)
def test_match_regex_titles(actual, expected, title):
    outcome = run("match", {"v": expected}, {"v": actual})
    assert (outcome.ok, outcome.title) == (False, title)


def test_match_regex_that_does_not_compile():
    outcome = run("match", {"v": "/(/"}, {"v": "("})
    assert not outcome.ok
    assert outcome.title.startswith("match v: the regex /(/ is not valid: ")


def test_match_regex_against_a_text_body():
    body = "epoch      timestamp count\n1475247709 17:01:49  25\n"
    assert run(
        "match", {"$body": r"/^ epoch \s+ timestamp \s+ count \n \d+ \s+ [\d:]+ \s+ \d+ \n $/"}, body
    ).ok


def test_regex_is_only_recognised_as_the_whole_expected_value():
    outcome = run("match", {"$body": {"v": "/x/"}}, {"v": "x"})
    assert outcome.title == 'match $body: at v expected "/x/", got "x"'


@pytest.mark.parametrize(
    ("value", "true"),
    [
        pytest.param(True, True, id="true"),
        pytest.param(1, True, id="1"),
        pytest.param("x", True, id="text"),
        pytest.param("true", True, id="text-true"),
        pytest.param([], True, id="empty-list"),  # toString "[]"
        pytest.param({}, True, id="empty-map"),  # toString "{}"
        pytest.param(0.0, True, id="zero-float"),  # toString "0.0"
        pytest.param(False, False, id="false"),
        pytest.param(0, False, id="0"),
        pytest.param("", False, id="empty-string"),
        pytest.param("false", False, id="text-false"),
        pytest.param("FALSE", False, id="text-false-any-case"),
        pytest.param("0", False, id="text-0"),
        pytest.param(None, False, id="null"),
    ],
)
def test_truth(value, true):
    assert run("is_true", "v", {"v": value}).ok is true
    assert run("is_false", "v", {"v": value}).ok is not true


def test_truth_titles():
    assert run("is_true", "v", {"v": 0}).title == "is_true v: got 0"
    assert run("is_true", "v", {"v": ""}).title == 'is_true v: got ""'
    assert run("is_false", "v", {"v": True}).title == "is_false v: got true"
    assert run("is_true", "$body", {}).title == "is_true $body"


def test_path_replace_in_nested_maps_and_lists():
    body = {"took": 5, "hits": {"hits": [{"_id": "x", "_score": 0.3}, {"_id": "y", "_score": 0.2}]}}
    expected = {
        "took": "$body.$_path",
        "hits": {"hits": [{"_id": "x", "_score": "$body.$_path"}, {"_id": "$body.$_path", "_score": 0.2}]},
    }
    assert run("match", {"$body": expected}, body).ok
    expected["hits"]["hits"][0]["_id"] = "z"
    assert (
        run("match", {"$body": expected}, body).title
        == 'match $body: at hits.hits.0._id expected "z", got "x"'
    )


def test_path_replace_is_relative_to_the_expected_value():
    # as in Elasticsearch: $_path is the position inside the expected value, not inside the body,
    # so it reads the body at the same place only under `$body`
    body = {"hits": {"total": 3}}
    assert run("match", {"$body": {"hits": {"total": "$body.$_path"}}}, body).ok
    outcome = run("match", {"hits": {"total": "$body.$_path"}}, body)
    assert outcome.title == "match hits: stashed value not found for key [body.total]"


def test_stash_in_key_under_body():
    body = {"nodes": {"n1": {"http": {"port": 9200}}}}
    assert run("match", {"$body": {"nodes": {"$master": {"http": {"port": "$body.$_path"}}}}}, body).ok


def test_first_difference_title_and_diff():
    expected = {**BODY, "hits": {**BODY["hits"], "hits": [{**HIT, "_source": {"user": {"id": "kimchy"}}}]}}
    expected["hits"]["hits"].append(BODY["hits"]["hits"][1])
    outcome = run("match", {"$body": expected})
    assert outcome.title == 'match $body: at hits.hits.0._source.user.id expected "kimchy", got "elkbee"'
    assert outcome.diff[:2] == ("--- docs", "+++ response")
    changed = [line for line in outcome.diff[2:] if line[:1] in "-+"]
    assert changed == ['-            "id": "kimchy"', '+            "id": "elkbee"']


def test_diff_has_two_lines_of_context_and_sorted_keys():
    outcome = run("match", {"$body": {"b": {"d": 3, "c": 2}, "a": 1}}, {"a": 1, "b": {"c": 2, "d": 4}})
    assert outcome.diff == (
        "--- docs",
        "+++ response",
        "@@ -3,5 +3,5 @@",
        '   "b": {',
        '     "c": 2,',
        '-    "d": 3',
        '+    "d": 4',
        "   }",
        " }",
    )


def test_no_diff_for_scalars():
    outcome = run("match", {"count": 4})
    assert (outcome.expected, outcome.actual, outcome.diff) == (4, 3, ())


def test_outcome_carries_resolved_values():
    outcome = run("match", {"hits.hits.0._id": "$id"})
    assert (outcome.expected, outcome.actual) == ("1", "1")


def test_missing_body_does_not_raise():
    stash = Stash()
    assert (
        check("match", {"$body": {}}, None, stash).title
        == "match $body: stashed value not found for key [body]"
    )
    assert check("is_true", "a", None, stash).title == "is_true a: the response has no a"


@pytest.mark.parametrize(
    ("expected", "actual", "path", "found"),
    [
        pytest.param({"a": [1, {"b": 2}]}, {"a": [1.0, {"b": 2}]}, "", None, id="same"),
        pytest.param({"a": {"b.c": [1, 2]}}, {"a": {"b.c": [1, 3]}}, "", ("a.b\\.c.1", 2, 3), id="escaped"),
        pytest.param({"a": 1}, {"a": 1, "took": 68}, "", ("took", MISSING, 68), id="extra-key"),
        pytest.param({"a": 1, "b": 2}, {"a": 1}, "", ("b", 2, MISSING), id="missing-key"),
        pytest.param([1], [1, 2], "", ("1", MISSING, 2), id="extra-item"),
        pytest.param({"a": 1}, {"a": 2}, "hits", ("hits.a", 1, 2), id="prefix"),
        pytest.param(True, 1, "", ("", True, 1), id="bool-vs-int"),
        pytest.param("/\\d+/", "v1", "", None, id="regex"),
        pytest.param("/\\d+/", "v", "", ("", "/\\d+/", "v"), id="regex-fails"),
        pytest.param({"a": "/x/"}, {"a": "x"}, "", ("a", "/x/", "x"), id="nested-regex-is-text"),
    ],
)
def test_first_difference(expected, actual, path, found):
    assert first_difference(expected, actual, path) == found


def test_match_regex_is_java_syntax():
    # \Q…\E quotes in Java; Python's re has no such thing
    assert run("match", {"v": r"/^\Q1+1 (two)\E$/"}, {"v": "1+1 (two)"}).ok


def test_match_regex_that_backtracks_forever_is_cut_short(monkeypatch):
    monkeypatch.setattr(javaregex, "TIMEOUT_SECONDS", 0.2)
    outcome = run("match", {"v": "/^(a|aa)+$/"}, {"v": "a" * 40 + "b"})
    assert not outcome.ok
    assert outcome.title == "match v: the regex /^(a|aa)+$/ took longer than 0.2 s to match"
