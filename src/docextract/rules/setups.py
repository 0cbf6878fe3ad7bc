"""Rules on the setups file (Elasticsearch's docs/build.gradle, or YAML) and on YAML test files."""

from docextract.diagnostics import Severity
from docextract.rules.rule import maker

E, W = Severity.ERROR, Severity.WARNING


_rule = maker("setups")


RULES = (
    _rule("setups-unreadable", E, "the setups file can be read", "--setups on a folder"),
    _rule("setups-invalid", E, "a YAML setups file has setups: and teardowns: of step lists", "setups: 3"),
    _rule(
        "gradle-syntax", E, "build.gradle is Groovy docextract can read", "buildRestTests.setups['x'] = '''"
    ),
    _rule(
        "gradle-unsupported",
        W,
        "build.gradle uses only what docextract evaluates (the rest is left out)",
        "setups['x'] = loadFrom(file)",
    ),
    _rule("tests-unreadable", E, "a YAML REST test file can be read", "run on a file without permission"),
    _rule("tests-invalid", E, "a YAML REST test file holds named lists of steps", "test: 3"),
)
