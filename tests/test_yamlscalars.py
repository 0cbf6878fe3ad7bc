"""The one-pass writer's scalars without PyYAML: its copy of PyYAML's implicit resolvers, and strings
the emitter double-quotes (escapes, a space at a line break, folded past the width) as libyaml writes them."""

import subprocess
import sys

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from docextract.syntax import yamlscalars
from docextract.syntax.yamltext import block_yaml, libyaml

PROFILE = settings(max_examples=400, deadline=None, database=None, derandomize=True)


def test_the_implicit_resolvers_are_pyyamls():
    theirs = {
        first: [(pattern.pattern, pattern.flags) for _, pattern in resolvers]
        for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
    }
    ours = {
        first: [(pattern.pattern, pattern.flags) for pattern in patterns]
        for first, patterns in yamlscalars.IMPLICIT.items()
    }
    # The empty string is never written plain (it is quoted before any resolver is asked).
    assert theirs.pop("") == theirs["~"]
    assert ours == theirs


# Prose with what makes the emitter double-quote it: characters it escapes, spaces at line breaks.
WORDS = st.sampled_from(
    ["word", "a", "it's", '"quoted"', "back\\slash", "tab\there", "\t", "é", "😀", "\x85", "\u2028", "\ufeff",
     "\x00", "\x1b", "end \n", "\n", "\n ", "  ", " ", "x" * 30, "\u00a0", "\u2029 "]
)  # fmt: skip
PROSE = st.lists(WORDS, min_size=1, max_size=40).map(" ".join)
KEYS = st.sampled_from(["k", "content", "a_rather_long_key_name", "x" * 60])


@PROFILE
@given(st.lists(st.tuples(KEYS, PROSE), min_size=1, max_size=3), st.integers(0, 3), st.booleans())
def test_double_quoted_strings_are_written_as_libyaml_writes_them(pairs, depth, in_sequence):
    data: dict = dict(pairs)
    if in_sequence:
        data = {"items": [data, list(dict(pairs).values())]}
    for _ in range(depth):
        data = {"level": data}
    assert block_yaml(data) == libyaml(data)


def test_a_page_with_escaped_and_double_quoted_strings_is_written_without_pyyaml():
    script = (
        "import sys\n"
        "from docextract.syntax.yamltext import dump\n"
        "text = dump({'content': 'GET /\\n{\\n\\t\"a\": 1 \\n}\\n', 'description': 'x' * 150 + '\\x00',"
        " 'items': [{'name': 'a\\n  b '}]})\n"
        "assert 'yaml' not in sys.modules, 'PyYAML was loaded'\n"
        "print(text, end='')\n"
    )
    written = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    data = {
        "content": 'GET /\n{\n\t"a": 1 \n}\n',
        "description": "x" * 150 + "\x00",
        "items": [{"name": "a\n  b "}],
    }
    assert written == libyaml(data)
    assert yaml.safe_load(written) == data


def test_the_width_counts_the_backslash_that_keeps_a_space_after_a_break():
    # A break at the first of two spaces puts `\` before the second on the next line: where the next
    # break falls depends on counting it.
    for first in range(95, 100):
        for second in range(85, 105):
            data = {"k": "\t" + "a" * first + "  " + "b" * second + " c d e f"}
            assert block_yaml(data) == libyaml(data), (first, second)
