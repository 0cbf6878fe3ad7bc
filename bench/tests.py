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

from docextract import pages  # noqa: E402
from docextract.commands.generation import generate_tests  # noqa: E402
from docextract.diagnostics import Diagnostics, Severity  # noqa: E402
from docextract.settings import Settings  # noqa: E402
from docextract.setupfiles import read_setups  # noqa: E402
from docextract.setups import Setups  # noqa: E402
from docextract.testgen.generate import Options  # noqa: E402

SHARED = REPO.parent / "shared" / "corpus" / "es-docs" / "docs"


def run_once(corpus: Path, setups: Setups) -> tuple[float, int, int, int]:
    started = time.perf_counter()
    problems = Diagnostics()
    settings = Settings(corpus.resolve(), for_tests=True)
    generated = generate_tests(
        [page for page, _ in pages.find([corpus])], settings, Options(setups), problems.items.extend
    )
    tests = sum(len(s.suite.tests) for s in generated.generation.suites)
    errors = sum(d.severity is Severity.ERROR for d in problems)
    return time.perf_counter() - started, generated.snippets, tests, errors


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
