"""Whether a test may run: the runner features it asks for (skip:/requires:) against those implemented."""

from __future__ import annotations

# The step kinds and runner features implemented here; a test asking for another feature is skipped.
FEATURES = frozenset(
    {
        *("default_shards", "stash_in_key", "stash_in_path", "stash_path_replace", "embedded_stash_key"),
        *("warnings", "warnings_regex", "allowed_warnings", "allowed_warnings_regex", "headers"),
        *("contains", "close_to", "transform_and_set", "catch_unauthorized", "arbitrary_key", "yaml"),
        "node_selector",
    }
)


def skip_reason(step: dict) -> str | None:
    """Why a test with this skip (or requires) section must not run, or None when it may."""
    section = step.get("skip") or step.get("requires") or {}
    features = section.get("features") or section.get("test_runner_features") or []
    if isinstance(features, str):
        features = [features]
    missing = [f for f in features if f not in FEATURES]
    if missing or section.get("version") == "all":
        return section.get("reason") or f"needs runner features docextract lacks: {', '.join(missing)}"
    return None
