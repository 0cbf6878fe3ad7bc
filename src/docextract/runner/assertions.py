"""The assertion steps of a YAML REST test (match, is_true, length, …) checked against the last response."""

from __future__ import annotations

import difflib
import json
import operator
from dataclasses import dataclass
from functools import partial
from typing import Any

from docextract.runner import patterns
from docextract.runner.stash import PathError, Stash, StashError, get_path, join_path


@dataclass(frozen=True)
class Outcome:
    ok: bool
    title: str  # one line a doc writer understands: "match hits.total.value: expected 3, got 2"
    expected: Any = None
    actual: Any = None
    diff: tuple[str, ...] = ()  # expected vs actual as pretty JSON, when both are structures


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


MISSING = _Missing()  # the side of a difference that has no such key or item

# Java's String.trim, which MatchAssertion applies before looking for /…/, strips every char up to U+0020.
_JAVA_TRIM = "".join(map(chr, range(33)))
_ORDER = {
    "gt": ("greater than", operator.gt),
    "gte": ("greater than or equal to", operator.ge),
    "lt": ("less than", operator.lt),
    "lte": ("less than or equal to", operator.le),
}


def regex_of(expected: Any) -> str | None:
    """The pattern of an expected value written `/…/` (trimmed, longer than two chars), else None."""
    if isinstance(expected, str):
        trimmed = expected.strip(_JAVA_TRIM)
        if len(trimmed) > 2 and trimmed.startswith("/") and trimmed.endswith("/"):
            return trimmed[1:-1]
    return None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _same_scalar(expected: Any, actual: Any) -> bool:
    if _is_number(expected) and _is_number(actual):
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


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _show(value: Any, nested: bool = False) -> str:
    """A value on one line, short enough for a title: long structures are elided to `{...}`."""
    if value is MISSING:
        return "nothing"
    text = _compact(value)
    if nested and isinstance(value, dict | list) and value:
        return "{...}" if isinstance(value, dict) else "[...]"
    if len(text) <= 60:
        return text
    more = ", …" if isinstance(value, dict | list) and len(value) > 3 else ""
    if isinstance(value, list):
        return "[" + ", ".join(_show(item, nested=True) for item in value[:3]) + more + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_compact(key)}: …" for key in list(value)[:3]) + more + "}"
    return text[:59] + "…"


def _diff(expected: Any, actual: Any) -> tuple[str, ...]:
    if not (isinstance(expected, dict | list) and isinstance(actual, dict | list)):
        return ()
    # keys sorted, since their order does not matter to match (the round trip makes them all strings)
    docs, response = (
        json.dumps(json.loads(_compact(v)), indent=2, sort_keys=True, ensure_ascii=False).splitlines()
        for v in (expected, actual)
    )
    return tuple(difflib.unified_diff(docs, response, "docs", "response", n=2, lineterm=""))


def _explain(parts: tuple, expected: Any, actual: Any) -> str:
    if expected is not MISSING and actual is not MISSING:
        where = f"at {join_path(parts)} " if parts else ""
        return f"{where}expected {_show(expected)}, got {_show(actual)}"
    at = f"at {join_path(parts[:-1])} " if parts[:-1] else ""
    last = parts[-1]
    if isinstance(last, int):
        if expected is MISSING:
            return f"{at}the response has more items than the docs show (item {last}: {_show(actual)})"
        return f"{at}the docs show more items than the response has (item {last}: {_show(expected)})"
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
        return f"expected a string matching {shown}, got {_show(actual)}"
    try:
        # MatchAssertion compiles with Pattern.COMMENTS and calls find(): a match anywhere will do
        found = patterns.search(pattern, actual, comments=True)
    except patterns.PatternError as err:
        return f"the regex {shown} {err}"
    return None if found else f"{_show(actual)} does not match {shown}"


def _is_false(value: Any) -> bool:
    # IsTrueAssertion/IsFalseAssertion test Java's toString: "", "0" and "false" in any case are false,
    # so 0.0 ("0.0"), [] and {} are true
    if isinstance(value, str):
        return value in ("", "0") or value.lower() == "false"
    return value is None or value is False or (type(value) is int and value == 0)


def _length(expected: Any, actual: Any) -> str | None:
    if isinstance(expected, str) and expected.strip().isdigit():
        expected = int(expected)  # LengthAssertion reads a number written as a string
    if not _is_number(expected):
        return f"the expected length {_show(expected)} is not a number"
    if not isinstance(actual, str | list | dict):
        return f"expected a list, an object or a string, got {_show(actual)}"
    return None if len(actual) == int(expected) else f"expected {int(expected)}, got {len(actual)}"


def _order(kind: str, expected: Any, actual: Any) -> str | None:
    words, test = _ORDER[kind]
    # numbers with numbers, strings with strings: what Java's Comparable allows
    if not ((_is_number(expected) and _is_number(actual)) or {type(expected), type(actual)} == {str}):
        return f"cannot compare {_show(actual)} with {_show(expected)}"
    if not test(actual, expected):
        return f"expected a value {words} {_show(expected)}, got {_show(actual)}"
    return None


def _contains(expected: Any, actual: Any) -> str | None:
    if isinstance(expected, dict) and isinstance(actual, list):
        # ContainsAssertion: some object of the list has every expected key, with an equal value
        for item in actual:
            if isinstance(item, dict) and all(
                k in item and not _first(v, item[k], ()) for k, v in expected.items()
            ):
                return None
        return f"no item of the list has {_show(expected)}"
    if isinstance(expected, str) and isinstance(actual, str):
        return None if expected in actual else f"{_show(actual)} does not contain {_show(expected)}"
    return f"expected a list of objects or a string, got {_show(actual)} (looking for {_show(expected)})"


def _close_to(expected: Any, actual: Any) -> str | None:
    if not (isinstance(expected, dict) and set(expected) == {"value", "error"}):
        return f"expected {{value: …, error: …}}, got {_show(expected)}"
    value, error = expected["value"], expected["error"]
    if not (_is_number(value) and _is_number(error)):
        return f"value and error must be numbers, got {_show(expected)}"
    if not _is_number(actual):
        return f"expected a number close to {_show(value)}, got {_show(actual)}"
    if abs(actual - value) > error:
        return f"expected {_show(value)} ± {_show(error)}, got {_show(actual)}"
    return None


def _truth(kind: str, expected: Any, actual: Any) -> str | None:
    return None if _is_false(actual) == (kind == "is_false") else f"got {_show(actual)}"


_CHECKS = {
    "match": _match,
    "length": _length,
    "contains": _contains,
    "close_to": _close_to,
    **{kind: partial(_truth, kind) for kind in ("is_true", "is_false")},
    **{kind: partial(_order, kind) for kind in _ORDER},
}


def check(kind: str, args: Any, body: Any, stash: Stash) -> Outcome:
    """Check one assertion step; `args` is the step's value, `body` the last response body. Never raises."""
    if kind not in _CHECKS:
        return Outcome(False, f"{kind}: not an assertion this runner knows")
    if kind in ("is_true", "is_false"):
        field, expected = ("" if args is None else str(args)), None
    elif isinstance(args, dict) and len(args) == 1:
        ((field, expected),) = args.items()
    else:
        return Outcome(False, f"{kind}: expected one {{field: value}} pair, got {_show(args)}")
    label = f"{kind} {field}"
    try:
        expected = stash.resolve(expected)
        actual, missing = _read(str(field), body, stash)
    except (StashError, PathError) as err:
        return Outcome(False, f"{label}: {err}", expected)
    # Elasticsearch reads a missing field as null: is_false passes and so does `match: {x: null}`
    if missing and not (kind == "is_false" or (kind == "match" and expected is None)):
        return Outcome(False, f"{label}: the response has no {missing}", expected)
    actual = None if missing else actual
    problem = _CHECKS[kind](expected, actual)
    if problem is None:
        return Outcome(True, label, expected, actual)
    diff = _diff(expected, actual) if kind == "match" else ()
    return Outcome(False, f"{label}: {problem}", expected, actual, diff)
