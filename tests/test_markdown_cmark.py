"""The snippets of every Markdown page of the shared corpus are exactly the fenced code blocks that cmark,
the CommonMark reference implementation, finds in the page and inside its <!-- --> comments.

cmark knows no MyST: two mechanical changes, which keep every line where it is, make it read the pages
as docs-builder does. A definition `:   text` becomes the list item `-   text` (both are containers whose
content starts at the same column, so a fence indented under a term is a fence, not indented code), and
the text inside each <!-- --> comment is read again on its own, its fences hidden. Fences whose info
string names a MyST directive (```{math}, ```yaml {applies_to}) are not snippets.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

from conftest import MD_CORPUS_ROOT, read_page
from docextract.diagnostics import Diagnostics
from docextract.markdown.frontend import Markdown
from docextract.settings import Settings
from docextract.syntax.textlines import decode

pytestmark = pytest.mark.skipif(
    shutil.which("cmark") is None, reason="cmark (Debian package cmark) is not installed"
)

_NS = "{http://commonmark.org/xml/1.0}"
_DEFINITION = re.compile(r"^(\s*):(\s)")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_CLOSING = re.compile(r"^\s*(`{3,}|~{3,})\s*$")
_DIRECTIVE = re.compile(r"^\{[^{}]*\}$")


def _cmark(lines: list[str]) -> ET.Element:
    text = "".join(_DEFINITION.sub(r"\1-\2", line) + "\n" for line in lines)
    done = subprocess.run(["cmark", "--to", "xml", "--sourcepos"], input=text, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return ET.fromstring(done.stdout)


def _first_line(node: ET.Element) -> int:
    return int(node.get("sourcepos").split(":", 1)[0])


def fenced_blocks(lines: list[str], offset: int = 0, hidden: bool = False) -> list[tuple]:
    """(line, end line, language, hidden) of each fenced code block cmark finds, comments read again."""
    found = []
    for node in _cmark(lines).iter():
        if node.tag == f"{_NS}code_block":
            start = _first_line(node)
            end = int(node.get("sourcepos").split("-")[1].split(":")[0])
            if not _FENCE.match(lines[start - 1]):
                continue  # indented code
            words = (node.get("info") or "").split()
            if any(_DIRECTIVE.match(word) for word in words[:2]):
                continue
            closed = end > start and _CLOSING.match(lines[end - 1])
            found.append(
                (start + offset, end + offset if closed else None, words[0] if words else None, hidden)
            )
        elif node.tag == f"{_NS}html_block" and node.text.lstrip().startswith("<!--"):
            start = _first_line(node)
            # cmark's end position of an HTML block may stop short: its text says how many lines it has.
            count = node.text.rstrip("\n").count("\n") + 1
            inner = [line for line in lines[start - 1 : start - 1 + count]]
            inner[0] = inner[0].split("<!--", 1)[1]
            if "-->" in inner[-1]:
                inner[-1] = inner[-1][: inner[-1].index("-->")]
            found.extend(fenced_blocks(inner, offset + start - 1, hidden=True))
    return sorted(found)


@pytest.fixture(scope="module")
def pages():
    front_end, settings = Markdown(), Settings(MD_CORPUS_ROOT.resolve())
    read = []
    for path in sorted(MD_CORPUS_ROOT.rglob("*.md")):
        relative = path.relative_to(MD_CORPUS_ROOT).as_posix()
        read.append((path, relative, read_page(path, settings, Diagnostics(), front_end)))
    return read


def test_each_pages_snippets_are_the_fenced_blocks_cmark_finds(pages):
    total = hidden = 0
    for path, relative, page in pages:
        ours = [
            (s.pos.line, s.end_line, s.language, s.hidden) for s in page.snippets if s.pos.file == relative
        ]
        expected = fenced_blocks(decode(path.read_bytes()).lines)
        assert ours == expected, relative
        total += len(ours)
        hidden += sum(s[3] for s in ours)
    assert (total, hidden) == (643, 11)


def test_the_comparison_tells_a_fence_from_indented_code_and_a_directive():
    lines = [
        "`a`",
        ":   (Required) x",
        "",
        "    ```console",
        "    GET /",
        "    ```",
        "",
        "    code",
        "",
        "```{math}",
        "x",
        "```",
    ]
    assert fenced_blocks(lines) == [(4, 6, "console", False)]
    assert fenced_blocks(["<!--", "```console", "PUT x", "```", "-->"]) == [(2, 4, "console", True)]
