"""A finding of a check: a diagnostic at the default severity the catalogue gives its rule."""

from __future__ import annotations

from docextract.diagnostics import Diagnostic
from docextract.position import Pos
from docextract.rules import BY_ID


def finding(code: str, title: str, pos: Pos, hint: str, span: int = 1) -> Diagnostic:
    return Diagnostic(BY_ID[code].severity, code, title, pos, hint, span=max(span, 1))
