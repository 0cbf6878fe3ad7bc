"""Benchmark: convert the shared corpus in whole processes, alternated with Asciidoctor's load of the
same files; then a second convert and validate of the unchanged corpus, read from the page cache; and
the Markdown corpus (Elastic's 9.x pages) converted the same way, for a pages-per-second figure.

    python bench/convert.py [--corpus DIR] [--md-corpus DIR] [--runs N] [--rev REV] [--jobs N]

Each figure is the median of N runs (default 7). Wall time is the process's, start-up included; CPU
time is user + system of the process and every worker it started (from wait4); memory is the peak
resident set of the largest process. Asciidoctor runs as bench/asciidoctor_load.rb does (one Ruby
process, every page loaded, not rendered), one run after each docextract run, so that a change in the
machine's load falls on both. The comparison runs pass --no-cache: every page is converted each time.
The second runs are timed against a first run with the page cache empty (the analysed grammars and
build.gradle's setups kept, as on a machine that ran docextract before) and against a first run with
every cache empty (a first run anywhere).

The code measured is a copy of the working tree's package (or of --rev's, to measure an older
version the same way), run with a cache folder of its own, after one warm-up run that writes the
bytecode and the analysed grammars, as an installed docextract has them, by a Python whose environment
holds docextract's runtime dependencies only (bench/runtime_env.py), through the `docextract` script pip
writes for the version's entry point (what a user runs; `python -m` would add runpy's start).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

from runtime_env import console_script, runtime_python
from same_output import package_from_rev, package_from_tree

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "es-docs" / "docs" / "reference"
DEFAULT_MD_CORPUS = REPO.parent / "shared" / "corpus" / "es-docs-md" / "docs"
TARGET_WALL, TARGET_CPU, TARGET_MEMORY, TARGET_SECOND = 0.7, 1.0, 100.0, 0.2


@dataclass(frozen=True)
class Timed:
    wall: float
    cpu: float
    memory: float  # MiB


def timed(command: list[str], env: dict[str, str]) -> Timed:
    """One whole process: its wall time, its CPU time with its children's, its largest peak memory."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 3):  # 3: the corpus has errors in its docs
        raise SystemExit(f"{' '.join(command)} failed with status {process.returncode}")
    return Timed(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def entry_point(rev: str | None) -> str:
    """The `docextract` script's entry point in the pyproject.toml of rev (None: the working tree's)."""
    if rev is None:
        text = (REPO / "pyproject.toml").read_text("utf-8")
    else:
        show = ["git", "-C", str(REPO), "show", f"{rev}:pyproject.toml"]
        text = subprocess.run(show, capture_output=True, text=True, check=True).stdout
    return tomllib.loads(text)["project"]["scripts"]["docextract"]


def median(runs: list[Timed]) -> Timed:
    return Timed(*(statistics.median(getattr(r, f) for r in runs) for f in ("wall", "cpu", "memory")))


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--md-corpus", type=Path, default=DEFAULT_MD_CORPUS)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rev", help="measure this git revision instead of the working tree")
    parser.add_argument("--jobs", help="docextract's --jobs (default: its own, the number of CPUs)")
    args = parser.parse_args()
    corpus = str(args.corpus.resolve())
    pages = sum(1 for p in args.corpus.rglob("*") if p.suffix in (".asciidoc", ".adoc"))
    print(f"corpus: {corpus} ({pages} pages); {args.runs} runs of each; {load()}")
    shm = "/dev/shm" if Path("/dev/shm").is_dir() else None
    with tempfile.TemporaryDirectory(prefix="bench-convert-", dir=shm) as scratch:
        root = Path(scratch)
        package = package_from_rev(args.rev, root / "pkg") if args.rev else package_from_tree(root / "pkg")
        cache = root / "cache"
        cache.mkdir(mode=0o700)
        env = {
            k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "DOCEXTRACT_NO_CACHE")
        }
        env.update(PYTHONPATH=str(package), XDG_CACHE_HOME=str(cache))
        # An installed docextract's environment: its runtime dependencies only (runtime_env says why),
        # and its command, the script pip writes for the entry point the measured version declares.
        python = runtime_python(root)
        docextract = [str(console_script(python, entry_point(args.rev)))]
        helped = subprocess.run([*docextract, "convert", "--help"], env=env, capture_output=True, text=True)
        cached = "--no-cache" in helped.stdout
        jobs = ["-j", args.jobs] if args.jobs else []
        out = str(root / "out")
        convert = [*docextract, "convert", corpus, "-o", out, "-q", *jobs]
        validate = [*docextract, "validate", corpus, "-q", "--format", "json", *jobs]
        ruby = ["ruby", str(REPO / "bench" / "asciidoctor_load.rb"), corpus]
        has_ruby = shutil.which("ruby") is not None
        timed([*convert, *(["--no-cache"] if cached else [])], env)  # warm-up: bytecode, grammars

        own, theirs = [], []
        for _ in range(args.runs):
            own.append(timed([*convert, *(["--no-cache"] if cached else [])], env))
            if has_ruby:
                theirs.append(timed(ruby, env))
        mine = median(own)
        print(f"docextract convert (whole process): wall {mine.wall:.3f} s, CPU {mine.cpu:.3f} s, ", end="")
        print(f"peak memory {max(r.memory for r in own):.1f} MiB (target < {TARGET_MEMORY:.0f})")
        if theirs:
            ref = median(theirs)
            print(f"asciidoctor load (whole ruby process): wall {ref.wall:.3f} s, CPU {ref.cpu:.3f} s")
            wall, cpu = mine.wall / ref.wall, mine.cpu / ref.cpu
            print(f"ratio docextract / asciidoctor: wall {wall:.2f} (target <= {TARGET_WALL}), ", end="")
            print(f"CPU {cpu:.2f} (target <= {TARGET_CPU})")
            met = wall <= TARGET_WALL and cpu <= TARGET_CPU
            print(f"speed targets: {'met' if met else 'MISSED'}")
        else:
            print("asciidoctor: Ruby is not installed (Debian package asciidoctor); no comparison")

        if not cached:
            print("this version has no page cache (no --no-cache option): second runs not measured")
        for name, command in (("convert", convert), ("validate", validate)):
            if not cached:
                break
            first, second, cold = [], [], []
            for _ in range(args.runs):
                for folder in (cache / "docextract").glob("pages-*"):  # the page cache, not the grammars
                    shutil.rmtree(folder)
                first.append(timed(command, env))
                second.append(timed(command, env))
                # A first run on a machine that never ran docextract: no analysed grammar, no setups.
                empty = root / "empty-cache"
                empty.mkdir(mode=0o700)
                cold.append(timed(command, {**env, "XDG_CACHE_HOME": str(empty)}))
                shutil.rmtree(empty)
            a, b, c = median(first), median(second), median(cold)
            verdict = "met" if b.wall <= TARGET_SECOND * a.wall else "MISSED"
            print(
                f"docextract {name}, page cache empty: {a.wall:.3f} s; again, unchanged corpus: "
                f"{b.wall:.3f} s ({b.wall / a.wall:.2f} of the first, target <= {TARGET_SECOND}: {verdict}); "
                f"every cache empty: {c.wall:.3f} s ({b.wall / c.wall:.2f})"
            )
        if args.md_corpus.is_dir():
            md = str(args.md_corpus.resolve())
            count = sum(1 for p in args.md_corpus.rglob("*.md"))
            no_cache = ["--no-cache"] if cached else []
            runs = [
                timed([*docextract, "convert", md, "-o", out, "-q", *jobs, *no_cache], env)
                for _ in range(args.runs)
            ]
            seconds = median(runs).wall
            print(
                f"docextract convert of the Markdown corpus ({count} pages): {seconds:.3f} s "
                f"({count / seconds:.0f} pages/s)"
            )
    print(f"after: {load()}")


if __name__ == "__main__":
    main()
