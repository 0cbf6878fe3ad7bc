"""How pages are read: the docs root, document attributes, includes outside the root, and for what."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    """How pages are read: the docs root, the attributes, what includes may reach."""

    docs_root: Path
    attributes: dict[str, str | None] = field(default_factory=dict)  # -a name=value; None unsets
    allow_include_outside_root: bool = False
    # Read each file as it stands, as Elasticsearch's test generator does: no include expanded and no
    # conditional evaluated (so every snippet is tested once, from the file it is written in), every
    # ---- block needs a language, and the requests of a snippet are left to the generator.
    for_tests: bool = False
