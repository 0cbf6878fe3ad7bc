"""Version ranges of `skip: {version: …}` ("7.0.0 - 7.9.99", " - 6.99.99, 8.8.0 - ", "all") against the
target's version, as the test framework's VersionRange reads them: bounds included, an empty bound open.

OpenSearch's framework reads a version whose major is above 3 as a legacy Elasticsearch one, older than
every OpenSearch release (its Version.fromString): on an OpenSearch target, " - 6.99.99" (written when
the tests were Elasticsearch's) skips nothing. A version here is (era, major, minor, patch), the era 0
for those legacy versions and 1 for every other.
"""

from __future__ import annotations

import re
from collections.abc import Callable

Version = tuple[int, int, int, int]

_VERSION = re.compile(r"\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?")
_FIRST: Version = (0, 0, 0, 0)
_LAST: Version = (2, 0, 0, 0)


class RangeError(ValueError):
    """A version or range the framework would refuse to parse."""


def parse_version(text: str, opensearch: bool = False) -> Version:
    """`8.15.0`, `8.15.0-SNAPSHOT`, `1.0.0.Beta1`: the release numbers (qualifiers do not order here),
    read as OpenSearch's framework reads them when the target is OpenSearch."""
    match = _VERSION.match(text)
    if match is None:
        raise RangeError(f"[{text.strip()}] is not a version (x.y.z)")
    major, minor, patch = (int(part or 0) for part in match.groups())
    return (0 if opensearch and major > 3 else 1), major, minor, patch


def skips(ranges: str, target: Callable[[], Version | None], opensearch: Callable[[], bool]) -> bool:
    """Whether the target's version falls in any of the comma-separated ranges; RangeError when one is
    malformed. The target is asked only when a range needs it; a target without a version is in none.

    `all` is every version. `current` is the version the suite runs against (the target: docextract has
    no build of its own), `non_current` and `mixed` (clusters of several versions) never hold here.
    """
    word = ranges.strip()
    if word in ("all", "current"):
        return True
    if word in ("non_current", "mixed"):
        return False
    for part in ranges.split(","):
        bounds = part.split("-")
        if len(bounds) != 2:
            raise RangeError(f"version range malformed: {ranges}")
        lower, upper = (bound.strip() for bound in bounds)
        low = parse_version(lower, opensearch()) if lower else _FIRST
        high = parse_version(upper, opensearch()) if upper else _LAST
        version = target()
        if version is not None and low <= version <= high:
            return True
    return False
