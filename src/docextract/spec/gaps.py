"""A name the target said it does not know, looked up in the specification: Elasticsearch knows it (the
target lacks a feature), or it does not (the page is wrong, and the nearest name the specification has)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import replace

from docextract.results import Gap
from docextract.spec.routes import segments
from docextract.spec.schema import Spec

# Segments starting with _ that Elasticsearch takes where a name goes (an index, a node, a target).
_NAMES_WITH_UNDERSCORE = frozenset({"_all", "_local", "_master", "_none"})


def judge(spec: Spec, gap: Gap) -> Gap:
    """The gap with `known`, `reference` and `suggestion` filled in; `known` stays None where the
    specification cannot tell (a request to an endpoint it does not have, a body of no fixed keys)."""
    return replace(_judge(spec, gap), judged=True)


def _judge(spec: Spec, gap: Gap) -> Gap:
    if gap.kind == "api":
        return _api(spec, gap)
    if gap.kind == "operation":
        # The target says it does not support something in a request Elasticsearch takes: the endpoint
        # is all the specification can check.
        judged = _api(spec, replace(gap, name=gap.owner or ""))
        return replace(gap, known=judged.known or None, reference=judged.reference)
    names = spec.names
    if gap.kind in ("query", "aggregation", "mapping_type"):
        table = {
            "query": names.queries,
            "aggregation": names.aggregations,
            "mapping_type": names.mapping_types,
        }
        known = table[gap.kind]
        return _found(gap, known.get(gap.name), known)
    if gap.kind == "field":
        return _field(spec, gap)
    matched = spec.match(*_split(gap.owner or ""))
    if matched is None or _bound_underscore(matched, gap.owner or ""):
        return gap
    api, _ = matched
    gap = replace(gap, owner=api.name)  # the request as sent, named as the specification names it
    if gap.kind == "parameter":
        accepted = spec.query_names(api)
        return _found(gap, f"{api.name} query parameters" if gap.name in accepted else None, accepted)
    if api.body is None:
        return gap
    if gap.name in api.body:
        return _found(gap, f"{api.name} request body", api.body)
    if gap.name in api.nested:
        return _found(gap, f"{api.name} request body (nested)", api.nested)
    return _found(gap, None, api.body)


def _split(request: str) -> tuple[str, str]:
    method, _, path = request.partition(" ")
    return method, path


def _found(gap: Gap, reference: str | None, names: Iterable[str]) -> Gap:
    if reference is not None:
        return replace(gap, known=True, reference=reference)
    return replace(gap, known=False, suggestion=_nearest(gap.name, names))


def _nearest(name: str, names: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(name, sorted(set(names)), n=1, cutoff=0.75)
    return close[0] if close else None


def _bound_underscore(matched, path_of: str) -> bool:
    """Whether the template took a segment such as _serach as a name: Elasticsearch would not route it."""
    _, route = matched
    parts = segments(_split(path_of)[1])
    return any(
        variable is not None and part.startswith("_") and part not in _NAMES_WITH_UNDERSCORE
        for part, variable in zip(parts, route.template.variables, strict=False)
    )


def _api(spec: Spec, gap: Gap) -> Gap:
    method, path = _split(gap.name)
    matched = spec.match(method, path)
    if matched is not None and not _bound_underscore(matched, gap.name):
        return replace(gap, known=True, reference=matched[0].name)
    others = [
        other
        for other in spec.router.methods_for(method, path)
        if (found := spec.match(other, path)) and not _bound_underscore(found, f"{other} {path}")
    ]
    if others:
        return replace(gap, known=False, suggestion=f"{sorted(others)[0]} {path}")
    literals = spec.router.literals()
    fixed = [
        (_nearest(part, literals) or part) if part.startswith("_") and part not in literals else part
        for part in segments(path)
    ]
    suggestion = "/" + "/".join(fixed)
    return replace(gap, known=False, suggestion=f"{method} {suggestion}" if suggestion != path else None)


def _field(spec: Spec, gap: Gap) -> Gap:
    """`[owner] unknown field [name]`: the owner's fields when the specification has the owner (a query,
    an aggregation, an object named field_sort), else any object's fields."""
    names = spec.names
    owner = gap.owner or ""
    refs = [ref for ref in (names.queries.get(owner), names.aggregations.get(owner)) if ref]
    refs = refs or list(names.snake.get(owner, ()))
    if refs:
        fields = {name for ref in refs for name in names.fields.get(ref, ())}
        hit = next((ref for ref in refs if gap.name in names.fields.get(ref, ())), None)
        return _found(gap, hit, fields)
    holders = sorted(ref for ref, fields in names.fields.items() if gap.name in fields)
    return _found(gap, ", ".join(holders[:3]) + (" …" if len(holders) > 3 else "") or None, names.all_fields)
