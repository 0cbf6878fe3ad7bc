"""Preprocessing: includes (tags, lines, leveloffset), conditionals, attributes, line map, encoding."""

from pathlib import Path
from textwrap import dedent

import pytest

from conftest import convert_tree

FRAGMENT = dedent(
    """\
    intro line

    // tag::timeout[]
    `timeout`::
    (Optional, time units) How long to wait. Defaults to `30s`.
    // end::timeout[]

    // tag::local[]
    `local`::
    (Optional, Boolean) Read the local node. Defaults to `false`.
    // end::local[]

    outro line
    """
)


def page_with(include_line: str) -> str:
    return dedent(
        f"""\
        [[p]]
        === Page

        [[p-query-params]]
        ==== Query parameters

        {include_line}
        """
    )


def names(page):
    return [p.name for p in page.query_parameters]


@pytest.mark.parametrize(
    ("attrs", "expected"),
    [
        ("tag=timeout", ["timeout"]),
        ("tags=timeout;local", ["timeout", "local"]),
        ("tags=*", ["timeout", "local"]),
        ("tags=!local", ["timeout"]),
        ("tags=*;!timeout", ["local"]),
        ("lines=4..5", ["timeout"]),
        ("lines=9..-1", ["local"]),
    ],
)
def test_include_selects_regions(tmp_path, attrs, expected):
    page, diagnostics = convert_tree(
        tmp_path,
        {
            "page.asciidoc": page_with(f"include::shared/params.asciidoc[{attrs}]"),
            "shared/params.asciidoc": FRAGMENT,
        },
    )
    assert names(page) == expected
    assert not diagnostics.errors


def test_included_items_carry_the_file_and_line_they_stand_on(tmp_path):
    page, _ = convert_tree(
        tmp_path,
        {
            "page.asciidoc": page_with("include::shared/params.asciidoc[tag=local]"),
            "shared/params.asciidoc": FRAGMENT,
        },
    )
    (local,) = page.query_parameters
    assert (local.pos.file, local.pos.line) == ("shared/params.asciidoc", 9)
    assert local.default == "false"


def test_tags_double_star_keeps_untagged_lines(tmp_path):
    page, _ = convert_tree(
        tmp_path,
        {
            "page.asciidoc": "[[p]]\n=== Page\n\ninclude::f.asciidoc[tags=**]\n",
            "f.asciidoc": "First.\n// tag::a[]\nSecond.\n// end::a[]\n",
        },
    )
    assert page.summary == "First.\nSecond."


def test_missing_tag_is_reported_with_a_suggestion_and_the_page_converts(tmp_path):
    page, diagnostics = convert_tree(
        tmp_path,
        {
            "page.asciidoc": page_with("include::shared/params.asciidoc[tag=timout]")
            + "\n`extra`::\n(string) Kept.\n",
            "shared/params.asciidoc": FRAGMENT,
        },
    )
    (error,) = diagnostics.errors
    assert error.code == "include-tag-not-found"
    assert (error.pos.file, error.pos.line, error.pos.column) == ("page.asciidoc", 7, 10)
    assert error.hint == "did you mean tag=timeout?"
    assert names(page) == ["extra"]


def test_missing_file_is_reported_and_the_rest_converts(tmp_path):
    page, diagnostics = convert_tree(
        tmp_path,
        {"page.asciidoc": page_with("include::nowhere.asciidoc[]") + "\n`extra`::\n(string) Kept.\n"},
    )
    (error,) = diagnostics.errors
    assert error.code == "include-not-found" and "nowhere.asciidoc" in error.title
    assert names(page) == ["extra"]


def test_missing_attribute_in_an_include_path_is_named_in_the_hint(tmp_path):
    _, diagnostics = convert_tree(
        tmp_path, {"page.asciidoc": page_with("include::{xes-repo-dir}/x.asciidoc[]")}
    )
    (error,) = diagnostics.errors
    assert "-a xes-repo-dir=" in error.hint


def test_docs_root_attributes_resolve_to_the_root(tmp_path):
    page, diagnostics = convert_tree(
        tmp_path,
        {
            "sub/page.asciidoc": page_with("include::{es-ref-dir}/shared/params.asciidoc[tag=timeout]"),
            "shared/params.asciidoc": FRAGMENT,
        },
        page="sub/page.asciidoc",
    )
    assert names(page) == ["timeout"] and not diagnostics.errors


def test_nested_includes_resolve_from_the_included_file(tmp_path):
    page, _ = convert_tree(
        tmp_path,
        {
            "page.asciidoc": page_with("include::a/outer.asciidoc[]"),
            "a/outer.asciidoc": "include::inner.asciidoc[]\n",
            "a/inner.asciidoc": "`deep`::\n(string) From the inner file.\n",
        },
    )
    assert names(page) == ["deep"]
    assert page.query_parameters[0].pos.file == "a/inner.asciidoc"


def test_include_loop_is_reported_once(tmp_path):
    _, diagnostics = convert_tree(
        tmp_path,
        {"page.asciidoc": "Text.\n\ninclude::a.asciidoc[]\n", "a.asciidoc": "include::page.asciidoc[]\n"},
    )
    assert [d.code for d in diagnostics.errors] == ["include-loop"]
    assert "page.asciidoc → a.asciidoc → page.asciidoc" in diagnostics.errors[0].title


def test_a_file_may_include_a_region_of_itself(tmp_path):
    page, diagnostics = convert_tree(
        tmp_path,
        {
            "page.asciidoc": dedent(
                """\
                [[p]]
                === Page

                include::page.asciidoc[tag=summary]

                ////
                tag::summary[]
                Said once, used twice.
                end::summary[]
                ////
                """
            )
        },
    )
    assert not diagnostics.errors
    assert page.summary == "Said once, used twice."


def test_include_outside_the_docs_root_is_refused_unless_allowed(tmp_path):
    files = {
        "docs/page.asciidoc": page_with("include::../secret.asciidoc[]"),
        "secret.asciidoc": "`s`::\n(string) S.\n",
    }
    from conftest import read_page, write_tree
    from docextract.diagnostics import Diagnostics
    from docextract.settings import Settings

    write_tree(tmp_path, files)
    refused = Diagnostics()
    page = read_page(tmp_path / "docs/page.asciidoc", Settings((tmp_path / "docs").resolve()), refused)
    assert [d.code for d in refused.errors] == ["include-outside-root"] and names(page) == []
    allowed = Diagnostics()
    settings = Settings((tmp_path / "docs").resolve(), allow_include_outside_root=True)
    page = read_page(tmp_path / "docs/page.asciidoc", settings, allowed)
    assert not allowed.errors and names(page) == ["s"]


def test_a_symlink_that_leads_out_of_the_docs_root_is_refused(tmp_path):
    # Real paths are resolved a folder at a time: a link in the folder or in the file's name still counts.
    from conftest import read_page, write_tree
    from docextract.asciidoc.files import FileCache
    from docextract.diagnostics import Diagnostics
    from docextract.settings import Settings

    write_tree(
        tmp_path,
        {
            "docs/page.asciidoc": "[[p]]\n=== Page\n\n"
            "include::linked/secret.asciidoc[]\ninclude::alias.asciidoc[]\n",
            "outside/secret.asciidoc": "`s`::\n(string) S.\n",
        },
    )
    (tmp_path / "docs/linked").symlink_to(tmp_path / "outside")
    (tmp_path / "docs/alias.asciidoc").symlink_to(tmp_path / "outside/secret.asciidoc")
    diagnostics = Diagnostics()
    page = read_page(tmp_path / "docs/page.asciidoc", Settings((tmp_path / "docs").resolve()), diagnostics)
    assert [(d.code, d.pos.line) for d in diagnostics.errors] == [
        ("include-outside-root", 4),
        ("include-outside-root", 5),
    ]
    assert names(page) == []
    files = FileCache()
    for path in (
        tmp_path / "docs/linked/secret.asciidoc",
        tmp_path / "docs/alias.asciidoc",
        tmp_path / "docs/linked/../page.asciidoc",
        tmp_path / "docs/gone/../linked/gone.asciidoc",
        tmp_path / "docs/page.asciidoc",
    ):
        assert files.real(str(path)) == str(path.resolve())


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="needs Linux's /proc")
def test_a_file_whose_size_is_not_known_is_read_whole():
    # /proc files say they hold 0 bytes: reading stops at the end of the file, not at its stated size.
    from docextract.asciidoc.files import FileCache

    lines = FileCache().lines(Path("/proc/self/status"))
    assert lines and lines[0].startswith("Name:")


def test_optional_include_is_silent(tmp_path):
    _, diagnostics = convert_tree(
        tmp_path, {"page.asciidoc": page_with("include::gone.asciidoc[opts=optional]")}
    )
    assert not diagnostics.items


def test_leveloffset_shifts_included_sections(tmp_path):
    page, _ = convert_tree(
        tmp_path,
        {
            "page.asciidoc": "[[p]]\n== Page\n\ninclude::part.asciidoc[leveloffset=+1]\n",
            "part.asciidoc": "[[p-desc]]\n== Description\n\nShifted under the page.\n",
        },
    )
    assert page.description == "Shifted under the page."


@pytest.mark.parametrize(
    ("directive", "shown"),
    [
        ("ifdef::flag[]", True),
        ("ifdef::nothing[]", False),
        ("ifndef::nothing[]", True),
        ("ifdef::nothing,flag[]", True),
        ("ifdef::nothing+flag[]", False),
        ('ifeval::["{version}" == "8.13"]', True),
        ("ifeval::[{major} >= 8]", True),
        ("ifeval::[{major} < 8]", False),
    ],
)
def test_conditionals(tmp_path, directive, shown):
    header = ":flag:\n:version: 8.13\n:major: 8\n\n[[p]]\n=== Page\n\n"
    text = f"{header}{directive}\nShown only if true.\nendif::[]\n"
    page, diagnostics = convert_tree(tmp_path, {"page.asciidoc": text})
    assert (page.summary == "Shown only if true.") is shown
    assert not diagnostics.items


def test_single_line_conditional_and_attribute_references(tmp_path):
    text = "[[p]]\n=== {product} Page\n\nifdef::product[Made by {product}.]\n"
    page, _ = convert_tree(tmp_path, {"page.asciidoc": text}, attributes={"product": "Acme"})
    assert page.title == "Acme Page"
    assert page.summary == "Made by Acme."


def test_command_line_attributes_win_over_page_entries(tmp_path):
    text = ":product: Page value\n\n[[p]]\n=== {product}\n"
    page, _ = convert_tree(tmp_path, {"page.asciidoc": text}, attributes={"product": "CLI value"})
    assert page.title == "CLI value"


def test_unknown_and_escaped_attribute_references_stay_as_written(tmp_path):
    page, _ = convert_tree(tmp_path, {"page.asciidoc": "[[p]]\n=== Page\n\nUse {unknown} and \\{escaped}.\n"})
    assert page.summary == "Use {unknown} and {escaped}."


def test_unmatched_and_unterminated_conditionals_are_reported(tmp_path):
    _, diagnostics = convert_tree(tmp_path, {"page.asciidoc": "endif::[]\nifdef::x[]\nHidden.\n"})
    assert [d.code for d in diagnostics] == ["unmatched-endif", "unterminated-conditional"]


def test_directives_in_comment_blocks_are_not_processed(tmp_path):
    text = "[[p]]\n=== Page\n\n////\ninclude::missing.asciidoc[]\nifdef::x[]\n////\n\nAfter the comment.\n"
    page, diagnostics = convert_tree(tmp_path, {"page.asciidoc": text})
    assert not diagnostics.items
    assert page.summary == "After the comment."


def test_invalid_utf8_is_reported_where_it_starts_and_the_rest_converts(tmp_path):
    (tmp_path / "page.asciidoc").write_bytes(
        b"[[p]]\n=== Page\n\nBad \xff byte.\n\n[[p-desc]]\n==== Description\n\nStill read.\n"
    )
    from conftest import read_page
    from docextract.diagnostics import Diagnostics
    from docextract.settings import Settings

    diagnostics = Diagnostics()
    page = read_page(tmp_path / "page.asciidoc", Settings(tmp_path.resolve()), diagnostics)
    (error,) = diagnostics.errors
    assert error.code == "invalid-utf8" and (error.pos.line, error.pos.column) == (4, 5)
    assert page.description == "Still read."


def test_line_ends_follow_java_not_str_splitlines(tmp_path):
    (tmp_path / "page.asciidoc").write_bytes(b"[[p]]\r\n=== Page\r\rForm\x0cfeed stays in the line.\n")
    from conftest import read_page
    from docextract.diagnostics import Diagnostics
    from docextract.settings import Settings

    page = read_page(tmp_path / "page.asciidoc", Settings(tmp_path.resolve()), Diagnostics())
    assert page.summary == "Form\x0cfeed stays in the line."


@pytest.mark.parametrize(
    ("line", "title", "hint_start"),
    [
        ("include::[]", "malformed include directive: no file to include", "write include::path/to/file"),
        ("ifdef::[]", "malformed ifdef directive: no attribute name", "write ifdef::name[]"),
        (
            'ifeval::["{x}" = "7"]',
            "malformed ifeval directive: no comparison",
            'write ifeval::["{attribute}"',
        ),
        ("ifndef::a b[]", "malformed ifndef directive", "write it as ifndef::…[…] on a line of its own"),
        # Well formed, but an operand is an expression: ifeval compares values, as Asciidoctor does.
        (
            "ifeval::[1/0 == 1]",
            "malformed ifeval directive: an operand is an expression",
            "each side of ifeval is one value",
        ),
        ('ifeval::["a" + "b" == "ab"]', "malformed ifeval directive: an operand is an expression", "each"),
    ],
)
def test_a_malformed_directive_says_what_is_missing(tmp_path, line, title, hint_start):
    page, diagnostics = convert_tree(tmp_path, {"page.asciidoc": f"[[p]]\n=== Page\n\n{line}\n\nText.\n"})
    (error,) = diagnostics.errors
    assert (error.code, error.title, error.pos.line) == ("malformed-directive", title, 4)
    assert error.hint.startswith(hint_start)
    assert page.summary == "Text."  # the rest of the page is still read


def test_a_malformed_directive_repeated_is_reported_each_time_alike(tmp_path):
    # Directive texts are parsed once and remembered: a repeat must still raise its own error.
    line = 'ifeval::["{x}" = "7"]'
    page, diagnostics = convert_tree(
        tmp_path, {"page.asciidoc": f"[[p]]\n=== Page\n\n{line}\n\n{line}\n\nText.\n"}
    )
    first, second = diagnostics.errors
    assert (first.pos.line, second.pos.line) == (4, 6)
    assert (first.title, first.hint, first.pos.column) == (second.title, second.hint, second.pos.column)
    assert first.title == "malformed ifeval directive: no comparison"
    assert page.summary == "Text."


def test_a_malformed_lines_value_is_no_missing_tag(tmp_path):
    page, diagnostics = convert_tree(
        tmp_path,
        {"page.asciidoc": "[[p]]\n=== Page\n\ninclude::b.inc[lines=a..b]\n", "b.inc": "Text.\n"},
    )
    (error,) = diagnostics.errors
    assert (error.code, error.pos.line, error.pos.column, error.span) == ("malformed-directive", 4, 16, 10)
    assert error.title == (
        "malformed include directive: lines=a..b is not a list of line numbers; the whole file is included"
    )
    assert error.hint.startswith("write lines=1..5")
    assert page.summary == "Text."
