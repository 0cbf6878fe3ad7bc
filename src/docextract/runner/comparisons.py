"""The assertions that compare one value without matching structures: is_true, is_false, exists,
not_exists, length, gt, gte, lt, lte, close_to, is_after. Each returns what is wrong, or None."""

from __future__ import annotations

import operator
from datetime import datetime
from typing import Any

from docextract.runner.javatext import to_string
from docextract.runner.shown import is_number, show

_ORDER = {
    "gt": ("greater than", operator.gt),
    "gte": ("greater than or equal to", operator.ge),
    "lt": ("less than", operator.lt),
    "lte": ("less than or equal to", operator.le),
}


def is_false(value: Any) -> bool:
    # IsTrueAssertion/IsFalseAssertion test Java's toString: null, "", "0" and "false" in any case are
    # false, so 0.0 ("0.0"), [] and {} are true
    if value is None:
        return True
    text = to_string(value)
    return text in ("", "0") or text.lower() == "false"


def truth(kind: str, expected: Any, actual: Any) -> str | None:
    return None if is_false(actual) == (kind == "is_false") else f"got {show(actual)}"


def existence(kind: str, expected: Any, actual: Any) -> str | None:
    """exists: any value but null (an empty string, list or object will do); not_exists: null."""
    if (actual is not None) == (kind == "exists"):
        return None
    return "the response has no value there" if kind == "exists" else f"got {show(actual)}"


def length(expected: Any, actual: Any) -> str | None:
    if isinstance(expected, str) and expected.strip().isdigit():
        expected = int(expected)  # LengthAssertion reads a number written as a string
    if not is_number(expected):
        return f"the expected length {show(expected)} is not a number"
    if not isinstance(actual, str | list | dict):
        return f"expected a list, an object or a string, got {show(actual)}"
    return None if len(actual) == int(expected) else f"expected {int(expected)}, got {len(actual)}"


def order(kind: str, expected: Any, actual: Any) -> str | None:
    words, test = _ORDER[kind]
    # Numbers with numbers (compared as doubles when either is one, as OpenSearch's OrderingAssertion
    # does; Elasticsearch's throws a cast error on an Integer against a Double), strings with strings.
    comparable = (is_number(expected) and is_number(actual)) or (
        isinstance(expected, str) and isinstance(actual, str)
    )
    if not comparable:
        return f"cannot compare {show(actual)} with {show(expected)}"
    if not test(actual, expected):
        return f"expected a value {words} {show(expected)}, got {show(actual)}"
    return None


def close_to(expected: Any, actual: Any) -> str | None:
    if not (isinstance(expected, dict) and set(expected) == {"value", "error"}):
        return f"expected {{value: …, error: …}}, got {show(expected)}"
    value, error = expected["value"], expected["error"]
    if not (is_number(value) and is_number(error)):
        return f"value and error must be numbers, got {show(expected)}"
    if not is_number(actual):
        return f"expected a number close to {show(value)}, got {show(actual)}"
    if abs(actual - value) > error:
        return f"expected {show(value)} ± {show(error)}, got {show(actual)}"
    return None


def is_after(expected: Any, actual: Any) -> str | None:
    """Both read as instants (Instant.parse: ISO-8601 with an offset or Z); the actual one is later."""
    if actual is None:
        return "the response has no value there"
    later, earlier = _instant(actual), _instant(expected)
    if later is None:
        return f"{show(to_string(actual))} is not an instant"
    if earlier is None:
        return f"the expected {show(to_string(expected))} is not an instant"
    return None if later > earlier else f"{show(to_string(actual))} is not after {show(to_string(expected))}"


def _instant(value: Any) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else None  # Instant.parse needs the offset
