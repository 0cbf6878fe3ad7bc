"""Availability as docs-builder's `applies_to` writes it: in the front matter, or as an inline role.

    applies_to:                         `rescore_vector` {applies_to}`stack: preview 9.0, ga 9.1`
      stack: ga 9.1
      serverless:
        elasticsearch: preview

Each becomes one string per product, `key: lifecycle`, nested keys joined with dots
(`serverless.elasticsearch: preview`), in written order.
"""

from __future__ import annotations

import re

_ROLE = re.compile(r"\s*\{applies_to\}`([^`]*)`")


def from_front_matter(value: object, prefix: str = "") -> tuple[str, ...]:
    if isinstance(value, dict):
        found: list[str] = []
        for key, inner in value.items():
            found.extend(from_front_matter(inner, f"{prefix}{key}."))
        return tuple(found)
    if isinstance(value, list):
        return tuple(item for entry in value for item in from_front_matter(entry, prefix))
    if not prefix:
        return (str(value),) if value is not None else ()
    key = prefix[:-1]
    return (f"{key}: {value}",) if value is not None else (key,)


def roles(text: str) -> tuple[str, tuple[str, ...]]:
    """The text without its {applies_to} roles, and what they say."""
    if "{applies_to}" not in text:
        return text, ()
    found = tuple(match.group(1).strip() for match in _ROLE.finditer(text))
    return _ROLE.sub("", text).strip(), found
