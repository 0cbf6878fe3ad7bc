"""Request bodies and query parameters as the YAML runner sends them, stash references resolved."""

from __future__ import annotations

import json
import re
from typing import Any

from docextract.runner.stash import Stash
from docextract.syntax import console


def param(value: Any) -> str:
    """A query parameter as Elasticsearch's YAML runner sends it: booleans in lower case, lists joined
    with commas."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ",".join(param(item) for item in value)
    return str(value)


def encode_body(body: Any, stash: Stash) -> tuple[str | None, str | None]:
    """A body as the YAML runner sends it: a string holds one JSON value or several (sent as NDJSON),
    with stash references resolved in the values; text that is not JSON is sent as it is."""
    if body is None:
        return None, None
    if isinstance(body, str):
        try:
            value, body_format = console.parse_body(body)
        except console.BodyError:
            return body, "application/json"
        if body_format is None:
            return "", "application/json"
        if body_format == "ndjson":
            lines = [_json(stash.resolve(item)) for item in value]
            return "\n".join(lines) + "\n", "application/x-ndjson"
        return _json(stash.resolve(value)), "application/json"
    # A body written as a YAML list of maps (bulk in YAML tests) is NDJSON.
    resolved = stash.resolve(body)
    if isinstance(resolved, list) and resolved and all(isinstance(item, dict) for item in resolved):
        return "".join(_json(item) + "\n" for item in resolved), "application/x-ndjson"
    return _json(resolved), "application/json"


# A lone surrogate: what JSON text such as "\ud800" (which Jackson and Elasticsearch accept) parses to.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _json(value: Any) -> str:
    # A value JSON has no type for (YAML's !!binary or !!set) is sent as its Python text, not a crash.
    text = json.dumps(value, ensure_ascii=False, default=str)
    # No UTF-8 holds a lone surrogate: it is sent escaped, as Jackson's generator in Elasticsearch's YAML
    # runner writes it (upper-case hex); outside strings JSON text has no such character.
    return _SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04X}", text)
