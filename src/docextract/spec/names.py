"""The names of the specification beside its endpoints: the query and aggregation containers' variants,
the mapping types, and every object's fields, which an answer "unknown query [x]" is looked up in."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

QUERY_CONTAINER = ("_types.query_dsl", "QueryContainer")
AGGREGATION_CONTAINER = ("_types.aggregations", "AggregationContainer")
_PROPERTY = ("_types.mapping", "Property")
# Keys of the aggregation container that are not aggregations.
_NOT_AGGREGATIONS = frozenset({"aggregations", "aggs", "meta"})


@dataclass(frozen=True)
class Names:
    """Each name → the specification's type for it (namespace:Name), and the fields of every object."""

    queries: dict[str, str] = field(default_factory=dict)  # pinned → _types.query_dsl:PinnedQuery
    aggregations: dict[str, str] = field(default_factory=dict)
    mapping_types: dict[str, str] = field(default_factory=dict)  # histogram → …:HistogramProperty
    # A type's fields, its ancestors' and aliases included, by namespace:Name and by snake_case name
    # (field_sort → FieldSort), as Elasticsearch's messages name an object.
    fields: dict[str, frozenset[str]] = field(default_factory=dict)
    snake: dict[str, tuple[str, ...]] = field(default_factory=dict)  # field_sort → (…:FieldSort,)
    all_fields: frozenset[str] = frozenset()


def index_names(types: dict[tuple[str, str], dict[str, Any]]) -> Names:
    queries = _variants(types, QUERY_CONTAINER, frozenset())
    aggregations = _variants(types, AGGREGATION_CONTAINER, _NOT_AGGREGATIONS)
    fields: dict[str, frozenset[str]] = {}
    snake: dict[str, list[str]] = {}
    for key, kind in types.items():
        if kind.get("kind") != "interface":
            continue
        fields[_ref(key)] = frozenset(_names(types, kind, ()))
        snake.setdefault(_snake(key[1]), []).append(_ref(key))
    every = frozenset(name for names in fields.values() for name in names)
    return Names(
        queries,
        aggregations,
        _mapping_types(types),
        fields,
        {name: tuple(refs) for name, refs in snake.items()},
        every,
    )


def _ref(key: tuple[str, str]) -> str:
    return f"{key[0]}:{key[1]}"


def _snake(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() and i else c.lower() for i, c in enumerate(name))


def _variants(types: dict, container: tuple[str, str], skipped: frozenset[str]) -> dict[str, str]:
    """A container's variants (every property is one) and each one's type; aliases name the same type."""
    kind = types.get(container)
    found: dict[str, str] = {}
    for entry in (kind or {}).get("properties", ()):
        if entry["name"] in skipped:
            continue
        value = entry.get("type", {})
        ref = _ref((value["type"]["namespace"], value["type"]["name"])) if "type" in value else ""
        for name in (entry["name"], *entry.get("aliases", ())):
            found[name] = ref
    return found


def _mapping_types(types: dict) -> dict[str, str]:
    """The `type` of each mapping property kind (Property is a union of them): histogram, keyword …"""
    alias = types.get(_PROPERTY)
    found: dict[str, str] = {}
    items = (alias or {}).get("type", {}).get("items", ())
    for item in items:
        if item.get("kind") != "instance_of":
            continue
        key = (item["type"]["namespace"], item["type"]["name"])
        kind = types.get(key) or {}
        for entry in _entries(types, kind, ()):
            value = entry.get("type", {})
            if entry["name"] == "type" and value.get("kind") == "literal_value":
                found[str(value["value"])] = _ref(key)
    return found


def _entries(types: dict, kind: dict[str, Any], seen: tuple) -> list[dict[str, Any]]:
    """A type's properties, its ancestors' first (found by following `inherits`)."""
    found: list[dict[str, Any]] = []
    parent = kind.get("inherits")
    if parent:
        key = (parent["type"]["namespace"], parent["type"]["name"])
        if key not in seen and (ancestor := types.get(key)):
            found += _entries(types, ancestor, (*seen, key))
    return found + list(kind.get("properties", ()) or ())


def _names(types: dict, kind: dict[str, Any], seen: tuple) -> set[str]:
    return {
        name for entry in _entries(types, kind, seen) for name in (entry["name"], *entry.get("aliases", ()))
    }
