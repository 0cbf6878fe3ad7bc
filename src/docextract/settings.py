"""How pages are read: the docs root, document attributes, and whether includes may leave the root."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Settings:
    docs_root: Path
    attributes: dict[str, str | None] = field(default_factory=dict)  # -a name=value; None unsets
    allow_include_outside_root: bool = False
