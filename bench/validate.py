"""Benchmark: validate the whole shared corpus, with and without --es-spec, against converting it.

    python bench/validate.py [--corpus DIR] [--es-spec schema.json] [--repeat N]

Whole commands (interpreter start-up included), best of N, with the default jobs (the CPUs). Without
--es-spec the schema is looked for in the test suite's npm cache (tests install @elastic/request-converter,
which ships the specification's schema.json); without one the spec figures are left out.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "es-docs" / "docs" / "reference"
# Where tests/npmcache.py installs @elastic/request-converter (any version).
SCHEMAS = sorted(
    (Path.home() / ".cache/docextract-tests/npm").glob(
        "*/node_modules/@elastic/request-converter/dist/schema.json"
    )
)


def timed(args: list[str], repeat: int) -> float:
    exe = Path(sys.executable).with_name("docextract")
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run([str(exe), *args], capture_output=True, check=False)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--es-spec", type=Path, default=SCHEMAS[-1] if SCHEMAS else None)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    corpus = str(args.corpus)
    pages = sum(1 for p in args.corpus.rglob("*") if p.suffix in (".asciidoc", ".adoc"))
    print(f"corpus: {corpus} ({pages} pages)")
    with tempfile.TemporaryDirectory(dir="/dev/shm" if Path("/dev/shm").is_dir() else None) as out:
        convert = timed(["convert", corpus, "-q", "-o", out], args.repeat)
    print(f"docextract convert -o DIR:        {convert:.3f} s  ({pages / convert:.0f} pages/s)")
    plain = timed(["validate", corpus, "-q", "--format", "json"], args.repeat)
    print(f"docextract validate:              {plain:.3f} s  ({pages / plain:.0f} pages/s)")
    if args.es_spec is None:
        print("no schema.json (pass --es-spec, or run the tests with npm present): spec figures left out")
        return
    spec = timed(["validate", corpus, "-q", "--format", "json", "--es-spec", str(args.es_spec)], args.repeat)
    print(f"docextract validate --es-spec:    {spec:.3f} s  ({pages / spec:.0f} pages/s)")
    verdict = "meets" if spec < 2 * convert else "misses"
    print(f"validate with the spec / convert: {spec / convert:.2f} ({verdict} the target of < 2)")


if __name__ == "__main__":
    main()
