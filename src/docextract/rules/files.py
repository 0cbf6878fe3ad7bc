"""Rules on reading a page: files, includes, directives, conditionals and blocks."""

from docextract.diagnostics import Severity
from docextract.rules.rule import maker

E, W = Severity.ERROR, Severity.WARNING


_rule = maker("files")


RULES = (
    _rule("internal-error", E, "docextract itself failed on the page (a bug to report)", "any page"),
    _rule(
        "output-clash",
        E,
        "no two pages are written to the same output file",
        "page.asciidoc and page.md beside it, with -o",
    ),
    _rule(
        "page-unreadable",
        E,
        "a page is a regular file that can be read (exit status 7)",
        "page.asciidoc a FIFO, a dangling link, or not readable by the user",
    ),
    _rule("invalid-utf8", E, "the file is UTF-8 text", "a page saved as Latin-1"),
    _rule("binary-file", E, "the file is text, not binary data", "an image named page.asciidoc"),
    _rule("page-too-large", E, "the page, includes expanded, stays within the size limits", "a 100 MB page"),
    _rule("line-too-long", E, "no line passes the length limit", "one line of a million characters"),
    _rule("include-not-found", E, "an include:: names a file that exists", "include::missing.asciidoc[]"),
    _rule(
        "include-unreadable",
        E,
        "an include:: names a regular file that can be read (exit status 7)",
        "include::/dev/zero[] with --allow-include-outside-root",
    ),
    _rule(
        "include-outside-root",
        E,
        "an include:: stays inside the docs root",
        "include::../../etc/passwd[]",
    ),
    # A warning, as Asciidoctor (which shows a link unless allow-uri-read) treats it: the page still reads.
    _rule("include-remote", W, "an include:: names a local file", "include::https://example.com/x.adoc[]"),
    _rule(
        "include-loop",
        E,
        "no file includes itself, directly or not",
        "a.adoc includes b.adoc includes a.adoc",
    ),
    _rule("include-too-deep", E, "includes nest within the depth limit", "includes nested 70 deep"),
    _rule(
        "include-tag-not-found",
        E,
        "the tag= of an include:: is a region of the included file",
        "include::common-parms.asciidoc[tag=no-such-tag]",
    ),
    _rule(
        "include-tag-malformed",
        W,
        "the tag::/end:: markers of an included file pair up",
        "// tag::a[] with no // end::a[]",
    ),
    _rule("malformed-directive", E, "a directive line is complete", "include::[]"),
    _rule("unmatched-endif", E, "every endif:: closes a conditional", "endif::[] with no ifdef before it"),
    _rule("mismatched-endif", W, "an endif:: names the conditional it closes", "ifdef::a[] … endif::b[]"),
    _rule(
        "unterminated-conditional",
        W,
        "every ifdef/ifndef/ifeval block is closed",
        "ifdef::a[] with no endif",
    ),
    _rule("unterminated-block", W, "every delimited block is closed", "---- with no closing ----"),
    _rule("nesting-too-deep", E, "blocks nest within the depth limit", "delimited blocks nested 100 deep"),
)
