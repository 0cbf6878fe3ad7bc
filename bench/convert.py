"""Benchmark: convert the whole shared corpus; print pages per second, peak memory, and Asciidoctor's
load time on the same files (when Ruby's asciidoctor is installed) with the ratio; then the same
pages-per-second figure for the Markdown corpus (Elastic's 9.x pages), beside AsciiDoc's.

    python bench/convert.py [--corpus DIR] [--md-corpus DIR] [--repeat N]

Figures are the best of N runs. "in-process" times exclude interpreter start-up (as Asciidoctor's
figure excludes Ruby's); "command" times are the whole `docextract convert … -o DIR` process.
Output goes to a temporary folder in --out-dir (default: /dev/shm when it exists, so that the figure
is docextract's work and not the disk's; on this project's VM, writing 166 small files to disk alone
takes about 0.2 s).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from docextract import pages as page_files  # noqa: E402
from docextract.batch import Output, convert_pages  # noqa: E402
from docextract.settings import Settings  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "es-docs" / "docs" / "reference"
DEFAULT_MD_CORPUS = REPO.parent / "shared" / "corpus" / "es-docs-md" / "docs"


def in_process(corpus: Path, jobs: int, repeat: int, out_dir: str | None) -> float:
    pages = page_files.find([corpus])
    paths = [p for p, _ in pages]
    best = float("inf")
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(dir=out_dir) as out:
            output = Output("yaml", Path(out), dict(pages))
            started = time.perf_counter()
            for _result in convert_pages(paths, Settings(corpus.resolve()), output, jobs):
                pass
            best = min(best, time.perf_counter() - started)
    return best


def command(corpus: Path, jobs: int, repeat: int, out_dir: str | None) -> float:
    exe = Path(sys.executable).with_name("docextract")
    best = float("inf")
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(dir=out_dir) as out:
            started = time.perf_counter()
            subprocess.run(
                [str(exe), "convert", str(corpus), "-o", out, "-q", "-j", str(jobs)], capture_output=True
            )
            best = min(best, time.perf_counter() - started)
    return best


def asciidoctor(corpus: Path, repeat: int) -> tuple[float, float] | None:
    """(best load time inside Ruby, best whole-process time), or None without Ruby and asciidoctor."""
    if shutil.which("ruby") is None:
        return None
    script = REPO / "bench" / "asciidoctor_load.rb"
    loads, processes = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        done = subprocess.run(["ruby", str(script), str(corpus)], capture_output=True, text=True)
        processes.append(time.perf_counter() - started)
        if done.returncode != 0:
            return None
        loads.append(float(done.stdout.strip().splitlines()[-1].split()[1]))
    return min(loads), min(processes)


def markdown(corpus: Path, asciidoc_rate: float, repeat: int, out_dir: str | None) -> None:
    """Markdown pages per second, in-process, beside AsciiDoc's (both --jobs 1)."""
    if not corpus.is_dir():
        print(f"markdown corpus: {corpus} is missing; no Markdown figure")
        return
    pages = len(page_files.find([corpus]))
    seconds = in_process(corpus, 1, repeat, out_dir)
    print(
        f"markdown corpus: {corpus} ({pages} pages)\n"
        f"docextract convert of Markdown, in-process, --jobs 1: {seconds:.3f} s "
        f"({pages / seconds:.0f} Markdown pages/s beside {asciidoc_rate:.0f} AsciiDoc pages/s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--md-corpus", type=Path, default=DEFAULT_MD_CORPUS)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out-dir", default="/dev/shm" if Path("/dev/shm").is_dir() else None)
    args = parser.parse_args()
    pages = len(page_files.find([args.corpus]))
    print(f"corpus: {args.corpus} ({pages} pages); output under {args.out_dir or tempfile.gettempdir()}")
    results = {}
    for jobs in (1, 2):
        seconds = in_process(args.corpus, jobs, args.repeat, args.out_dir)
        results[jobs] = seconds
        print(
            f"docextract convert, in-process, --jobs {jobs}: {seconds:.3f} s  ({pages / seconds:.0f} pages/s)"
        )
    for jobs in (1, 2):
        seconds = command(args.corpus, jobs, args.repeat, args.out_dir)
        print(f"docextract convert, whole command, --jobs {jobs}: {seconds:.3f} s")
    markdown(args.md_corpus, pages / results[1], args.repeat, args.out_dir)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"peak memory: {own / 1024:.1f} MiB (this process), {children / 1024:.1f} MiB (largest child)")
    timed = asciidoctor(args.corpus, args.repeat)
    if timed is None:
        print("asciidoctor: not installed (Debian package asciidoctor); no comparison")
        return
    load, process = timed
    best = min(results.values())
    print(f"asciidoctor load (parse only), in-process: {load:.3f} s; whole ruby process: {process:.3f} s")
    verdict = "meets" if best <= load else "misses"
    print(
        f"ratio docextract full convert / asciidoctor parse: {best / load:.2f} ({verdict} the target of <= 1)"
    )


if __name__ == "__main__":
    main()
