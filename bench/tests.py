"""Benchmark: generate the YAML REST tests of the whole shared corpus; print snippets per second.

    python bench/tests.py [--corpus DIR] [--setups FILE] [--repeat N]

The figure covers reading every page as it stands, the substitutions, the generation and the
rendering of every suite (best of N runs, in-process, output kept in memory).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from docextract import discover  # noqa: E402
from docextract.asciidoc.files import FileCache  # noqa: E402
from docextract.diagnostics import Diagnostics  # noqa: E402
from docextract.setupfiles import read_setups  # noqa: E402
from docextract.setups import Setups  # noqa: E402
from docextract.testgen.docs import read_snippets  # noqa: E402
from docextract.testgen.generate import Generator, Options  # noqa: E402
from docextract.testgen.suite import render  # noqa: E402

SHARED = REPO.parent / "shared" / "corpus" / "es-docs" / "docs"


def run_once(corpus: Path, definitions: Setups) -> tuple[float, int, int, int]:
    started = time.perf_counter()
    files = FileCache()
    diagnostics = Diagnostics()
    generator = Generator(Options(definitions), diagnostics)
    snippets = 0
    for path, _ in discover.pages([corpus]):
        doc, found = read_snippets(path, corpus.resolve(), diagnostics, files)
        snippets += len(found)
        generator.add_doc(doc, found)
    suites = generator.finish()
    for suite in suites:
        render(suite)
    tests = sum(len(s.tests) for s in suites)
    return time.perf_counter() - started, snippets, tests, len(diagnostics.errors)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=SHARED / "reference")
    parser.add_argument("--setups", type=Path, default=SHARED / "build.gradle")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    started = time.perf_counter()
    definitions = read_setups(args.setups, Diagnostics()) if args.setups.is_file() else Setups()
    print(
        f"setups: {len(definitions.setups)} read from {args.setups} in {time.perf_counter() - started:.3f} s"
    )
    best = None
    for _ in range(args.repeat):
        result = run_once(args.corpus, definitions)
        best = result if best is None or result[0] < best[0] else best
    seconds, snippets, tests, errors = best
    print(f"corpus: {args.corpus}")
    print(f"{snippets} snippets → {tests} tests ({errors} errors in the docs) in {seconds:.3f} s")
    print(f"{snippets / seconds:.0f} snippets per second (best of {args.repeat}, one process)")


if __name__ == "__main__":
    main()
