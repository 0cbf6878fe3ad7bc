"""The YAML front matter of a page, between `---` lines: its navigation title, availability and page
substitutions.

    ---
    navigation_title: "Adjacency matrix"
    applies_to:
      stack: ga 9.1
    sub:
      index: my-index
    ---
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from docextract.diagnostics import Diagnostics
from docextract.markdown import applies
from docextract.position import Pos
from docextract.syntax import yamlread


@dataclass(frozen=True)
class FrontMatter:
    """What a page's front matter gives: its navigation title, availability and `sub:` values."""

    navigation_title: str | None = None
    availability: tuple[str, ...] = ()
    subs: dict | None = None


def read(text: str, start: Pos, diagnostics: Diagnostics) -> FrontMatter:
    """The front matter whose first `---` line is at start; a problem is reported, the page read on."""
    try:
        data = yamlread.load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        # The YAML's first line is the line after the opening ---.
        line = start.line + 1 + (mark.line if mark else 0)
        diagnostics.error(
            "front-matter-invalid",
            f"the front matter is not YAML: {getattr(err, 'problem', None) or err}",
            Pos(start.file, line, (mark.column + 1) if mark else 1),
            yamlread.hint(
                err,
                "fix the YAML between the --- lines: docs-builder does not build a page whose front matter "
                "does not parse",
            ),
        )
        return FrontMatter()
    if data is None:
        return FrontMatter()
    if not isinstance(data, dict):
        diagnostics.error(
            "front-matter-invalid",
            "the front matter is not a mapping of keys to values",
            Pos(start.file, start.line + 1),
            "write key: value lines between the --- lines",
        )
        return FrontMatter()
    title = data.get("navigation_title")
    subs = data.get("sub")
    return FrontMatter(
        navigation_title=str(title).strip() if title is not None else None,
        availability=applies.from_front_matter(data.get("applies_to") or {}),
        subs=subs if isinstance(subs, dict) else None,
    )
