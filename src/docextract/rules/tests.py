"""Rules on the tests the snippets make: continued tests, setups, teardowns, responses, substitutions."""

from docextract.diagnostics import Severity
from docextract.rules.rule import maker

E, W = Severity.ERROR, Severity.WARNING


_rule = maker("tests")


RULES = (
    _rule(
        "continued-first-snippet", E, "// TEST[continued] has a test before it to continue", "first snippet"
    ),
    _rule(
        "continued-after-testsetup", E, "a test does not continue a // TESTSETUP", "TESTSETUP, then continued"
    ),
    _rule(
        "continued-after-teardown", E, "a test does not continue a // TEARDOWN", "TEARDOWN, then continued"
    ),
    _rule("continued-skipped", E, "a continued test is not skipped alone", "// TEST[continued,skip:x]"),
    _rule("testsetup-not-first", E, "// TESTSETUP marks the first snippet of a file", "TESTSETUP on the 2nd"),
    _rule("teardown-misplaced", E, "// TEARDOWN follows the tests it cleans up after", "TEARDOWN first"),
    _rule("duplicate-name", E, "snippet names (id=) are unique within a page", "two [source,console,id=x]"),
    _rule("setup-not-found", E, "// TEST[setup:NAME] names a known setup", "// TEST[setup:no_such]"),
    _rule("teardown-not-found", E, "// TEST[teardown:NAME] names a known teardown", "// TEST[teardown:x]"),
    _rule(
        "response-without-test",
        E,
        "a response snippet follows a request it is the response to",
        "// TESTRESPONSE after a NOTCONSOLE snippet",
    ),
    _rule("response-first-in-file", E, "a response is not a file's first snippet", "TESTRESPONSE first"),
    _rule("response-yaml", E, "a response can be written into the test as YAML", "a response of 1 GB"),
    _rule(
        "yaml-invalid", E, "startyaml blocks and named setups are valid YAML", "startyaml\n- do: [\nendyaml"
    ),
    _rule(
        "substitution-unmatched",
        E,
        "every s/…/…/ of an annotation changes the snippet (warning with --lenient-substitutions)",
        "// TEST[s/no such text/x/]",
    ),
    _rule(
        "substitution-default-unset",
        W,
        "{version}, {version_qualified} and {lucene_version} in a test have values (--set)",
        "{lucene_version} in a response, no --set",
    ),
    _rule("substitution-invalid", E, "an s/…/…/ pattern is a valid Java regex", "// TEST[s/(/x/]"),
    _rule("substitution-timeout", E, "an s/…/…/ pattern runs within its time bound", "// TEST[s/(a+)+b/x/]"),
)
