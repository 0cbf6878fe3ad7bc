"""Attribute references replaced as Asciidoctor does: values, unknown names kept, \\{name} escaped, and a
line cut at MAX_LINE, whichever way the table replaces them (in one pass, or piece by piece)."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from docextract.asciidoc.attributes import Attributes
from docextract.syntax.textlines import MAX_LINE

PROFILE = settings(max_examples=500, deadline=None, database=None, derandomize=True)

# What the line says: a reference is {name}, and a backslash before it keeps it as written.
REFERENCE = re.compile(r"(\\)?\{([A-Za-z0-9_][A-Za-z0-9_-]*)\}")


def replaced(text: str, values: dict[str, str]) -> str:
    """The line with its references replaced, whole (before any cut)."""

    def value(m: re.Match[str]) -> str:
        if m.group(1):
            return m.group(0)[1:]
        return values.get(m.group(2), m.group(0))

    return REFERENCE.sub(value, text)


PIECES = st.sampled_from(
    ["{a}", "{b}", "{empty}", "{unknown}", "{a-1}", "{_x}", "{-no}", "\\", "\\{a}", "\\\\{b}", "{", "}",
     "{{a}}", "{a b}", "x", " ", "é", "{a}{b}", "\\{"]
)  # fmt: skip
VALUES = st.fixed_dictionaries(
    {
        "a": st.sampled_from(["A", "", "{b}", "\\", "long " * 30]),
        "b": st.sampled_from(["B", "{a}", "x" * 500]),
    }
)


@PROFILE
@given(st.lists(PIECES, max_size=12).map("".join), VALUES)
def test_references_are_replaced_as_written(text, values):
    values = {**values, "empty": "", "a-1": "one", "_x": "under"}
    assert Attributes(values).substitute(text) == replaced(text, values)


@PROFILE
@given(st.integers(1, 40), st.sampled_from(["{a}", "\\{a}", "{a}{unknown}", "{a}\\"]))
def test_a_line_whose_values_pass_max_line_is_cut_there(count, piece):
    values = {"a": "v" * (MAX_LINE // 20)}
    attributes = Attributes(values)
    whole = replaced(piece * count, values)
    assert attributes.substitute(piece * count) == whole[:MAX_LINE]
    assert attributes.cut == (1 if len(whole) > MAX_LINE else 0)


def test_a_value_set_from_references_widens_the_bound_of_the_one_pass_replacement():
    attributes = Attributes({"a": "x" * 1000})
    for _ in range(5):  # each line doubles the value: 32,000 characters
        attributes.set("a", "{a}{a}")
    assert attributes.cut == 0
    assert attributes.substitute("{a} " * 4) == (("x" * 32_000 + " ") * 4)[:MAX_LINE]
    assert attributes.cut == 1
