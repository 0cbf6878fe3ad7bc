"""Test generation over the whole corpus with Elasticsearch's own docs/build.gradle."""

from __future__ import annotations

from collections import Counter

import pytest
import yaml

from conftest import CORPUS_ROOT, REPO, SHARED, UPDATE_GOLDEN, require_shared
from docextract import pages
from docextract.diagnostics import Diagnostics
from docextract.settings import Settings
from docextract.setupfiles import read_setups
from docextract.testgen.generate import Generator, Options

RECORDED = REPO / "tests" / "data" / "corpus-testgen-problems.txt"


@pytest.fixture(scope="module")
def generated():
    require_shared()
    diagnostics = Diagnostics()
    definitions = read_setups(SHARED / "corpus" / "es-docs" / "docs" / "build.gradle", diagnostics)
    generator = Generator(Options(definitions))
    readers, settings = pages.Readers(), Settings(CORPUS_ROOT.resolve(), for_tests=True)
    for path, _ in pages.find([CORPUS_ROOT]):
        page, found = readers.read(path, settings)
        diagnostics.items.extend([*found, *generator.add_page(page)])
    generation = generator.finish()
    diagnostics.items.extend(generation.diagnostics)
    return generator, generation.suites, diagnostics


def test_the_corpus_build_gradle_gives_every_setup(generated):
    generator, _, diagnostics = generated
    assert len(generator.options.setups.setups) == 52
    assert not [d for d in diagnostics if d.code.startswith("gradle")]


def test_every_suite_loads_as_yaml_rest_tests(generated):
    _, suites, _ = generated
    assert len(suites) > 120
    for generated_suite in suites:
        suite = generated_suite.suite
        documents = list(yaml.safe_load_all(generated_suite.text))
        names = [name for document in documents for name in document]
        assert len(names) == len(set(names)), suite.path
        for document in documents:
            ((name, steps),) = document.items()
            assert isinstance(steps, list) and steps, (suite.path, name)
        # What the runner reads from the suite object is what the file says.
        cases = [case for case in (suite.setup, suite.teardown, *suite.tests) if case is not None]
        assert [step.data for case in cases for step in case.steps] == [
            step for document in documents for steps in document.values() for step in steps
        ]


def test_the_problems_found_are_the_reviewed_ones(generated):
    """Each was checked by hand against its page; the issue's note lists them with file:line."""
    _, _, diagnostics = generated
    found = sorted(f"{d.code}\t{d.pos.file}:{d.pos.line}" for d in diagnostics if d.severity.value == "error")
    if UPDATE_GOLDEN:
        RECORDED.write_text("".join(f"{line}\n" for line in found), "utf-8")
    assert found == RECORDED.read_text("utf-8").splitlines()
    assert Counter(line.split("\t")[0] for line in found) == {
        "setup-not-found": 24,
        "console-annotation-on-js": 19,
        "unconverted-snippets": 11,
        "substitution-unmatched": 7,
        "annotation-syntax": 1,
    }
