"""Values as a failure title shows them: on one line, short, JSON-spelled; and what a number is."""

from __future__ import annotations

import json
from typing import Any


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


MISSING = _Missing()  # the side of a difference that has no such key or item


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def show(value: Any, nested: bool = False) -> str:
    """A value on one line, short enough for a title: long structures are elided to `{...}`."""
    if value is MISSING:
        return "nothing"
    text = compact(value)
    if nested and isinstance(value, dict | list) and value:
        return "{...}" if isinstance(value, dict) else "[...]"
    if len(text) <= 60:
        return text
    more = ", …" if isinstance(value, dict | list) and len(value) > 3 else ""
    if isinstance(value, list):
        return "[" + ", ".join(show(item, nested=True) for item in value[:3]) + more + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{compact(key)}: …" for key in list(value)[:3]) + more + "}"
    return text[:59] + "…"
