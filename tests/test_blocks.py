"""Block structure: delimited blocks, snippets and their annotations, lists and nesting."""

from textwrap import dedent

from conftest import convert_tree


def convert(tmp_path, text):
    return convert_tree(tmp_path, {"page.asciidoc": dedent(text)})


def test_snippet_needs_its_source_line_directly_above(tmp_path):
    page, diagnostics = convert(
        tmp_path,
        """\
        [source,console]
        ----
        GET /
        ----

        [source,console]
        .A title in between
        ----
        GET /hidden
        ----

        ----
        GET /plain
        ----
        """,
    )
    assert [(s.pos.line, s.language) for s in page.snippets] == [(2, "console")]
    assert not diagnostics.items


def test_source_line_variants_follow_the_reference(tmp_path):
    page, _ = convert(
        tmp_path,
        """\
        [source, console, id=named]
        ----
        GET /a
        ----

        ["source","console-result"]
        ----
        {}
        ----

        [source.merge.styled,esql]
        ----
        FROM x
        ----
        """,
    )
    assert [(s.language, s.name) for s in page.snippets] == [
        ("console", "named"),
        ("console-result", None),
        ("esql", None),
    ]


def test_annotations_after_and_inside_a_snippet_belong_to_it(tmp_path):
    page, diagnostics = convert(
        tmp_path,
        """\
        [source,console]
        ----
        GET /a
        // TEST[setup:my_index]
        ----
        // TEST[continued]
        +
        // TEST[s/a/b/]
        """,
    )
    (snippet,) = page.snippets
    assert [a.pos.line for a in snippet.annotations] == [4, 6, 8]
    assert snippet.content == "GET /a\n"
    assert snippet.options.setup == ("my_index",) and snippet.options.continued
    assert [s.pattern for s in snippet.options.substitutions] == ["a"]
    assert not diagnostics.items


def test_a_blank_line_ends_the_annotation_window(tmp_path):
    page, diagnostics = convert(
        tmp_path,
        """\
        [source,console]
        ----
        GET /a
        ----

        // TEST[continued]
        """,
    )
    (error,) = diagnostics.errors
    assert error.code == "annotation-not-paired" and error.pos.line == 6
    assert "line 4" in error.hint
    assert not page.snippets[0].options.continued


def test_annotation_on_a_block_without_language_is_an_error(tmp_path):
    _, diagnostics = convert(tmp_path, "----\nGET /\n----\n// TEST[continued]\n")
    (error,) = diagnostics.errors
    assert error.code == "annotation-without-language" and error.pos.line == 4


def test_comment_blocks_hide_snippets_but_drop_prose(tmp_path):
    page, _ = convert(
        tmp_path,
        """\
        [[p]]
        === Page

        ////
        Prose nobody sees.
        [source,console]
        ----
        PUT my-index
        ----
        // TESTSETUP
        ////

        Visible summary.
        """,
    )
    (snippet,) = page.snippets
    assert snippet.hidden and snippet.kind == "setup" and snippet.pos.line == 7
    assert page.summary == "Visible summary."


def test_delimited_blocks_close_only_on_the_same_length(tmp_path):
    page, diagnostics = convert(
        tmp_path,
        """\
        ====
        =====
        [source,txt]
        ----
        GET /inner
        ------
        ----
        =====
        ====
        """,
    )
    (snippet,) = page.snippets
    assert snippet.content == "GET /inner\n------\n"
    assert not diagnostics.items


def test_an_unterminated_block_is_a_warning_and_keeps_its_content(tmp_path):
    page, diagnostics = convert(tmp_path, "[source,console]\n----\nGET /\n")
    (warning,) = diagnostics.items
    assert warning.code == "unterminated-block" and warning.pos.line == 2
    assert page.snippets[0].end_line is None and page.snippets[0].content == "GET /\n"


def test_callouts_and_trailing_spaces_are_stripped_from_content(tmp_path):
    page, _ = convert(tmp_path, '[source,console]\n----\nGET /a <1>  \n{ "a": 1 } <2>\n----\n')
    assert page.snippets[0].content == 'GET /a\n{ "a": 1 }\n'
    assert page.snippets[0].requests[0].body == {"a": 1}


def test_description_lists_nest_by_marker_and_by_attached_example_blocks(tmp_path):
    page, _ = convert(
        tmp_path,
        """\
        [[p]]
        === Page

        [[p-request-body]]
        ==== Request body

        `settings`::
        (Optional, object) Settings.
        `number_of_shards`:::
        (Optional, integer) Shards. Defaults to `1`.

        `mappings`::
        (Optional, object) Mappings.
        +
        .Properties of `mappings`
        [%collapsible%open]
        ====
        `properties`::
        (Optional, object) Fields.
        +
        =====
        `type`::
        (Required, string) Field type.
        =====
        ====

        `mode`::
        (Optional, string) How.
        +
        --
        Valid values are:

        `fast`:::
        (Default) Quick.
        `safe`:::
        Careful.
        --
        """,
    )
    body = {p.name: p for p in page.request_body}
    assert list(body) == ["settings", "mappings", "mode"]
    assert [(c.name, c.type, c.default) for c in body["settings"].children] == [
        ("number_of_shards", "integer", "1")
    ]
    (properties,) = body["mappings"].children
    assert properties.name == "properties" and [c.name for c in properties.children] == ["type"]
    assert properties.children[0].required is True
    assert body["mode"].children == ()
    assert [(v.name, v.default) for v in body["mode"].values] == [("fast", True), ("safe", False)]
    assert body["mode"].description == "How.\n\nValid values are:"


def test_bulleted_lines_inside_a_paragraph_are_text(tmp_path):
    page, _ = convert(tmp_path, "[[p]]\n=== Page\n\nA sentence that goes\n* on like this.\n")
    assert page.summary == "A sentence that goes\n* on like this."


def test_sections_are_found_by_anchor_or_by_title(tmp_path):
    page, _ = convert(
        tmp_path,
        """\
        [[p]]
        === Page
        ++++
        <titleabbrev>Short</titleabbrev>
        ++++
        beta::[]

        Summary.

        ==== {api-request-title}

        `GET /<index>/_thing` +
        `POST /_thing?pretty`

        [[p-desc]]
        ==== Some other words

        Described.

        ==== Path parameters

        `<index>`::
        (Required, string) Target.

        ==== Response codes

        `404`::
        Not there.
        """,
    )
    assert (page.title, page.titleabbrev, page.summary, page.availability) == (
        "Page",
        "Short",
        "Summary.",
        ("beta",),
    )
    assert [(e.method, e.path, e.pos.line) for e in page.endpoints] == [
        ("GET", "/<index>/_thing", 12),
        ("POST", "/_thing", 13),
    ]
    assert page.description == "Described."
    assert [p.name for p in page.path_parameters] == ["index"]
    assert [(r.code, r.description) for r in page.response_codes] == [(404, "Not there.")]


def test_a_comment_between_blank_lines_separates_two_lists(tmp_path):
    page, _ = convert(
        tmp_path,
        """\
        [[p]]
        === Page

        [[p-query-params]]
        ==== Query parameters

        `a`::
        (string) A.

        //

        `b`:::
        (string) B, not a child of a.
        """,
    )
    assert [(p.name, p.children) for p in page.query_parameters] == [("a", ()), ("b", ())]


def test_callout_lists_explain_the_snippet_above(tmp_path):
    page, _ = convert(
        tmp_path,
        """\
        [source,console]
        ----
        GET /a <1>
        ----

        <1> Gets a.
        More about a.
        <2> Unused.
        """,
    )
    (snippet,) = page.snippets
    assert [(c.number, c.text, c.pos.line) for c in snippet.callouts] == [
        (1, "Gets a.\nMore about a.", 6),
        (2, "Unused.", 8),
    ]


def test_only_known_block_macros_are_macros(tmp_path):
    page, _ = convert(tmp_path, "[[p]]\n=== Page\n\nexperimental::[]\ntag::not-a-macro[]\n")
    assert page.availability == ("experimental",)
    assert page.summary == "tag::not-a-macro[]"
