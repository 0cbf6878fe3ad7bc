"""Benchmark: replay the corpus's tests on the embedded cluster; print requests per second with one
job and with two, and the speed-up.

    python bench/run.py [--corpus DIR] [--setups FILE] [--repeat N]

The tests are generated once; the figures time the replay only (best of N runs), cluster start-up
included once per run as a user would see it.
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
from docextract.diagnostics import Diagnostics  # noqa: E402
from docextract.environment import Environment  # noqa: E402
from docextract.runner.clusters import EmbeddedCluster  # noqa: E402
from docextract.runner.replay import Selection, run_all  # noqa: E402
from docextract.settings import Settings  # noqa: E402
from docextract.setupfiles import read_setups  # noqa: E402
from docextract.setups import Setups  # noqa: E402
from docextract.testgen.generate import Options  # noqa: E402

SHARED = REPO.parent / "shared" / "corpus" / "es-docs" / "docs"


def suites(corpus: Path, setups: Path):
    named = read_setups(setups, Diagnostics()) if setups.is_file() else Setups()
    settings = Settings(corpus.resolve(), for_tests=True)
    generated = generate_tests(
        [page for page, _ in pages.find([corpus])], settings, Options(named), lambda found: None
    )
    return [generated_suite.suite for generated_suite in generated.generation.suites]


def replay(generated, jobs: int) -> tuple[float, int, int, float]:
    """(seconds replaying, requests, tests, seconds to start and warm up the cluster)."""
    started = time.perf_counter()
    cluster = EmbeddedCluster(Environment().connect)
    cluster.start()
    cluster.warmed.wait()  # in `docextract run` this overlaps with generating the tests
    ready = time.perf_counter()
    try:
        results = run_all(generated, cluster, Selection(), jobs, lambda _: None)
    finally:
        cluster.close()
    seconds = time.perf_counter() - ready
    requests = sum(t.requests for r in results for t in r.tests)
    tests = sum(len(r.tests) for r in results)
    return seconds, requests, tests, ready - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=SHARED / "reference")
    parser.add_argument("--setups", type=Path, default=SHARED / "build.gradle")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    generated = suites(args.corpus, args.setups)
    print(f"corpus: {args.corpus} ({len(generated)} suites)")
    rates = {}
    for jobs in (1, 2):
        best = min((replay(generated, jobs) for _ in range(args.repeat)), key=lambda r: r[0])
        seconds, requests, tests, startup = best
        rates[jobs] = requests / seconds
        print(f"--jobs {jobs}: {tests} tests, {requests} requests in {seconds:.3f} s")
        print(f"  {rates[jobs]:.0f} requests/s (cluster start and warm-up before that: {startup:.3f} s)")
    print(f"speed-up with 2 jobs: {rates[2] / rates[1]:.2f}x")


if __name__ == "__main__":
    main()
