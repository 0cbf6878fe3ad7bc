"""A fuzzing campaign longer than `make test` runs: pages built from AsciiDoc pieces and pages of the
corpus mutated (tests/fuzzing.py), each converted and turned into tests in a process of its own.
Prints the inputs tried, the crashes and hangs found, and the slowest and largest runs; each failing
input is cut down to the fewest lines that still fail and saved, to become a tests/data/fuzz page.

    python bench/fuzz.py --minutes 10
    python bench/fuzz.py --minutes 2 --only mutated --out build/fuzz
    python bench/fuzz.py --limits        # the pages past the README's limits: time and peak memory
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "src"), str(REPO / "tests")]

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402

import fuzzing  # noqa: E402

STRATEGIES = {"built": fuzzing.built_tree(), "mutated": fuzzing.mutated_tree()}
BATCH = 25  # examples per hypothesis run; the clock is looked at between runs


class Campaign:
    def __init__(self, out: Path, time_limit: float):
        self.out, self.time_limit = out, time_limit
        self.tried = 0
        self.found: dict[str, tuple[str, dict[str, bytes]]] = {}  # first problem line → the input
        self.hangs = 0
        self.slowest = (0.0, "")
        self.largest = (0.0, "")

    def judge(self, page: str, files: dict[str, bytes]) -> None:
        verdict = fuzzing.check(page, files, self.time_limit)
        self.tried += 1
        where = f"{page} ({sum(map(len, files.values())):,} bytes)"
        self.slowest = max(self.slowest, (verdict.seconds, where))
        self.largest = max(self.largest, (verdict.peak_mb, where))
        self.hangs += verdict.hang
        for problem in verdict.problems:
            key = problem.splitlines()[0][:160]
            if key not in self.found:
                self.found[key] = (page, files)
                print(f"found: {key}", flush=True)

    def run(self, which: str, seconds: float) -> None:
        @settings(
            max_examples=BATCH,
            deadline=None,
            database=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(STRATEGIES[which])
        def batch(tree):
            self.judge(*tree)

        end = time.monotonic() + seconds
        while time.monotonic() < end:
            batch()

    def save(self) -> None:
        """Each failing input, cut down, as a folder of files the property still fails on."""
        for number, (key, (page, files)) in enumerate(self.found.items(), start=1):
            smaller = minimize(page, files, key, self.time_limit)
            folder = self.out / f"found-{number}"
            for name, data in smaller.items():
                (folder / name).parent.mkdir(parents=True, exist_ok=True)
                (folder / name).write_bytes(data)
            (folder / "PROBLEM.txt").write_text(f"{key}\npage: {page}\n", "utf-8")
            print(f"  saved in {folder}: {key}")


def minimize(page: str, files: dict[str, bytes], key: str, time_limit: float, budget: int = 150) -> dict:
    """Remove chunks of lines (halves, then quarters, …) while the same problem remains."""

    def fails(candidate: dict[str, bytes]) -> bool:
        problems = fuzzing.check(page, candidate, time_limit).problems
        return any(p.splitlines()[0][:160] == key for p in problems)

    files = dict(files)
    for name in sorted(files, key=lambda n: n != page):
        lines = files[name].split(b"\n")
        chunk = max(len(lines) // 2, 1)
        while budget > 0:
            start, removed = 0, False
            while start < len(lines) and budget > 0:
                candidate = lines[:start] + lines[start + chunk :]
                budget -= 1
                if fails({**files, name: b"\n".join(candidate)}):
                    lines, removed = candidate, True
                else:
                    start += chunk
            files[name] = b"\n".join(lines)
            if chunk == 1 and not removed:
                break
            chunk = max(chunk // 2, 1)
    return files


def _counted(codes: list[str]) -> str:
    return ", ".join(f"{code} ×{n}" if n > 1 else code for code, n in Counter(codes).items())


def measure_limits() -> None:
    print(f"{'limit':32} {'seconds':>8} {'peak MB':>8} {'grown MB':>9}  diagnostics (convert | tests)")
    for name, files in fuzzing.limit_pages().items():
        verdict = fuzzing.check_limit(files)
        codes = " | ".join(_counted(verdict.codes(command)) or "-" for command in ("convert", "tests"))
        if verdict.problems:
            codes = f"PROBLEM: {verdict.problems[0][:120]}"
        print(f"{name:32} {verdict.seconds:8.2f} {verdict.peak_mb:8.0f} {verdict.grown_mb:9.0f}  {codes}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=1.0, help="how long to fuzz (default: 1)")
    parser.add_argument("--only", choices=sorted(STRATEGIES), help="one kind of page only")
    parser.add_argument("--out", default=str(REPO / "build" / "fuzz"), help="where failing inputs go")
    parser.add_argument("--time-limit", type=float, default=fuzzing.TIME_LIMIT, help="seconds before a hang")
    parser.add_argument("--limits", action="store_true", help="measure the pages past the limits instead")
    args = parser.parse_args()
    if args.limits:
        measure_limits()
        return 0
    campaign = Campaign(Path(args.out), args.time_limit)
    kinds = [args.only] if args.only else sorted(STRATEGIES)
    started = time.monotonic()
    try:
        for which in kinds:
            campaign.run(which, args.minutes * 60 / len(kinds))
    except KeyboardInterrupt:
        print("interrupted")
    minutes = (time.monotonic() - started) / 60
    print(f"{campaign.tried} inputs tried in {minutes:.1f} min ({', '.join(kinds)})")
    print(f"{len(campaign.found)} problems found, {campaign.hangs} of the inputs hung")
    print(f"slowest: {campaign.slowest[0]:.2f} s, {campaign.slowest[1]}")
    print(f"largest: {campaign.largest[0]:.0f} MB peak, {campaign.largest[1]}")
    if campaign.found:
        campaign.save()
    return 1 if campaign.found else 0


if __name__ == "__main__":
    sys.exit(main())
