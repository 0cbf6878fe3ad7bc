"""The stash: dotted paths, `$name` and `${name}` references, stash_in_key, stash_in_path and `$_path`."""

import pytest

from docextract.runner.stash import (
    PathError,
    Stash,
    StashError,
    get_path,
    is_reference,
    join_path,
    split_path,
)

BODY = {
    "took": 68,
    "hits": {"total": {"value": 3}, "max_score": None, "hits": [{"_id": "a"}, {"_id": "b"}]},
    "items": [{"index": {"_id": "x1"}}],
    "nodes": {"n1": {"http": {"port": 9200}}},
    "settings": {"index.number_of_shards": "1"},
}


@pytest.fixture
def stash():
    stash = Stash()
    stash.stash_body(BODY)
    stash.set("master", "n1")
    stash.set("count", 3)
    stash.set("flag", True)
    stash.set("ratio", 0.5)
    return stash


@pytest.mark.parametrize(
    ("dotted", "expected"),
    [
        pytest.param("took", 68, id="key"),
        pytest.param("hits.total.value", 3, id="nested"),
        pytest.param("hits.hits.1._id", "b", id="list-index"),
        pytest.param("items.0.index._id", "x1", id="index-then-keys"),
        pytest.param(r"settings.index\.number_of_shards", "1", id="escaped-dot"),
        pytest.param("hits.max_score", None, id="null-value"),
        pytest.param("", BODY, id="empty-path-is-the-value"),
        pytest.param("hits..total.value", 3, id="empty-parts-dropped"),
    ],
)
def test_get_path(dotted, expected):
    assert get_path(BODY, dotted) == expected


@pytest.mark.parametrize(
    ("dotted", "message", "failed", "missing"),
    [
        pytest.param("hits.nope.x", "no value at hits.nope", "hits.nope", True, id="missing-key"),
        pytest.param(
            "hits.max_score.x", "no value at hits.max_score.x", "hits.max_score.x", True, id="through-null"
        ),
        pytest.param(
            "hits.hits.5._id",
            "hits.hits.5 is out of range: the list has 2 items",
            "hits.hits.5",
            False,
            id="index-out-of-range",
        ),
        pytest.param(
            "items.1", "items.1 is out of range: the list has 1 item", "items.1", False, id="one-item"
        ),
        pytest.param(
            "hits.hits._id",
            "hits.hits is a list, `_id` is not an index",
            "hits.hits._id",
            False,
            id="not-an-index",
        ),
        pytest.param(
            "hits.hits.-1", "hits.hits is a list, `-1` is not an index", "hits.hits.-1", False, id="negative"
        ),
        pytest.param("took.x", "took is 68, not an object or a list", "took.x", False, id="through-a-scalar"),
    ],
)
def test_get_path_failures(dotted, message, failed, missing):
    with pytest.raises(PathError) as info:
        get_path(BODY, dotted)
    assert str(info.value) == message
    assert info.value.path == failed
    assert info.value.missing is missing
    assert isinstance(info.value, KeyError)


def test_split_and_join_are_inverse():
    assert split_path(r"a.b\.c.0") == ["a", "b.c", "0"]
    assert join_path(["a", "b.c", 0]) == r"a.b\.c.0"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("$x", True),
        ("${x}", True),
        ("id-${x}", True),
        ("plain", False),
        ("a$b", False),
        (r"\$x", False),
        ("a${}", False),  # an empty name is no reference
        (3, False),
    ],
)
def test_is_reference(value, expected):
    assert is_reference(value) is expected


def test_stash_in_path(stash):
    assert get_path(BODY, "nodes.$master.http.port", stash) == 9200
    assert get_path(BODY, "nodes.${master}.http.port", stash) == 9200  # embedded_stash_key
    stash.set("one", "l")
    assert get_path({"elements": 7}, "e${one}ements", stash) == 7


def test_set_get_clear(stash):
    stash.set("id", "abc")
    assert stash.get("id") == "abc"
    stash.clear()
    with pytest.raises(StashError, match=r"stashed value not found for key \[id\]"):
        stash.get("id")


def test_body_may_be_text():
    stash = Stash()
    stash.stash_body("epoch      timestamp count\n")
    assert stash.lookup("$body") == "epoch      timestamp count\n"


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        pytest.param("$count", 3, id="name"),
        pytest.param("${count}", 3, id="braced"),
        pytest.param("$body", BODY, id="whole-body"),
        pytest.param("$body.hits.total.value", 3, id="body-path"),
        pytest.param("$body.items.0.index._id", "x1", id="list-index"),
        pytest.param(r"$body.settings.index\.number_of_shards", "1", id="escaped-dot"),
        pytest.param("$body.nodes.$master.http", {"port": 9200}, id="stash-in-path"),
    ],
)
def test_lookup(stash, key, expected):
    assert stash.lookup(key) == expected


@pytest.mark.parametrize(
    ("key", "message"),
    [
        pytest.param("$nope", "stashed value not found for key [nope]", id="missing-name"),
        pytest.param(
            "$body.hits.nope", "stashed value not found for key [body.hits.nope]", id="missing-path"
        ),
        pytest.param(
            "$body.hits.hits.9", "stashed value not found for key [body.hits.hits.9]", id="bad-index"
        ),
        # Elasticsearch cannot tell a stashed null from nothing
        pytest.param(
            "$body.hits.max_score", "stashed value not found for key [body.hits.max_score]", id="null"
        ),
        pytest.param("$body.nodes.$nope", "stashed value not found for key [nope]", id="missing-in-path"),
        pytest.param("$", "stashed value not found for key []", id="empty-name"),
        pytest.param("count", "[count] is not a stash reference", id="not-a-reference"),
    ],
)
def test_lookup_failures(stash, key, message):
    with pytest.raises(StashError) as info:
        stash.lookup(key)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("value", "path", "expected"),
    [
        pytest.param("$count", (), 3, id="whole-string-keeps-type"),
        pytest.param("$body.hits.total", (), {"value": 3}, id="whole-string-structure"),
        pytest.param("id-${count}-z", (), "id-3-z", id="embedded"),
        pytest.param("${count}", (), "3", id="lone-braced-is-text"),
        pytest.param("${flag}/${ratio}", (), "true/0.5", id="java-spelling"),
        pytest.param("${master}${count}", (), "n13", id="two-embedded"),
        pytest.param("plain text", (), "plain text", id="not-a-reference"),
        pytest.param("costs $5", (), "costs $5", id="dollar-inside"),
        pytest.param(r"\$count", (), r"\$count", id="backslash-not-special"),
        pytest.param(7, (), 7, id="number"),
        pytest.param(None, (), None, id="null"),
        pytest.param("$body.$_path", ("hits", "total", "value"), 3, id="path-replace"),
        pytest.param("$body.$_path", (), BODY, id="path-replace-at-root"),
        pytest.param("$_path", ("hits", "total"), "hits.total", id="path-alone"),
        pytest.param("$body.$_path", ("settings", "index.number_of_shards"), "1", id="path-escapes-dots"),
        pytest.param(["$count", {"a": "$flag"}], (), [3, {"a": True}], id="inside-lists-and-maps"),
    ],
)
def test_resolve(stash, value, path, expected):
    assert stash.resolve(value, path) == expected


def test_resolve_path_replace_in_nested_maps_and_lists(stash):
    expected = {
        "took": "$body.$_path",
        "hits": {
            "total": {"value": "$body.$_path"},
            "max_score": None,
            "hits": [{"_id": "$body.$_path"}, {"_id": "b"}],
        },
        "items": [{"index": {"_id": "$body.$_path"}}],
    }
    assert stash.resolve(expected) == {
        "took": 68,
        "hits": {"total": {"value": 3}, "max_score": None, "hits": [{"_id": "a"}, {"_id": "b"}]},
        "items": [{"index": {"_id": "x1"}}],
    }


def test_resolve_stash_in_key(stash):
    # the README's example: a node id stashed as $master used as a key of the expected body
    resolved = stash.resolve({"nodes": {"$master": {"http": {"port": "$body.$_path"}}}})
    assert resolved == {"nodes": {"n1": {"http": {"port": 9200}}}}
    assert stash.resolve({"node-${count}": 1}) == {"node-3": 1}


def test_resolve_copies(stash):
    original = {"a": [1, {"b": "$count"}]}
    resolved = stash.resolve(original)
    resolved["a"][1]["b"] = "changed"
    resolved["a"].append(2)
    assert original == {"a": [1, {"b": "$count"}]}


def test_resolve_key_conflict(stash):
    with pytest.raises(StashError, match=r"two keys become \[n1\]"):
        stash.resolve({"n1": 1, "$master": 2})


def test_resolve_missing(stash):
    with pytest.raises(StashError, match=r"stashed value not found for key \[body\.hits\.nope\.x\]"):
        stash.resolve({"x": "$body.$_path"}, ("hits", "nope"))
