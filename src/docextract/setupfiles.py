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
    from docextract.syntax.unreadable import bad_byte, explain, open_regular

    shown = shown or str(path)
    try:
        with open(open_regular(path), "rb") as file:  # never a FIFO or a device
            data = file.read()
    except OSError as err:
        found = explain(err, path)
        diagnostics.error("setups-unreadable", f"the setups file {found.why}", Pos(shown, 1), found.hint)
        return Setups()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line, column = bad_byte(data, err)
        title = f"the setups file is not UTF-8: byte {data[err.start]:#04x}"
        diagnostics.error("setups-unreadable", title, Pos(shown, line, column), "save the file as UTF-8")
        return Setups()
    if path.suffix == ".gradle":
        return read_gradle(text, shown, diagnostics)
    from docextract import setupsyaml  # here: a build.gradle (whose setups are cached) needs no YAML reader

    return setupsyaml.read_yaml(text, shown, diagnostics)
