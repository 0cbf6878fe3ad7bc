"""Whether a request calls a documented endpoint.

A path segment holding a `<name>` placeholder matches any segment, and one that is only the
placeholder of an Optional path parameter may be left out.
"""

from __future__ import annotations

import re
from functools import lru_cache

from docextract.model import Endpoint, Page

# <index>, and {job_id} as a few pages write it. A segment with a placeholder matches any segment as a
# whole (`<a>,<b>` too): a pattern per placeholder could backtrack for long on a page's long paths.
_PLACEHOLDER = re.compile(r"<[^<>/]*>|\{[^{}/]*\}")
_ANY_SEGMENT = "/[^/]+"


def optional_parameters(page: Page) -> frozenset[str]:
    return frozenset(
        name for p in page.path_parameters if p.required is False for name in (p.name, *p.aliases)
    )


@lru_cache(maxsize=1024)
def path_pattern(path: str, optional: frozenset[str]) -> re.Pattern:
    parts = []
    for segment in (s for s in path.split("/") if s):
        if _PLACEHOLDER.fullmatch(segment) and segment[1:-1] in optional:
            parts.append(f"(?:{_ANY_SEGMENT})?")
        else:
            parts.append(_ANY_SEGMENT if _PLACEHOLDER.search(segment) else "/" + re.escape(segment))
    return re.compile("".join(parts) + "/?")


def normalised(path: str) -> str:
    return "/" + path.lstrip("/")


def path_matches(endpoint: Endpoint, path: str, optional: frozenset[str]) -> bool:
    return path_pattern(endpoint.path, optional).fullmatch(normalised(path)) is not None
