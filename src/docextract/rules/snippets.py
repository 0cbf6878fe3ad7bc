"""Rules on snippets as written: their languages, annotations and console requests."""

from docextract.diagnostics import Severity
from docextract.rules.rule import maker

E, W = Severity.ERROR, Severity.WARNING


_rule = maker("snippets")


RULES = (
    _rule("snippet-missing-language", E, "every ---- block declares a language", "[source]\n----"),
    _rule(
        "annotation-syntax",
        E,
        "an annotation line is well formed, its options known (with a did-you-mean)",
        "// TEST[contineud]",
    ),
    _rule(
        "annotation-conflict",
        E,
        "a snippet has one // CONSOLE or // NOTCONSOLE (a second TEST's options win, as Elasticsearch's do)",
        "// NOTCONSOLE\n// NOTCONSOLE",
    ),
    _rule(
        "annotation-not-paired",
        E,
        "an annotation follows the snippet it is about, right after its closing ----",
        "text between ---- and // TEST",
    ),
    _rule(
        "annotation-without-language",
        E,
        "an annotated block has a [source,LANG] line",
        "----\nGET /\n----\n// TEST",
    ),
    _rule(
        "source-line-in-snippet",
        W,
        "no [source,…] line stands inside a snippet (the test tooling would read it as the next one's)",
        "[source,console] inside a ---- block",
    ),
    _rule("language-json", E, "snippets use js, not json or javascript", "[source,json]"),
    _rule(
        "console-annotation-on-js",
        E,
        "a [source,js] block is not marked // CONSOLE (write [source,console])",
        "[source,js]\n…\n// CONSOLE",
    ),
    _rule(
        "notconsole-without-curl",
        E,
        "// NOTCONSOLE on a sh/shell block only when it holds a curl command",
        "[source,sh]\nls\n----\n// NOTCONSOLE",
    ),
    _rule(
        "unconverted-snippets",
        E,
        "[source,js] and curl snippets are converted (CONSOLE/NOTCONSOLE) or their page listed as expected",
        "[source,js] with no annotation",
    ),
    _rule("console-syntax", E, "a console snippet is a list of METHOD path requests", "get /_search"),
    _rule("console-body", E, 'a console request body is JSON (or NDJSON, or """ strings)', '{"a": 1,}'),
    _rule("block-quote", E, 'a """ string in a body is closed', '{"q": """text}'),
)
