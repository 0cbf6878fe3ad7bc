"""Rules on the baseline of known findings (`validate --baseline`)."""

from docextract.diagnostics import Severity
from docextract.rules.rule import Rule

RULES = (
    Rule(
        "baseline-expired",
        Severity.ERROR,
        "a baseline entry is used no later than its expires: date",
        "expires: 2020-01-01 on a finding still there",
        "baseline",
    ),
    Rule(
        "baseline-fixed",
        Severity.WARNING,
        "every baseline entry still matches a finding (else it is fixed: remove it)",
        "an entry for a line since corrected",
        "baseline",
    ),
)
