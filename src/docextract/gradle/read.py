"""read_gradle: build.gradle parsed, then run, to the named setups and teardowns it defines."""

from __future__ import annotations

from docextract.diagnostics import Diagnostics
from docextract.gradle.evaluate import Script
from docextract.gradle.parse import parse_gradle
from docextract.gradle.task import RestTests
from docextract.setups import Setups


def read_gradle(text: str, file: str, diagnostics: Diagnostics) -> Setups:
    """The setups, teardowns and expectedUnconvertedCandidates that build.gradle defines."""
    statements = parse_gradle(text, file, diagnostics)
    if statements is None:
        return Setups()
    task = RestTests(file, diagnostics)
    Script(task).run_file(statements)
    return task.definitions()
