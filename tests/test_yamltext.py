"""The one-pass YAML writer writes libyaml's text, byte for byte, or leaves the data to libyaml."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REPO
from docextract import export
from docextract.pages import Readers
from docextract.settings import Settings
from docextract.syntax.yamltext import block_yaml, dump, libyaml

PROFILE = settings(max_examples=400, deadline=None, database=None, derandomize=True)

# Pieces that reach every branch of the emitter's choice of style: indicators first and inside,
# quotes, words that read back as other types, breaks YAML knows and characters it escapes.
PIECES = st.sampled_from(
    ["a", "word", "Élan", "-", "- ", "?", ":", ": ", " #", "#", "'", '"', "|", ">", "[x]", "{y}", "&", "*",
     "!", "%", "@", "`", ",", "---", "...", "true", "no", "null", "~", "12", "-3", "1.5", "0x1F",
     "2024-01-01", "=", "<<", " ", "  ", "\n", "\n\n", "\t", "\u2028", "\x85", "\ufeff", "\x7f", "😀",
     "\u00a0"]
)  # fmt: skip
TEXT = st.one_of(
    st.lists(PIECES, max_size=8).map("".join),
    # Long prose: the writer folds plain and quoted scalars past column 100.
    st.lists(st.sampled_from(["lorem", "ipsum", "it's", "a", "`code`", " ", "x" * 30]), max_size=40).map(
        " ".join
    ),
    st.text(max_size=20),
)
KEYS = st.one_of(st.sampled_from(["name", "line", "true", "1", "@timestamp", "a b", "k:", "'q'", ""]), TEXT)
SCALARS = st.one_of(TEXT, st.none(), st.booleans(), st.integers(), st.floats(), st.just([]), st.just({}))
DATA = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=4)),
    max_leaves=30,
)


@PROFILE
@given(st.dictionaries(KEYS, DATA, min_size=1, max_size=6))
def test_the_writer_writes_what_libyaml_writes_or_leaves_it_to_libyaml(data):
    text = block_yaml(data)
    if text is not None:
        assert text == libyaml(data)


# Prose as pages have it: no character YAML escapes, no line ending in a space, at most one final break.
WORDS = st.sampled_from(["a", "word", "Élan", "-", ":", "'", '"', "#", "true", "12", "[x]", "x" * 40])
LINE = st.one_of(st.just(""), st.lists(WORDS, min_size=1, max_size=12).map(" ".join))
PROSE = st.builds(
    lambda first, lines, end: "\n".join([first, *lines]) + end,
    st.lists(WORDS, min_size=1, max_size=30).map(" ".join),
    st.lists(LINE, max_size=4),
    st.sampled_from(["", "\n"]),
).filter(lambda text: not text.endswith("\n\n"))


@PROFILE
@given(st.dictionaries(st.sampled_from(["name", "description", "content"]), PROSE, min_size=1))
def test_prose_is_written_by_the_writer_as_libyaml_writes_it(data):
    text = block_yaml(data)
    assert text is not None
    assert text == libyaml(data)


def test_a_sample_page_is_written_in_one_pass_as_libyaml_writes_it():
    samples = REPO / "samples"
    readers = Readers()
    written = 0
    for path in sorted(samples.rglob("*.asciidoc")):
        page, _ = readers.read(path, Settings(samples))
        data = export.page_data(page)
        text = block_yaml(data)
        if text is not None:
            written += 1
            assert text == libyaml(data), path
    assert written >= 10  # the one-pass writer is not silently left out


def test_a_multi_line_string_is_a_literal_block_with_the_chomping_libyaml_chooses():
    data = {"a": "one\ntwo", "b": "one\n", "c": " lead\nx", "d": "\nfirst blank", "e": "x\n\ny"}
    assert block_yaml(data) == libyaml(data)
    assert block_yaml(data).startswith("a: |-\n  one\n  two\nb: |\n  one\nc: |2-\n")


def test_a_string_libyaml_escapes_is_cut_out_of_its_text_where_it_stands():
    data = {"a": {"bb": ["tab\there", "line \nnext"], "ccc": "x" * 90 + " \u0007 end"}}
    assert block_yaml(data) == libyaml(data)
    assert '"tab\\there"' in block_yaml(data)


def test_a_last_block_that_keeps_its_final_breaks_marks_the_end_of_the_document():
    kept = {"a": "kept\n\n", "b": ["\n", "x"], "c": 1}
    assert block_yaml(kept) == libyaml(kept)
    assert block_yaml(kept).endswith("c: 1\n...\n")
    clipped_after = {**kept, "d": "one\nline\n"}
    assert block_yaml(clipped_after) == libyaml(clipped_after)
    assert not block_yaml(clipped_after).endswith("...\n")


def test_data_only_libyaml_writes_is_left_to_it():
    assert block_yaml({"": 1}) is None  # an empty key is not a simple key
    assert block_yaml({"k" * 128: 1}) is None  # nor is a long one
    assert dump({"": 1}) == libyaml({"": 1})


# Each end of the ranges of characters the emitter writes as they are, with its neighbours: the
# writer's test of a character (two classes, one for the first 256) agrees with libyaml on each.
EDGES = [0x09, 0x0A, 0x0B, 0x1F, 0x20, 0x7E, 0x7F, 0x84, 0x85, 0x9F, 0xA0, 0xFF, 0x100, 0x2027,
         0x2028, 0x2029, 0x202A, 0xD7FF, 0xE000, 0xFEFE, 0xFEFF, 0xFF00, 0xFFFD, 0xFFFE, 0xFFFF, 0x10000,
         0x10FFFF]  # fmt: skip


def test_each_edge_of_the_characters_written_as_they_are_is_written_as_libyaml_writes_it():
    for point in EDGES:
        char = chr(point)
        data = {"one": f"a{char}b", "lines": f"a\n{char}b\n", f"k{char}": 1}
        assert block_yaml(data) in (None, libyaml(data)), hex(point)
        del data[f"k{char}"]
        assert block_yaml(data) == libyaml(data), hex(point)
