"""The assertion steps of a YAML REST test (match, is_true, length, …) checked against the last response."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from functools import partial
from typing import Any

from docextract.runner import comparisons, patterns
from docextract.runner.shown import MISSING, compact, is_number, show
from docextract.runner.stash import PathError, Stash, StashError, get_path, join_path

__all__ = ["MISSING", "Outcome", "check", "first_difference", "regex_of"]


@dataclass(frozen=True)
class Outcome:
    """What an assertion step found: whether it held, a one-line title, and expected and actual."""

    ok: bool
    title: str  # one line a doc writer understands: "match hits.total.value: expected 3, got 2"
    expected: Any = None
    actual: Any = None
    diff: tuple[str, ...] = ()  # expected vs actual as pretty JSON, when both are structures


# Java's String.trim, which MatchAssertion applies before looking for /…/, strips every char up to U+0020.
_JAVA_TRIM = "".join(map(chr, range(33)))


def regex_of(expected: Any) -> str | None:
    """The pattern of an expected value written `/…/` (trimmed, longer than two chars), else None."""
    if isinstance(expected, str):
        trimmed = expected.strip(_JAVA_TRIM)
        if len(trimmed) > 2 and trimmed.startswith("/") and trimmed.endswith("/"):
            return trimmed[1:-1]
    return None


def _same_scalar(expected: Any, actual: Any) -> bool:
    if is_number(expected) and is_number(actual):
        # an int in the docs matches a float in the response: MatchAssertion compares doubles
        return expected == actual if type(expected) is type(actual) else float(expected) == float(actual)
    return type(expected) is type(actual) and expected == actual  # keeps True apart from 1


def _first(expected: Any, actual: Any, parts: tuple) -> tuple[tuple, Any, Any] | None:
    # Expected keys first, in the docs' order, then keys only the response has: MapMatcher's order.
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return parts, expected, actual
        for key, value in expected.items():
            if key not in actual:
                return (*parts, key), value, MISSING
            found = _first(value, actual[key], (*parts, key))
            if found:
                return found
        extra = next((key for key in actual if key not in expected), MISSING)
        return None if extra is MISSING else ((*parts, extra), MISSING, actual[extra])
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return parts, expected, actual
        for index, (item, other) in enumerate(zip(expected, actual, strict=False)):
            found = _first(item, other, (*parts, index))
            if found:
                return found
        n = min(len(expected), len(actual))
        if len(expected) > n:
            return (*parts, n), expected[n], MISSING
        return ((*parts, n), MISSING, actual[n]) if len(actual) > n else None
    return None if _same_scalar(expected, actual) else (parts, expected, actual)


def first_difference(expected: Any, actual: Any, path: str = "") -> tuple[str, Any, Any] | None:
    """Where match semantics first fail: (dotted path, expected there, actual there), or None.

    A side that has no such key or list item is MISSING. A `/regex/` counts only as the whole expected
    value, as in MatchAssertion: nested strings are compared as strings.
    """
    if regex_of(expected) is not None:
        return None if _match(expected, actual) is None else (path, expected, actual)
    found = _first(expected, actual, ())
    if found is None:
        return None
    parts, there, here = found
    return ".".join(p for p in (path, join_path(parts)) if p), there, here


def _diff(expected: Any, actual: Any) -> tuple[str, ...]:
    if not (isinstance(expected, dict | list) and isinstance(actual, dict | list)):
        return ()
    # keys sorted, since their order does not matter to match (the round trip makes them all strings)
    docs, response = (
        json.dumps(json.loads(compact(v)), indent=2, sort_keys=True, ensure_ascii=False).splitlines()
        for v in (expected, actual)
    )
    return tuple(difflib.unified_diff(docs, response, "docs", "response", n=2, lineterm=""))


def _explain(parts: tuple, expected: Any, actual: Any) -> str:
    if expected is not MISSING and actual is not MISSING:
        where = f"at {join_path(parts)} " if parts else ""
        return f"{where}expected {show(expected)}, got {show(actual)}"
    at = f"at {join_path(parts[:-1])} " if parts[:-1] else ""
    last = parts[-1]
    if isinstance(last, int):
        if expected is MISSING:
            return f"{at}the response has more items than the docs show (item {last}: {show(actual)})"
        return f"{at}the docs show more items than the response has (item {last}: {show(expected)})"
    if expected is MISSING:
        return f"{at}the response has a key the docs do not show: `{last}`"
    return f"{at}the docs show a key the response does not have: `{last}`"


def _read(field: str, body: Any, stash: Stash) -> tuple[Any, str | None]:
    """The value under test and, when the response has nothing there, the path that is missing.

    `$name` reads the stash (`$body` is the whole body); any other field is a path into the body.
    """
    try:
        if field.startswith("$") and not field.startswith("${"):
            return stash.lookup(field), None
        return get_path(body, field, stash), None
    except PathError as err:
        if not err.missing:
            raise
        return MISSING, err.path


def _match(expected: Any, actual: Any) -> str | None:
    pattern = regex_of(expected)
    if pattern is None:
        found = _first(expected, actual, ())
        return found and _explain(*found)
    # whitespace is insignificant in COMMENTS mode: folding it keeps the title on one line
    shown = "/" + " ".join(pattern.split()) + "/"
    shown = shown if len(shown) <= 60 else shown[:59] + "…"
    if not isinstance(actual, str):
        return f"expected a string matching {shown}, got {show(actual)}"
    try:
        # MatchAssertion compiles with Pattern.COMMENTS and calls find(): a match anywhere will do
        found = patterns.search(pattern, actual, comments=True)
    except patterns.PatternError as err:
        return f"the regex {shown} {err}"
    return None if found else f"{show(actual)} does not match {shown}"


def _contains(expected: Any, actual: Any) -> str | None:
    if isinstance(expected, dict) and isinstance(actual, list):
        # ContainsAssertion: some object of the list has every expected key, with an equal value
        for item in actual:
            if isinstance(item, dict) and all(
                k in item and not _first(v, item[k], ()) for k, v in expected.items()
            ):
                return None
        return f"no item of the list has {show(expected)}"
    if isinstance(expected, str) and isinstance(actual, str):
        return None if expected in actual else f"{show(actual)} does not contain {show(expected)}"
    return f"expected a list of objects or a string, got {show(actual)} (looking for {show(expected)})"


_CHECKS = {
    "match": _match,
    "length": comparisons.length,
    "contains": _contains,
    "close_to": comparisons.close_to,
    "is_after": comparisons.is_after,
    **{kind: partial(comparisons.truth, kind) for kind in ("is_true", "is_false")},
    **{kind: partial(comparisons.existence, kind) for kind in ("exists", "not_exists")},
    **{kind: partial(comparisons.order, kind) for kind in ("gt", "gte", "lt", "lte")},
}
# The assertions that name a field and no expected value.
_FIELD_ONLY = frozenset({"is_true", "is_false", "exists", "not_exists"})
# Those that pass on a field the response does not have (the framework reads it as null).
_NULL_OK = frozenset({"is_false", "not_exists"})


def check(kind: str, args: Any, body: Any, stash: Stash) -> Outcome:
    """Check one assertion step; `args` is the step's value, `body` the last response body. Never raises."""
    if kind not in _CHECKS:
        return Outcome(False, f"{kind}: not an assertion this runner knows")
    if kind in _FIELD_ONLY:
        field, expected = ("" if args is None else str(args)), None
    elif isinstance(args, dict) and len(args) == 1:
        ((field, expected),) = args.items()
    else:
        return Outcome(False, f"{kind}: expected one {{field: value}} pair, got {show(args)}")
    label = f"{kind} {field}"
    try:
        expected = stash.resolve(expected)
        actual, missing = _read(str(field), body, stash)
    except (StashError, PathError) as err:
        return Outcome(False, f"{label}: {err}", expected)
    # Elasticsearch reads a missing field as null: is_false passes and so does `match: {x: null}`
    if missing is not None and not (kind in _NULL_OK or (kind == "match" and expected is None)):
        what = missing or "parsed body"  # the empty path: a body the framework does not parse
        return Outcome(False, f"{label}: the response has no {what}", expected)
    actual = None if missing is not None else actual
    problem = _CHECKS[kind](expected, actual)
    if problem is None:
        return Outcome(True, label, expected, actual)
    diff = _diff(expected, actual) if kind == "match" else ()
    return Outcome(False, f"{label}: {problem}", expected, actual, diff)
