"""URL templates of the specification, and the one a documented endpoint or a request path matches."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

# A variable part of a path: {index} in the specification, <index> in a page's request section.
_BRACES = re.compile(r"\{[^{}/]*\}")
_ANGLES = re.compile(r"<([^<>/]*)>")
# A date-math index name (<logstash-{now/d}>) is one segment, although it may hold a slash.
_DATE_MATH = re.compile(r"<[^<>]*>")


@dataclass(frozen=True)
class Template:
    """One URL of the specification: /{index}/_doc/{id}, split into segments."""

    path: str
    # Each segment's literal text, or None where the specification has a variable.
    literals: tuple[str | None, ...]
    # Each segment's variable name, or None where it is literal.
    variables: tuple[str | None, ...]

    @classmethod
    def parse(cls, path: str) -> Template:
        literals: list[str | None] = []
        variables: list[str | None] = []
        for segment in segments(path):
            found = _BRACES.search(segment)
            literals.append(None if found else segment)
            variables.append(found.group(0)[1:-1] if found else None)
        return cls(path, tuple(literals), tuple(variables))


@dataclass(frozen=True)
class Route:
    """A template matched: the endpoint's name, its template, and the page's names for its variables."""

    api: str
    template: Template
    # A documented variable's name (target) → the specification's name for that segment (index).
    renamed: tuple[tuple[str, str], ...] = ()


def segments(path: str) -> list[str]:
    """/a/b/?x=1 → [a, b]: the leading and a trailing slash carry no segment, the query string none."""
    kept = _DATE_MATH.sub(lambda found: found.group(0).replace("/", "\0"), path.partition("?")[0])
    return [part.replace("\0", "/") for part in kept.strip("/").split("/") if part != ""]


def documented(path: str) -> list[tuple[str, list[str]]]:
    """A page's endpoint path as segments, each with the variable names it holds (<index> or {index})."""
    result = []
    for segment in segments(_ANGLES.sub(lambda found: "{" + found.group(1) + "}", path)):
        result.append((segment, [name[1:-1] for name in _BRACES.findall(segment)]))
    return result


@dataclass
class Router:
    """Templates by method and number of segments; the best match is the one with most literal segments."""

    _by_shape: dict[tuple[str, int], list[tuple[str, Template]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    _paths: dict[tuple[str | None, ...], set[str]] = field(default_factory=lambda: defaultdict(set))

    def add(self, api: str, path: str, methods: list[str]) -> None:
        template = Template.parse(path)
        for method in methods:
            self._by_shape[(method.upper(), len(template.literals))].append((api, template))
            self._paths[template.literals].add(method.upper())

    def match(self, method: str, path: str) -> Route | None:
        """The route of a request as sent: /my-index/_doc/1 matches /{index}/_doc/{id}."""
        parts = [(segment, []) for segment in segments(path)]
        return self._best(method, parts)

    def match_documented(self, method: str, path: str) -> Route | None:
        """The route of a documented endpoint: /<target>/_doc/<_id> matches /{index}/_doc/{id}."""
        return self._best(method, documented(path))

    def methods_for(self, method: str, path: str) -> set[str]:
        """The methods the specification has for a path that a request or endpoint names with another."""
        parts = documented(path)
        found: set[str] = set()
        for literals, methods in self._paths.items():
            if len(literals) == len(parts) and _score(literals, parts) is not None:
                found |= methods
        return found - {method.upper()}

    def literals(self) -> set[str]:
        """Every literal segment of the templates: _search, _doc, _cat …"""
        return {literal for literals in self._paths for literal in literals if literal is not None}

    def _best(self, method: str, parts: list[tuple[str, list[str]]]) -> Route | None:
        best: tuple[int, str, Template] | None = None
        for api, template in self._by_shape.get((method.upper(), len(parts)), ()):
            score = _score(template.literals, parts)
            if score is not None and (best is None or score > best[0]):
                best = (score, api, template)
        if best is None:
            return None
        _, api, template = best
        renamed = []
        for (_, names), variable in zip(parts, template.variables, strict=True):
            if variable is not None:
                renamed.extend((name, variable) for name in names)
        return Route(api, template, tuple(renamed))


def _score(literals: tuple[str | None, ...], parts: list[tuple[str, list[str]]]) -> int | None:
    """How many literal segments agree, or None when one disagrees. A variable of the specification
    takes any segment (`_all` for {job_id}); a documented variable takes only a variable."""
    score = 0
    for literal, (segment, names) in zip(literals, parts, strict=True):
        if literal is None:
            continue
        if names or literal != segment:
            return None
        score += 1
    return score
