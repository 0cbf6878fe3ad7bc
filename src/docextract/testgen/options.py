"""What a test generation is asked for: named setups, --set values, lenient substitutions (light to import:
a run whose findings come from the cache builds its options without loading the generator)."""

from __future__ import annotations

from dataclasses import dataclass, field

from docextract.setups import Setups


@dataclass(frozen=True)
class Options:
    """What one test generation is asked for: named setups, --set values, lenient substitutions."""

    setups: Setups = field(default_factory=Setups)
    values: dict[str, str] = field(default_factory=dict)  # --set version=… and friends
    lenient_substitutions: bool = False
