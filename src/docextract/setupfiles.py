"""Read a setups file: Elasticsearch's docs/build.gradle (gradle/), or docextract's own YAML format."""

from __future__ import annotations

from pathlib import Path

from docextract.diagnostics import Diagnostics
from docextract.gradle import read_gradle
from docextract.position import Pos
from docextract.setups import Setups


def read_setups(path: Path, diagnostics: Diagnostics, shown: str | None = None) -> Setups:
    """--setups FILE: Elasticsearch's docs/build.gradle, or a YAML file of our own format (README).

    shown names the file in positions (relative to the docs root, as pages are, so that a baseline or
    a SARIF log made on one machine holds on another); the path as given by default."""
    shown = shown or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        diagnostics.error("setups-unreadable", f"cannot read {shown}: {err}", Pos(shown, 1))
        return Setups()
    if path.suffix == ".gradle":
        return read_gradle(text, shown, diagnostics)
    from docextract import setupsyaml  # here: a build.gradle (whose setups are cached) needs no YAML reader

    return setupsyaml.read_yaml(text, shown, diagnostics)
