"""For every Markdown page of the shared corpus, the YAML REST tests generated from it equal those generated
from its AsciiDoc twin: the same snippets and annotations written as an AsciiDoc page, built mechanically.

The twin writes each snippet as `[source,LANG]` and a ---- block (in a //// comment when hidden), its
annotations as `// …` lines right after it. Tests are named after their snippet's line, which differs
between the two pages: the twin's names are mapped back to the Markdown lines before comparing.
"""

from __future__ import annotations

import pytest
import yaml

from conftest import MD_CORPUS_ROOT, SHARED, require_shared
from docextract.asciidoc.frontend import AsciiDoc
from docextract.diagnostics import Diagnostics
from docextract.markdown.frontend import Markdown
from docextract.model import Page
from docextract.settings import Settings
from docextract.setupfiles import read_setups
from docextract.testgen.generate import Generator, Options

DELIMITER = "-" * 40  # longer than any line of dashes a snippet holds


def twin(page: Page) -> tuple[str, dict[str, str]]:
    """The AsciiDoc twin of a page read for tests, and its test names → the Markdown page's."""
    lines = ["= Twin", ""]
    names: dict[str, str] = {}
    for snippet in page.snippets:
        # A response is console-result in AsciiDoc; a fence without language is a block no test reads.
        language = "console-result" if snippet.language == "console-response" else snippet.language or "text"
        if snippet.hidden:
            lines.append("////")
        lines.append(f"[source,{language}]")
        names[f"line_{len(lines) + 1}"] = f"line_{snippet.pos.line}"
        lines.append(DELIMITER)
        lines.extend(snippet.content.split("\n")[:-1])
        lines.append(DELIMITER)
        for annotation in snippet.annotations:
            bracket = f"[{annotation.content}]" if annotation.content is not None else ""
            lines.append(f"// {annotation.marker}{bracket}")
        if snippet.hidden:
            lines.append("////")
        lines.append("")
    return "\n".join(lines) + "\n", names


def suites(page: Page, setups, names: dict[str, str] | None = None) -> list[dict]:
    generator = Generator(Options(setups))
    generator.add_page(page)
    documents = [d for s in generator.finish().suites for d in yaml.safe_load_all(s.text)]
    rename = names or {}
    return [{rename.get(name, name): steps for name, steps in document.items()} for document in documents]


@pytest.fixture(scope="module")
def setups():
    require_shared()
    return read_setups(SHARED / "corpus" / "es-docs" / "docs" / "build.gradle", Diagnostics())


def test_each_page_generates_the_tests_of_its_asciidoc_twin(setups, tmp_path):
    markdown, asciidoc = Markdown(), AsciiDoc()
    settings = Settings(MD_CORPUS_ROOT.resolve(), for_tests=True)
    compared = tests = 0
    for path in sorted(MD_CORPUS_ROOT.rglob("*.md")):
        page, _ = markdown.read(path, settings)
        text, names = twin(page)
        twin_path = tmp_path / path.relative_to(MD_CORPUS_ROOT).with_suffix(".asciidoc")
        twin_path.parent.mkdir(parents=True, exist_ok=True)
        twin_path.write_text(text, "utf-8")
        twin_page, _ = asciidoc.read(twin_path, Settings(tmp_path.resolve(), for_tests=True))
        assert len(twin_page.snippets) == len(page.snippets), path
        expected = suites(twin_page, setups, names)
        assert suites(page, setups) == expected, path
        compared += 1
        tests += sum(1 for document in expected for name in document if name.startswith("line_"))
    assert compared == 90 and tests == 348


def test_the_twin_keeps_hidden_snippets_and_stacked_annotations():
    page, _ = Markdown().read(
        MD_CORPUS_ROOT / "reference/elasticsearch/rest-apis/update-cc-api-key-examples.md",
        Settings(MD_CORPUS_ROOT.resolve(), for_tests=True),
    )
    text, names = twin(page)
    assert (
        "// TESTRESPONSE[s/VuaCfGcBCdbkQm-e5aOx/$body.id/]\n// TESTRESPONSE[s/ui2lp2axTNmsyakw9tvNnw/" in text
    )
    assert set(names.values()) == {f"line_{s.pos.line}" for s in page.snippets}
